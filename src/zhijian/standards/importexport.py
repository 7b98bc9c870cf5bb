"""Spreadsheet import/export for the standards catalogue and its test items (discovered by
core.importexport). Writes go through standards.services: province-only, audited; a standard's
status moves only by its transitions (implement, withdraw)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhijian.core.identifiers import validate_standard_number
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import Column, Resource, Row, RowFailed, bilingual, register
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
        Column("标准编号", "number", required=True, parse=cells.identifier(validate_standard_number), width=22,
               example="GB 4706.1-2005"),
        Column("标准名称", "title", required=True, parse=cells.text(300), width=40,
               example="家用和类似用途电器的安全 第1部分：通用要求"),
        Column("标准性质", "nature", parse=cells.choice(StandardNature.choices), help="留空时按编号判断（GB 强制、GB/T 推荐…）"),
        Column("状态", "status", parse=cells.choice(StandardStatus.choices), help="留空为“现行”；改为“废止”即办理废止"),
        Column("发布日期", "issued_on", parse=cells.date, help="YYYY-MM-DD"),
        Column("实施日期", "effective_on", parse=cells.date, help="YYYY-MM-DD"),
        Column("废止日期", "withdrawn_on", parse=cells.date, help="仅废止的标准填写"),
        Column("被代替为", "replaced_by", parse=cells.identifier(validate_standard_number), export="replaced_by.number",
               help="代替它的标准编号，须已在目录中或在本文件中"),
        Column("适用产品", "products", parse=cells.many(cells.text(100)), width=30, example="电饭煲;电水壶"),
        Column("备注", "note", parse=cells.text(), width=30),
        Column("依据来源", "source_url", parse=cells.text(500), width=30, help="网址"),
    ]

    def __init__(self) -> None:
        self._numbers_in_file: set[str] = set()

    def queryset(self, user: Any):
        return selectors.standard_detail_queryset(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        for name in ("nature", "status"):
            if values.get(name) == "":
                values.pop(name)  # blank nature: from the number; blank status: keep (new ones are current)
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        self._numbers_in_file.add(values["number"])
        withdrawn = values.get("status") == StandardStatus.WITHDRAWN
        for name in ("withdrawn_on", "replaced_by"):
            if values.get(name) and not withdrawn:
                errors.append((name, bilingual("仅状态为“废止”的标准可填写", "only for a withdrawn standard")))
        if values.get("replaced_by") == values["number"]:
            errors.append(("replaced_by", bilingual("标准不能被自身代替", "a standard cannot replace itself")))
        return errors

    def upsert(self, rows: list[Row], acting_user: Any, progress: Any = None) -> dict[str, int]:
        """Rows first, withdrawals after: a withdrawn standard may name a replacement listed below it."""
        self._withdrawals: list[tuple[int, dict[str, Any]]] = []
        counts = super().upsert(rows, acting_user, progress)
        for number, values in self._withdrawals:
            try:
                replaced_by = values.get("replaced_by")
                target = Standard.objects.get(number=values["number"])
                replacement = Standard.objects.filter(number=replaced_by).first() if replaced_by else None
                if replaced_by and replacement is None:
                    raise ValidationError({"replaced_by": bilingual(f"标准 {replaced_by} 不在目录中",
                                                                    f"standard {replaced_by} is not in the catalogue")})
                services.standard_withdraw(acting_user=acting_user, instance=target, replaced_by=replacement,
                                           withdrawn_on=values.get("withdrawn_on"), reason="导入 / import")
            except ValidationError as exc:
                raise RowFailed(self.errors_from(number, exc)) from exc
        return counts

    def _split(self, values: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        status = values.pop("status", None)
        withdrawal = {"number": values["number"], "withdrawn_on": values.pop("withdrawn_on", None),
                      "replaced_by": values.pop("replaced_by", None)}
        if status == StandardStatus.WITHDRAWN:
            self._withdrawals.append((self.current_row, withdrawal))
        return values, status

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Standard:
        values, status = self._split(values)
        initial = status if status in (StandardStatus.CURRENT, StandardStatus.UPCOMING) else StandardStatus.CURRENT
        return services.standard_create(acting_user=acting_user, status=initial, **values)

    def update(self, obj: Standard, values: dict[str, Any], *, acting_user: Any) -> Standard:
        values, status = self._split(values)
        values.pop("number")
        if status == StandardStatus.WITHDRAWN and obj.status == StandardStatus.WITHDRAWN:
            self._withdrawals.pop()  # already withdrawn: its date and replacement are history
        standard = services.standard_update(acting_user=acting_user, instance=obj, **values)
        if status == StandardStatus.CURRENT and standard.status == StandardStatus.UPCOMING:
            standard = services.standard_implement(acting_user=acting_user, instance=standard, reason="导入 / import")
        elif status and status not in (standard.status, StandardStatus.WITHDRAWN):
            raise ValidationError({"status": bilingual(
                f"不能从“{standard.get_status_display()}”改为该状态", "this status change is not allowed")})
        return standard


@register
class TestItemResource(Resource):
    entity = "test-items"
    title = _("检验项目")
    model = TestItem
    natural_key = ("standard", "name")
    import_roles = CATALOGUE_EDITORS
    order_by = ("standard__number", "sort_order", "id")
    columns = [
        Column("标准编号", "standard", required=True, parse=cells.identifier(validate_standard_number),
               export="standard.number", width=22, help="须已在标准目录中", example="GB 4706.1-2005"),
        Column("检验项目", "name", required=True, parse=cells.text(100), width=24, example="泄漏电流"),
        Column("条款", "clause", parse=cells.text(30), example="13.2"),
        Column("单位", "unit", parse=cells.text(30), example="mA"),
        Column("下限", "limit_min", parse=cells.decimal_number(4)),
        Column("上限", "limit_max", parse=cells.decimal_number(4), example="0.75"),
        Column("技术要求", "limit_text", parse=cells.text(300), width=30, help="非数值要求的文字表述"),
        Column("安全关键项目", "safety_critical", parse=cells.boolean, default=False),
        Column("检验方法", "method", parse=cells.text(200), width=24),
        Column("备注", "note", parse=cells.text(), width=24),
        Column("排序", "sort_order", parse=cells.integer(0, 32767), help="留空时排在最后"),
    ]

    def queryset(self, user: Any):
        return selectors.test_item_list(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("sort_order") is None:
            values.pop("sort_order", None)
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        if not Standard.objects.filter(number=values["standard"]).exists():
            errors.append(("standard", bilingual(f"标准 {values['standard']} 不在标准目录中",
                                                 f"standard {values['standard']} is not in the catalogue")))
        low, high = values.get("limit_min"), values.get("limit_max")
        if low is not None and high is not None and high < low:
            errors.append(("limit_max", bilingual("上限不能小于下限", "upper limit is below the lower limit")))
        return errors

    def find_existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
        wanted = set(keys)
        numbers = sorted({k[0] for k in keys})
        items = TestItem.objects.filter(standard__number__in=numbers).select_related("standard")
        return {key: item for item in items if (key := (item.standard.number, item.name)) in wanted}

    def create(self, values: dict[str, Any], *, acting_user: Any) -> TestItem:
        values["standard"] = Standard.objects.get(number=values["standard"])
        return services.test_item_create(acting_user=acting_user, **values)

    def update(self, obj: TestItem, values: dict[str, Any], *, acting_user: Any) -> TestItem:
        values.pop("standard", None)
        values.pop("name", None)
        return services.test_item_update(acting_user=acting_user, instance=obj, **values)
