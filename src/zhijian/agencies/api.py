"""REST endpoints: /api/v1/agencies/ (qualification scopes nested) and /api/v1/inspectors/ (declared
conflicts nested). Thin: writes call services, and every write is re-read through the caller's selector."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhijian.accounts.models import Organisation
from zhijian.agencies import selectors, services
from zhijian.agencies.choices import INSPECTOR_QUALIFICATIONS, ConflictRelation
from zhijian.agencies.filtersets import AgencyFilterSet, InspectorFilterSet
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.core.api import ScopedViewSetMixin, identifier_field
from zhijian.core.identifiers import IdentifierError, validate_region_code, validate_standard_number, validate_uscc
from zhijian.core.models import Region
from zhijian.core.selectors import region_exists


def _region(value: str) -> str:
    return validate_region_code(value, known_region=region_exists)


class RegionField(serializers.CharField):
    """A GB/T 2260 code in, the Region out; an unknown code is a bilingual 400 on the field."""

    def to_internal_value(self, data: Any) -> Region:
        try:
            return Region.objects.get(code=_region(str(data)))
        except (IdentifierError, Region.DoesNotExist) as exc:
            raise serializers.ValidationError(str(exc) or "行政区划代码不存在 / unknown region code") from exc

    def to_representation(self, value: Any) -> str:
        return value.code if isinstance(value, Region) else str(value)


# --- agencies ----------------------------------------------------------------------------------

class ScopeSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualificationScope
        fields = ["id", "product_category", "standard_number", "test_items", "valid_from", "valid_to"]


class ScopeWriteSerializer(serializers.Serializer):
    product_category = serializers.CharField(max_length=100)
    standard_number = identifier_field(validate_standard_number, max_length=40, required=False, allow_blank=True)
    test_items = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = InspectionAgency
        fields = ["id", "name", "uscc", "cma_number", "region", "region_name", "organisation", "address", "contact",
                  "phone", "status", "status_display", "scope_count"]


class AgencyDetailSerializer(AgencySerializer):
    scopes = ScopeSerializer(many=True, read_only=True)

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "note", "scopes"]


class AgencyWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    uscc = identifier_field(validate_uscc, max_length=30)
    cma_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    region = RegionField()
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind="agency"), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class StatusSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=["suspend", "reinstate", "revoke"])
    reason = serializers.CharField(required=False, allow_blank=True)


class _ReadBackMixin:
    """After a write, read the row back through the caller's selector: out of sight rolls it back."""

    detail_serializer: Any = None

    def read_back(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise PermissionDenied("写入后不在您的管辖范围内 / the record would fall outside your jurisdiction")
        return Response(self.detail_serializer(obj, context=self.get_serializer_context()).data, status=code)


class AgencyViewSet(_ReadBackMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Inspection agencies in the caller's jurisdiction (agency users: their own)."""

    serializer_class = AgencySerializer
    detail_serializer = AgencyDetailSerializer
    filterset_class = AgencyFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering_fields = ["name", "region"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.agency_list(self.request.user)
        return selectors.agency_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {"create": AgencyWriteSerializer, "update": AgencyWriteSerializer,
                "partial_update": AgencyWriteSerializer, "retrieve": AgencyDetailSerializer,
                "change_status": StatusSerializer, "scopes": ScopeWriteSerializer}.get(self.action, AgencySerializer)

    @extend_schema(request=AgencyWriteSerializer, responses=AgencyDetailSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        serializer = AgencyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            agency = services.agency_create(acting_user=request.user, **serializer.validated_data)
            return self.read_back(agency.pk, status.HTTP_201_CREATED)

    @extend_schema(request=AgencyWriteSerializer, responses=AgencyDetailSerializer)
    def update(self, request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = AgencyWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            services.agency_update(acting_user=request.user, instance=instance, **serializer.validated_data)
            return self.read_back(instance.pk)

    def destroy(self, request, *args: Any, **kwargs: Any) -> Response:
        """Agencies are never deleted: revoke them (POST .../status/ {"transition": "revoke"})."""
        self.get_object()
        return Response({"detail": "检验机构不能删除，请使用撤销 / agencies are revoked, not deleted", "errors": []},
                        status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(request=StatusSerializer, responses=AgencyDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk: str | None = None) -> Response:
        """暂停 (suspend) / 恢复 (reinstate) / 撤销 (revoke)."""
        instance = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agency_change_status(acting_user=request.user, instance=instance, **serializer.validated_data)
        return self.read_back(instance.pk)

    @extend_schema(request=ScopeWriteSerializer, responses=ScopeSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def scopes(self, request, pk: str | None = None) -> Response:
        """The agency's qualification scopes; POST adds one."""
        agency = self.get_object()
        if request.method == "POST":
            serializer = ScopeWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            scope = services.scope_add(acting_user=request.user, agency=agency, **serializer.validated_data)
            return Response(ScopeSerializer(scope).data, status=status.HTTP_201_CREATED)
        return Response(ScopeSerializer(agency.scopes.all(), many=True).data)

    @action(detail=True, methods=["delete"], url_path=r"scopes/(?P<scope_id>\d+)", filterset_class=None)
    def remove_scope(self, request, pk: str | None = None, scope_id: str | None = None) -> Response:
        agency = self.get_object()
        scope = get_object_or_404(QualificationScope, pk=scope_id, agency=agency)
        services.scope_remove(acting_user=request.user, instance=scope, reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- inspectors ----------------------------------------------------------------------------------

class ConflictSerializer(serializers.ModelSerializer):
    relation_display = serializers.CharField(source="get_relation_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ConflictOfInterest
        fields = ["id", "enterprise_uscc", "enterprise_name", "relation", "relation_display", "declared_on", "note",
                  "is_active", "withdrawn_on", "withdraw_reason"]


class ConflictWriteSerializer(serializers.Serializer):
    enterprise_uscc = identifier_field(validate_uscc, max_length=30)
    enterprise_name = serializers.CharField(max_length=200)
    relation = serializers.ChoiceField(choices=ConflictRelation.choices)
    declared_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class WithdrawConflictSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)
    withdrawn_on = serializers.DateField(required=False, allow_null=True)


class InspectorSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    active_conflicts = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Inspector
        fields = ["id", "name", "staff_number", "organisation", "organisation_name", "region", "region_name", "unit",
                  "qualifications", "law_enforcement_cert_no", "cert_valid_to", "active", "active_conflicts"]


class InspectorDetailSerializer(InspectorSerializer):
    conflicts = ConflictSerializer(many=True, read_only=True)

    class Meta(InspectorSerializer.Meta):
        fields = [*InspectorSerializer.Meta.fields, "phone", "conflicts"]


class InspectorWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    staff_number = serializers.CharField(max_length=30)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind="bureau"))
    region = RegionField(required=False)
    unit = serializers.CharField(max_length=100, required=False, allow_blank=True)
    qualifications = serializers.ListField(
        child=serializers.ChoiceField(choices=[code for code, _label in INSPECTOR_QUALIFICATIONS]), required=False
    )
    law_enforcement_cert_no = serializers.CharField(max_length=40, required=False, allow_blank=True)
    cert_valid_to = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)


class InspectorUpdateSerializer(InspectorWriteSerializer):
    staff_number = serializers.CharField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind="bureau"), required=False)


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class InspectorViewSet(_ReadBackMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """The enforcement inspector pool (bureau staff only), with declared conflicts of interest."""

    serializer_class = InspectorSerializer
    detail_serializer = InspectorDetailSerializer
    filterset_class = InspectorFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["staff_number", "name", "region"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.inspector_list(self.request.user)
        return selectors.inspector_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {"create": InspectorWriteSerializer, "update": InspectorUpdateSerializer,
                "partial_update": InspectorUpdateSerializer, "retrieve": InspectorDetailSerializer,
                "deactivate": DeactivateSerializer, "conflicts": ConflictWriteSerializer,
                "withdraw_conflict": WithdrawConflictSerializer}.get(self.action, InspectorSerializer)

    @extend_schema(request=InspectorWriteSerializer, responses=InspectorDetailSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        serializer = InspectorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            inspector = services.inspector_create(acting_user=request.user, **serializer.validated_data)
            return self.read_back(inspector.pk, status.HTTP_201_CREATED)

    @extend_schema(request=InspectorUpdateSerializer, responses=InspectorDetailSerializer)
    def update(self, request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = InspectorUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            services.inspector_update(acting_user=request.user, instance=instance, **serializer.validated_data)
            return self.read_back(instance.pk)

    @extend_schema(request=DeactivateSerializer, responses=InspectorDetailSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk: str | None = None) -> Response:
        """Take the inspector out of the pool."""
        instance = self.get_object()
        serializer = DeactivateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.inspector_deactivate(acting_user=request.user, instance=instance, **serializer.validated_data)
        return self.read_back(instance.pk)

    @extend_schema(request=ConflictWriteSerializer, responses=ConflictSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def conflicts(self, request, pk: str | None = None) -> Response:
        """Declared conflicts of interest; POST declares one."""
        inspector = self.get_object()
        if request.method == "POST":
            serializer = ConflictWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            conflict = services.conflict_declare(acting_user=request.user, inspector=inspector, **serializer.validated_data)
            return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)
        return Response(ConflictSerializer(inspector.conflicts.all(), many=True).data)

    @extend_schema(request=WithdrawConflictSerializer, responses=ConflictSerializer)
    @action(detail=True, methods=["post"], url_path=r"conflicts/(?P<conflict_id>\d+)/withdraw", filterset_class=None)
    def withdraw_conflict(self, request, pk: str | None = None, conflict_id: str | None = None) -> Response:
        inspector = self.get_object()
        conflict = get_object_or_404(ConflictOfInterest, pk=conflict_id, inspector=inspector)
        serializer = WithdrawConflictSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict = services.conflict_withdraw(acting_user=request.user, instance=conflict, **serializer.validated_data)
        return Response(ConflictSerializer(conflict).data)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("agencies", AgencyViewSet, basename="agency")
    router.register("inspectors", InspectorViewSet, basename="inspector")
