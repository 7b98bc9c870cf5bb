"""Read-only admin views for inspection; every change goes through the services (pages, API, commands)."""

from django.contrib import admin

from zhijian.standards.models import Standard, TestItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TestItemInline(admin.TabularInline):
    model = TestItem
    extra = 0
    fields = ["name", "clause", "unit", "limit_min", "limit_max", "limit_text", "safety_critical"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "nature", "status", "effective_on", "replaced_by"]
    list_filter = ["nature", "status"]
    search_fields = ["number", "title"]
    inlines = [TestItemInline]
