from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zhijian.core.choices import JobStatus, RegionLevel
from zhijian.core.filters import BaseFilterSet
from zhijian.core.models import CalendarDay, Job, Region, SupervisionRegion


class RegionFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("代码或名称"), method="filter_q")
    level = django_filters.ChoiceFilter(label=_("级别"), choices=RegionLevel.choices)
    supervision_region = django_filters.ModelChoiceFilter(label=_("监管区域"), queryset=SupervisionRegion.objects.all())

    class Meta:
        model = Region
        fields = ["q", "level", "supervision_region"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(code__startswith=value) if value.isdigit() else queryset.filter(name__contains=value)


class CalendarDayFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(label=_("年份"), field_name="date", lookup_expr="year")
    is_workday = django_filters.BooleanFilter(label=_("是否工作日"))

    class Meta:
        model = CalendarDay
        fields = ["year", "is_workday"]


class JobFilterSet(BaseFilterSet):
    kind = django_filters.CharFilter(label=_("类型"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["kind", "status"]
