"""Writes to kernel tables: calendar overrides and job progress. Each audited in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.audit.services import audited_delete, audited_save
from zhijian.core.choices import JobStatus
from zhijian.core.models import CalendarDay, Job


def _require_admin(user: Any) -> None:
    if not (user and (user.is_superuser or getattr(user, "role", "") == "administrator")):
        raise PermissionDenied("只有系统管理员可以维护节假日 / only administrators maintain the holiday calendar")


@transaction.atomic
def calendar_day_set(*, acting_user: Any, date: dt.date, is_workday: bool, name: str = "",
                     instance: CalendarDay | None = None) -> CalendarDay:
    """Create or change the override for one date (a holiday, or a swapped working day)."""
    _require_admin(acting_user)
    day = instance or CalendarDay.objects.filter(date=date).first() or CalendarDay(date=date)
    if instance is not None and instance.date != date and CalendarDay.objects.filter(date=date).exists():
        raise ValidationError({"date": "该日期已有调整记录 / this date already has an override"})
    day.date, day.is_workday, day.name = date, is_workday, name
    return audited_save(day, acting_user=acting_user)


@transaction.atomic
def calendar_day_delete(*, acting_user: Any, instance: CalendarDay) -> None:
    _require_admin(acting_user)
    audited_delete(instance, acting_user=acting_user)


def job_start(*, acting_user: Any, kind: str, total: int = 0) -> Job:
    """Jobs are bookkeeping for progress display, not regulated records: saved without audit."""
    return Job.objects.create(kind=kind, owner=acting_user if getattr(acting_user, "pk", None) else None,
                              total=total, status=JobStatus.RUNNING)


def job_progress(job: Job, *, done: int, message: str = "") -> None:
    job.done = done
    fields = ["done", "updated_at"]
    if message:
        job.log = (job.log + message + "\n")[-20000:]
        fields.append("log")
    job.save(update_fields=fields)


def job_finish(job: Job, *, ok: bool, result: dict[str, Any] | None = None, message: str = "") -> None:
    job.status = JobStatus.SUCCEEDED if ok else JobStatus.FAILED
    job.result = result or {}
    job.finished_at = timezone.now()
    if message:
        job.log = (job.log + message + "\n")[-20000:]
    job.save(update_fields=["status", "result", "finished_at", "log", "updated_at"])
