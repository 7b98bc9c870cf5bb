"""Standards catalogue (number, title, nature, status, replaced by) and test items with limits.

Standards are public reference data: every signed-in user may read them, so the models carry no
jurisdiction fields; writes go through services restricted to province staff and administrators.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import IdentifierValidator
from zhijian.core.jurisdiction import RestrictedQuerySet, Scope
from zhijian.core.models import TimeStampedModel
from zhijian.core.search import SearchableMixin
from zhijian.standards.choices import StandardNature, StandardStatus


class PublicQuerySet(RestrictedQuerySet):
    """Reference data: any user with a jurisdiction (every signed-in role) sees every row."""

    def within(self, scope: Scope) -> PublicQuerySet:
        return self.none() if scope.nothing else self


class Standard(SearchableMixin, TimeStampedModel):
    search_fields = ("number", "title", "products_display")

    number = models.CharField(
        _("标准编号"), max_length=40, unique=True, validators=[IdentifierValidator("validate_standard_number")]
    )
    title = models.CharField(_("标准名称"), max_length=300)
    nature = models.CharField(_("标准性质"), max_length=12, choices=StandardNature.choices)
    status = models.CharField(_("状态"), max_length=12, choices=StandardStatus.choices, default=StandardStatus.CURRENT)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    # Optional even when withdrawn: several superseded standards are seeded without a verified date.
    withdrawn_on = models.DateField(_("废止日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="replaces", verbose_name=_("被代替为")
    )
    products = models.JSONField(_("适用产品"), default=list, blank=True)
    note = models.TextField(_("备注"), blank=True, help_text=_("来源、待核实事项等"))
    source_url = models.URLField(_("依据来源"), max_length=500, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        constraints = [
            models.CheckConstraint(condition=~Q(number=""), name="standard_number_not_empty"),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(issued_on__isnull=True) | Q(effective_on__gte=F("issued_on")),
                name="standard_effective_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | ~Q(replaced_by=F("id")), name="standard_not_replaced_by_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("standards:standard_detail", args=[self.pk])

    @property
    def products_display(self) -> str:
        return "、".join(self.products or [])

    @property
    def is_mandatory(self) -> bool:
        return self.nature == StandardNature.MANDATORY


class TestItem(TimeStampedModel):
    """One inspection item of a standard (e.g. 接地措施, 甲醛含量) with its numeric or textual limit."""

    __test__ = False  # not a pytest test class, whatever its name says

    standard = models.ForeignKey(Standard, models.CASCADE, related_name="test_items", verbose_name=_("标准"))
    name = models.CharField(_("检验项目"), max_length=100)
    clause = models.CharField(_("条款"), max_length=30, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    limit_min = models.DecimalField(_("下限"), max_digits=14, decimal_places=4, null=True, blank=True)
    limit_max = models.DecimalField(_("上限"), max_digits=14, decimal_places=4, null=True, blank=True)
    limit_text = models.CharField(_("技术要求"), max_length=300, blank=True, help_text=_("非数值要求的文字表述"))
    safety_critical = models.BooleanField(_("安全关键项目"), default=False)
    method = models.CharField(_("检验方法"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["standard_id", "sort_order", "id"]
        verbose_name = _("检验项目")
        verbose_name_plural = _("检验项目")
        constraints = [
            models.UniqueConstraint(fields=["standard", "name"], name="test_item_unique_per_standard"),
            models.CheckConstraint(
                condition=Q(limit_min__isnull=True) | Q(limit_max__isnull=True) | Q(limit_max__gte=F("limit_min")),
                name="test_item_limits_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("standards:standard_detail", args=[self.standard_id])

    @property
    def limit_display(self) -> str:
        """Human form of the requirement: '4.0–7.5', '≤ 20 mg/kg', '≥ 1', or the text."""
        unit = f" {self.unit}" if self.unit else ""
        low, high = _plain(self.limit_min), _plain(self.limit_max)
        if low and high:
            numeric = f"{low}–{high}{unit}"
        elif high:
            numeric = f"≤ {high}{unit}"
        elif low:
            numeric = f"≥ {low}{unit}"
        else:
            numeric = ""
        return "；".join(part for part in (numeric, self.limit_text) if part)


def _plain(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text
