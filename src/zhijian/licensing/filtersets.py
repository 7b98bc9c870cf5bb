"""One FilterSet per list, shared by the filter bar and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.core.filters import BaseFilterSet
from zhijian.licensing.choices import (
    AnnualReportStatus,
    ApplicationKind,
    CampaignStatus,
    IssuingLevel,
    LicenceStatus,
    Procedure,
    Stage,
)
from zhijian.licensing.models import AnnualReport, Application, Campaign, CatalogueEntry, Licence


class LicenceFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("证书编号、企业名称、统一社会信用代码"))
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=LicenceStatus.choices)
    category = django_filters.CharFilter(label=_("产品类别代码"), method="filter_category")
    expiring_within = django_filters.NumberFilter(label=_("天内到期"), method="filter_expiring")

    class Meta:
        model = Licence
        fields = ["q", "status", "category", "expiring_within"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(holder__name__icontains=value)
                               | Q(holder_name__icontains=value) | Q(holder__uscc=value.upper())
                               | Q(product_name__icontains=value))

    def filter_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        return queryset.filter(Q(category__code=value) | Q(category__code__startswith=value + ".")) if value else queryset

    def filter_expiring(self, queryset: QuerySet, name: str, value) -> QuerySet:
        import datetime as dt

        from django.utils import timezone

        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(status=LicenceStatus.VALID, valid_until__gte=today,
                               valid_until__lte=today + dt.timedelta(days=int(value)))


class ApplicationFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("申请编号、企业名称"))
    kind = django_filters.ChoiceFilter(label=_("申请类型"), empty_label=_("全部"), choices=ApplicationKind.choices)
    stage = django_filters.ChoiceFilter(label=_("办理环节"), empty_label=_("全部"), choices=Stage.choices)
    priority = django_filters.BooleanFilter(label=_("优先办理"))

    class Meta:
        model = Application
        fields = ["q", "kind", "stage", "priority"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(enterprise__name__icontains=value)
                               | Q(product_name__icontains=value))


class AnnualReportFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(label=_("报告年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=AnnualReportStatus.choices)
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("证书编号、企业名称"))

    class Meta:
        model = AnnualReport
        fields = ["year", "status", "q"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        return queryset.filter(Q(licence__number__icontains=value) | Q(licence__holder__name__icontains=value)) \
            if value else queryset


class CampaignFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=CampaignStatus.choices)

    class Meta:
        model = Campaign
        fields = ["status"]


class CatalogueFilterSet(BaseFilterSet):
    code = django_filters.CharFilter(label=_("分类代码"), method="filter_code")
    on = django_filters.DateFilter(label=_("某日有效"), method="filter_on", help_text=_("YYYY-MM-DD"))
    issuing_level = django_filters.ChoiceFilter(label=_("发证机关层级"), empty_label=_("全部"), choices=IssuingLevel.choices)
    procedure = django_filters.ChoiceFilter(label=_("审批方式"), empty_label=_("全部"), choices=Procedure.choices)
    food_related = django_filters.BooleanFilter(label=_("食品相关产品"))

    class Meta:
        model = CatalogueEntry
        fields = ["code", "on", "issuing_level", "procedure", "food_related"]

    def filter_code(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        return queryset.filter(category_code__startswith=value) if value else queryset

    def filter_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(valid_from__lte=value).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=value))
