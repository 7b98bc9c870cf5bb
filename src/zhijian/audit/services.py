"""Writing audit entries. Every domain service calls `audited_save`, `audited_delete` or
`log_event` inside its transaction; the entry is hash-chained to the previous one."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from zhijian.audit.models import AuditEntry, EntryKind
from zhijian.core import context

GENESIS_HASH = "0" * 64
_LOCK_KEY = 61_2260  # PostgreSQL advisory lock id serialising audit writes and sealing


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | tuple):
        return sorted(value, key=str) if isinstance(value, set) else list(value)
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def jsonable(value: Any) -> Any:
    return json.loads(canonical_json(value))


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored field values of a model instance, JSON-safe (FKs as ids, M2M omitted)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        data[field.attname] = field.value_from_object(instance)
    return jsonable(data)


HASHED_FIELDS = (
    "timestamp", "actor_id", "actor_name", "organisation_id", "region_code", "kind", "action",
    "object_type", "object_id", "object_repr", "before", "after", "reason", "request_id", "source",
)


def entry_payload(entry: AuditEntry) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["timestamp"] = entry.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return jsonable(values)


def compute_entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical_json(entry_payload(entry))).encode()).hexdigest()


def lock_audit_log() -> None:
    """Serialise audit writers so the hash chain and checkpoints never fork (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _scope_of(instance: models.Model | None) -> tuple[int | None, str]:
    if instance is None:
        return None, ""
    region = ""
    region_field = getattr(instance, "jurisdiction_region_field", None)
    if region_field and "__" not in region_field:
        region = str(getattr(instance, region_field, "") or "")
    org = getattr(instance, "audit_organisation_id", None)
    if org is None:
        org_field = getattr(instance, "jurisdiction_organisation_field", None)
        if isinstance(org_field, str) and "__" not in org_field:
            org = getattr(instance, org_field, None)
    return org, region


def _append(*, acting_user: Any, kind: str, action: str, instance: models.Model | None,
            object_type: str = "", before: Any = None, after: Any = None, reason: str = "") -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the service's transaction")
    lock_audit_log()
    ctx = context.current()
    user = acting_user if acting_user is not None else ctx.user
    organisation_id, region_code = _scope_of(instance)
    entry = AuditEntry(
        timestamp=timezone.now(),
        actor_id=getattr(user, "pk", None),
        actor_name=getattr(user, "username", "") or "system",
        organisation_id=organisation_id,
        region_code=region_code,
        kind=kind,
        action=action,
        object_type=object_type or (instance._meta.label_lower if instance is not None else ""),
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        reason=reason,
        request_id=ctx.request_id,
        source=ctx.source,
    )
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    entry.prev_hash = last or GENESIS_HASH
    entry.entry_hash = compute_entry_hash(entry.prev_hash, entry)
    entry.save(force_insert=True)
    return entry


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    before, after = before or {}, after or {}
    return {k: after.get(k) for k in after if before.get(k) != after.get(k)}


def audited_save(instance: models.Model, *, acting_user: Any, reason: str = "", action: str = "") -> models.Model:
    """Validate, save and log one model change (before/after snapshot) in the caller's transaction."""
    before = None
    if instance.pk is not None and not instance._state.adding:
        old = type(instance)._base_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance.full_clean()
    instance.save()
    after = snapshot(instance)
    if before is not None and before == after:
        return instance
    verb = action or ("update" if before is not None else "create")
    _append(acting_user=acting_user, kind=EntryKind.CHANGE, action=f"{instance._meta.label_lower}.{verb}",
            instance=instance, before=before, after=after, reason=reason)
    return instance


def audited_delete(instance: models.Model, *, acting_user: Any, reason: str = "") -> None:
    before = snapshot(instance)
    _append(acting_user=acting_user, kind=EntryKind.CHANGE, action=f"{instance._meta.label_lower}.delete",
            instance=instance, before=before, after=None, reason=reason)
    instance.delete()


def log_event(*, acting_user: Any, event: str, instance: models.Model | None = None, old: Any = None,
              new: Any = None, reason: str = "", object_type: str = "") -> AuditEntry:
    """A typed business event (transition, draw, publication, import, licence decision)."""
    return _append(acting_user=acting_user, kind=EntryKind.EVENT, action=event, instance=instance,
                   object_type=object_type, before=old, after=new, reason=reason)
