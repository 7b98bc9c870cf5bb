"""Writes for agencies, qualification scopes, inspectors and conflict declarations: each atomic,
checked against the caller's jurisdiction, and audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.accounts.models import Organisation
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.agencies.permissions import AGENCY_MANAGERS, POOL_MANAGERS, require
from zhijian.agencies.workflows import AGENCY_WORKFLOW
from zhijian.audit.services import audited_delete, audited_save, log_event
from zhijian.core.identifiers import IdentifierError, validate_standard_number, validate_uscc
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region

AGENCY_FIELDS = frozenset({"name", "uscc", "cma_number", "region", "organisation", "address", "contact", "phone", "note"})
INSPECTOR_FIELDS = frozenset({
    "name", "unit", "qualifications", "law_enforcement_cert_no", "cert_valid_to", "phone", "region", "organisation",
})


def _check_unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "不能通过此操作修改 / cannot be changed here" for name in sorted(unknown)})


def _identifier(field: str, validator, value: str) -> str:
    try:
        return validator(value)
    except IdentifierError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _region_code(region: Region | str) -> str:
    return region.code if isinstance(region, Region) else str(region)


def normalise_list(values: Iterable[str] | str | None) -> list[str]:
    """A list or a text separated by commas, 、 or new lines; order kept, duplicates dropped."""
    if values is None:
        return []
    items = re.split(r"[,，、;；\n]+", values) if isinstance(values, str) else list(values)
    return list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


# --- agencies ----------------------------------------------------------------------------------

def _check_agency_organisation(organisation: Organisation | None, agency: InspectionAgency | None = None) -> None:
    if organisation is None:
        return
    if organisation.kind != "agency":
        raise ValidationError({"organisation": "登录单位必须是检验机构类单位 / the login organisation must be of kind agency"})
    taken = InspectionAgency.objects.filter(organisation=organisation)
    if agency is not None:
        taken = taken.exclude(pk=agency.pk)
    if taken.exists():
        raise ValidationError({"organisation": "该单位已关联其他检验机构 / the organisation already belongs to another agency"})


@transaction.atomic
def agency_create(*, acting_user: Any, name: str, uscc: str, region: Region, reason: str = "",
                  **fields: Any) -> InspectionAgency:
    require(acting_user, AGENCY_MANAGERS, _region_code(region))
    _check_unknown(fields, AGENCY_FIELDS)
    uscc = _identifier("uscc", validate_uscc, uscc)
    _check_agency_organisation(fields.get("organisation"))
    agency = InspectionAgency(name=name.strip(), uscc=uscc, region=region, **fields)
    return audited_save(agency, acting_user=acting_user, reason=reason)


@transaction.atomic
def agency_update(*, acting_user: Any, instance: InspectionAgency, reason: str = "", **fields: Any) -> InspectionAgency:
    """Edit an agency; moving it to another region needs jurisdiction over both. Status moves by transitions."""
    _check_unknown(fields, AGENCY_FIELDS)
    agency = InspectionAgency.objects.select_for_update().get(pk=instance.pk)
    require(acting_user, AGENCY_MANAGERS, agency.region_id)
    if "region" in fields:
        require(acting_user, AGENCY_MANAGERS, _region_code(fields["region"]))
    if fields.get("uscc"):
        fields["uscc"] = _identifier("uscc", validate_uscc, fields["uscc"])
    if "organisation" in fields:
        _check_agency_organisation(fields["organisation"], agency)
    for name, value in fields.items():
        setattr(agency, name, value)
    return audited_save(agency, acting_user=acting_user, reason=reason)


@transaction.atomic
def agency_change_status(*, acting_user: Any, instance: InspectionAgency, transition: str,
                         reason: str = "") -> InspectionAgency:
    """暂停 / 恢复 / 撤销 an agency; a suspended or revoked agency is never qualified."""
    agency = InspectionAgency.objects.select_for_update().get(pk=instance.pk)
    require(acting_user, AGENCY_MANAGERS, agency.region_id)
    old, new = AGENCY_WORKFLOW.apply(agency, transition, acting_user)
    audited_save(agency, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event=f"agencies.agency.{transition}", instance=agency,
              old={"status": old}, new={"status": new}, reason=reason)
    return agency


@transaction.atomic
def scope_add(*, acting_user: Any, agency: InspectionAgency, product_category: str, valid_from: dt.date,
              valid_to: dt.date | None = None, standard_number: str = "", test_items: Iterable[str] | str | None = None,
              reason: str = "") -> QualificationScope:
    require(acting_user, AGENCY_MANAGERS, agency.region_id)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "有效期至不能早于有效期自 / valid_to is before valid_from"})
    if standard_number:
        standard_number = _identifier("standard_number", validate_standard_number, standard_number)
    scope = QualificationScope(
        agency=agency, product_category=product_category.strip(), standard_number=standard_number,
        test_items=normalise_list(test_items), valid_from=valid_from, valid_to=valid_to,
    )
    return audited_save(scope, acting_user=acting_user, reason=reason)


@transaction.atomic
def scope_update(*, acting_user: Any, instance: QualificationScope, valid_to: dt.date | None = None,
                 test_items: Iterable[str] | str | None = None, reason: str = "") -> QualificationScope:
    """Extend or shorten a scope's validity, or change its test items (category, standard and start are its identity)."""
    scope = QualificationScope.objects.select_for_update().select_related("agency").get(pk=instance.pk)
    require(acting_user, AGENCY_MANAGERS, scope.agency.region_id)
    if valid_to is not None and valid_to < scope.valid_from:
        raise ValidationError({"valid_to": "有效期至不能早于有效期自 / valid_to is before valid_from"})
    scope.valid_to = valid_to
    if test_items is not None:
        scope.test_items = normalise_list(test_items)
    return audited_save(scope, acting_user=acting_user, reason=reason)


@transaction.atomic
def scope_remove(*, acting_user: Any, instance: QualificationScope, reason: str = "") -> None:
    require(acting_user, AGENCY_MANAGERS, instance.agency.region_id)
    audited_delete(instance, acting_user=acting_user, reason=reason)


# --- inspectors ----------------------------------------------------------------------------------

def _check_inspector_home(organisation: Organisation, region: Region) -> None:
    """An inspector belongs to a bureau and works in that bureau's area."""
    if organisation.kind != "bureau":
        raise ValidationError({"organisation": "执法检查人员须属于市场监管部门 / an inspector belongs to a bureau"})
    prefix = region_prefix(organisation.region_id, organisation.level)
    if not region.code.startswith(prefix):
        raise ValidationError({"region": "所属区划须在所属单位辖区内 / the region must lie in the bureau's area"})


@transaction.atomic
def inspector_create(*, acting_user: Any, name: str, staff_number: str, organisation: Organisation,
                     region: Region | None = None, reason: str = "", **fields: Any) -> Inspector:
    _check_unknown(fields, INSPECTOR_FIELDS)
    region = region or organisation.region
    require(acting_user, POOL_MANAGERS, region.code)
    _check_inspector_home(organisation, region)
    staff_number = staff_number.strip()
    if Inspector.objects.filter(staff_number=staff_number).exists():
        raise ValidationError({"staff_number": f"人员编号 {staff_number} 已存在 / staff number already exists"})
    fields["qualifications"] = normalise_list(fields.get("qualifications"))
    inspector = Inspector(name=name.strip(), staff_number=staff_number, organisation=organisation, region=region, **fields)
    return audited_save(inspector, acting_user=acting_user, reason=reason)


@transaction.atomic
def inspector_update(*, acting_user: Any, instance: Inspector, reason: str = "", **fields: Any) -> Inspector:
    if "staff_number" in fields and fields["staff_number"] in ("", instance.staff_number):
        del fields["staff_number"]  # an edit form may echo the unchanged natural key
    _check_unknown(fields, INSPECTOR_FIELDS)
    inspector = Inspector.objects.select_for_update().select_related("organisation").get(pk=instance.pk)
    require(acting_user, POOL_MANAGERS, inspector.region_id)
    if "qualifications" in fields:
        fields["qualifications"] = normalise_list(fields["qualifications"])
    for name, value in fields.items():
        setattr(inspector, name, value)
    require(acting_user, POOL_MANAGERS, inspector.region.code)
    _check_inspector_home(inspector.organisation, inspector.region)
    return audited_save(inspector, acting_user=acting_user, reason=reason)


@transaction.atomic
def inspector_deactivate(*, acting_user: Any, instance: Inspector, reason: str = "") -> Inspector:
    """Take an inspector out of the pool (retired, transferred): never drawn again, history kept."""
    inspector = Inspector.objects.select_for_update().get(pk=instance.pk)
    require(acting_user, POOL_MANAGERS, inspector.region_id)
    if not inspector.active:
        raise ValidationError({"active": "该人员已不在库 / the inspector is already out of the pool"})
    inspector.active = False
    audited_save(inspector, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="agencies.inspector.deactivate", instance=inspector,
              old={"active": True}, new={"active": False}, reason=reason)
    return inspector


@transaction.atomic
def inspector_reactivate(*, acting_user: Any, instance: Inspector, reason: str = "") -> Inspector:
    """Put an inspector back into the pool."""
    inspector = Inspector.objects.select_for_update().get(pk=instance.pk)
    require(acting_user, POOL_MANAGERS, inspector.region_id)
    if inspector.active:
        raise ValidationError({"active": "该人员已在库 / the inspector is already in the pool"})
    inspector.active = True
    audited_save(inspector, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="agencies.inspector.reactivate", instance=inspector,
              old={"active": False}, new={"active": True}, reason=reason)
    return inspector


@transaction.atomic
def conflict_declare(*, acting_user: Any, inspector: Inspector, enterprise_uscc: str, enterprise_name: str,
                     relation: str, declared_on: dt.date | None = None, note: str = "",
                     reason: str = "") -> ConflictOfInterest:
    """Record a declared conflict: the inspector is excluded from draws for that enterprise."""
    require(acting_user, POOL_MANAGERS | {"inspector"}, inspector.region_id)
    uscc = _identifier("enterprise_uscc", validate_uscc, enterprise_uscc)
    if ConflictOfInterest.objects.filter(inspector=inspector, enterprise_uscc=uscc, withdrawn_on__isnull=True).exists():
        raise ValidationError({"enterprise_uscc": "已申报与该企业的利益冲突 / a conflict with this enterprise is already declared"})
    conflict = ConflictOfInterest(
        inspector=inspector, enterprise_uscc=uscc, enterprise_name=enterprise_name.strip(), relation=relation,
        declared_on=declared_on or timezone.localdate(), note=note,
    )
    audited_save(conflict, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="agencies.conflict.declare", instance=conflict,
              new={"inspector": inspector.staff_number, "enterprise_uscc": uscc, "relation": relation}, reason=reason)
    return conflict


@transaction.atomic
def conflict_withdraw(*, acting_user: Any, instance: ConflictOfInterest, reason: str = "",
                      withdrawn_on: dt.date | None = None) -> ConflictOfInterest:
    """End a declared conflict (kept for the record, no longer excluding the inspector)."""
    conflict = ConflictOfInterest.objects.select_for_update().select_related("inspector").get(pk=instance.pk)
    require(acting_user, POOL_MANAGERS | {"inspector"}, conflict.inspector.region_id)
    if conflict.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "该申报已撤回 / the declaration is already withdrawn"})
    conflict.withdrawn_on = withdrawn_on or timezone.localdate()
    conflict.withdraw_reason = reason[:200]
    audited_save(conflict, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="agencies.conflict.withdraw", instance=conflict,
              old={"withdrawn_on": None}, new={"withdrawn_on": conflict.withdrawn_on}, reason=reason)
    return conflict
