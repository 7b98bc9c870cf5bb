"""/api/v1/audit/: the audit log, read-only, for auditors and administrators only."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from zhijian.audit import proofs, selectors
from zhijian.audit.filtersets import AuditEntryFilter, CheckpointFilter
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.core.api import ScopedViewSetMixin


class IsAuditor(permissions.BasePermission):
    message = "仅审计员和系统管理员可查看审计日志 / only auditors and administrators may read the audit log"

    def has_permission(self, request, view) -> bool:
        return selectors.can_audit(request.user)


class NotSealedYet(APIException):
    status_code = 409
    default_detail = str(proofs.NotSealed())
    default_code = "not_sealed"


class AuditEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "timestamp", "actor", "actor_name", "organisation_id", "region_code", "kind",
                  "kind_display", "action", "object_type", "object_id", "object_repr", "reason", "request_id",
                  "source", "prev_hash", "entry_hash"]


class AuditEntryDetailSerializer(AuditEntrySerializer):
    class Meta(AuditEntrySerializer.Meta):
        fields = [*AuditEntrySerializer.Meta.fields, "before", "after"]


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Checkpoint
        fields = ["id", "tree_size", "last_entry_id", "root_hash", "timestamp", "public_key", "signature"]


class AuditEntryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Append-only audit entries (object changes and business events) with their hash chain."""

    permission_classes = [permissions.IsAuthenticated, IsAuditor]
    selector = staticmethod(selectors.entry_list)
    filterset_class = AuditEntryFilter
    ordering_fields = ["id", "timestamp"]
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        return AuditEntryDetailSerializer if self.action in ("retrieve", "proof") else AuditEntrySerializer

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
                   description="RFC 6962 inclusion proof of the entry in a signed checkpoint (see docs/audit.md).")
    @action(detail=True, methods=["get"])
    def proof(self, request, pk=None):
        entry = self.get_object()
        try:
            return Response(proofs.inclusion_proof(entry))
        except proofs.NotSealed as exc:
            raise NotSealedYet from exc


class CheckpointViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Signed Merkle tree heads over the audit log."""

    permission_classes = [permissions.IsAuthenticated, IsAuditor]
    selector = staticmethod(selectors.checkpoint_list)
    serializer_class = CheckpointSerializer
    filterset_class = CheckpointFilter
    lookup_value_regex = r"\d+"

    @extend_schema(
        parameters=[OpenApiParameter("first", int, description="tree size of the earlier checkpoint")],
        responses={200: OpenApiTypes.OBJECT},
        description="RFC 6962 consistency proof from the checkpoint of tree size `first` to this one.",
    )
    @action(detail=True, methods=["get"])
    def consistency(self, request, pk=None):
        second = self.get_object()
        try:
            first = self.get_queryset().get(tree_size=int(request.query_params.get("first", "")))
        except (ValueError, Checkpoint.DoesNotExist) as exc:
            raise ValidationError({"first": ["须为已有检查点的覆盖条数 / must be the tree size of a checkpoint"]}) from exc
        return Response(proofs.consistency_proof(first, second))


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("audit/checkpoints", CheckpointViewSet, basename="audit-checkpoint")
    router.register("audit", AuditEntryViewSet, basename="audit-entry")
