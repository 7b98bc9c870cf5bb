"""Who may see and run draws.

Bureau staff (province, city, county) and administrators commit, execute and cancel draws owned
by a region inside their jurisdiction; inspectors and auditors read them; other users read only
what the public site publishes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

DRAW_MANAGERS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
DRAW_READERS = DRAW_MANAGERS | {"inspector", "auditor"}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def may_read(user: Any) -> bool:
    return _active(user) and user.has_role(*DRAW_READERS)


def may_manage(user: Any, region_code: str | None) -> bool:
    return _active(user) and user.has_role(*DRAW_MANAGERS) and user.scope.covers_region(region_code)


def require_manage(user: Any, region_code: str | None) -> None:
    """Services call this; `None` is the system itself (demo loader, commands)."""
    if user is not None and not may_manage(user, region_code):
        raise PermissionDenied("无权进行抽取或超出管辖范围 / only bureau staff may run draws, within their jurisdiction")
