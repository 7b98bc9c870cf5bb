"""Public licence pages: look-up, the certificate's verification page (the QR target), licensed
enterprises per category, announcements of revocations and cancellations, and a JSON API."""

from __future__ import annotations

from typing import Any

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from zhijian.licensing import selectors
from zhijian.licensing.choices import LICENCE_STATUS_COLOURS, LICENCE_STATUS_EN, LicenceStatus
from zhijian.portal.views import PublicMixin
from zhijian.registry.models import ProductCategory


def licence_json(licence: Any) -> dict[str, Any]:
    today = timezone.localdate()
    status = licence.effective_status(today)
    return {
        "number": licence.number, "enterprise": licence.holder_name, "uscc": licence.holder.uscc,
        "product": licence.product_name, "category": licence.category.code,
        "production_addresses": licence.production_addresses, "issued_on": licence.issued_on.isoformat(),
        "valid_until": licence.valid_until.isoformat(), "status": status,
        "status_display": str(LicenceStatus(status).label), "status_en": LICENCE_STATUS_EN[status],
        "status_changed_on": licence.status_changed_on.isoformat() if licence.status_changed_on else None,
        "status_basis": licence.status_basis if status != LicenceStatus.VALID else "",
        "verify_url": reverse("portal:licence_verify", args=[licence.number]),
    }


class LicenceSearchView(PublicMixin, TemplateView):
    template_name = "portal/licensing/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        results = [licence_json(lic) for lic in selectors.public_licence_search(q)] if q else []
        context.update({"q": q, "results": results, "searched": bool(q),
                        "breadcrumbs": [(_("许可证查询"), "")]})
        return context


class LicenceVerifyView(PublicMixin, TemplateView):
    template_name = "portal/licensing/verify.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        licence = selectors.public_licence(self.kwargs["number"])
        if licence is None:
            raise Http404(_("未找到该许可证"))
        data = licence_json(licence)
        context.update({"licence": data, "colour": LICENCE_STATUS_COLOURS[data["status"]],
                        "breadcrumbs": [(_("许可证查询"), reverse("portal:licence_search")), (licence.number, "")]})
        return context


class LicensedCategoriesView(PublicMixin, TemplateView):
    template_name = "portal/licensing/categories.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        code = self.request.GET.get("category", "")
        category = ProductCategory.objects.filter(code=code).first() if code else None
        context.update({"categories": selectors.public_categories(), "category": category,
                        "licences": [licence_json(x) for x in selectors.public_licensed_in(category)[:500]] if category else [],
                        "breadcrumbs": [(_("许可证查询"), reverse("portal:licence_search")), (_("获证企业名录"), "")]})
        return context


class LicenceAnnouncementsView(PublicMixin, TemplateView):
    template_name = "portal/licensing/announcements.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update({"changes": selectors.public_announcements(),
                        "breadcrumbs": [(_("许可证查询"), reverse("portal:licence_search")), (_("注销、吊销公告"), "")]})
        return context


class LicenceSearchJSON(View):
    def get(self, request):
        q = request.GET.get("q", "").strip()
        if len(q) < 2:
            return JsonResponse({"detail": "请输入至少2个字符 / give at least 2 characters", "errors": [
                {"field": "q", "reason": "请输入许可证编号、企业名称或统一社会信用代码 / a licence number, name or USCC"}]},
                status=400, json_dumps_params={"ensure_ascii": False})
        results = [licence_json(x) for x in selectors.public_licence_search(q)]
        return JsonResponse({"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False})


class LicenceVerifyJSON(View):
    def get(self, request, number: str):
        licence = selectors.public_licence(number)
        if licence is None:
            return JsonResponse({"detail": "未找到该许可证 / no such licence", "errors": []}, status=404,
                                json_dumps_params={"ensure_ascii": False})
        return JsonResponse(licence_json(licence), json_dumps_params={"ensure_ascii": False})


class AnnouncementsJSON(View):
    def get(self, request):
        rows = [{"number": c.licence.number, "enterprise": c.licence.holder_name, "product": c.licence.product_name,
                 "status": c.new_status, "status_display": str(LicenceStatus(c.new_status).label),
                 "changed_on": c.changed_on.isoformat(), "basis": c.basis} for c in selectors.public_announcements()]
        return JsonResponse({"count": len(rows), "results": rows}, json_dumps_params={"ensure_ascii": False})


