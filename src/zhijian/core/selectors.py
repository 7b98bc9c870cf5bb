"""Reference facts every signed-in user may read (regions are public codes)."""

from __future__ import annotations

from django.db.models import QuerySet

from zhijian.core.models import CalendarDay, Job, Region


def region_list(user) -> QuerySet[Region]:
    return Region.objects.select_related("parent__parent", "supervision_region")


def calendar_list(user) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.all()


def job_list(user) -> QuerySet[Job]:
    return Job.objects.visible_to(user)


def region_exists(code: str) -> bool:
    return Region.objects.current().filter(code=code).exists()
