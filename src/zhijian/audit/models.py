"""Append-only audit entries (object changes and typed domain events), hash-chained and sealed
into signed Merkle checkpoints. Database triggers refuse UPDATE and DELETE on both tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhijian.core.jurisdiction import RestrictedQuerySet


class EntryKind(models.TextChoices):
    CHANGE = "change", _("数据变更")
    EVENT = "event", _("业务事件")


class AuditEntry(models.Model):
    jurisdiction_region_field = "region_code"
    jurisdiction_organisation_field = "organisation_id"

    timestamp = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.DO_NOTHING, null=True, blank=True, db_constraint=False,
        related_name="+", verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("数据所属单位"), null=True, blank=True)
    region_code = models.CharField(_("数据所属区划"), max_length=6, blank=True, db_index=True)
    kind = models.CharField(_("类别"), max_length=8, choices=EntryKind.choices)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.TextField(_("理由/依据"), blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    source = models.CharField(_("来源"), max_length=10, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    entry_hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audit:entry_detail", args=[self.pk])

    def sealing_checkpoint(self) -> Checkpoint | None:
        """The first checkpoint that covers this entry, if it is sealed yet."""
        return Checkpoint.objects.filter(last_entry_id__gte=self.pk).order_by("tree_size").first()


class Checkpoint(models.Model):
    """A signed Merkle tree head over entries 1..tree_size in id order (RFC 6962 style)."""

    tree_size = models.PositiveBigIntegerField(_("覆盖条数"), unique=True)
    last_entry_id = models.BigIntegerField(_("最后一条记录"))
    root_hash = models.CharField(_("根哈希"), max_length=64)
    timestamp = models.DateTimeField(_("时间"))
    public_key = models.CharField(_("公钥"), max_length=64)
    signature = models.CharField(_("签名"), max_length=128)
    # Roots of the perfect subtrees of this tree (largest first), so the next seal only reads
    # the entries added since; `verify` recomputes them from the entries like everything else.
    peaks = models.JSONField(_("子树根哈希"), default=list, blank=True)

    class Meta:
        ordering = ["-tree_size"]
        verbose_name = _("审计检查点")
        verbose_name_plural = _("审计检查点")

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"
