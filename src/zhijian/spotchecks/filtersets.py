"""One FilterSet per model, shared by the list pages' filter bar and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhijian.agencies.filtersets import _SearchRegionMixin, region_choices
from zhijian.core.filters import BaseFilterSet
from zhijian.registry.models import ProductCategory
from zhijian.spotchecks.choices import (
    AnnouncementStatus,
    HandlingStatus,
    ObjectionStatus,
    PlanLevel,
    PlanStatus,
    Stage,
    TaskStatus,
    Verdict,
)
from zhijian.spotchecks.models import Announcement, AnnouncementRow, Handling, Objection, Plan, Task


def category_choices() -> list[tuple[str, str]]:
    return list(ProductCategory.objects.filter(level__gte=2).order_by("code").values_list("code", "name"))


class PlanFilterSet(_SearchRegionMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("计划名称、批次"))
    year = django_filters.NumberFilter(label=_("年度"))
    level = django_filters.ChoiceFilter(label=_("抽查层级"), empty_label=_("全部"), choices=PlanLevel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = ["q", "year", "level", "status"]


class TaskFilterSet(_SearchRegionMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("任务编号、企业、产品、商标、型号"))
    plan = django_filters.NumberFilter(label=_("抽查计划"), field_name="plan_id")
    year = django_filters.NumberFilter(label=_("年度"), field_name="plan__year")
    category = django_filters.ChoiceFilter(label=_("产品类别"), empty_label=_("全部"), choices=category_choices,
                                           field_name="item__category__code")
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=_("全部"), choices=region_choices,
                                         method="filter_region")
    stage = django_filters.ChoiceFilter(label=_("抽样环节"), empty_label=_("全部"), choices=Stage.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=TaskStatus.choices)
    verdict = django_filters.ChoiceFilter(label=_("检验结论"), empty_label=_("全部"), choices=Verdict.choices)

    class Meta:
        model = Task
        fields = ["q", "plan", "year", "category", "region", "stage", "status", "verdict"]


class ObjectionFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=ObjectionStatus.choices)

    class Meta:
        model = Objection
        fields = ["status"]


class HandlingFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=HandlingStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")

    class Meta:
        model = Handling
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from django.utils import timezone

        if value is None:
            return queryset
        today = timezone.localdate()
        late = queryset.filter(status=HandlingStatus.ORDERED, correction_due__lt=today) | queryset.filter(
            reinspected_on__isnull=True, reinspection_due__lt=today, status__in=[HandlingStatus.ORDERED, HandlingStatus.RECTIFIED])
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class AnnouncementFilterSet(_SearchRegionMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=AnnouncementStatus.choices)

    class Meta:
        model = Announcement
        fields = ["q", "status"]


class ResultFilterSet(_SearchRegionMixin, BaseFilterSet):
    """The public result search: product, enterprise, brand, region, year, verdict."""

    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("产品、企业、商标、型号、不合格项目"))
    year = django_filters.NumberFilter(label=_("年度"))
    category = django_filters.CharFilter(label=_("产品类别"), field_name="category_name", lookup_expr="icontains")
    trademark = django_filters.CharFilter(label=_("商标"), lookup_expr="icontains")
    enterprise = django_filters.CharFilter(label=_("企业名称"), method="filter_enterprise")
    region = django_filters.ChoiceFilter(label=_("所在区划"), empty_label=_("全部"), choices=region_choices,
                                         method="filter_region")
    verdict = django_filters.ChoiceFilter(label=_("综合判定"), empty_label=_("全部"), choices=Verdict.choices)

    class Meta:
        model = AnnouncementRow
        fields = ["q", "year", "category", "trademark", "enterprise", "region", "verdict"]

    def filter_enterprise(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        return queryset.filter(producer_name__icontains=value.strip()) | queryset.filter(
            sampled_unit_name__icontains=value.strip())
