"""One FilterSet per model, shared by the list pages' filter bar and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.agencies.choices import INSPECTOR_QUALIFICATIONS, AgencyStatus, ConflictRelation
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.agencies.selectors import qualified_agencies, with_qualification
from zhijian.core.filters import BaseFilterSet
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.core.search import search


def region_choices() -> list[tuple[str, str]]:
    """Cities and their counties, indented, for the region select."""
    rows = Region.objects.current().filter(level__in=["city", "county"]).order_by("code").values_list("code", "name", "level")
    return [(code, name if level == "city" else f"　{name}") for code, name, level in rows]


def _under_region(queryset: QuerySet, code: str) -> QuerySet:
    """Everything under the chosen division: a city selects its counties by code prefix."""
    level = Region.objects.filter(code=code).values_list("level", flat=True).first() or "county"
    return queryset.filter(region__pk__startswith=region_prefix(code, level))


class _SearchRegionMixin:
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value) if value and value.strip() else queryset

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _under_region(queryset, value) if value else queryset


class AgencyFilterSet(_SearchRegionMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("机构名称、地址、资质认定证书编号"))
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=_("全部"), choices=region_choices, method="filter_region")
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=AgencyStatus.choices)
    qualified_for = django_filters.CharFilter(label=_("具备资质的产品类别"), method="filter_qualified_for",
                                              help_text=_("产品类别代码或名称，按今天的有效资质"))

    class Meta:
        model = InspectionAgency
        fields = ["q", "region", "status", "qualified_for"]

    def filter_qualified_for(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=qualified_agencies(value.strip()).values("pk"))


class QualificationScopeFilterSet(BaseFilterSet):
    agency = django_filters.NumberFilter(label=_("检验机构"), field_name="agency_id")
    product_category = django_filters.CharFilter(label=_("产品类别"), lookup_expr="icontains")
    standard_number = django_filters.CharFilter(label=_("标准编号"))

    class Meta:
        model = QualificationScope
        fields = ["agency", "product_category", "standard_number"]


class InspectorFilterSet(_SearchRegionMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("姓名、人员编号、科室"))
    region = django_filters.ChoiceFilter(label=_("所属区划"), empty_label=_("全部"), choices=region_choices, method="filter_region")
    unit = django_filters.CharFilter(label=_("科室"), lookup_expr="icontains")
    qualification = django_filters.ChoiceFilter(label=_("资格"), empty_label=_("全部"), choices=INSPECTOR_QUALIFICATIONS, method="filter_qualification")
    active = django_filters.BooleanFilter(label=_("在库"))
    conflict_with = django_filters.CharFilter(label=_("与企业存在利益冲突"), method="filter_conflict_with",
                                              help_text=_("企业统一社会信用代码"))

    class Meta:
        model = Inspector
        fields = ["q", "region", "unit", "qualification", "active", "conflict_with"]

    def filter_qualification(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return with_qualification(queryset, value) if value else queryset

    def filter_conflict_with(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip().upper()
        if not value:
            return queryset
        return queryset.filter(conflicts__enterprise_uscc=value, conflicts__withdrawn_on__isnull=True).distinct()


class ConflictFilterSet(BaseFilterSet):
    inspector = django_filters.NumberFilter(label=_("执法检查人员"), field_name="inspector_id")
    enterprise_uscc = django_filters.CharFilter(label=_("企业统一社会信用代码"))
    relation = django_filters.ChoiceFilter(label=_("关系"), empty_label=_("全部"), choices=ConflictRelation.choices)
    active = django_filters.BooleanFilter(label=_("有效"), field_name="withdrawn_on", lookup_expr="isnull")

    class Meta:
        model = ConflictOfInterest
        fields = ["inspector", "enterprise_uscc", "relation", "active"]
