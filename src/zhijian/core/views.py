"""Generic pages every app reuses: scoped list with filter bar, pagination and xlsx export;
scoped detail; create/edit forms that write through a service."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from zhijian.core.api import CachedCountPaginator
from zhijian.core.identifiers import IdentifierError

EXPORT_LIMIT = 100_000


def resolve(obj: Any, path: str | Callable[[Any], Any]) -> Any:
    """Follow 'a.b.c' (calling get_*_display where present) or call a function."""
    if callable(path):
        return path(obj)
    value = obj
    for part in path.split("."):
        if value is None:
            return ""
        display = getattr(value, f"get_{part}_display", None)
        value = display() if display else getattr(value, part)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return "" if value is None else value


class RoleRequiredMixin(LoginRequiredMixin):
    roles: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and self.roles is not None and not user.has_role(*self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedListView(RoleRequiredMixin, ListView):
    """A list restricted by the app's selector, filtered by its FilterSet, exportable to xlsx."""

    template_name = "core/list.html"
    selector: Callable[[Any], models.QuerySet] | None = None
    filterset_class: Any = None
    columns: list[tuple[str, Any]] = []
    title = ""
    link_column = 0
    create_url_name = ""
    create_roles: frozenset[str] | None = None
    extra_actions: list[tuple[str, str]] = []  # (label, url name)
    import_entity = ""  # the core.importexport resource behind the 导入 button
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        try:
            return max(1, min(200, int(self.request.GET.get("page_size", self.paginate_by))))
        except ValueError:
            return self.paginate_by

    def base_queryset(self) -> models.QuerySet:
        return type(self).selector(self.request.user)

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def rows(self, objects) -> list[dict[str, Any]]:
        out = []
        for obj in objects:
            cells = [resolve(obj, path) for _label, path in self.columns]
            out.append({"object": obj, "cells": cells, "url": getattr(obj, "get_absolute_url", lambda: "")()})
        return out

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        can_create = bool(self.create_url_name) and (
            self.create_roles is None or self.request.user.has_role(*self.create_roles)
        )
        context.update({
            "title": self.title,
            "filter": self.filterset,
            "headers": [label for label, _path in self.columns],
            "rows": self.rows(context["object_list"]),
            "link_column": self.link_column,
            "querystring": query.urlencode(),
            "create_url_name": self.create_url_name if can_create else "",
            "extra_actions": self.extra_actions,
            "import_url": self.import_url(),
            "breadcrumbs": [(self.title, "")],
        })
        return context

    def import_url(self) -> str:
        if not self.import_entity:
            return ""
        from django.urls import reverse

        from zhijian.core.importexport.resources import get_resource

        if not get_resource(self.import_entity).can_import(self.request.user):
            return ""
        return f"{reverse('core:import_upload')}?entity={self.import_entity}"

    def export_xlsx(self) -> HttpResponse:
        queryset = self.get_queryset()[:EXPORT_LIMIT]
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet(self.title[:31] or "export")
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        for col, (label, _path) in enumerate(self.columns):
            sheet.write(0, col, str(label), bold)
            sheet.set_column(col, col, 18)
        for row, obj in enumerate(queryset.iterator(chunk_size=2000), start=1):
            for col, (_label, path) in enumerate(self.columns):
                value = resolve(obj, path)
                sheet.write(row, col, value if isinstance(value, int | float) else str(value))
        book.close()
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{self.export_name()}-{stamp}.xlsx"
        return response

    def export_name(self) -> str:
        from urllib.parse import quote

        return quote(str(self.title) or "export")


class ScopedDetailView(RoleRequiredMixin, DetailView):
    """A detail page whose object is looked up through the selector: out of scope is 404."""

    template_name = "core/detail.html"
    selector: Callable[[Any], models.QuerySet] | None = None
    list_url_name = ""
    list_title = ""

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(_("未找到该记录，或不在您的管辖范围内")) from None


class ServiceFormView(RoleRequiredMixin, FormView):
    """Create or edit through a service; the form only parses, the service validates and audits."""

    template_name = "core/form.html"
    title = ""
    service: Callable[..., Any] | None = None

    def get_instance(self) -> Any:
        return None

    def service_kwargs(self, form) -> dict[str, Any]:
        return dict(form.cleaned_data)

    def form_valid(self, form):
        instance = self.get_instance()
        kwargs = self.service_kwargs(form)
        if instance is not None:
            kwargs["instance"] = instance
        try:
            result = type(self).service(acting_user=self.request.user, **kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        except IdentifierError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("已保存"))
        return redirect(result.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["breadcrumbs"] = [(self.title, "")]
        return context
