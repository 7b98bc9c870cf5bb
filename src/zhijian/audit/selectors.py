"""Reads across organisations, scoped to the caller: the audit log is for auditors and administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zhijian.audit.models import AuditEntry, Checkpoint

AUDIT_ROLES = frozenset({"auditor", "administrator"})


def can_audit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.has_role(*AUDIT_ROLES)


def entry_list(user: Any) -> QuerySet[AuditEntry]:
    if not can_audit(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.visible_to(user)


def checkpoint_list(user: Any) -> QuerySet[Checkpoint]:
    if not can_audit(user):
        return Checkpoint.objects.none()
    return Checkpoint.objects.all()


def unsealed_count() -> int:
    sealed_to = Checkpoint.objects.order_by("-tree_size").values_list("last_entry_id", flat=True).first() or 0
    return AuditEntry.objects.filter(id__gt=sealed_to).count()


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    """Home-page figures for auditors: entries, latest checkpoint, entries waiting to be sealed."""
    if not can_audit(user):
        return []
    latest = Checkpoint.objects.order_by("-tree_size").first()
    return [
        {"label": _("审计记录数"), "value": AuditEntry.objects.count(), "url": reverse("audit:entry_list")},
        {
            "label": _("最新检查点"),
            "value": latest.tree_size if latest else "—",
            "note": latest.root_hash[:16] if latest else _("尚未封存"),
            "url": reverse("audit:checkpoint_list"),
        },
        {"label": _("未封存条数"), "value": unsealed_count(), "url": reverse("audit:checkpoint_list")},
    ]
