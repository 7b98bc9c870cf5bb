"""Read-only admin views for inspection; every change goes through the services (pages, API, commands)."""

from django.contrib import admin

from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ScopeInline(ReadOnlyMixin, admin.TabularInline):
    model = QualificationScope
    extra = 0


class ConflictInline(ReadOnlyMixin, admin.TabularInline):
    model = ConflictOfInterest
    extra = 0


@admin.register(InspectionAgency)
class InspectionAgencyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "uscc", "cma_number", "region", "status"]
    list_filter = ["status"]
    search_fields = ["name", "uscc", "cma_number"]
    inlines = [ScopeInline]


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "staff_number", "organisation", "region", "unit", "active"]
    list_filter = ["active"]
    search_fields = ["name", "staff_number"]
    inlines = [ConflictInline]
