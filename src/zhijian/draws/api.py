"""REST endpoints: /api/v1/draws/ (list, detail) with process actions calling the services:
commit (a pool of rows), enterprise-draw (a pool from directory filters), execute, cancel, record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhijian.core.api import ScopedViewSetMixin
from zhijian.draws import selectors, services
from zhijian.draws.choices import DrawKind, LicenceFilter, SamplingStage, StrataLevel
from zhijian.draws.filtersets import DrawApiFilterSet
from zhijian.draws.models import Draw


class DrawSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    committed_by = serializers.CharField(source="committed_by.username", read_only=True, default=None)
    drawn_by = serializers.CharField(source="drawn_by.username", read_only=True, default=None)

    class Meta:
        model = Draw
        fields = ["id", "kind", "kind_display", "title", "region", "region_name", "organisation", "subject_type",
                  "subject_id", "status", "status_display", "pool_size", "pool_sha256", "params", "allocation",
                  "algorithm", "algorithm_version", "commitment", "beacon_plan", "committed_by", "committed_at",
                  "beacon", "beacon_source", "witnesses", "seed", "result", "selected", "drawn_by", "drawn_at",
                  "cancel_reason", "cancelled_at"]


class DrawDetailSerializer(DrawSerializer):
    class Meta(DrawSerializer.Meta):
        fields = [*DrawSerializer.Meta.fields, "rows"]


class PoolRowSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=200)
    label = serializers.CharField(max_length=300, required=False, allow_blank=True)
    stratum = serializers.CharField(max_length=100, required=False, allow_blank=True)
    weight = serializers.CharField(max_length=40, required=False, default="1")


class CommitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DrawKind.choices)
    title = serializers.CharField(max_length=200)
    rows = PoolRowSerializer(many=True, allow_empty=False)
    params = serializers.JSONField(help_text='{"n": 10, "stratified": true, "weighted": false} 或 {"quotas": {"610100": 3}}')
    region = serializers.CharField(max_length=6)
    subject_type = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    subject_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    beacon_plan = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_params(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("须为 JSON 对象 / must be a JSON object")
        return value


class EnterpriseDrawSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    category_codes = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    region_codes = serializers.ListField(child=serializers.CharField(max_length=6), required=False, default=list)
    stage = serializers.ChoiceField(choices=SamplingStage.choices, required=False, allow_blank=True, default="")
    licence_status = serializers.ChoiceField(choices=LicenceFilter.choices, required=False, allow_blank=True, default="")
    weight = serializers.ChoiceField(choices=["equal", "supervision_weight"], required=False, default="equal")
    strata = serializers.ChoiceField(choices=StrataLevel.choices, required=False, default=StrataLevel.CITY)
    n = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    quotas = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False, allow_null=True,
                                   default=None)
    beacon_plan = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ExecuteSerializer(serializers.Serializer):
    beacon = serializers.CharField(max_length=500, help_text="承诺之后产生的公开随机值 / the public value")
    beacon_source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    witnesses = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DrawViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Verifiable double-random draws in the caller's jurisdiction (bureau staff and auditors)."""

    serializer_class = DrawSerializer
    filterset_class = DrawApiFilterSet
    ordering_fields = ["committed_at", "drawn_at", "title"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.draw_list(self.request.user)
        return selectors.draw_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {"retrieve": DrawDetailSerializer, "commit": CommitSerializer, "enterprise_draw": EnterpriseDrawSerializer,
                "execute": ExecuteSerializer, "cancel": CancelSerializer}.get(self.action, DrawSerializer)

    def _read_back(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        obj = selectors.draw_detail_queryset(self.request.user).filter(pk=pk).first()
        if obj is None:
            raise PermissionDenied("写入后不在您的管辖范围内 / the record would fall outside your jurisdiction")
        return Response(DrawDetailSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=CommitSerializer, responses=DrawDetailSerializer)
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def commit(self, request) -> Response:
        """Freeze a pool and parameters and publish the commitment."""
        serializer = CommitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            draw = services.draw_commit(acting_user=request.user, **serializer.validated_data)
            return self._read_back(draw.pk, status.HTTP_201_CREATED)

    @extend_schema(request=EnterpriseDrawSerializer, responses=DrawDetailSerializer)
    @action(detail=False, methods=["post"], url_path="enterprise-draw", filterset_class=None, pagination_class=None)
    def enterprise_draw(self, request) -> Response:
        """Commit a draw of inspected enterprises from the directory by filters."""
        serializer = EnterpriseDrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            draw = services.enterprise_draw_commit(acting_user=request.user, **serializer.validated_data)
            return self._read_back(draw.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ExecuteSerializer, responses=DrawDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def execute(self, request, pk: str | None = None) -> Response:
        """Draw with the public value typed by the witnessing officer."""
        draw = self.get_object()
        serializer = ExecuteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.draw_execute(acting_user=request.user, draw=draw, **serializer.validated_data)
        return self._read_back(draw.pk)

    @extend_schema(request=CancelSerializer, responses=DrawDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk: str | None = None) -> Response:
        """Cancel a committed draw before it is made (the reason is published)."""
        draw = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.draw_cancel(acting_user=request.user, draw=draw, **serializer.validated_data)
        return self._read_back(draw.pk)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filterset_class=None)
    def record(self, request, pk: str | None = None) -> Response:
        """The public record: the JSON `zhijian draw verify` checks."""
        return Response(services.draw_public_record(self.get_object()))


def register(router) -> None:
    router.register("draws", DrawViewSet, basename="draw")
