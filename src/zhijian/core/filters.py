"""The base FilterSet: one per model, shared by the UI filter bar and the API."""

from __future__ import annotations

import django_filters

from zhijian.core.forms import style_form


class BaseFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        if not getattr(form, "_zj_styled", False):
            style_form(form)
            form._zj_styled = True
        return form
