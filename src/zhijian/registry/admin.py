"""Administrator's data repair for the registry. Read-mostly: every save calls the app's service
(same validation, permissions and audit trail as the UI and API); nothing is deleted here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhijian.registry import services
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory

REASON = _("管理后台修改")


class ServiceAdmin(admin.ModelAdmin):
    """save_model hands the form's data to `create_service` / `update_service` instead of saving."""

    create_service = None
    update_service = None
    service_exclude: tuple[str, ...] = ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = [f for f in (form.changed_data if change else form.cleaned_data) if f not in self.service_exclude]
        data = {f: form.cleaned_data[f] for f in fields}
        if change:
            saved = type(self).update_service(acting_user=request.user, instance=obj, reason=str(REASON), **data)
        else:
            saved = type(self).create_service(acting_user=request.user, reason=str(REASON), **data)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceAdmin):
    list_display = ["name", "uscc", "region", "industry", "size_class", "status"]
    list_filter = ["industry", "size_class", "status"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["region", "organisation"]
    readonly_fields = ["status", "created_at", "updated_at"]
    list_select_related = ["region"]
    show_full_result_count = False
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)
    service_exclude = ("status",)


@admin.register(ProductCategory)
class CategoryAdmin(ServiceAdmin):
    list_display = ["code", "name", "level", "licence_required", "ccc_required", "key_consumer_product"]
    list_filter = ["level", "licence_required", "ccc_required", "key_consumer_product", "food_related"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["level"]
    create_service = staticmethod(services.category_create)
    update_service = staticmethod(services.category_update)


class BrandAliasInline(admin.TabularInline):
    """Shown for reference; aliases are added and removed on the brand page (through the services)."""

    model = BrandAlias
    extra = 0
    readonly_fields = ["alias", "kind"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Brand)
class BrandAdmin(ServiceAdmin):
    list_display = ["name", "name_en", "pinyin", "owner"]
    search_fields = ["name", "name_en", "pinyin"]
    raw_id_fields = ["owner"]
    inlines = [BrandAliasInline]
    create_service = staticmethod(services.brand_create)
    update_service = staticmethod(services.brand_update)


@admin.register(Product)
class ProductAdmin(ServiceAdmin):
    list_display = ["name", "model", "enterprise", "category", "brand", "status"]
    list_filter = ["status", "category__key_consumer_product"]
    search_fields = ["name", "model", "enterprise__name"]
    raw_id_fields = ["enterprise", "category", "brand"]
    list_select_related = ["enterprise", "category", "brand"]
    show_full_result_count = False
    create_service = staticmethod(services.product_create)
    update_service = staticmethod(services.product_update)
