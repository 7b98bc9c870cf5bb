"""One FilterSet per model, shared by the list pages' filter bar and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.core.filters import BaseFilterSet
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.core.search import search
from zhijian.risk.choices import (
    AlarmStatus,
    HazardType,
    RiskLevel,
    SignalStatus,
    SourceType,
    TaskStatus,
    WarningLevel,
    WarningStatus,
)
from zhijian.risk.models import Alarm, Assessment, ResponseTask, Signal, Subscription, Warning


def region_choices() -> list[tuple[str, str]]:
    rows = Region.objects.current().filter(level__in=["city", "county"]).order_by("code").values_list("code", "name", "level")
    return [(code, name if level == "city" else f"　{name}") for code, name, level in rows]


class _Common:
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value) if value and value.strip() else queryset

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        level = Region.objects.filter(code=value).values_list("level", flat=True).first() or "county"
        return queryset.filter(region__pk__startswith=region_prefix(value, level))


class SignalFilterSet(_Common, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("标题、描述、产品、品牌、型号、条码、企业"))
    source_type = django_filters.ChoiceFilter(label=_("信息来源"), empty_label=_("全部"), choices=SourceType.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=SignalStatus.choices)
    hazard_type = django_filters.ChoiceFilter(label=_("危害类型"), empty_label=_("全部"), choices=HazardType.choices)
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=_("全部"), choices=region_choices,
                                         method="filter_region")
    category_name = django_filters.CharFilter(label=_("产品类别"), lookup_expr="icontains")
    received_from = django_filters.DateFilter(label=_("接收日期自"), field_name="received_at", lookup_expr="date__gte")
    received_to = django_filters.DateFilter(label=_("接收日期至"), field_name="received_at", lookup_expr="date__lte")
    linked = django_filters.BooleanFilter(label=_("已关联产品"), field_name="product", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Signal
        fields = ["q", "source_type", "status", "hazard_type", "region", "category_name", "received_from",
                  "received_to", "linked"]


class AssessmentFilterSet(_Common, BaseFilterSet):
    level = django_filters.ChoiceFilter(label=_("风险等级"), empty_label=_("全部"), choices=RiskLevel.choices)
    profile = django_filters.CharFilter(label=_("风险矩阵"))
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=_("全部"), choices=region_choices,
                                         method="filter_region")

    class Meta:
        model = Assessment
        fields = ["level", "profile", "region"]


class AlarmFilterSet(_Common, BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=AlarmStatus.choices)
    series = django_filters.CharFilter(label=_("监测序列"), lookup_expr="icontains")
    week_from = django_filters.DateFilter(label=_("周自"), field_name="week", lookup_expr="gte")

    class Meta:
        model = Alarm
        fields = ["status", "series", "week_from"]


class WarningFilterSet(_Common, BaseFilterSet):
    title = django_filters.CharFilter(label=_("预警标题"), lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("预警级别"), empty_label=_("全部"), choices=WarningLevel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=WarningStatus.choices)

    class Meta:
        model = Warning
        fields = ["title", "level", "status"]


class ResponseTaskFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=TaskStatus.choices)
    warning = django_filters.NumberFilter(label=_("预警编号"), field_name="warning_id")
    overdue = django_filters.BooleanFilter(label=_("已督办"), field_name="escalation_level", lookup_expr="gt",
                                           method="filter_overdue")

    class Meta:
        model = ResponseTask
        fields = ["status", "warning", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(escalation_level__gt=0) if value else queryset.filter(escalation_level=0)


class SubscriptionFilterSet(BaseFilterSet):
    name = django_filters.CharFilter(label=_("订阅名称"), lookup_expr="icontains")

    class Meta:
        model = Subscription
        fields = ["name", "active"]
