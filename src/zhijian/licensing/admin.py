"""Django admin for reading licensing records; changes go through the services (pages and API)."""

from django.contrib import admin

from zhijian.licensing.models import Application, CatalogueEntry, Licence, RuleSet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ("number", "holder_name", "product_name", "issued_on", "valid_until", "status")
    search_fields = ("number", "holder_name")
    list_filter = ("status",)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "enterprise", "stage", "stage_due")
    list_filter = ("kind", "stage")


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(ReadOnlyAdmin):
    list_display = ("category_code", "name", "valid_from", "valid_to", "issuing_level", "procedure")


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "refuse_over_capacity", "priority_restructuring", "exempt_onsite_no_relocation")
