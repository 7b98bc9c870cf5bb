"""Read-only admin views for inspection; every change goes through the services (pages, API, commands)."""

from django.contrib import admin

from zhijian.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin
from zhijian.standards.models import Standard, TestItem


class TestItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TestItem
    extra = 0
    fields = ["name", "clause", "unit", "limit_min", "limit_max", "limit_text", "safety_critical"]


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "nature", "status", "effective_on", "replaced_by"]
    list_filter = ["nature", "status"]
    search_fields = ["number", "title"]
    inlines = [TestItemInline]
