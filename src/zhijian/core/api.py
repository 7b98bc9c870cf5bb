"""API plumbing shared by every app: pagination with a total, bilingual JSON errors, scoping mixin."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from zhijian.core.dataversion import data_version
from zhijian.core.identifiers import IdentifierError
from zhijian.core.workflow import TransitionNotAllowed


class CachedCountPaginator(Paginator):
    """Counting a million scoped rows costs more than the page itself; a large total is cached for
    a short while per distinct query (the SQL names the caller's scope and filters). Small totals
    are cheap and always exact."""

    ttl = 60
    cache_from = 10_000

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return 0
        key = "zj:count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            value = super().count
            if value >= self.cache_from:
                cache.set(key, value, self.ttl)
        return value


class StandardPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data: Any) -> Response:
        return Response({
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })


def _flatten(detail: Any, field: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = key if not field else f"{field}.{key}"
            out.extend(_flatten(value, "" if key in ("non_field_errors", "__all__") else name))
        return out
    if isinstance(detail, list):
        out = []
        for item in detail:
            out.extend(_flatten(item, field))
        return out
    return [{"field": field, "reason": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as JSON: {"detail": ..., "errors": [{"field": ..., "reason": ...}]}."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, IdentifierError):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    elif isinstance(exc, TransitionNotAllowed):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到 / not found")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied("无权操作 / permission denied")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        summary = "；".join(f"{e['field']}: {e['reason']}" if e["field"] else e["reason"] for e in errors)
        response.data = {"detail": summary, "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": []}
    return response


def identifier_field(validator, **kwargs: Any) -> serializers.CharField:
    """A serializer CharField that validates and normalises with one of core.identifiers."""

    class IdentifierField(serializers.CharField):
        def to_internal_value(self, data: Any) -> str:
            value = super().to_internal_value(data)
            if not value:
                return value
            try:
                return validator(value)
            except IdentifierError as exc:
                raise serializers.ValidationError(str(exc)) from exc

    return IdentifierField(**kwargs)


class ScopedViewSetMixin:
    """Querysets through the app's selector, so the API never sees beyond the caller's jurisdiction."""

    selector = None  # callable(user) -> QuerySet

    def get_queryset(self):  # type: ignore[override]
        return type(self).selector(self.request.user)

    def list(self, request, *args, **kwargs):
        """List pages, optionally served from a shared cache (settings.API_LIST_CACHE_SECONDS).

        The key holds the caller's scope and role, the full query string and the data version,
        which every audited write bumps on commit: a cached page is never older than the last
        write made through a service. Off by default; meant for a Redis cache shared by all
        workers (a per-process cache would miss other workers' bumps)."""
        ttl = getattr(settings, "API_LIST_CACHE_SECONDS", 0)
        if not ttl:
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        user = request.user
        key = "zj:list:" + hashlib.sha256(
            f"{data_version()}|{user.scope!r}|{user.role}|{request.get_full_path()}".encode()
        ).hexdigest()
        data = cache.get(key)
        if data is None:
            response = super().list(request, *args, **kwargs)  # type: ignore[misc]
            if response.status_code == 200:
                cache.set(key, response.data, ttl)
            return response
        return Response(data)


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_display = serializers.CharField(source="get_level_display")
    parent = serializers.CharField(source="parent_id", allow_null=True)
    supervision_region = serializers.CharField(source="supervision_region_id", allow_null=True)
    full_name = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


def register(router) -> None:
    from django_filters import rest_framework as filters
    from rest_framework import viewsets

    from zhijian.core import selectors
    from zhijian.core.models import Region

    class RegionFilter(filters.FilterSet):
        parent = filters.CharFilter(field_name="parent_id")
        code_prefix = filters.CharFilter(field_name="code", lookup_expr="startswith")

        class Meta:
            model = Region
            fields = ["level", "parent", "supervision_region"]

    class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
        """GB/T 2260 divisions of the province (public reference codes)."""

        serializer_class = RegionSerializer
        selector = staticmethod(selectors.region_list)
        filterset_class = RegionFilter
        lookup_value_regex = r"\d{6}"

    router.register("regions", RegionViewSet, basename="region")

    from zhijian.core.importexport.api import register as register_importexport

    register_importexport(router)  # /api/v1/imports/ and /api/v1/exports/
