"""Writing audit entries. Every domain service calls `audited_save`, `audited_delete` or
`log_event` inside its transaction; the entry is hash-chained to the previous one."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import logging
import math
import uuid
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone

from zhijian.audit import merkle, signing
from zhijian.audit.models import AuditEntry, Checkpoint, EntryKind
from zhijian.core import context
from zhijian.core.dataversion import bump_data_version

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
M = TypeVar("M", bound=models.Model)
_LOCK_KEY = 61_2260  # PostgreSQL advisory lock id serialising audit writes and sealing
_MAX_EXACT_FLOAT = 2**53


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | tuple):
        return sorted(value, key=str) if isinstance(value, set) else list(value)
    return str(value)


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def canonical_json(value: Any) -> str:
    """Keys sorted, no spaces, UTF-8 characters as themselves (docs/audit.md)."""
    return _CANONICAL.encode(value)


def _normalise(value: Any) -> Any:
    """Make numbers survive a trip through PostgreSQL jsonb (which keeps decimal digits, not
    float types) and SQLite text alike: integral floats become ints, floats beyond 2**53 and
    NaN/Infinity become strings, NUL characters (which jsonb refuses) become U+FFFD. Idempotent."""
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= _MAX_EXACT_FLOAT:
            return repr(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value  # jsonb refuses NUL
    if isinstance(value, dict):
        return {_normalise(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def jsonable(value: Any) -> Any:
    """Plain JSON (str/int/float/bool/None/list/dict) that reads back identically from either database."""
    return _normalise(json.loads(canonical_json(value)))


# Secrets never enter the append-only log: it cannot be cleaned afterwards.
SECRET_FIELDS = frozenset({"password", "key", "secret", "token"})
REDACTED = "[redacted]"


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored field values of a model instance, JSON-safe (FKs as ids, M2M omitted, secrets
    such as password hashes replaced by a marker so a change still shows)."""
    data: dict[str, Any] = {}
    secret = SECRET_FIELDS | set(getattr(instance, "audit_secret_fields", ()))
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if field.attname in secret:
            value = REDACTED + hashlib.sha256(str(value).encode()).hexdigest()[:8] if value else ""
        data[field.attname] = value
    return jsonable(data)


HASHED_FIELDS = (
    "timestamp", "actor_id", "actor_name", "organisation_id", "region_code", "kind", "action",
    "object_type", "object_id", "object_repr", "before", "after", "reason", "request_id", "source",
)


def format_timestamp(value: dt.datetime) -> str:
    """UTC with microseconds: both databases keep microseconds, so this reads back unchanged."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def payload_from_values(v: dict[str, Any]) -> dict[str, Any]:
    """The hashed payload of an entry from its field values (a model or a values() row).
    before/after are stored already normalised by `jsonable`, so they are used as read.
    (Written out field by field: `verify` calls this once per entry.)"""
    return {
        "timestamp": format_timestamp(v["timestamp"]),
        "actor_id": _int_or_none(v["actor_id"]),
        "actor_name": str(v["actor_name"]),
        "organisation_id": _int_or_none(v["organisation_id"]),
        "region_code": str(v["region_code"]),
        "kind": str(v["kind"]),
        "action": str(v["action"]),
        "object_type": str(v["object_type"]),
        "object_id": str(v["object_id"]),
        "object_repr": str(v["object_repr"]),
        "before": v["before"],
        "after": v["after"],
        "reason": str(v["reason"]),
        "request_id": str(v["request_id"]),
        "source": str(v["source"]),
    }


def entry_payload(entry: AuditEntry) -> dict[str, Any]:
    return payload_from_values({name: getattr(entry, name) for name in HASHED_FIELDS})


def hash_payload(prev_hash: str, payload: dict[str, Any]) -> str:
    """SHA-256 of the previous hash (hex) followed by the canonical JSON of the payload."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode()).hexdigest()


def compute_entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hash_payload(prev_hash, entry_payload(entry))


def lock_audit_log() -> None:
    """Serialise audit writers so the hash chain and checkpoints never fork (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _follow(instance: models.Model, path: str) -> Any:
    """Value at a 'a__b__c' path from an instance (None when a link is missing)."""
    value: Any = instance
    for part in path.split("__"):
        try:
            value = getattr(value, part, None)
        except ObjectDoesNotExist:
            return None
        if value is None:
            return None
    return value.pk if isinstance(value, models.Model) else value


def _scope_of(instance: models.Model | None) -> tuple[int | None, str]:
    """The region code and owning organisation the entry is filed under, from the model's
    jurisdiction fields, so auditors can filter by region and organisation."""
    if instance is None:
        return None, ""
    region = ""
    region_field = getattr(instance, "jurisdiction_region_field", None)
    if region_field:
        region = str(_follow(instance, region_field) or "")[:6]
    org = getattr(instance, "audit_organisation_id", None)
    if org is None:
        org_fields = getattr(instance, "jurisdiction_organisation_field", None) or ()
        for org_field in (org_fields,) if isinstance(org_fields, str) else org_fields:
            org = _follow(instance, org_field)
            if org is not None:
                break
    try:
        return (int(org) if org is not None else None), region
    except (TypeError, ValueError):
        return None, region


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
        reason=str(reason or ""),
        request_id=ctx.request_id,
        source=ctx.source,
    )
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    entry.prev_hash = last or GENESIS_HASH
    entry.entry_hash = compute_entry_hash(entry.prev_hash, entry)
    entry.save(force_insert=True)
    _schedule_auto_seal()
    return entry


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    before, after = before or {}, after or {}
    return {k: after.get(k) for k in after if before.get(k) != after.get(k)}


def audited_save(instance: M, *, acting_user: Any, reason: str = "", action: str = "") -> M:
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


# --- checkpoints ------------------------------------------------------------------------------

def checkpoint_message(checkpoint: Checkpoint) -> bytes:
    return merkle.checkpoint_message(checkpoint.tree_size, checkpoint.last_entry_id, checkpoint.root_hash,
                                     format_timestamp(checkpoint.timestamp))


def _resume_builder(last: Checkpoint | None) -> tuple[merkle.TreeBuilder, int]:
    """The tree as of the last checkpoint (from its stored peaks) and the id to continue after."""
    if last is None:
        return merkle.TreeBuilder(), 0
    try:
        return merkle.TreeBuilder(last.tree_size, [bytes.fromhex(p) for p in last.peaks]), last.last_entry_id
    except ValueError:  # a checkpoint without usable peaks: rebuild from the first entry
        return merkle.TreeBuilder(), 0


@transaction.atomic
def checkpoint_seal(*, acting_user: Any = None) -> Checkpoint | None:
    """Seal every entry written so far into a signed Merkle checkpoint; None when nothing is new.

    Runs under the audit lock, so no entry can slip in between the tree and its signature. Only
    the entries since the last checkpoint are read (the tree resumes from its peaks)."""
    key = signing.require_signing_key()
    lock_audit_log()
    last = Checkpoint.objects.order_by("-tree_size").first()
    builder, after_id = _resume_builder(last)
    last_id = None
    rows = AuditEntry.objects.filter(id__gt=after_id).order_by("id").values_list("id", "entry_hash")
    for entry_id, entry_hash in rows.iterator(chunk_size=5000):
        builder.append(bytes.fromhex(entry_hash))
        last_id = entry_id
    if last_id is None or (last is not None and builder.size <= last.tree_size):
        return None
    checkpoint = Checkpoint(
        tree_size=builder.size, last_entry_id=last_id, root_hash=builder.root().hex(),
        timestamp=timezone.now(), public_key=signing.public_key_hex(key), peaks=[p.hex() for p in builder.peaks],
    )
    checkpoint.signature = signing.sign(key, checkpoint_message(checkpoint))
    checkpoint.save(force_insert=True)
    logger.info("audit checkpoint sealed: %s entries by %s", checkpoint.tree_size,
                getattr(acting_user, "username", "system"))
    return checkpoint


def _auto_seal() -> None:
    """After a commit: seal when AUDIT_CHECKPOINT_EVERY entries wait. Two index-only queries
    in the common case (ids over-count when a sequence has gaps, so they only pre-screen).
    Also tells caches keyed by the data version that the data changed."""
    bump_data_version()
    every = int(getattr(settings, "AUDIT_CHECKPOINT_EVERY", 0) or 0)
    if every <= 0:
        return
    sealed_to = Checkpoint.objects.order_by("-tree_size").values_list("last_entry_id", flat=True).first() or 0
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    if newest is None or newest - sealed_to < every:
        return
    if AuditEntry.objects.filter(id__gt=sealed_to).count() < every:
        return
    try:
        checkpoint_seal()
    except signing.SigningKeyMissing:
        logger.warning("audit entries are waiting to be sealed but no signing key is configured")


def _schedule_auto_seal() -> None:
    """Register `_auto_seal` once per transaction, however many entries it writes."""
    conn = transaction.get_connection()
    if any(func is _auto_seal for _sids, func, _robust in conn.run_on_commit):
        return
    transaction.on_commit(_auto_seal, robust=True)
