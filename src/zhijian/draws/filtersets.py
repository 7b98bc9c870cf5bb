"""One FilterSet for draws, shared by the list page's filter bar and the API; another for the public list."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhijian.core.filters import BaseFilterSet
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.draws.choices import DrawKind, DrawStatus
from zhijian.draws.models import Draw


def region_choices() -> list[tuple[str, str]]:
    rows = Region.objects.current().order_by("code").values_list("code", "name", "level")
    return [(code, name if level != "county" else f"　{name}") for code, name, level in rows]


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, this_year - 6, -1)]


def under_region(queryset: QuerySet, code: str) -> QuerySet:
    level = Region.objects.filter(code=code).values_list("level", flat=True).first() or "county"
    return queryset.filter(region__pk__startswith=region_prefix(code, level))


class DrawFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("抽取事项"), field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("抽取类型"), empty_label=_("全部"), choices=DrawKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), choices=DrawStatus.choices)
    region = django_filters.ChoiceFilter(label=_("所属区划"), empty_label=_("全部"), choices=region_choices,
                                         method="filter_region")
    year = django_filters.ChoiceFilter(label=_("年度"), empty_label=_("全部"), choices=year_choices, method="filter_year")
    commitment = django_filters.CharFilter(label=_("承诺值"), method="filter_commitment")

    class Meta:
        model = Draw
        fields = ["q", "kind", "status", "region", "year", "commitment"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return under_region(queryset, value) if value else queryset

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(committed_at__year=int(value)) if value else queryset

    def filter_commitment(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip().lower()
        return queryset.filter(commitment__startswith=value) if value else queryset


class DrawApiFilterSet(DrawFilterSet):
    """The API also finds the draws of one plan item, application, ...: ?subject_type=&subject_id=."""

    subject_type = django_filters.CharFilter(label=_("关联对象类型"))
    subject_id = django_filters.NumberFilter(label=_("关联对象编号"))

    class Meta:
        model = Draw
        fields = ["q", "kind", "status", "region", "year", "commitment", "subject_type", "subject_id"]
