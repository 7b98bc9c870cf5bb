"""Writes to the standards catalogue: each one atomic, permission-checked and audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.audit.services import audited_delete, audited_save, log_event
from zhijian.core.identifiers import IdentifierError, validate_standard_number
from zhijian.standards.choices import StandardStatus, nature_of
from zhijian.standards.models import Standard, TestItem
from zhijian.standards.permissions import require_catalogue_editor
from zhijian.standards.workflows import STANDARD_WORKFLOW

STANDARD_FIELDS = frozenset({
    "title", "nature", "issued_on", "effective_on", "products", "note", "source_url",
})
TEST_ITEM_FIELDS = frozenset({
    "name", "clause", "unit", "limit_min", "limit_max", "limit_text", "safety_critical", "method", "note", "sort_order",
})


def normalise_number(number: str) -> str:
    try:
        return validate_standard_number(number)
    except IdentifierError as exc:
        raise ValidationError({"number": str(exc)}) from exc


def normalise_products(products: Iterable[str] | str | None) -> list[str]:
    """Accept a list or a text separated by commas, 、 or new lines; keep order, drop duplicates."""
    if products is None:
        return []
    items = re.split(r"[,，、;；\n]+", products) if isinstance(products, str) else list(products)
    return list(dict.fromkeys(str(p).strip() for p in items if str(p).strip()))


def _check_unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "不能通过此操作修改 / cannot be changed here" for name in sorted(unknown)})


@transaction.atomic
def standard_create(*, acting_user: Any, number: str, title: str, nature: str = "",
                    status: str = StandardStatus.CURRENT, reason: str = "", **fields: Any) -> Standard:
    """A new standard; its nature follows from the number (GB, GB/T, ...) unless given."""
    require_catalogue_editor(acting_user)
    _check_unknown(fields, STANDARD_FIELDS)
    if status not in (StandardStatus.CURRENT, StandardStatus.UPCOMING):
        raise ValidationError({"status": "新建标准只能是现行或即将实施 / a new standard is current or upcoming"})
    number = normalise_number(number)
    if Standard.objects.filter(number=number).exists():
        raise ValidationError({"number": f"标准编号 {number} 已存在 / standard {number} already exists"})
    fields["products"] = normalise_products(fields.get("products"))
    standard = Standard(number=number, title=title, nature=nature or nature_of(number), status=status, **fields)
    return audited_save(standard, acting_user=acting_user, reason=reason)


@transaction.atomic
def standard_update(*, acting_user: Any, instance: Standard, reason: str = "", **fields: Any) -> Standard:
    """Edit descriptive fields; the number is the natural key and the status moves by transitions only."""
    require_catalogue_editor(acting_user)
    if "number" in fields and fields["number"] in (None, "", instance.number):
        del fields["number"]  # an edit form may echo the unchanged number
    _check_unknown(fields, STANDARD_FIELDS)
    if "products" in fields:
        fields["products"] = normalise_products(fields["products"])
    standard = Standard.objects.select_for_update().get(pk=instance.pk)
    if "nature" in fields and not fields["nature"]:
        fields["nature"] = nature_of(standard.number)
    for name, value in fields.items():
        setattr(standard, name, value)
    return audited_save(standard, acting_user=acting_user, reason=reason)


@transaction.atomic
def standard_withdraw(*, acting_user: Any, instance: Standard, withdrawn_on: dt.date | None = None,
                      replaced_by: Standard | None = None, reason: str = "") -> Standard:
    """废止: status to withdrawn, the date, and the standard that replaces it (if any)."""
    require_catalogue_editor(acting_user)
    standard = Standard.objects.select_for_update().get(pk=instance.pk)
    if replaced_by is not None and replaced_by.pk == standard.pk:
        raise ValidationError({"replaced_by": "标准不能被自身代替 / a standard cannot replace itself"})
    old, new = STANDARD_WORKFLOW.apply(standard, "withdraw", acting_user)
    standard.withdrawn_on = withdrawn_on or timezone.localdate()
    standard.replaced_by = replaced_by
    audited_save(standard, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="standards.standard.withdraw", instance=standard,
              old={"status": old}, new={"status": new, "withdrawn_on": standard.withdrawn_on,
                                        "replaced_by": replaced_by.number if replaced_by else None},
              reason=reason)
    return standard


@transaction.atomic
def standard_implement(*, acting_user: Any, instance: Standard, effective_on: dt.date | None = None,
                       reason: str = "") -> Standard:
    """即将实施 -> 现行 on its effective date."""
    require_catalogue_editor(acting_user)
    standard = Standard.objects.select_for_update().get(pk=instance.pk)
    old, new = STANDARD_WORKFLOW.apply(standard, "implement", acting_user)
    standard.effective_on = effective_on or standard.effective_on or timezone.localdate()
    audited_save(standard, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="standards.standard.implement", instance=standard,
              old={"status": old}, new={"status": new, "effective_on": standard.effective_on}, reason=reason)
    return standard


def _check_limits(limit_min: Decimal | None, limit_max: Decimal | None) -> None:
    if limit_min is not None and limit_max is not None and limit_max < limit_min:
        raise ValidationError({"limit_max": "上限不能小于下限 / upper limit is below the lower limit"})


@transaction.atomic
def test_item_create(*, acting_user: Any, standard: Standard, name: str, reason: str = "", **fields: Any) -> TestItem:
    require_catalogue_editor(acting_user)
    _check_unknown(fields, TEST_ITEM_FIELDS)
    _check_limits(fields.get("limit_min"), fields.get("limit_max"))
    if TestItem.objects.filter(standard=standard, name=name).exists():
        raise ValidationError({"name": f"该标准已有检验项目“{name}” / the standard already has this test item"})
    if "sort_order" not in fields:
        fields["sort_order"] = standard.test_items.count() + 1
    return audited_save(TestItem(standard=standard, name=name, **fields), acting_user=acting_user, reason=reason)


@transaction.atomic
def test_item_update(*, acting_user: Any, instance: TestItem, reason: str = "", **fields: Any) -> TestItem:
    require_catalogue_editor(acting_user)
    fields.pop("standard", None)
    _check_unknown(fields, TEST_ITEM_FIELDS)
    item = TestItem.objects.select_for_update().get(pk=instance.pk)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_limits(item.limit_min, item.limit_max)
    if "name" in fields and TestItem.objects.filter(standard_id=item.standard_id, name=item.name).exclude(pk=item.pk).exists():
        raise ValidationError({"name": f"该标准已有检验项目“{item.name}” / the standard already has this test item"})
    return audited_save(item, acting_user=acting_user, reason=reason)


@transaction.atomic
def test_item_delete(*, acting_user: Any, instance: TestItem, reason: str = "") -> None:
    require_catalogue_editor(acting_user)
    audited_delete(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def standards_seed(*, acting_user: Any = None) -> dict[str, int]:
    """Re-load the shipped catalogue (idempotent); one audited event with the counts."""
    from zhijian.standards.seed import seed_catalogue

    require_catalogue_editor(acting_user)
    counts = seed_catalogue(Standard, TestItem)
    log_event(acting_user=acting_user, event="standards.catalogue.seed", object_type="standards.standard", new=counts)
    return counts
