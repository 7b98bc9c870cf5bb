"""The base FilterSet: one per model, shared by the UI filter bar and the API."""

from __future__ import annotations

import django_filters
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import style_form

YES_NO_ANY = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


class BaseFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        if not getattr(form, "_zj_styled", False):
            for field in form.fields.values():
                if isinstance(field.widget, NullBooleanSelect):
                    field.widget.choices = YES_NO_ANY  # django-filter's own labels are English only
            style_form(form)
            form._zj_styled = True
        return form
