"""Spreadsheet import/export of agencies, their qualification scopes and the inspector pool.

Discovered by core.importexport (like admin.py). Rows reach the database only through
agencies.services, so jurisdiction, identifier validation and audit are the same as for the pages
and the API.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation
from zhijian.agencies import selectors, services
from zhijian.agencies.choices import INSPECTOR_QUALIFICATIONS, AgencyStatus
from zhijian.agencies.models import InspectionAgency, Inspector, QualificationScope
from zhijian.agencies.permissions import AGENCY_MANAGERS, AGENCY_READERS, POOL_MANAGERS, POOL_READERS
from zhijian.core.identifiers import validate_region_code, validate_standard_number, validate_uscc
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import Column, Resource, bilingual, region_known, register
from zhijian.core.models import Region
from zhijian.core.workflow import TransitionNotAllowed

# Which transition takes an agency from its status to the one a row asks for.
STATUS_TRANSITIONS = {
    (AgencyStatus.VALID, AgencyStatus.SUSPENDED): "suspend",
    (AgencyStatus.SUSPENDED, AgencyStatus.VALID): "reinstate",
    (AgencyStatus.VALID, AgencyStatus.REVOKED): "revoke",
    (AgencyStatus.SUSPENDED, AgencyStatus.REVOKED): "revoke",
}


def _known_region(value: Any) -> str:
    return validate_region_code(value, known_region=region_known)


def _region(values: dict[str, Any]) -> None:
    if values.get("region"):
        values["region"] = Region.objects.get(code=values["region"])
    else:
        values.pop("region", None)


@register
class AgencyResource(Resource):
    entity = "agencies"
    title = _("检验机构")
    model = InspectionAgency
    natural_key = ("uscc",)
    region_field = "region"
    import_roles = AGENCY_MANAGERS
    export_roles = AGENCY_READERS
    order_by = ("region_id", "name")
    columns = [
        Column("统一社会信用代码", "uscc", required=True, parse=cells.identifier(validate_uscc), width=22,
               example="12610000435230XXXX"),
        Column("机构名称", "name", required=True, parse=cells.text(200), width=30, example="陕西省产品质量监督检验研究院"),
        Column("资质认定证书编号", "cma_number", parse=cells.text(40), width=20),
        Column("行政区划代码", "region", required=True, parse=cells.identifier(_known_region), export="region_id",
               help="6位 GB/T 2260 代码，须在您的管辖范围内", example="610100"),
        Column("地址", "address", parse=cells.text(300), width=30),
        Column("联系人", "contact", parse=cells.text(50)),
        Column("联系电话", "phone", parse=cells.text(30)),
        Column("状态", "status", parse=cells.choice(AgencyStatus.choices), help="留空为“有效”"),
        Column("备注", "note", parse=cells.text(), width=24),
    ]

    def queryset(self, user: Any):
        return selectors.agency_detail_queryset(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("status") == "":
            values.pop("status")
        return values

    def create(self, values: dict[str, Any], *, acting_user: Any) -> InspectionAgency:
        status = values.pop("status", AgencyStatus.VALID)
        _region(values)
        agency = services.agency_create(acting_user=acting_user, **values)
        return self._move(agency, status, acting_user)

    def update(self, obj: InspectionAgency, values: dict[str, Any], *, acting_user: Any) -> InspectionAgency:
        status = values.pop("status", obj.status)
        values.pop("uscc", None)
        _region(values)
        agency = services.agency_update(acting_user=acting_user, instance=obj, **values)
        return self._move(agency, status, acting_user)

    def _move(self, agency: InspectionAgency, status: str, acting_user: Any) -> InspectionAgency:
        if status == agency.status:
            return agency
        transition = STATUS_TRANSITIONS.get((agency.status, status))
        if transition is None:
            raise ValidationError({"status": bilingual(f"不能从“{agency.get_status_display()}”改为该状态",
                                                       f"cannot move from {agency.status} to {status}")})
        try:
            return services.agency_change_status(acting_user=acting_user, instance=agency, transition=transition,
                                                 reason="导入 / import")
        except TransitionNotAllowed as exc:
            raise ValidationError({"status": str(exc)}) from exc


@register
class QualificationScopeResource(Resource):
    entity = "qualification-scopes"
    title = _("资质范围")
    model = QualificationScope
    natural_key = ("agency", "product_category", "standard_number", "valid_from")
    import_roles = AGENCY_MANAGERS
    export_roles = AGENCY_READERS
    order_by = ("agency__name", "product_category", "valid_from")
    columns = [
        Column("机构统一社会信用代码", "agency", required=True, parse=cells.identifier(validate_uscc), export="agency.uscc",
               width=22, help="须是已登记的检验机构"),
        Column("产品类别", "product_category", required=True, parse=cells.text(100), example="电热毯",
               help="产品目录代码或名称"),
        Column("标准编号", "standard_number", parse=cells.identifier(validate_standard_number), example="GB 4706.8-2008"),
        Column("检验项目", "test_items", parse=cells.many(cells.text(100)), width=30, help="多个用分号分隔；留空为全部项目"),
        Column("有效期自", "valid_from", required=True, parse=cells.date, example="2024-01-01"),
        Column("有效期至", "valid_to", parse=cells.date, help="留空为长期"),
    ]

    def queryset(self, user: Any):
        return selectors.scope_list(user)

    def find_existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
        usccs = {key[0] for key in keys}
        found = {}
        for scope in QualificationScope.objects.filter(agency__uscc__in=usccs).select_related("agency"):
            found[(scope.agency.uscc, scope.product_category, scope.standard_number, scope.valid_from)] = scope
        return found

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        if not selectors.agency_list(acting_user).filter(uscc=values["agency"]).exists():
            errors.append(("agency", bilingual("该检验机构不存在或不在您的管辖范围内",
                                               "no such agency in your jurisdiction")))
        if values.get("valid_to") and values["valid_to"] < values["valid_from"]:
            errors.append(("valid_to", bilingual("有效期至不能早于有效期自", "valid_to is before valid_from")))
        return errors

    def create(self, values: dict[str, Any], *, acting_user: Any) -> QualificationScope:
        agency = InspectionAgency.objects.get(uscc=values.pop("agency"))
        return services.scope_add(acting_user=acting_user, agency=agency, **values)

    def update(self, obj: QualificationScope, values: dict[str, Any], *, acting_user: Any) -> QualificationScope:
        return services.scope_update(acting_user=acting_user, instance=obj, valid_to=values.get("valid_to", obj.valid_to),
                                     test_items=values.get("test_items"))


@register
class InspectorResource(Resource):
    entity = "inspectors"
    title = _("执法检查人员")
    model = Inspector
    natural_key = ("staff_number",)
    region_field = "region"
    import_roles = POOL_MANAGERS
    export_roles = POOL_READERS
    order_by = ("region_id", "staff_number")
    columns = [
        Column("人员编号", "staff_number", required=True, parse=cells.text(30), example="XA-0001"),
        Column("姓名", "name", required=True, parse=cells.text(50), example="王敏"),
        Column("所属单位", "organisation", required=True, parse=cells.text(200), export="organisation.name", width=28,
               help="市场监管部门的全称，须在您的管辖范围内", example="西安市市场监督管理局"),
        Column("行政区划代码", "region", parse=cells.identifier(_known_region), export="region_id",
               help="留空为所属单位所在区划", example="610113"),
        Column("科室", "unit", parse=cells.text(100)),
        Column("资格", "qualifications", parse=cells.many(cells.choice(INSPECTOR_QUALIFICATIONS)), width=24,
               help="多个用分号分隔", example="执法证;抽样员"),
        Column("执法证号", "law_enforcement_cert_no", parse=cells.text(40)),
        Column("执法证有效期至", "cert_valid_to", parse=cells.date),
        Column("联系电话", "phone", parse=cells.text(30)),
        Column("在库", "active", parse=cells.boolean, default=True),
    ]

    def queryset(self, user: Any):
        return selectors.inspector_detail_queryset(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("region") == "":
            values.pop("region")  # blank: the bureau's own region
        return values

    def _bureau(self, name: str, acting_user: Any) -> Organisation | None:
        return Organisation.objects.visible_to(acting_user).filter(kind="bureau", name=name).first()

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        if self._bureau(values["organisation"], acting_user) is None:
            errors.append(("organisation", bilingual(f"“{values['organisation']}”不是您管辖范围内的市场监管部门",
                                                     "not a bureau within your jurisdiction")))
        return errors

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Inspector:
        values["organisation"] = self._bureau(values["organisation"], acting_user)
        active = values.pop("active", True)
        _region(values)
        inspector = services.inspector_create(acting_user=acting_user, **values)
        if not active:
            inspector = services.inspector_deactivate(acting_user=acting_user, instance=inspector, reason="导入 / import")
        return inspector

    def update(self, obj: Inspector, values: dict[str, Any], *, acting_user: Any) -> Inspector:
        values.pop("staff_number", None)
        if "organisation" in values:
            values["organisation"] = self._bureau(values["organisation"], acting_user)
        active = values.pop("active", obj.active)
        _region(values)
        inspector = services.inspector_update(acting_user=acting_user, instance=obj, **values)
        if active and not inspector.active:
            inspector = services.inspector_reactivate(acting_user=acting_user, instance=inspector, reason="导入 / import")
        elif not active and inspector.active:
            inspector = services.inspector_deactivate(acting_user=acting_user, instance=inspector, reason="导入 / import")
        return inspector
