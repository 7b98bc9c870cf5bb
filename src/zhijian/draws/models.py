"""A verifiable double-random draw: the committed pool snapshot and parameters, the public value
typed in afterwards, and the result (algorithm in lottery.py, specification in docs/draws.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.draws.choices import STATUS_COLOURS, DrawKind, DrawStatus


class Draw(TimeStampedModel):
    """One draw. The pool (`rows`) and `params` are frozen at commitment; `commitment` is the hash
    published before the draw; `beacon` is the public value typed in by the witnessing officer."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "organisation_id"

    kind = models.CharField(_("抽取类型"), max_length=12, choices=DrawKind.choices)
    title = models.CharField(_("抽取事项"), max_length=200)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, null=True, blank=True, related_name="draws", verbose_name=_("组织单位"),
    )
    subject_type = models.CharField(_("关联对象类型"), max_length=50, blank=True, help_text=_("如 spotchecks.plan"))
    subject_id = models.PositiveBigIntegerField(_("关联对象编号"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=DrawStatus.choices, default=DrawStatus.COMMITTED)

    rows = models.JSONField(_("抽取池"), default=list, help_text=_("[{id, label, stratum, weight}]，按编号排序"))
    params = models.JSONField(_("抽取参数"), default=dict)
    allocation = models.JSONField(_("各层抽取数量"), default=dict)
    pool_size = models.PositiveIntegerField(_("抽取池数量"))
    pool_sha256 = models.CharField(_("抽取池摘要"), max_length=64)
    algorithm = models.CharField(_("算法"), max_length=40)
    algorithm_version = models.PositiveSmallIntegerField(_("算法版本"))
    commitment = models.CharField(_("承诺值"), max_length=64, db_index=True)
    beacon_plan = models.CharField(_("拟用公开随机值来源"), max_length=200, blank=True,
                                   help_text=_("承诺时声明，如：中国福利彩票3D 第2026320期开奖号码"))
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("承诺人"))
    committed_at = models.DateTimeField(_("承诺时间"))

    beacon = models.CharField(_("公开随机值"), max_length=500, blank=True)
    beacon_source = models.CharField(_("公开随机值来源"), max_length=200, blank=True)
    witnesses = models.JSONField(_("见证人"), default=list, blank=True)
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    result = models.JSONField(_("抽取结果"), default=dict, blank=True, help_text=_("{分层: [编号, 按抽中顺序]}"))
    selected = models.JSONField(_("抽中名单"), default=list, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("抽取人"))
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-committed_at", "-id"]
        verbose_name = _("双随机抽取")
        verbose_name_plural = _("双随机抽取")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DrawKind.values), name="draw_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=DrawStatus.values), name="draw_status_valid"),
            models.CheckConstraint(condition=Q(commitment__regex=r"^[0-9a-f]{64}$"), name="draw_commitment_hex"),
            models.CheckConstraint(
                condition=~Q(status="drawn") | (~Q(beacon="") & Q(drawn_at__isnull=False) & ~Q(seed="")),
                name="draw_drawn_has_beacon",
            ),
            models.CheckConstraint(condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="draw_cancel_has_reason"),
            models.CheckConstraint(condition=~Q(title=""), name="draw_title_not_empty"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="draw_subject_idx"),
            models.Index(fields=["status", "-committed_at"], name="draw_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("draws:draw_detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "secondary")

    @property
    def selected_ids(self) -> list[str]:
        """The drawn ids in draw order (groups by name, then first drawn first)."""
        return list(self.selected or [])

    @property
    def year(self) -> int:
        return self.committed_at.year

    @property
    def labels(self) -> dict[str, str]:
        return {row["id"]: row.get("label", "") for row in self.rows or []}

    def result_table(self) -> list[dict[str, Any]]:
        """Rows for the result table: group, order, id, label, weight."""
        by_id = {row["id"]: row for row in self.rows or []}
        out = []
        for group in sorted(self.result or {}):
            for n, row_id in enumerate(self.result[group], start=1):
                row = by_id.get(row_id, {})
                out.append({"group": group, "order": n, "id": row_id, "label": row.get("label", ""),
                            "weight": row.get("weight", ""), "stratum": row.get("stratum", "")})
        return out
