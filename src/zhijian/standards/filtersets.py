"""One FilterSet per model, shared by the list pages' filter bar and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.core.filters import BaseFilterSet
from zhijian.core.search import search
from zhijian.standards.choices import StandardNature, StandardStatus
from zhijian.standards.models import Standard, TestItem


def product_choices() -> list[tuple[str, str]]:
    names = {name for products in Standard.objects.values_list("products", flat=True) for name in (products or [])}
    return [(name, name) for name in sorted(names)]


class StandardFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("标准编号、名称、适用产品；支持拼音首字母"))
    nature = django_filters.ChoiceFilter(label=_("标准性质"), empty_label=_("全部"), choices=StandardNature.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=StandardStatus.choices)
    product = django_filters.ChoiceFilter(label=_("适用产品"), empty_label=_("全部"), choices=product_choices, method="filter_product")
    safety_critical = django_filters.BooleanFilter(label=_("含安全关键项目"), method="filter_safety_critical")

    class Meta:
        model = Standard
        fields = ["q", "nature", "status", "product", "safety_critical"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value) if value and value.strip() else queryset

    def filter_product(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # JSON containment is not portable to SQLite; the catalogue is small, so match in Python.
        ids = [pk for pk, products in Standard.objects.values_list("id", "products") if value in (products or [])]
        return queryset.filter(pk__in=ids)

    def filter_safety_critical(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        with_safety = TestItem.objects.filter(safety_critical=True).values("standard_id")
        return queryset.filter(pk__in=with_safety) if value else queryset.exclude(pk__in=with_safety)


class TestItemFilterSet(BaseFilterSet):
    __test__ = False

    standard = django_filters.NumberFilter(label=_("标准"), field_name="standard_id")
    standard_number = django_filters.CharFilter(label=_("标准编号"), field_name="standard__number")
    name = django_filters.CharFilter(label=_("检验项目"), lookup_expr="icontains")
    safety_critical = django_filters.BooleanFilter(label=_("安全关键项目"))
    product = django_filters.ChoiceFilter(label=_("适用产品"), empty_label=_("全部"), choices=product_choices, method="filter_product")

    class Meta:
        model = TestItem
        fields = ["standard", "standard_number", "name", "safety_critical", "product"]

    def filter_product(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        ids = [pk for pk, products in Standard.objects.values_list("id", "products") if value in (products or [])]
        return queryset.filter(standard_id__in=ids)
