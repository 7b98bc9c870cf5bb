"""Spreadsheet import/export of the standards catalogue and its test items.

Discovered by core.importexport (like admin.py). Rows reach the database only through
standards.services, so permissions (province staff and administrators), number validation and
audit entries are the same as for the pages and the API.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhijian.core.identifiers import validate_standard_number
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import Column, Resource, RowError, RowFailed, bilingual, register
from zhijian.core.workflow import TransitionNotAllowed
from zhijian.standards import selectors, services
from zhijian.standards.choices import StandardNature, StandardStatus
from zhijian.standards.models import Standard, TestItem
from zhijian.standards.permissions import CATALOGUE_EDITORS


@register
class StandardResource(Resource):
    entity = "standards"
    title = _("标准")
    model = Standard
    natural_key = ("number",)
    import_roles = CATALOGUE_EDITORS
    order_by = ("number",)
    columns = [
        Column("标准编号", "number", required=True, parse=cells.identifier(validate_standard_number), width=20,
               example="GB 4706.8-2008", help="如 GB 4706.1-2005、GB/T 28004.1-2021、DB61/T 1234-2020"),
        Column("标准名称", "title", required=True, parse=cells.text(300), width=40),
        Column("标准性质", "nature", parse=cells.choice(StandardNature.choices), help="留空按编号判断"),
        Column("状态", "status", parse=cells.choice(StandardStatus.choices), help="留空为“现行”"),
        Column("发布日期", "issued_on", parse=cells.date, help="YYYY-MM-DD"),
        Column("实施日期", "effective_on", parse=cells.date, help="YYYY-MM-DD"),
        Column("废止日期", "withdrawn_on", parse=cells.date, help="仅废止的标准填写"),
        Column("被代替为", "replaced_by", parse=cells.identifier(validate_standard_number), export="replaced_by.number",
               help="代替它的标准编号；可在本文件后面的行中", example="GB/T 28004.1-2021"),
        Column("适用产品", "products", parse=cells.many(cells.text(50)), width=24, help="多个用分号分隔", example="电热毯;电热垫"),
        Column("备注", "note", parse=cells.text(), width=30),
        Column("依据来源", "source_url", parse=cells.text(500), width=30),
    ]

    def queryset(self, user: Any):
        return selectors.standard_detail_queryset(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        for name in ("status", "nature"):
            if values.get(name) == "":
                values.pop(name)  # blank: keep the current value (a new standard is current, nature from its number)
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        withdrawn = values.get("status") == StandardStatus.WITHDRAWN
        if not withdrawn and values.get("withdrawn_on"):
            errors.append(("withdrawn_on", bilingual("只有废止的标准才填写废止日期", "only a withdrawn standard has a withdrawal date")))
        if not withdrawn and values.get("replaced_by"):
            errors.append(("replaced_by", bilingual("只有废止的标准才填写被代替为", "only a withdrawn standard has a replacement")))
        if values.get("replaced_by") and values["replaced_by"] == values.get("number"):
            errors.append(("replaced_by", bilingual("标准不能被自身代替", "a standard cannot replace itself")))
        return errors

    # A withdrawn row may name a successor further down the file: withdrawals run after every row exists.
    def upsert(self, rows, acting_user, progress=None) -> dict[str, int]:
        self._row_of = {r.values["number"]: r.number for r in rows}
        self._withdrawals: list[tuple[str, dict[str, Any]]] = []
        counts = super().upsert(rows, acting_user, progress)
        for number, values in self._withdrawals:
            self._withdraw(number, values, acting_user)
        return counts

    def _defer_withdrawal(self, number: str, values: dict[str, Any]) -> None:
        self._withdrawals.append((number, {k: values.get(k) for k in ("withdrawn_on", "replaced_by")}))

    def _withdraw(self, number: str, values: dict[str, Any], acting_user: Any) -> None:
        row = self._row_of.get(number, 0)
        successor = None
        if values.get("replaced_by"):
            successor = Standard.objects.filter(number=values["replaced_by"]).first()
            if successor is None:
                raise RowFailed([RowError(row, "被代替为", "replaced_by", bilingual(
                    f"标准 {values['replaced_by']} 不存在", f"standard {values['replaced_by']} does not exist"))])
        standard = Standard.objects.get(number=number)
        try:
            services.standard_withdraw(acting_user=acting_user, instance=standard, replaced_by=successor,
                                       withdrawn_on=values.get("withdrawn_on"), reason="导入 / import")
        except (ValidationError, TransitionNotAllowed) as exc:
            raise RowFailed([RowError(row, "状态", "status", str(exc))]) from exc

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Standard:
        status = values.pop("status", StandardStatus.CURRENT)
        withdrawal = {"withdrawn_on": values.pop("withdrawn_on", None), "replaced_by": values.pop("replaced_by", "")}
        initial = StandardStatus.CURRENT if status == StandardStatus.WITHDRAWN else status
        standard = services.standard_create(acting_user=acting_user, status=initial, **values)
        if status == StandardStatus.WITHDRAWN:
            self._defer_withdrawal(standard.number, withdrawal)
        return standard

    def update(self, obj: Standard, values: dict[str, Any], *, acting_user: Any) -> Standard:
        number = values.pop("number")
        status = values.pop("status", obj.status)
        withdrawal = {"withdrawn_on": values.pop("withdrawn_on", None), "replaced_by": values.pop("replaced_by", "")}
        standard = services.standard_update(acting_user=acting_user, instance=obj, **values)
        if status == obj.status:
            return standard
        if status == StandardStatus.WITHDRAWN:
            self._defer_withdrawal(number, withdrawal)
        elif status == StandardStatus.CURRENT and obj.status == StandardStatus.UPCOMING:
            standard = services.standard_implement(acting_user=acting_user, instance=standard, reason="导入 / import")
        else:
            raise ValidationError({"status": bilingual(
                f"不能把“{obj.get_status_display()}”改为“{StandardStatus(status).label}”",
                f"cannot change status from {obj.status} to {status}")})
        return standard


@register
class TestItemResource(Resource):
    __test__ = False

    entity = "test-items"
    title = _("检验项目")
    model = TestItem
    natural_key = ("standard", "name")
    import_roles = CATALOGUE_EDITORS
    order_by = ("standard__number", "sort_order", "id")
    columns = [
        Column("标准编号", "standard", required=True, parse=cells.identifier(validate_standard_number),
               export="standard.number", width=20, example="GB 4706.1-2005", help="须是标准目录中已有的标准"),
        Column("检验项目", "name", required=True, parse=cells.text(100), width=24, example="接地措施"),
        Column("条款", "clause", parse=cells.text(30), example="27"),
        Column("单位", "unit", parse=cells.text(30), example="mg/kg"),
        Column("下限", "limit_min", parse=cells.decimal_number(4)),
        Column("上限", "limit_max", parse=cells.decimal_number(4), example="20"),
        Column("技术要求", "limit_text", parse=cells.text(300), width=30, help="非数值要求的文字表述"),
        Column("安全关键项目", "safety_critical", parse=cells.boolean, default=False),
        Column("检验方法", "method", parse=cells.text(200)),
        Column("备注", "note", parse=cells.text(), width=30),
    ]

    def queryset(self, user: Any):
        return selectors.test_item_list(user)

    def find_existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
        numbers = {number for number, _name in keys}
        found = {}
        for item in TestItem.objects.filter(standard__number__in=numbers).select_related("standard"):
            found[(item.standard.number, item.name)] = item
        return found

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        if not Standard.objects.filter(number=values["standard"]).exists():
            errors.append(("standard", bilingual(f"标准 {values['standard']} 不在标准目录中",
                                                 f"standard {values['standard']} is not in the catalogue")))
        low, high = values.get("limit_min"), values.get("limit_max")
        if low is not None and high is not None and high < low:
            errors.append(("limit_max", bilingual("上限不能小于下限", "upper limit is below the lower limit")))
        return errors

    def create(self, values: dict[str, Any], *, acting_user: Any) -> TestItem:
        standard = Standard.objects.get(number=values.pop("standard"))
        return services.test_item_create(acting_user=acting_user, standard=standard, **values)

    def update(self, obj: TestItem, values: dict[str, Any], *, acting_user: Any) -> TestItem:
        values.pop("standard", None)
        values.pop("name", None)
        return services.test_item_update(acting_user=acting_user, instance=obj, **values)
