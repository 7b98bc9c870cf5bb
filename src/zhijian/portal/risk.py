"""Public risk pages: consumer warnings and recall notices (read through selectors), and the
complaint form (the only thing the portal writes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from zhijian.portal.views import PublicMixin
from zhijian.risk import selectors, services
from zhijian.risk.choices import WARNING_COLOURS
from zhijian.risk.forms import ComplaintForm


class WarningListView(PublicMixin, ListView):
    template_name = "portal/risk/warning_list.html"
    paginate_by = 20

    def get_queryset(self):
        qs = selectors.public_warnings()
        kind = self.request.GET.get("kind")
        if kind in ("consumer", "recall"):
            qs = qs.filter(kind=kind)
        q = (self.request.GET.get("q") or "").strip()
        if q:
            qs = qs.filter(title__icontains=q)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"breadcrumbs": [(_("消费警示与召回"), "")], "colours": WARNING_COLOURS,
                        "q": self.request.GET.get("q", ""), "kind": self.request.GET.get("kind", "")})
        return context


class WarningDetailView(PublicMixin, DetailView):
    template_name = "portal/risk/warning_detail.html"
    context_object_name = "warning"

    def get_queryset(self):
        return selectors.public_warnings()

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(_("未找到该警示")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        w = self.object
        context.update({"colour": WARNING_COLOURS.get(w.level, "secondary"), "reach": selectors.warning_reach(w),
                        "breadcrumbs": [(_("消费警示与召回"), reverse("portal:warning_list")), (w.title, "")]})
        return context


class ComplaintCreateView(PublicMixin, View):
    template_name = "portal/risk/complaint_form.html"

    def _render(self, request, form, status=200):
        from zhijian.portal.views import public_sections

        return render(request, self.template_name, {
            "form": form, "public_sections": public_sections(request.path),
            "breadcrumbs": [(_("投诉举报"), "")]}, status=status)

    def get(self, request):
        return self._render(request, ComplaintForm())

    def post(self, request):
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                signal = services.complaint_submit(**form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for e in errors:
                        form.add_error(field if field in form.fields else None, e)
            else:
                messages.success(request, _("投诉已受理，受理编号 %(n)s。我们将在7个工作日内处理。") % {"n": f"TS{signal.pk:08d}"})
                return redirect(reverse("portal:complaint_create") + f"?ok={signal.pk}")
        return self._render(request, form, status=400)
