"""Administrator's data repair: organisations and users, written through audited services."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation, User
from zhijian.audit.services import audited_save


class AuditedAdminMixin:
    """Admin saves go through audited_save so the admin leaves the same trail as the UI and API."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            audited_save(obj, acting_user=request.user, reason=_("管理后台修改"))

    def delete_model(self, request, obj):
        from zhijian.audit.services import audited_delete

        with transaction.atomic():
            audited_delete(obj, acting_user=request.user, reason=_("管理后台删除"))

    def has_delete_permission(self, request, obj=None):
        return False  # organisations and users are deactivated, never deleted


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "region", "uscc", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["parent"]
    autocomplete_fields: list[str] = []


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name", "organisation__name"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("质监"), {"fields": ("organisation", "role", "display_name", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("质监"), {"fields": ("organisation", "role", "display_name")}))
