"""Public draw records (双随机、一公开): every commitment as soon as it is made, the draws with
their public value, witnesses and result, the record JSON and the pool CSV that anyone can check
with `zhijian draw verify`."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from zhijian.core.api import CachedCountPaginator
from zhijian.draws.choices import PUBLIC_LABEL_KINDS
from zhijian.draws.filtersets import DrawFilterSet
from zhijian.draws.models import Draw
from zhijian.draws.selectors import public_draws, stratum_names
from zhijian.draws.views import pool_csv_response, record_response
from zhijian.portal.views import PublicMixin


class PublicDrawListView(PublicMixin, ListView):
    template_name = "portal/draws/list.html"
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        qs = public_draws().defer("rows").order_by("-committed_at", "-id")
        self.filterset = DrawFilterSet(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update({"filter": self.filterset, "querystring": query.urlencode(), "title": _("双随机抽取公示"),
                        "breadcrumbs": [(_("双随机抽取公示"), "")]})
        return context


class PublicDrawDetailView(PublicMixin, DetailView):
    template_name = "portal/draws/detail.html"
    context_object_name = "draw"

    def get_queryset(self):
        return public_draws()

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(_("未找到该抽取记录")) from None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        draw: Draw = self.object
        show_labels = draw.kind in PUBLIC_LABEL_KINDS
        rows = draw.result_table()
        names = stratum_names([*(draw.allocation or {})])
        for row in rows:
            row["group_name"] = names.get(row["group"], "")
            if not show_labels:
                row["label"] = ""
        context.update({
            "title": draw.title, "result_rows": rows, "show_labels": show_labels,
            "allocation": [(g, names.get(g, ""), q) for g, q in sorted((draw.allocation or {}).items())],
            "record_name": f"draw-{draw.pk}.json", "pool_name": f"draw-{draw.pk}-pool.csv",
            "breadcrumbs": [(_("双随机抽取公示"), reverse("portal:draw_list")), (draw.title, "")],
        })
        return context


class PublicDrawRecordView(View):
    def get(self, request, pk: int):
        return record_response(get_object_or_404(public_draws(), pk=pk))


class PublicDrawPoolCsvView(View):
    def get(self, request, pk: int):
        return pool_csv_response(get_object_or_404(public_draws(), pk=pk))
