"""Who may do what with licences (the provincial bureau is the licensing authority, 条例 Art. 11).

- Deciding (accept, refuse, review, decide, issue, change a licence's status, configure rules):
  administrators and province staff.
- On-site verification records and post-licence supervision: bureau staff within their region.
- Enterprises: their own applications, documents and annual reports.
- Reading: bureau staff and auditors within their scope; enterprises their own records.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

AUTHORITY = frozenset({"administrator", "province_staff"})
SUPERVISORS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
ENTERPRISE = frozenset({"enterprise_user"})
READERS = SUPERVISORS | {"auditor", "inspector", "enterprise_user"}
BUREAU_READERS = SUPERVISORS | {"auditor", "inspector"}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def may_read(user: Any) -> bool:
    return _active(user) and user.has_role(*READERS)


def may_read_bureau(user: Any) -> bool:
    return _active(user) and user.has_role(*BUREAU_READERS)


def may(user: Any, roles: frozenset[str], region_code: str | None) -> bool:
    return _active(user) and user.has_role(*roles) and user.scope.covers_region(region_code)


def require(user: Any, roles: frozenset[str], region_code: str | None) -> None:
    """Services call this; `None` is the system itself (demo loader, signal receivers, commands)."""
    if user is not None and not may(user, roles, region_code):
        raise PermissionDenied("无权操作该记录或超出管辖范围 / permission denied or outside your jurisdiction")


def may_act_for(user: Any, enterprise: Any) -> bool:
    """An enterprise user acting for their own enterprise."""
    return (_active(user) and user.has_role(*ENTERPRISE) and enterprise.organisation_id is not None
            and user.organisation_id == enterprise.organisation_id)


def require_enterprise(user: Any, enterprise: Any) -> None:
    if user is not None and not may_act_for(user, enterprise):
        raise PermissionDenied("只有该企业的用户可以办理 / only the enterprise's own users may do this")
