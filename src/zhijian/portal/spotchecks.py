"""Public spot-check pages (no login): published announcements with their header statistics and
result lists, a search over every published result, and downloads (xlsx, PDF, Word). Only what an
announcement froze at publication is shown; drafts do not exist here."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from zhijian.core.api import CachedCountPaginator
from zhijian.core.filters import BaseFilterSet
from zhijian.core.search import search
from zhijian.portal.views import PublicMixin
from zhijian.spotchecks import documents, selectors
from zhijian.spotchecks.choices import Verdict
from zhijian.spotchecks.filtersets import ResultFilterSet
from zhijian.spotchecks.models import Announcement

PUBLIC_API = "/api/v1/public/spotcheck-results/"


class PublicAnnouncementFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q", help_text=_("公告标题、编号"))
    year = django_filters.NumberFilter(label=_("年度"), field_name="plan__year")
    organisation = django_filters.CharFilter(label=_("发布单位"), field_name="organisation__name", lookup_expr="icontains")

    class Meta:
        model = Announcement
        fields = ["q", "year", "organisation"]

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value and value.strip() else queryset


class _FilteredList(PublicMixin, ListView):
    filterset_class: type = BaseFilterSet
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context.update({"filter": self.filterset, "querystring": query.urlencode(), "public_api": PUBLIC_API})
        return context


class AnnouncementListView(_FilteredList):
    template_name = "portal/spotchecks/announcement_list.html"
    filterset_class = PublicAnnouncementFilterSet

    def base_queryset(self):
        return selectors.public_announcements().order_by("-published_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(_("抽查结果公告"), "")]
        return context


class AnnouncementDetailView(PublicMixin, DetailView):
    template_name = "portal/spotchecks/announcement_detail.html"
    context_object_name = "announcement"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.public_announcements(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        rows = documents.rows_of(a)
        only_failed = self.request.GET.get("verdict") == Verdict.FAIL
        shown = rows.filter(verdict=Verdict.FAIL) if only_failed else rows
        context.update({
            "header": a.header, "summary": documents.summary_text(a, a.header), "lines": documents.header_lines(a.header),
            "rows": [{"row": r, "failed_detail": documents.failed_items_detail(r)} for r in shown],
            "row_count": rows.count(), "failed_count": rows.filter(verdict=Verdict.FAIL).count(),
            "only_failed": only_failed, "public_api": PUBLIC_API,
            "breadcrumbs": [(_("抽查结果公告"), reverse_lazy("portal:announcement_list")), (a.title, "")],
        })
        return context


class AnnouncementDownloadView(View):
    def get(self, request, pk: int, fmt: str):
        announcement = get_object_or_404(selectors.public_announcements(), pk=pk)
        return documents.announcement_download(announcement, fmt)


class ResultListView(_FilteredList):
    """Every published result: search by product, enterprise, brand, region, year and verdict."""

    template_name = "portal/spotchecks/result_list.html"
    filterset_class = ResultFilterSet

    def base_queryset(self):
        return selectors.public_results().order_by("-announcement__published_on", "announcement_id", "seq")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            rows = self.get_queryset()[: 20_000]
            columns = [("公告", lambda r: r.announcement.title), ("发布日期", lambda r: str(r.announcement.published_on)),
                       *documents.ROW_COLUMNS[1:]]
            content = documents.rows_xlsx(rows, "监督抽查结果查询", columns)
            return documents.download(content, "xlsx", f"监督抽查结果-{timezone.localdate():%Y%m%d}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [{"row": r, "failed_detail": documents.failed_items_detail(r)} for r in context["object_list"]]
        context["breadcrumbs"] = [(_("抽查结果公告"), reverse_lazy("portal:announcement_list")), (_("结果查询"), "")]
        return context
