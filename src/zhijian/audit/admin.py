"""The audit tables in the admin, read-only: nothing here can add, change or delete a row (the
database triggers would refuse anyway)."""

from __future__ import annotations

from django.contrib import admin

from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "timestamp", "actor_name", "action", "object_repr", "request_id"]
    list_filter = ["kind", "source"]
    search_fields = ["action", "object_type", "object_id", "actor_name", "request_id"]
    date_hierarchy = "timestamp"


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["tree_size", "last_entry_id", "root_hash", "timestamp"]
