"""Every read that crosses a permission boundary, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhijian.risk.choices import WarningStatus
from zhijian.risk.models import Alarm, Assessment, Delivery, InboxItem, ResponseTask, Signal, Subscription, Warning
from zhijian.risk.permissions import MEMBERS, READERS, active


def _none(model):
    return model.objects.none()


def signal_list(user: Any) -> QuerySet[Signal]:
    if not (active(user) and user.has_role(*READERS)):
        return _none(Signal)
    return Signal.objects.visible_to(user).select_related("region", "product", "enterprise")


def assessment_list(user: Any) -> QuerySet[Assessment]:
    if not (active(user) and user.has_role(*READERS)):
        return _none(Assessment)
    return Assessment.objects.visible_to(user).select_related("region", "signal", "product", "assessed_by")


def alarm_list(user: Any) -> QuerySet[Alarm]:
    if not (active(user) and user.has_role(*READERS)):
        return _none(Alarm)
    return Alarm.objects.visible_to(user).select_related("region", "warning")


def warning_list(user: Any) -> QuerySet[Warning]:
    """Bureaus: warnings issued in their region and those addressed to organisations in it;
    platforms and enterprises: published warnings addressed to them."""
    if not (active(user) and user.has_role(*MEMBERS)):
        return _none(Warning)
    scope = user.scope
    qs = Warning.objects.all()
    if not scope.everything:
        addressed = Q(pk__in=ResponseTask.objects.visible_to(user).values("warning_id"))
        own = Q(pk__in=Warning.objects.visible_to(user).values("pk")) if scope.region_prefix else Q(pk__in=[])
        qs = qs.filter(own | addressed)
        if not user.has_role(*READERS):
            qs = qs.exclude(status=WarningStatus.DRAFT)
    return qs.select_related("issuer", "region", "assessment").annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__status="done"), distinct=True),
    ).order_by("-published_at", "-id")  # a GROUP BY query drops Meta.ordering


def warning_reach(warning: Warning) -> dict[str, Any]:
    tasks = warning.tasks.all()
    agg = tasks.aggregate(total=Count("id"), done=Count("id", filter=Q(status="done")),
                          found=Count("id", filter=Q(found=True)), units=Sum("units_withdrawn"),
                          escalated=Count("id", filter=Q(escalation_level__gt=0)))
    return {"tasks": agg["total"], "done": agg["done"], "found": agg["found"], "units": agg["units"] or 0,
            "escalated": agg["escalated"],
            "percent": int(100 * agg["done"] / agg["total"]) if agg["total"] else 100}


def response_list(user: Any) -> QuerySet[ResponseTask]:
    if not (active(user) and user.has_role(*MEMBERS)):
        return _none(ResponseTask)
    qs = ResponseTask.objects.visible_to(user)
    if not user.scope.everything and user.scope.region_prefix:
        # bureaus also see the tasks of warnings they issued
        qs = ResponseTask.objects.filter(Q(pk__in=qs.values("pk")) | Q(warning__region__pk__startswith=user.scope.region_prefix))
    return qs.select_related("warning", "organisation", "escalated_to")


def subscription_list(user: Any) -> QuerySet[Subscription]:
    if not active(user):
        return _none(Subscription)
    if user.has_role("administrator", "auditor"):
        return Subscription.objects.select_related("organisation")
    return Subscription.objects.filter(organisation_id=user.organisation_id).select_related("organisation")


def delivery_list(user: Any) -> QuerySet[Delivery]:
    return Delivery.objects.filter(subscription__in=subscription_list(user)).select_related("subscription", "warning")


def inbox_list(user: Any) -> QuerySet[InboxItem]:
    if not active(user) or not user.organisation_id:
        return _none(InboxItem)
    return InboxItem.objects.filter(organisation_id=user.organisation_id).select_related("warning")


def public_warnings() -> QuerySet[Warning]:
    """What anyone may read: published or closed consumer warnings and recall notices marked public."""
    return (Warning.objects.filter(public=True, status__in=[WarningStatus.PUBLISHED, WarningStatus.CLOSED])
            .exclude(kind="internal").select_related("issuer").order_by("-published_at", "-id"))


def dashboard_figures(user: Any) -> dict[str, Any]:
    """Time-to-assess (signal received -> first assessment), time-to-warn (assessment -> warning
    published) and time-to-close (published -> closed), in days: count, median, mean, p90."""
    import statistics

    def summary(values: list[float]) -> dict[str, Any]:
        if not values:
            return {"n": 0, "median": None, "mean": None, "p90": None}
        values = sorted(values)
        return {"n": len(values), "median": round(statistics.median(values), 1),
                "mean": round(statistics.fmean(values), 1), "p90": round(values[int(0.9 * (len(values) - 1))], 1)}

    day = 86400.0
    assess = []
    for a in assessment_list(user).filter(signal__isnull=False).select_related("signal"):
        assess.append(max(0.0, (a.assessed_at - a.signal.received_at).total_seconds() / day))
    warn, close = [], []
    for w in warning_list(user).filter(published_at__isnull=False).select_related("assessment"):
        if w.assessment_id:
            warn.append(max(0.0, (w.published_at - w.assessment.assessed_at).total_seconds() / day))
        if w.closed_at:
            close.append(max(0.0, (w.closed_at - w.published_at).total_seconds() / day))
    tasks = response_list(user)
    return {"assess": summary(assess), "warn": summary(warn), "close": summary(close),
            "open_tasks": tasks.filter(status="open").count(),
            "overdue_tasks": tasks.filter(status="open", escalation_level__gt=0).count(),
            "open_alarms": alarm_list(user).filter(status="open").count(),
            "warnings_by_level": list(Warning.objects.filter(pk__in=warning_list(user).values("pk")).values("level")
                                     .annotate(n=Count("id")).order_by("level"))}
