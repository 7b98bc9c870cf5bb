"""Who may change the standards catalogue: it is provincial reference data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

CATALOGUE_EDITORS = frozenset({"administrator", "province_staff"})


def can_edit_catalogue(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.has_role(*CATALOGUE_EDITORS))


def require_catalogue_editor(user: Any) -> None:
    """Services call this first; `None` is the system itself (migrations, the seed command)."""
    if user is not None and not can_edit_catalogue(user):
        raise PermissionDenied("只有省局工作人员和系统管理员可以维护标准目录 / only province staff and administrators may edit the standards catalogue")
