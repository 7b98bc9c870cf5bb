"""Audit pages for auditors and administrators: the log with filters and export, one entry with
its before/after diff and inclusion proof, and the signed checkpoints."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from zhijian.audit import proofs, selectors, services
from zhijian.audit.filtersets import AuditEntryFilter, CheckpointFilter
from zhijian.audit.models import AuditEntry
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView

AUDIT_ROLES = selectors.AUDIT_ROLES


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


class EntryListView(ScopedListView):
    title = gettext_lazy("审计日志")
    roles = AUDIT_ROLES
    selector = staticmethod(selectors.entry_list)
    filterset_class = AuditEntryFilter
    extra_actions = [(gettext_lazy("检查点"), "audit:checkpoint_list")]
    columns = [
        (gettext_lazy("时间"), lambda e: local_time(e.timestamp)),
        (gettext_lazy("操作人"), "actor_name"),
        (gettext_lazy("动作"), "action"),
        (gettext_lazy("对象"), lambda e: e.object_repr or e.object_type),
        (gettext_lazy("理由"), "reason"),
        (gettext_lazy("请求编号"), "request_id"),
    ]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def diff_rows(before: Any, after: Any) -> list[dict[str, Any]]:
    """One row per field: value before, value after, and whether it changed."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        if before is None and after is None:
            return []
        before_d = before if isinstance(before, dict) else ({"value": before} if before is not None else {})
        after_d = after if isinstance(after, dict) else ({"value": after} if after is not None else {})
        return diff_rows(before_d, after_d) if (before_d or after_d) else []
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        rows.append({"field": key, "before": _shown(old), "after": _shown(new),
                     "changed": key not in before or key not in after or old != new})
    return rows


class EntryDetailView(ScopedDetailView):
    roles = AUDIT_ROLES
    selector = staticmethod(selectors.entry_list)
    template_name = "audit/entry_detail.html"
    context_object_name = "entry"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry: AuditEntry = self.object
        from django.urls import reverse

        context.update({
            "title": _("审计记录 #%(id)s") % {"id": entry.pk},
            "breadcrumbs": [(_("审计日志"), reverse("audit:entry_list")), (f"#{entry.pk}", "")],
            "diff": diff_rows(entry.before, entry.after),
            "local_time": local_time(entry.timestamp),
            "sealed_by": entry.sealing_checkpoint(),
        })
        return context


class EntryProofView(RoleRequiredMixin, View):
    """The inclusion proof as a JSON download (409 while the entry is not sealed yet)."""

    roles = AUDIT_ROLES

    def get(self, request, pk: int):
        entry = get_object_or_404(selectors.entry_list(request.user), pk=pk)
        try:
            document = proofs.inclusion_proof(entry)
        except proofs.NotSealed as exc:
            return JsonResponse({"detail": str(exc), "errors": []}, status=409)
        response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-entry-{entry.pk}-proof.json"'
        return response


class CheckpointListView(ScopedListView):
    title = gettext_lazy("审计检查点")
    roles = AUDIT_ROLES
    selector = staticmethod(selectors.checkpoint_list)
    filterset_class = CheckpointFilter
    template_name = "audit/checkpoint_list.html"
    link_column = -1
    columns = [
        (gettext_lazy("覆盖条数"), "tree_size"),
        (gettext_lazy("最后一条记录"), "last_entry_id"),
        (gettext_lazy("根哈希"), "root_hash"),
        (gettext_lazy("时间"), lambda c: local_time(c.timestamp)),
        (gettext_lazy("公钥"), lambda c: f"{c.public_key[:16]}…"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unsealed"] = selectors.unsealed_count()
        return context


class CheckpointSealView(RoleRequiredMixin, View):
    """Seal now (POST), so an entry's proof can be downloaded without waiting for the next batch."""

    roles = AUDIT_ROLES

    def post(self, request):
        try:
            checkpoint = services.checkpoint_seal(acting_user=request.user)
        except ImproperlyConfigured as exc:
            messages.error(request, str(exc))
        else:
            if checkpoint is None:
                messages.info(request, _("没有需要封存的新记录"))
            else:
                messages.success(request, _("已封存检查点，覆盖 %(n)s 条记录") % {"n": checkpoint.tree_size})
        target = request.POST.get("next", "")
        return redirect(target if target.startswith("/audit/") else "audit:checkpoint_list")
