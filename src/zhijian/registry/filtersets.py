"""One FilterSet per model, shared by the list pages' filter bar and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.core.filters import BaseFilterSet
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.core.search import search
from zhijian.registry.choices import AliasKind, EnterpriseStatus, Industry, ProductStatus, SizeClass
from zhijian.registry.models import Brand, Enterprise, Product, ProductCategory
from zhijian.registry.selectors import category_descendant_ids, licence_required_q

ALL = _("全部")


def region_choices() -> list[tuple[str, str]]:
    """Cities and their counties, indented, for the region select."""
    rows = Region.objects.current().filter(level__in=["city", "county"]).order_by("code").values_list("code", "name", "level")
    return [(code, name if level == "city" else f"　{name}") for code, name, level in rows]


def filter_region_prefix(queryset: QuerySet, field: str, code: str) -> QuerySet:
    """Everything under the chosen division: a city selects its counties by code prefix."""
    if not code:
        return queryset
    level = Region.objects.filter(code=code).values_list("level", flat=True).first() or "county"
    return queryset.filter(**{f"{field}__startswith": region_prefix(code, level)})


class SearchFilterMixin:
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value) if value and value.strip() else queryset


class EnterpriseFilterSet(SearchFilterMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("名称、信用代码、法定代表人、地址；支持拼音首字母"))
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=ALL, choices=region_choices, method="filter_region")
    industry = django_filters.ChoiceFilter(label=_("所属行业"), empty_label=ALL, choices=Industry.choices)
    size_class = django_filters.ChoiceFilter(label=_("企业规模"), empty_label=ALL, choices=SizeClass.choices)
    status = django_filters.ChoiceFilter(label=_("登记状态"), empty_label=ALL, choices=EnterpriseStatus.choices)

    class Meta:
        model = Enterprise
        fields = ["q", "region", "industry", "size_class", "status"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_region_prefix(queryset, "region__pk", value)


class ProductFilterSet(SearchFilterMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("产品、品牌、型号、企业、分类"))
    category = django_filters.ModelChoiceFilter(
        label=_("产品分类"), empty_label=ALL, queryset=ProductCategory.objects.order_by("code"), method="filter_category"
    )
    brand = django_filters.ModelChoiceFilter(label=_("品牌"), empty_label=ALL, queryset=Brand.objects.only("id", "name").order_by("name"))
    enterprise = django_filters.CharFilter(label=_("生产企业"), method="filter_enterprise", help_text=_("企业名称、信用代码或编号"))
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=ALL, choices=region_choices, method="filter_region")
    key_consumer_product = django_filters.BooleanFilter(label=_("重点消费品"), field_name="category__key_consumer_product")
    licence_required = django_filters.BooleanFilter(label=_("生产许可证管理"), method="filter_licence_required")
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=ALL, choices=ProductStatus.choices)
    gtin = django_filters.CharFilter(label=_("商品条码"), field_name="gtin_rows__gtin")

    class Meta:
        model = Product
        fields = ["q", "category", "brand", "enterprise", "region", "key_consumer_product", "licence_required", "status", "gtin"]

    def filter_category(self, queryset: QuerySet, name: str, value: ProductCategory | None) -> QuerySet:
        return queryset.filter(category_id__in=category_descendant_ids(value)) if value else queryset

    def filter_enterprise(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        if value.isdigit() and len(value) < 18:
            return queryset.filter(enterprise_id=int(value))
        if len(value) == 18:
            return queryset.filter(Q(enterprise__uscc=value.upper()) | Q(enterprise__name__contains=value))
        return queryset.filter(enterprise__name__contains=value)

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_region_prefix(queryset, "enterprise__region__pk", value)

    def filter_licence_required(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        condition = licence_required_q(dt.date.today(), "category__")
        return queryset.filter(condition) if value else queryset.exclude(condition)


class CategoryFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("分类代码或名称"))
    level = django_filters.ChoiceFilter(label=_("层级"), empty_label=ALL, choices=[(1, _("一级")), (2, _("二级")), (3, _("三级"))])
    parent = django_filters.ModelChoiceFilter(
        label=_("上级分类"), empty_label=ALL, queryset=ProductCategory.objects.filter(level__lt=3).order_by("code")
    )
    licence_required = django_filters.BooleanFilter(label=_("生产许可证管理"))
    ccc_required = django_filters.BooleanFilter(label=_("CCC"))
    key_consumer_product = django_filters.BooleanFilter(label=_("重点消费品"))
    focus_industrial_product = django_filters.BooleanFilter(label=_("重点工业产品"))
    food_related = django_filters.BooleanFilter(label=_("食品相关产品"))

    class Meta:
        model = ProductCategory
        fields = [
            "q", "level", "parent", "licence_required", "ccc_required", "key_consumer_product",
            "focus_industrial_product", "food_related",
        ]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        return queryset.filter(Q(code__startswith=value) | Q(name__contains=value)) if value else queryset


class BrandFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("品牌名、英文名、拼音或别名"))
    alias_kind = django_filters.ChoiceFilter(label=_("别名类型"), empty_label=ALL, choices=AliasKind.choices, field_name="aliases__kind", distinct=True)
    has_owner = django_filters.BooleanFilter(label=_("已关联企业"), field_name="owner", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Brand
        fields = ["q", "alias_kind", "has_owner"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        matches = Q(name__icontains=value) | Q(name_en__icontains=value) | Q(pinyin__icontains=value)
        alias_brands = Brand.objects.filter(aliases__alias__icontains=value).values("id")
        return queryset.filter(matches | Q(id__in=alias_brands))
