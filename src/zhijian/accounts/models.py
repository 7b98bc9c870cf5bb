"""Organisations (bureaus by level, enterprises, agencies, platforms), users, roles, jurisdiction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.choices import (
    BUREAU_ROLES,
    ORGANISATION_ROLES,
    PROVINCE_WIDE_ROLES,
    BureauLevel,
    OrganisationKind,
    Role,
)
from zhijian.core.jurisdiction import RestrictedQuerySet, Scope, region_prefix
from zhijian.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "id"

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=OrganisationKind.choices)
    level = models.CharField(_("层级"), max_length=8, choices=BureauLevel.choices, blank=True)
    region = models.ForeignKey("core.Region", models.PROTECT, verbose_name=_("所在区划"), related_name="organisations")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级单位"))
    is_active = models.BooleanField(_("有效"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "region_id", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_kind_name_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="bureau") | ~models.Q(level=""), name="bureau_has_level"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("所属单位")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE_USER)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope(self) -> Scope:
        """What this user may see: the province, a region prefix, or one organisation."""
        if self.is_superuser or self.role in PROVINCE_WIDE_ROLES:
            return Scope(everything=True)
        org = self.organisation
        if org is None or not org.is_active:
            return Scope()
        if self.role in BUREAU_ROLES:
            if org.level == BureauLevel.PROVINCE:
                return Scope(everything=True)
            return Scope(region_prefix=region_prefix(org.region_id, org.level), organisation_id=org.id)
        if self.role in ORGANISATION_ROLES:
            return Scope(organisation_id=org.id)
        return Scope()

    @property
    def is_bureau(self) -> bool:
        return self.is_superuser or self.role in BUREAU_ROLES or self.role == Role.ADMINISTRATOR

    @property
    def is_auditor(self) -> bool:
        return self.role in {Role.AUDITOR, Role.ADMINISTRATOR} or self.is_superuser

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles
