"""Inspection agencies with qualification scopes, and the inspector pool with declared conflicts.

Agencies are matched to product categories and standards by strings (category code or name,
standard number): this app does not import `registry` or `standards` (layering contract).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.agencies.choices import AgencyStatus, ConflictRelation
from zhijian.core.forms import IdentifierValidator
from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.core.search import SearchableMixin

_CATEGORY_CODE = re.compile(r"^\d+(\.\d+)*$")


class InspectionAgency(SearchableMixin, TimeStampedModel):
    """A testing laboratory (检验检测机构) with its CMA accreditation and the organisation its users log in as."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "organisation_id"
    search_fields = ("name", "address", "cma_number")

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[IdentifierValidator("validate_uscc")]
    )
    cma_number = models.CharField(_("资质认定证书编号"), max_length=40, blank=True)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    organisation = models.OneToOneField(
        "accounts.Organisation", models.SET_NULL, null=True, blank=True, related_name="inspection_agency",
        verbose_name=_("登录单位"),
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=AgencyStatus.choices, default=AgencyStatus.VALID)
    note = models.TextField(_("备注"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("检验机构")
        verbose_name_plural = _("检验机构")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="agency_name_not_empty")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:agency_detail", args=[self.pk])


class QualificationScope(TimeStampedModel):
    """What an agency is accredited to test: a product category (code or name), optionally one
    standard and some test items, over a validity period."""

    jurisdiction_region_field = "agency__region_id"
    jurisdiction_organisation_field = "agency__organisation_id"

    agency = models.ForeignKey(InspectionAgency, models.CASCADE, related_name="scopes", verbose_name=_("检验机构"))
    product_category = models.CharField(_("产品类别"), max_length=100, help_text=_("产品目录代码或名称"))
    standard_number = models.CharField(
        _("标准编号"), max_length=40, blank=True, validators=[IdentifierValidator("validate_standard_number")]
    )
    test_items = models.JSONField(_("检验项目"), default=list, blank=True)
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["agency_id", "product_category", "valid_from"]
        verbose_name = _("资质范围")
        verbose_name_plural = _("资质范围")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="scope_valid_period"
            ),
            models.CheckConstraint(condition=~Q(product_category=""), name="scope_category_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.product_category} {self.standard_number}".strip()

    def get_absolute_url(self) -> str:
        return reverse("agencies:agency_detail", args=[self.agency_id])

    def valid_on(self, on_date: dt.date) -> bool:
        return self.valid_from <= on_date and (self.valid_to is None or on_date <= self.valid_to)

    def covers(self, category: str, on_date: dt.date) -> bool:
        """True when the scope includes `category` on `on_date`.

        A category matches by equal name or code; a code-shaped scope (``401``) also covers the
        codes below it in the national 3-level product classification (``401.6``).
        """
        return self.valid_on(on_date) and category_matches(self.product_category, category)


def category_matches(scope_category: str, category: str) -> bool:
    scope_category, category = scope_category.strip(), str(category).strip()
    if scope_category == category:
        return True
    return bool(
        _CATEGORY_CODE.match(scope_category) and _CATEGORY_CODE.match(category) and category.startswith(scope_category)
    )


class Inspector(SearchableMixin, TimeStampedModel):
    """A member of the enforcement inspector pool (执法检查人员名录库) that double-random draws pick from."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "organisation_id"
    search_fields = ("name", "staff_number", "unit")

    name = models.CharField(_("姓名"), max_length=50)
    staff_number = models.CharField(_("人员编号"), max_length=30, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="inspectors", verbose_name=_("所属单位")
    )
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    unit = models.CharField(_("科室"), max_length=100, blank=True)
    qualifications = models.JSONField(_("资格"), default=list, blank=True)
    law_enforcement_cert_no = models.CharField(_("执法证号"), max_length=40, blank=True)
    cert_valid_to = models.DateField(_("执法证有效期至"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "staff_number"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")
        constraints = [models.CheckConstraint(condition=~Q(staff_number=""), name="inspector_staff_number_not_empty")]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_number}）"

    def get_absolute_url(self) -> str:
        return reverse("agencies:inspector_detail", args=[self.pk])

    @property
    def qualifications_display(self) -> str:
        return "、".join(self.qualifications or [])

    def cert_valid_on(self, on_date: dt.date) -> bool:
        return bool(self.law_enforcement_cert_no) and (self.cert_valid_to is None or on_date <= self.cert_valid_to)


class ConflictOfInterest(TimeStampedModel):
    """A declared conflict: the inspector must not be drawn to inspect this enterprise while it stands."""

    jurisdiction_region_field = "inspector__region_id"
    jurisdiction_organisation_field = "inspector__organisation_id"

    inspector = models.ForeignKey(Inspector, models.CASCADE, related_name="conflicts", verbose_name=_("执法检查人员"))
    enterprise_uscc = models.CharField(
        _("企业统一社会信用代码"), max_length=18, validators=[IdentifierValidator("validate_uscc")]
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    relation = models.CharField(_("关系"), max_length=16, choices=ConflictRelation.choices)
    declared_on = models.DateField(_("申报日期"))
    note = models.TextField(_("说明"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["inspector_id", "-declared_on"]
        verbose_name = _("利益冲突申报")
        verbose_name_plural = _("利益冲突申报")
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "enterprise_uscc"], condition=Q(withdrawn_on__isnull=True),
                name="conflict_one_active_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("declared_on")),
                name="conflict_withdrawn_after_declared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector.name} — {self.enterprise_name}"

    def get_absolute_url(self) -> str:
        return reverse("agencies:inspector_detail", args=[self.inspector_id])

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
