"""Read-only admin for inspection; draws are made only through the services (pages, API)."""

from django.contrib import admin

from zhijian.core.admin import ReadOnlyAdminMixin
from zhijian.draws.models import Draw


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "region", "status", "pool_size", "committed_at", "drawn_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "commitment"]
    exclude = ["rows"]
