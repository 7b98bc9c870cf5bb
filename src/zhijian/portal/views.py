"""The public site's frame: the index and the section links every public page shows."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

# (label, url name, icon, one-line description); a section appears once its page exists.
SECTIONS = [
    (_("抽查结果公告"), "portal:announcement_list", "megaphone", _("监督抽查结果公告与不合格产品查询")),
    (_("抽取公示"), "portal:draw_list", "shuffle", _("双随机抽取记录公示，可下载复核")),
    (_("许可证查询"), "portal:licence_search", "patch-check", _("工业产品生产许可证查询与注销、吊销公告")),
    (_("消费警示与召回"), "portal:warning_list", "exclamation-triangle", _("消费品质量安全风险警示与召回信息")),
    (_("投诉举报"), "portal:complaint_create", "chat-left-text", _("产品质量安全投诉与风险信息报告")),
]


def public_sections(path: str = "") -> list[dict]:
    out = []
    for label, name, icon, description in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # never show a dead link
        out.append({"label": label, "url": url, "icon": icon, "description": description,
                    "active": bool(path) and path.startswith(url)})
    return out


class PublicMixin:
    """Adds the public navigation to a page's context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["public_sections"] = public_sections(self.request.path)
        return context


class IndexView(PublicMixin, TemplateView):
    template_name = "portal/index.html"
