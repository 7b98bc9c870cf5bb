"""Who may see and change agencies and the inspector pool.

- Agencies: bureau staff see and manage those located under their region prefix (province staff and
  administrators: all); an agency's own users see only their agency, read-only. Enterprise and
  platform users do not see the agency register at all (decision: test results reach them through
  the spot-check documents, not through this register).
- Inspectors: the enforcement pool is internal to the bureaus: bureau staff (and auditors) see
  those under their region prefix; agency, enterprise and platform users see none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

AGENCY_MANAGERS = frozenset({"administrator", "province_staff", "city_staff"})
POOL_MANAGERS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
POOL_READERS = POOL_MANAGERS | {"inspector", "auditor"}
AGENCY_READERS = POOL_READERS | {"agency_user"}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def may_read_pool(user: Any) -> bool:
    return _active(user) and user.has_role(*POOL_READERS)


def may_read_agencies(user: Any) -> bool:
    return _active(user) and user.has_role(*AGENCY_READERS)


def may_manage(user: Any, roles: frozenset[str], region_code: str | None) -> bool:
    """The role allows the write and the record's region lies in the user's jurisdiction."""
    return _active(user) and user.has_role(*roles) and user.scope.covers_region(region_code)


def require(user: Any, roles: frozenset[str], region_code: str | None) -> None:
    """Services call this; `None` is the system itself (demo loader, commands)."""
    if user is not None and not may_manage(user, roles, region_code):
        raise PermissionDenied("无权操作该记录或超出管辖范围 / permission denied or outside your jurisdiction")
