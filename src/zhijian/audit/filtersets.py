"""One FilterSet per model, shared by the audit pages and /api/v1/audit/."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.audit.models import AuditEntry, Checkpoint, EntryKind
from zhijian.core.filters import BaseFilterSet


class AuditEntryFilter(BaseFilterSet):
    # ISO 8601 times ("2026-11-24T08:00", with or without zone; Asia/Shanghai when absent).
    time_from = django_filters.IsoDateTimeFilter(
        field_name="timestamp", lookup_expr="gte", label=_("起始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_to = django_filters.IsoDateTimeFilter(
        field_name="timestamp", lookup_expr="lte", label=_("截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact", label=_("操作人"))
    action = django_filters.CharFilter(field_name="action", lookup_expr="startswith", label=_("动作"))
    object_type = django_filters.CharFilter(field_name="object_type", label=_("对象类型"))
    object_id = django_filters.CharFilter(field_name="object_id", label=_("对象编号"))
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("类别"))
    request_id = django_filters.CharFilter(field_name="request_id", label=_("请求编号"))
    region = django_filters.CharFilter(field_name="region_code", lookup_expr="startswith", label=_("区划代码"))

    class Meta:
        model = AuditEntry
        fields = ["time_from", "time_to", "actor", "action", "object_type", "object_id", "kind", "request_id",
                  "region"]


class CheckpointFilter(BaseFilterSet):
    min_size = django_filters.NumberFilter(field_name="tree_size", lookup_expr="gte", label=_("覆盖条数不少于"))

    class Meta:
        model = Checkpoint
        fields = ["min_size"]
