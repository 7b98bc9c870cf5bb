"""Spreadsheet import/export for inspection agencies and the inspector pool (discovered by
core.importexport). Writes go through agencies.services: jurisdiction-checked and audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation
from zhijian.agencies import selectors, services
from zhijian.agencies.choices import INSPECTOR_QUALIFICATIONS
from zhijian.agencies.models import InspectionAgency, Inspector
from zhijian.agencies.permissions import AGENCY_MANAGERS, POOL_MANAGERS
from zhijian.core.identifiers import validate_region_code, validate_uscc
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import Column, Resource, bilingual, register
from zhijian.core.models import Region
from zhijian.core.selectors import region_exists


def _known_region(value: Any) -> str:
    return validate_region_code(value, known_region=region_exists)


def _with_region(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("region"):
        values["region"] = Region.objects.get(code=values["region"])
    return values


@register
class AgencyResource(Resource):
    entity = "agencies"
    title = _("检验机构")
    model = InspectionAgency
    natural_key = ("uscc",)
    region_field = "region"
    import_roles = AGENCY_MANAGERS
    order_by = ("region_id", "name")
    columns = [
        Column("统一社会信用代码", "uscc", required=True, parse=cells.identifier(validate_uscc), width=22),
        Column("机构名称", "name", required=True, parse=cells.text(200), width=32, example="陕西省产品质量监督检验研究院"),
        Column("资质认定证书编号", "cma_number", parse=cells.text(40), help="CMA 证书编号"),
        Column("行政区划代码", "region", required=True, parse=cells.identifier(_known_region), export="region_id",
               help="6位 GB/T 2260 代码，须在您的管辖范围内", example="610100", aliases=("所在区划",)),
        Column("地址", "address", parse=cells.text(300), width=36),
        Column("联系人", "contact", parse=cells.text(50)),
        Column("联系电话", "phone", parse=cells.text(30)),
        Column("备注", "note", parse=cells.text(), width=30),
    ]

    def queryset(self, user: Any):
        return selectors.agency_detail_queryset(user)

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        clash = InspectionAgency.objects.filter(name=values["name"]).exclude(uscc=values["uscc"]).first()
        if clash is not None:
            errors.append(("name", bilingual(f"机构名称已被 {clash.uscc} 使用", f"the name belongs to agency {clash.uscc}")))
        return errors

    def create(self, values: dict[str, Any], *, acting_user: Any) -> InspectionAgency:
        return services.agency_create(acting_user=acting_user, **_with_region(values))

    def update(self, obj: InspectionAgency, values: dict[str, Any], *, acting_user: Any) -> InspectionAgency:
        values.pop("uscc", None)
        return services.agency_update(acting_user=acting_user, instance=obj, **_with_region(values))


@register
class InspectorResource(Resource):
    entity = "inspectors"
    title = _("执法检查人员")
    model = Inspector
    natural_key = ("staff_number",)
    region_field = "region"
    import_roles = POOL_MANAGERS
    order_by = ("region_id", "staff_number")
    columns = [
        Column("人员编号", "staff_number", required=True, parse=cells.text(30), example="XA-0001"),
        Column("姓名", "name", required=True, parse=cells.text(50), example="王敏"),
        Column("所属单位", "organisation", required=True, parse=cells.text(200), export="organisation.name", width=30,
               help="市场监管部门全称，须已在系统中", example="西安市市场监督管理局"),
        Column("行政区划代码", "region", parse=cells.identifier(_known_region), export="region_id",
               help="留空为所属单位所在区划", example="610113"),
        Column("科室", "unit", parse=cells.text(100), example="产品质量安全监督管理科"),
        Column("资格", "qualifications", parse=cells.many(cells.text(50)), width=30,
               help="可选：" + "、".join(code for code, _label in INSPECTOR_QUALIFICATIONS), example="执法证;抽样员"),
        Column("执法证号", "law_enforcement_cert_no", parse=cells.text(40)),
        Column("执法证有效期至", "cert_valid_to", parse=cells.date, help="YYYY-MM-DD"),
        Column("联系电话", "phone", parse=cells.text(30)),
    ]

    def __init__(self) -> None:
        self._organisations: dict[str, Organisation | None] = {}

    def queryset(self, user: Any):
        return selectors.inspector_detail_queryset(user)

    def _organisation(self, name: str) -> Organisation | None:
        if name not in self._organisations:
            self._organisations[name] = Organisation.objects.filter(kind="bureau", name=name).first()
        return self._organisations[name]

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("region") == "":
            values.pop("region")  # blank: the bureau's own region
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        organisation = self._organisation(values["organisation"])
        if organisation is None:
            errors.append(("organisation", bilingual(f"市场监管部门“{values['organisation']}”不存在",
                                                     f"no bureau named {values['organisation']}")))
        elif "region" not in values and not acting_user.scope.covers_region(organisation.region_id):
            errors.append(("organisation", bilingual(f"{organisation.name} 不在您的管辖范围内",
                                                     f"{organisation.name} is outside your jurisdiction")))
        known = {code for code, _label in INSPECTOR_QUALIFICATIONS}
        unknown = [q for q in values.get("qualifications", []) if q not in known]
        if unknown:
            allowed = "、".join(sorted(known))
            errors.append(("qualifications", bilingual(f"未知的资格“{unknown[0]}”（可选：{allowed}）",
                                                       f"unknown qualification {unknown[0]} (one of: {allowed})")))
        return errors

    def _resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        if "organisation" in values:
            values["organisation"] = self._organisation(values["organisation"])
        return _with_region(values)

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Inspector:
        return services.inspector_create(acting_user=acting_user, **self._resolve(values))

    def update(self, obj: Inspector, values: dict[str, Any], *, acting_user: Any) -> Inspector:
        values.pop("staff_number", None)
        return services.inspector_update(acting_user=acting_user, instance=obj, **self._resolve(values))
