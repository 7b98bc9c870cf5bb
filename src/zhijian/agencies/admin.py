"""Read-only admin views for inspection; every change goes through the services (pages, API, commands)."""

from django.contrib import admin

from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.core.admin import ReadOnlyAdminMixin


class ScopeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QualificationScope
    extra = 0


class ConflictInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConflictOfInterest
    extra = 0


@admin.register(InspectionAgency)
class InspectionAgencyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "uscc", "cma_number", "region", "status"]
    list_filter = ["status"]
    search_fields = ["name", "uscc", "cma_number"]
    inlines = [ScopeInline]


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "staff_number", "organisation", "region", "unit", "active"]
    list_filter = ["active"]
    search_fields = ["name", "staff_number"]
    inlines = [ConflictInline]
