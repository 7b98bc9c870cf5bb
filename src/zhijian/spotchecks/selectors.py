"""Reads across organisations, each scoped to the caller's jurisdiction or party."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhijian.spotchecks.choices import LEVEL_RANK, AnnouncementStatus, HandlingStatus, PlanLevel, TaskStatus, Verdict
from zhijian.spotchecks.models import Announcement, AnnouncementRow, Handling, Objection, Plan, Task, TestReport
from zhijian.spotchecks.rules import months_before

BUREAU = frozenset({"administrator", "province_staff", "city_staff", "county_staff", "inspector", "auditor"})


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_bureau(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role in BUREAU)


def plan_list(user: Any) -> QuerySet[Plan]:
    """Bureaus see their own plans, those of the levels below them and every national and
    provincial plan (coordination needs to know what the higher levels check)."""
    if not is_bureau(user):
        return Plan.objects.none()
    higher = Q(level__in=[PlanLevel.NATIONAL, PlanLevel.PROVINCIAL])
    return (Plan.objects.filter(Q(pk__in=Plan.objects.visible_to(user).values("pk")) | higher)
            .select_related("organisation", "region"))


def task_list(user: Any) -> QuerySet[Task]:
    if not _active(user):
        return Task.objects.none()
    return (Task.objects.visible_to(user)
            .select_related("plan", "item__category", "enterprise", "region", "agency", "sample"))


def task_get(user: Any, pk: int) -> Task:
    return task_list(user).prefetch_related("inspectors", "reports__results", "notices", "objections").get(pk=pk)


def report_list(user: Any) -> QuerySet[TestReport]:
    return TestReport.objects.visible_to(user).select_related("task", "agency") if _active(user) else TestReport.objects.none()


def objection_list(user: Any) -> QuerySet[Objection]:
    if not _active(user):
        return Objection.objects.none()
    return Objection.objects.visible_to(user).select_related("task__enterprise", "task__item__category", "retest_agency")


def handling_list(user: Any) -> QuerySet[Handling]:
    if not _active(user):
        return Handling.objects.none()
    return Handling.objects.visible_to(user).select_related("task__enterprise", "task__item__category", "task__sample")


def announcement_list(user: Any) -> QuerySet[Announcement]:
    if not is_bureau(user):
        return Announcement.objects.none()
    return Announcement.objects.visible_to(user).select_related("plan", "organisation")


def public_announcements() -> QuerySet[Announcement]:
    return Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).select_related("organisation", "plan")


def public_results() -> QuerySet[AnnouncementRow]:
    return (AnnouncementRow.objects.filter(announcement__status=AnnouncementStatus.PUBLISHED)
            .select_related("announcement", "region"))


def overlaps(plan: Plan) -> list[dict[str, Any]]:
    """Enterprises of this plan checked for the same category by another plan within the repeat
    window (either side): the coordination view between levels."""
    tasks = plan.tasks.select_related("enterprise", "item__category")
    out = []
    since, until = months_before(plan.starts_on, 6), plan.ends_on
    for task in tasks:
        others = (Task.objects.filter(enterprise_id=task.enterprise_id, item__category_id=task.item.category_id)
                  .exclude(plan=plan).filter(plan__starts_on__lte=until, plan__ends_on__gte=since)
                  .select_related("plan"))
        for other in others:
            out.append({"task": task, "other": other, "other_level": other.plan.get_level_display(),
                        "higher": LEVEL_RANK[other.plan.level] < LEVEL_RANK[plan.level]})
    return out


def worklist(user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """What is due or overdue for the caller's bureau: handling not started, objection windows
    closed but results not final, corrections and re-inspections past their deadlines."""
    if not is_bureau(user):
        return []
    today = today or timezone.localdate()
    tasks = task_list(user)
    rows: list[dict[str, Any]] = []
    for task in tasks.filter(status=TaskStatus.REPORTED, verdict=Verdict.FAIL, result_notified_on__isnull=True):
        rows.append({"kind": _("送达结论"), "object": task, "due": task.handling_due, "overdue": bool(task.handling_due and task.handling_due < today)})
    for task in tasks.filter(status=TaskStatus.REPORTED, objection_due__lt=today):
        rows.append({"kind": _("确认结论"), "object": task, "due": task.objection_due, "overdue": True})
    for task in tasks.filter(status=TaskStatus.CONCLUDED, verdict=Verdict.FAIL):
        rows.append({"kind": _("启动后处理"), "object": task, "due": task.handling_due,
                     "overdue": bool(task.handling_due and task.handling_due < today)})
    for h in handling_list(user).filter(status=HandlingStatus.ORDERED, correction_due__lt=today):
        rows.append({"kind": _("整改逾期"), "object": h, "due": h.correction_due, "overdue": True})
    for h in handling_list(user).filter(status__in=[HandlingStatus.ORDERED, HandlingStatus.RECTIFIED],
                                        reinspected_on__isnull=True, reinspection_due__lt=today):
        rows.append({"kind": _("复查逾期"), "object": h, "due": h.reinspection_due, "overdue": True})
    for h in handling_list(user).filter(status=HandlingStatus.ANNOUNCED, second_window_to__lt=today):
        rows.append({"kind": _("再次复查逾期"), "object": h, "due": h.second_window_to, "overdue": True})
    return sorted(rows, key=lambda r: (not r["overdue"], r["due"] or dt.date.max))


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    """Home-page figures: what is on the caller's desk in the spot-check loop."""
    from django.urls import reverse

    if not _active(user):
        return []
    tasks = task_list(user)
    cards: list[dict[str, Any]] = []
    if is_bureau(user):
        open_tasks = tasks.exclude(status=TaskStatus.CLOSED)
        failed = tasks.filter(verdict=Verdict.FAIL).count()
        cards.append({"label": _("在办抽查任务"), "value": open_tasks.count(),
                      "note": _("不合格 %(n)s 批次") % {"n": failed}, "url": reverse("spotchecks:task_list")})
        todo = worklist(user)
        late = [w for w in todo if w["overdue"]]
        cards.append({"label": _("后处理待办"), "value": len(todo),
                      "note": _("已逾期 %(n)s 项") % {"n": len(late)}, "url": reverse("spotchecks:handling_list")})
    elif user.role == "agency_user":
        cards.append({"label": _("待检验任务"), "value": tasks.filter(status__in=[TaskStatus.SAMPLED, TaskStatus.TESTING]).count(),
                      "note": _("复检任务 %(n)s 项") % {"n": objection_list(user).filter(status="retesting").count()},
                      "url": reverse("spotchecks:task_list") + "?status=testing"})
    elif user.role == "enterprise_user":
        cards.append({"label": _("涉及本企业的抽查"), "value": tasks.count(),
                      "note": _("待整改 %(n)s 项") % {"n": handling_list(user).filter(status=HandlingStatus.ORDERED).count()},
                      "url": reverse("spotchecks:task_list")})
    return cards
