"""REST endpoints for the standards catalogue: /api/v1/standards/ (test items nested in the detail
and at /standards/{id}/test-items/) and /api/v1/test-items/. Thin: writes call services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhijian.core.api import ScopedViewSetMixin, identifier_field
from zhijian.core.identifiers import validate_standard_number
from zhijian.standards import selectors, services
from zhijian.standards.choices import StandardNature, StandardStatus
from zhijian.standards.filtersets import StandardFilterSet, TestItemFilterSet
from zhijian.standards.models import Standard, TestItem
from zhijian.standards.permissions import can_edit_catalogue


class CatalogueWritePermission(permissions.BasePermission):
    """Every signed-in user reads; only province staff and administrators write."""

    message = "只有省局工作人员和系统管理员可以维护标准目录 / only province staff and administrators may edit the standards catalogue"

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or can_edit_catalogue(request.user)


# --- serializers -----------------------------------------------------------------------------

class TestItemSerializer(serializers.ModelSerializer):
    __test__ = False

    standard_number = serializers.CharField(source="standard.number", read_only=True)
    limit_display = serializers.CharField(read_only=True)

    class Meta:
        model = TestItem
        fields = ["id", "standard", "standard_number", "name", "clause", "unit", "limit_min", "limit_max",
                  "limit_text", "limit_display", "safety_critical", "method", "note", "sort_order"]


class TestItemWriteSerializer(serializers.Serializer):
    __test__ = False

    name = serializers.CharField(max_length=100)
    clause = serializers.CharField(max_length=30, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True)
    limit_min = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    limit_max = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    limit_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    safety_critical = serializers.BooleanField(required=False)
    method = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, required=False)


class TestItemCreateSerializer(TestItemWriteSerializer):
    standard = serializers.PrimaryKeyRelatedField(queryset=Standard.objects.all())


class StandardSerializer(serializers.ModelSerializer):
    nature_display = serializers.CharField(source="get_nature_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    replaced_by_number = serializers.CharField(source="replaced_by.number", read_only=True, default=None)
    test_item_count = serializers.IntegerField(read_only=True, default=None)
    safety_item_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Standard
        fields = ["id", "number", "title", "nature", "nature_display", "status", "status_display", "issued_on",
                  "effective_on", "withdrawn_on", "replaced_by", "replaced_by_number", "products",
                  "test_item_count", "safety_item_count", "note", "source_url"]


class StandardDetailSerializer(StandardSerializer):
    test_items = TestItemSerializer(many=True, read_only=True)
    replaces = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")

    class Meta(StandardSerializer.Meta):
        fields = [*StandardSerializer.Meta.fields, "replaces", "test_items"]


class StandardWriteSerializer(serializers.Serializer):
    number = identifier_field(validate_standard_number, max_length=40)
    title = serializers.CharField(max_length=300)
    nature = serializers.ChoiceField(choices=StandardNature.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=[(StandardStatus.CURRENT, StandardStatus.CURRENT.label), (StandardStatus.UPCOMING, StandardStatus.UPCOMING.label)],
        required=False,
    )
    issued_on = serializers.DateField(required=False, allow_null=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    products = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class StandardUpdateSerializer(StandardWriteSerializer):
    number = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(required=False, allow_null=True)
    replaced_by = serializers.SlugRelatedField(
        slug_field="number", queryset=Standard.objects.all(), required=False, allow_null=True,
        help_text="代替标准的编号，如 GB/T 28004.1-2021",
    )
    reason = serializers.CharField(required=False, allow_blank=True)


class ImplementSerializer(serializers.Serializer):
    effective_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


# --- viewsets --------------------------------------------------------------------------------

class StandardViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """The standards catalogue (public reference data). Writes: province staff and administrators."""

    selector = staticmethod(selectors.standard_list)
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet
    permission_classes = [CatalogueWritePermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["number", "effective_on", "status"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.standard_list(self.request.user)
        return selectors.standard_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {
            "create": StandardWriteSerializer, "update": StandardUpdateSerializer,
            "partial_update": StandardUpdateSerializer, "retrieve": StandardDetailSerializer,
            "withdraw": WithdrawSerializer, "implement": ImplementSerializer,
        }.get(self.action, StandardSerializer)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        obj = selectors.standard_get(self.request.user, pk)
        return Response(StandardDetailSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=StandardWriteSerializer, responses=StandardDetailSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        serializer = StandardWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        standard = services.standard_create(acting_user=request.user, **serializer.validated_data)
        return self._detail(standard.pk, status.HTTP_201_CREATED)

    @extend_schema(request=StandardUpdateSerializer, responses=StandardDetailSerializer)
    def update(self, request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = StandardUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        services.standard_update(acting_user=request.user, instance=instance, **serializer.validated_data)
        return self._detail(instance.pk)

    @extend_schema(request=WithdrawSerializer, responses=StandardDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk: str | None = None) -> Response:
        """废止: status to withdrawn, with the date and the standard that replaces it."""
        instance = self.get_object()
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.standard_withdraw(acting_user=request.user, instance=instance, **serializer.validated_data)
        return self._detail(instance.pk)

    @extend_schema(request=ImplementSerializer, responses=StandardDetailSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk: str | None = None) -> Response:
        """即将实施 -> 现行."""
        instance = self.get_object()
        serializer = ImplementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.standard_implement(acting_user=request.user, instance=instance, **serializer.validated_data)
        return self._detail(instance.pk)

    @extend_schema(request=TestItemWriteSerializer, responses=TestItemSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="test-items", filterset_class=None,
            pagination_class=None)
    def test_items(self, request, pk: str | None = None) -> Response:
        """The test items of one standard; POST adds one."""
        standard = self.get_object()
        if request.method == "POST":
            serializer = TestItemWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            item = services.test_item_create(acting_user=request.user, standard=standard, **serializer.validated_data)
            return Response(TestItemSerializer(item).data, status=status.HTTP_201_CREATED)
        items = selectors.test_item_list(request.user).filter(standard=standard)
        return Response(TestItemSerializer(items, many=True).data)


class TestItemViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Test items of every standard, filterable by standard, product and safety flag."""

    __test__ = False

    selector = staticmethod(selectors.test_item_list)
    serializer_class = TestItemSerializer
    filterset_class = TestItemFilterSet
    permission_classes = [CatalogueWritePermission]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return TestItemCreateSerializer
        if self.action in {"update", "partial_update"}:
            return TestItemWriteSerializer
        return TestItemSerializer

    @extend_schema(request=TestItemCreateSerializer, responses=TestItemSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        serializer = TestItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.test_item_create(acting_user=request.user, **serializer.validated_data)
        return Response(TestItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TestItemWriteSerializer, responses=TestItemSerializer)
    def update(self, request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = TestItemWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        item = services.test_item_update(acting_user=request.user, instance=instance, **serializer.validated_data)
        return Response(TestItemSerializer(item).data)

    def destroy(self, request, *args: Any, **kwargs: Any) -> Response:
        services.test_item_delete(acting_user=request.user, instance=self.get_object(),
                                  reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("standards", StandardViewSet, basename="standard")
    router.register("test-items", TestItemViewSet, basename="test-item")
