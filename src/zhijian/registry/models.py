"""Enterprises, the product catalogue, brands with their aliases, and products."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import IdentifierValidator
from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.core.search import SearchableMixin
from zhijian.registry.choices import AliasKind, EnterpriseStatus, Industry, ProductStatus, SizeClass

USCC_PATTERN = r"^[0-9A-HJ-NP-RTUW-Y]{18}$"


class Enterprise(SearchableMixin, TimeStampedModel):
    """A producer under supervision, registered where its USCC says (positions 3-8 a known region)."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "organisation_id"
    search_fields = ("name", "uscc", "legal_representative", "registered_address")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[IdentifierValidator("validate_uscc")])
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    registered_address = models.CharField(_("注册地址"), max_length=255)
    production_address = models.CharField(_("生产地址"), max_length=255, blank=True)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="enterprises", verbose_name=_("所在区划"))
    industry = models.CharField(_("所属行业"), max_length=16, choices=Industry.choices)
    size_class = models.CharField(_("企业规模"), max_length=8, choices=SizeClass.choices)
    status = models.CharField(_("登记状态"), max_length=16, choices=EnterpriseStatus.choices, default=EnterpriseStatus.EXISTING)
    registration_number = models.CharField(
        _("注册号（旧）"), max_length=15, blank=True, validators=[IdentifierValidator("validate_registration_number")],
        help_text=_("2015年前的15位工商注册号，可空"),
    )
    organisation = models.OneToOneField(
        "accounts.Organisation", models.SET_NULL, null=True, blank=True, related_name="enterprise",
        verbose_name=_("企业登录单位"),
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    # The double-random draw's weight for this enterprise: equal (1) until a risk or credit grade
    # sets it; a D-class enterprise might weigh 4, an A-class 0.5.
    supervision_weight = models.DecimalField(
        _("抽查权重"), max_digits=6, decimal_places=2, default=Decimal("1"),
        help_text=_("双随机抽取时的权重，默认相等；可按风险或信用分类调整"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        constraints = [
            models.CheckConstraint(condition=Q(uscc__regex=USCC_PATTERN), name="enterprise_uscc_format"),
            models.CheckConstraint(
                condition=Q(registration_number="") | Q(registration_number__regex=r"^[0-9]{15}$"),
                name="enterprise_registration_number_format",
            ),
            models.CheckConstraint(condition=Q(industry__in=Industry.values), name="enterprise_industry_valid"),
            models.CheckConstraint(condition=Q(size_class__in=SizeClass.values), name="enterprise_size_class_valid"),
            models.CheckConstraint(condition=Q(status__in=EnterpriseStatus.values), name="enterprise_status_valid"),
            models.CheckConstraint(condition=Q(supervision_weight__gt=0), name="enterprise_supervision_weight_positive"),
        ]
        indexes = [
            models.Index(fields=["industry"], name="enterprise_industry_idx"),
            models.Index(fields=["status"], name="enterprise_status_idx"),
            # A county bureau's list: region = code, ordered by id, without a sort.
            models.Index(fields=["region", "id"], name="enterprise_region_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:enterprise_detail", args=[self.pk])

    @property
    def organisation_code(self) -> str:
        """The GB 11714 organisation code embedded in the USCC (positions 9-17), as 8+1 with a hyphen."""
        code = self.uscc[8:17]
        return f"{code[:8]}-{code[8]}" if len(code) == 9 else ""


class ProductCategory(TimeStampedModel):
    """One node of the national 3-level product classification (4 / 401 / 401.6, DOMAIN 8 note 6).

    Market-entry regimes change over time (DOMAIN 3.3), so the XK and CCC flags carry the dates
    between which they apply; ask `licence_required_on(date)`, never the bare flag.
    """

    code = models.CharField(_("分类代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级分类"))
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    licence_required = models.BooleanField(_("生产许可证管理"), default=False)
    licence_valid_from = models.DateField(_("许可证管理起始日"), null=True, blank=True)
    licence_valid_to = models.DateField(_("许可证管理截止日"), null=True, blank=True, help_text=_("此日起不再实行生产许可证管理"))
    ccc_required = models.BooleanField(_("强制性产品认证（CCC）"), default=False)
    ccc_valid_from = models.DateField(_("CCC起始日"), null=True, blank=True)
    ccc_valid_to = models.DateField(_("CCC截止日"), null=True, blank=True)
    key_consumer_product = models.BooleanField(_("重点消费品"), default=False)
    focus_industrial_product = models.BooleanField(_("重点工业产品"), default=False)
    food_related = models.BooleanField(_("食品相关产品"), default=False)
    description = models.TextField(_("说明"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("产品分类")
        verbose_name_plural = _("产品分类")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]+(\.[0-9]+)?$"), name="category_code_format"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="category_level_1_to_3"),
            models.CheckConstraint(
                condition=Q(licence_valid_from__isnull=True) | Q(licence_valid_to__isnull=True)
                | Q(licence_valid_from__lt=models.F("licence_valid_to")),
                name="category_licence_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ccc_valid_from__isnull=True) | Q(ccc_valid_to__isnull=True)
                | Q(ccc_valid_from__lt=models.F("ccc_valid_to")),
                name="category_ccc_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:category_detail", args=[self.pk])

    @staticmethod
    def _in_period(flag: bool, start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
        # `end` is the first day the regime no longer applies (电热毯: XK until 2018-08-01, then CCC).
        return flag and (start is None or start <= on) and (end is None or on < end)

    def licence_required_on(self, on: dt.date) -> bool:
        return self._in_period(self.licence_required, self.licence_valid_from, self.licence_valid_to, on)

    def ccc_required_on(self, on: dt.date) -> bool:
        return self._in_period(self.ccc_required, self.ccc_valid_from, self.ccc_valid_to, on)


class Brand(TimeStampedModel):
    """A trademark as it appears on products and listings; aliases feed the screening engine."""

    name = models.CharField(_("品牌名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名"), max_length=100, blank=True)
    pinyin = models.CharField(_("拼音"), max_length=200, blank=True, help_text=_("留空时自动生成"))
    owner = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="brands", verbose_name=_("权利人企业")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:brand_detail", args=[self.pk])


class BrandAlias(models.Model):
    brand = models.ForeignKey(Brand, models.CASCADE, related_name="aliases", verbose_name=_("品牌"))
    alias = models.CharField(_("别名"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=AliasKind.choices, default=AliasKind.OTHER)

    class Meta:
        ordering = ["brand_id", "alias"]
        verbose_name = _("品牌别名")
        verbose_name_plural = _("品牌别名")
        constraints = [
            models.UniqueConstraint(fields=["brand", "alias"], name="brand_alias_unique"),
            models.CheckConstraint(condition=~Q(alias=""), name="brand_alias_not_blank"),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="brand_alias_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.brand_id}:{self.alias}"


class Product(SearchableMixin, TimeStampedModel):
    """A product an enterprise makes. `gtins` is the list shown and exchanged; ProductGTIN rows,
    kept in step by the services, make a barcode lookup one indexed query."""

    jurisdiction_region_field = "enterprise__region_id"
    jurisdiction_organisation_field = "enterprise__organisation_id"
    search_fields = ("name", "brand.name", "model", "enterprise.name", "category.name")

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="products", verbose_name=_("生产企业"))
    category = models.ForeignKey(ProductCategory, models.PROTECT, related_name="products", verbose_name=_("产品分类"))
    brand = models.ForeignKey(Brand, models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("品牌"))
    name = models.CharField(_("产品名称"), max_length=200)
    model = models.CharField(_("规格型号"), max_length=100, blank=True)
    gtins = models.JSONField(_("商品条码"), default=list, blank=True)
    declared_standards = models.JSONField(_("执行标准"), default=list, blank=True)
    # The licence mark and number a catalogue product must carry (条例 Art. 33); sellers check it.
    licence_number = models.CharField(
        _("生产许可证编号"), max_length=24, blank=True, validators=[IdentifierValidator("validate_licence_number")]
    )
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.IN_PRODUCTION)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name", "model"], name="product_enterprise_name_model_unique"),
            models.CheckConstraint(condition=Q(status__in=ProductStatus.values), name="product_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.model}".strip()

    def get_absolute_url(self) -> str:
        return reverse("registry:product_detail", args=[self.pk])

    @property
    def audit_organisation_id(self) -> int | None:
        return self.enterprise.organisation_id if self.enterprise_id else None


class ProductGTIN(models.Model):
    """One barcode of one product: a GTIN names a single trade item, so it is unique platform-wide."""

    product = models.ForeignKey(Product, models.CASCADE, related_name="gtin_rows", verbose_name=_("产品"))
    gtin = models.CharField(_("商品条码"), max_length=14, unique=True)

    class Meta:
        ordering = ["gtin"]
        verbose_name = _("商品条码")
        verbose_name_plural = _("商品条码")
        constraints = [
            models.CheckConstraint(condition=Q(gtin__regex=r"^([0-9]{8}|[0-9]{12,14})$"), name="product_gtin_format"),
        ]

    def __str__(self) -> str:
        return self.gtin
