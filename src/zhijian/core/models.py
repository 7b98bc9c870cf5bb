"""Kernel tables: regions (GB/T 2260 with validity), supervision regions, calendar overrides, jobs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhijian.core.choices import JobStatus, RegionLevel, SupervisionRegionKind
from zhijian.core.jurisdiction import RestrictedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class SupervisionRegion(models.Model):
    """The dimension Shaanxi's own systems use: 10 cities plus Yangling and Xixian as peers (DOMAIN 6.5)."""

    code = models.CharField(_("监管区域代码"), max_length=8, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=8, choices=SupervisionRegionKind.choices)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("监管区域")
        verbose_name_plural = _("监管区域")

    def __str__(self) -> str:
        return self.name


class RegionQuerySet(RestrictedQuerySet):
    def current(self, on: dt.date | None = None) -> RegionQuerySet:
        on = on or dt.date.today()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )


class Region(models.Model):
    """A GB/T 2260 administrative division, with the period it is valid for."""

    jurisdiction_region_field = "code"

    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=8, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级"))
    supervision_region = models.ForeignKey(
        SupervisionRegion, models.PROTECT, null=True, blank=True, related_name="regions", verbose_name=_("监管区域")
    )
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class CalendarDay(models.Model):
    """An administrator's override: a holiday or a swapped working day (调休) the package does not know."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.name}"


class Job(TimeStampedModel):
    """A long-running job (import, export, demo load) with progress and a log shown in the UI."""

    jurisdiction_organisation_field = "owner__organisation_id"

    kind = models.CharField(_("类型"), max_length=40)
    status = models.CharField(_("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("发起人"))
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    log = models.TextField(_("日志"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == JobStatus.SUCCEEDED else 0)
