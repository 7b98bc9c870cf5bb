"""Who may do what in the risk app.

Bureau staff (province, city, county) handle signals, assessments, alarms and warnings within
their region; warnings are issued by province and city bureaus. A response task is answered by
users of the organisation it is addressed to. Platforms and enterprises see the warnings and
tasks addressed to them and manage their own subscriptions. The public writes only complaints.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

STAFF = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
READERS = STAFF | {"inspector", "auditor"}
ISSUERS = frozenset({"administrator", "province_staff", "city_staff"})
MEMBERS = READERS | {"platform_user", "enterprise_user"}
SUBSCRIBERS = STAFF | {"platform_user", "enterprise_user"}


def active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def may_manage(user: Any, roles: frozenset[str], region_code: str | None) -> bool:
    return active(user) and user.has_role(*roles) and user.scope.covers_region(region_code)


def require(user: Any, roles: frozenset[str], region_code: str | None) -> None:
    """`None` is the system itself (public form, imports run by commands, receivers, demo)."""
    if user is not None and not may_manage(user, roles, region_code):
        raise PermissionDenied("无权操作该记录或超出管辖范围 / permission denied or outside your jurisdiction")


def may_answer(user: Any, task: Any) -> bool:
    if not active(user):
        return False
    if user.has_role("administrator"):
        return True
    return user.organisation_id == task.organisation_id
