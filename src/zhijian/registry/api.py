"""REST endpoints for enterprises, products, the product catalogue and brands: thin serializers,
writes through services, and a re-check after each write that the caller can still see the row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhijian.accounts.models import Organisation
from zhijian.core.api import ScopedViewSetMixin, StandardPagination, identifier_field
from zhijian.core.identifiers import (
    validate_gtin,
    validate_licence_number,
    validate_region_code,
    validate_registration_number,
    validate_standard_number,
    validate_uscc,
)
from zhijian.core.selectors import region_exists
from zhijian.registry import selectors, services
from zhijian.registry.choices import AliasKind, EnterpriseStatus
from zhijian.registry.filtersets import BrandFilterSet, CategoryFilterSet, EnterpriseFilterSet, ProductFilterSet
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory

# --- shared field helpers ----------------------------------------------------------------------

def _uscc(value: str) -> str:
    return validate_uscc(value, known_region=region_exists)


def _region(value: str) -> str:
    return validate_region_code(value, known_region=region_exists)


def _registration_number(value: str) -> str:
    code = validate_registration_number(value)
    validate_region_code(code[:6], known_region=region_exists)
    return code


class WriteThroughServiceMixin:
    """create/update call the app's services and re-read the row through the caller's selector;
    if it is no longer visible the whole write is rolled back."""

    create_service: Any = None
    update_service: Any = None
    write_serializer_class: Any = None
    read_serializer_class: Any = None

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return self.write_serializer_class
        if self.action == "list":
            return self.serializer_class
        return self.read_serializer_class or self.serializer_class

    def _visible_or_rollback(self, obj: Any) -> Any:
        fresh = self.get_queryset().filter(pk=obj.pk).first()
        if fresh is None:
            raise PermissionDenied("写入后不在您的管辖范围内 / the record would fall outside your jurisdiction")
        return fresh

    def _read(self, obj: Any, code: int) -> Response:
        return Response(self.read_serializer_class(obj, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = type(self).create_service(acting_user=request.user, **serializer.validated_data)
            obj = self._visible_or_rollback(obj)
        return self._read(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.write_serializer_class(
            instance, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = type(self).update_service(acting_user=request.user, instance=instance, **serializer.validated_data)
            obj = self._visible_or_rollback(obj)
        return self._read(obj, status.HTTP_200_OK)


class RegistryViewSet(WriteThroughServiceMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    pagination_class = StandardPagination
    ordering_fields = ["id"]


# --- enterprises -------------------------------------------------------------------------------

class EnterpriseListSerializer(serializers.Serializer):
    """Lean row for the list endpoint (benchmarked at a million enterprises)."""

    id = serializers.IntegerField()
    uscc = serializers.CharField()
    name = serializers.CharField()
    legal_representative = serializers.CharField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    industry = serializers.CharField()
    size_class = serializers.CharField()
    status = serializers.CharField()
    established_on = serializers.DateField(allow_null=True)


class EnterpriseSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.full_name")
    industry_display = serializers.CharField(source="get_industry_display")
    size_class_display = serializers.CharField(source="get_size_class_display")
    status_display = serializers.CharField(source="get_status_display")
    organisation_code = serializers.CharField(read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "uscc", "organisation_code", "name", "legal_representative", "registered_address", "production_address", "region",
            "region_name", "industry", "industry_display", "size_class", "size_class_display", "status",
            "status_display", "registration_number", "organisation", "contact_person", "contact_phone",
            "established_on", "created_at", "updated_at",
        ]


class EnterpriseWriteSerializer(serializers.Serializer):
    uscc = identifier_field(_uscc)
    name = serializers.CharField(max_length=200)
    legal_representative = serializers.CharField(max_length=50)
    registered_address = serializers.CharField(max_length=255)
    production_address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    region = identifier_field(_region)
    industry = serializers.ChoiceField(choices=Enterprise._meta.get_field("industry").choices)
    size_class = serializers.ChoiceField(choices=Enterprise._meta.get_field("size_class").choices)
    registration_number = identifier_field(_registration_number, required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind="enterprise"), required=False, allow_null=True
    )
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)


class EnterpriseStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EnterpriseStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EnterpriseViewSet(RegistryViewSet):
    """Enterprises in the caller's jurisdiction. Status changes go through `set-status`."""

    serializer_class = EnterpriseListSerializer
    read_serializer_class = EnterpriseSerializer
    write_serializer_class = EnterpriseWriteSerializer
    filterset_class = EnterpriseFilterSet
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)

    def get_queryset(self):
        if self.action == "list":
            return selectors.enterprise_list(self.request.user)
        return selectors.enterprise_detail_queryset(self.request.user)

    @extend_schema(request=EnterpriseStatusSerializer, responses=EnterpriseSerializer)
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request, pk=None):
        enterprise = self.get_object()
        serializer = EnterpriseStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.enterprise_set_status(acting_user=request.user, instance=enterprise, **serializer.validated_data)
        return self._read(obj, status.HTTP_200_OK)


# --- products ----------------------------------------------------------------------------------

class ProductListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    model = serializers.CharField()
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    region = serializers.CharField(source="enterprise.region_id")
    category = serializers.IntegerField(source="category_id")
    category_code = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    brand = serializers.IntegerField(source="brand_id", allow_null=True)
    brand_name = serializers.CharField(source="brand.name", default=None)
    gtins = serializers.ListField(child=serializers.CharField())
    declared_standards = serializers.ListField(child=serializers.CharField())
    licence_number = serializers.CharField()
    status = serializers.CharField()


class ProductSerializer(ProductListSerializer):
    description = serializers.CharField()
    key_consumer_product = serializers.BooleanField(source="category.key_consumer_product")
    brand_aliases = serializers.SerializerMethodField()

    def get_brand_aliases(self, obj: Product) -> list[str]:
        return [a.alias for a in obj.brand.aliases.all()] if obj.brand_id else []


class ProductWriteSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    category = serializers.PrimaryKeyRelatedField(queryset=ProductCategory.objects.all())
    brand = serializers.PrimaryKeyRelatedField(queryset=Brand.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    model = serializers.CharField(max_length=100, required=False, allow_blank=True)
    gtins = serializers.ListField(child=identifier_field(validate_gtin), required=False)
    declared_standards = serializers.ListField(child=identifier_field(validate_standard_number), required=False)
    licence_number = identifier_field(validate_licence_number, required=False, allow_blank=True, max_length=24)
    description = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Product._meta.get_field("status").choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        # Only enterprises the caller can see may be named; others read as "does not exist".
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(getattr(request, "user", None))


class ProductViewSet(RegistryViewSet):
    """Products of enterprises in the caller's jurisdiction; filter `gtin=` finds a barcode."""

    serializer_class = ProductListSerializer
    read_serializer_class = ProductSerializer
    write_serializer_class = ProductWriteSerializer
    filterset_class = ProductFilterSet
    create_service = staticmethod(services.product_create)
    update_service = staticmethod(services.product_update)

    def get_queryset(self):
        if self.action == "list":
            return selectors.product_list(self.request.user)
        return selectors.product_detail_queryset(self.request.user)


# --- product catalogue -------------------------------------------------------------------------

class CategorySerializer(serializers.ModelSerializer):
    licence_required_today = serializers.SerializerMethodField()

    class Meta:
        model = ProductCategory
        fields = [
            "id", "code", "name", "parent", "level", "licence_required", "licence_valid_from", "licence_valid_to",
            "ccc_required", "ccc_valid_from", "ccc_valid_to", "key_consumer_product", "focus_industrial_product",
            "food_related", "description", "licence_required_today",
        ]
        read_only_fields = ["level"]
        validators: list = []  # uniqueness is the service's job, with a bilingual message

    def get_licence_required_today(self, obj: ProductCategory) -> bool:
        import datetime as dt

        return obj.licence_required_on(dt.date.today())

    def get_fields(self):
        fields = super().get_fields()
        fields["code"].validators = []
        return fields


class CategoryViewSet(RegistryViewSet):
    """The national product classification with its market-entry flags (public reference data)."""

    serializer_class = CategorySerializer
    read_serializer_class = CategorySerializer
    write_serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    selector = staticmethod(selectors.category_list)
    create_service = staticmethod(services.category_create)
    update_service = staticmethod(services.category_update)
    ordering_fields = ["id", "code"]


# --- brands ------------------------------------------------------------------------------------

class BrandAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrandAlias
        fields = ["id", "alias", "kind"]


class BrandSerializer(serializers.ModelSerializer):
    aliases = BrandAliasSerializer(many=True, read_only=True)

    class Meta:
        model = Brand
        fields = ["id", "name", "name_en", "pinyin", "owner", "aliases"]


class BrandWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)
    pinyin = serializers.CharField(max_length=200, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["owner"].queryset = Enterprise.objects.visible_to(getattr(request, "user", None))


class BrandAliasWriteSerializer(serializers.Serializer):
    alias = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=AliasKind.choices, default=AliasKind.OTHER)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BrandViewSet(RegistryViewSet):
    """Brands and their written forms (Chinese, English, pinyin, common typos)."""

    serializer_class = BrandSerializer
    read_serializer_class = BrandSerializer
    write_serializer_class = BrandWriteSerializer
    filterset_class = BrandFilterSet
    create_service = staticmethod(services.brand_create)
    update_service = staticmethod(services.brand_update)
    ordering_fields = ["id", "name"]

    def get_queryset(self):
        return selectors.brand_list(self.request.user).prefetch_related("aliases")

    @extend_schema(request=BrandAliasWriteSerializer, responses=BrandAliasSerializer)
    @action(detail=True, methods=["post"], url_path="aliases")
    def add_alias(self, request, pk=None):
        brand = self.get_object()
        serializer = BrandAliasWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alias = services.brand_alias_add(acting_user=request.user, brand=brand, **serializer.validated_data)
        return Response(BrandAliasSerializer(alias).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"aliases/(?P<alias_id>\d+)")
    def remove_alias(self, request, pk=None, alias_id=None):
        brand = self.get_object()
        alias = brand.aliases.filter(pk=alias_id).first()
        if alias is None:
            from django.http import Http404

            raise Http404
        services.brand_alias_remove(acting_user=request.user, alias=alias)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("products", ProductViewSet, basename="product")
    router.register("product-categories", CategoryViewSet, basename="product-category")
    router.register("brands", BrandViewSet, basename="brand")
