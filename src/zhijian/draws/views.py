"""Draw pages: list, detail (commitment before the draw, the witnessing officer's form, the result),
a stand-alone enterprise draw from directory filters, record JSON and pool CSV downloads."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView
from zhijian.draws import selectors, services
from zhijian.draws.choices import DrawStatus
from zhijian.draws.filtersets import DrawFilterSet
from zhijian.draws.forms import CancelForm, EnterpriseDrawForm, ExecuteForm
from zhijian.draws.permissions import DRAW_MANAGERS, DRAW_READERS, may_manage


def _datetime(field: str):
    def cell(obj) -> str:
        from django.utils import timezone

        value = getattr(obj, field)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    return cell


def _drawn_count(obj) -> str:
    return str(len(obj.selected or [])) if obj.status == DrawStatus.DRAWN else ""


class DrawListView(ScopedListView):
    roles = DRAW_READERS
    selector = staticmethod(selectors.draw_list)
    filterset_class = DrawFilterSet
    title = _("双随机抽取")
    columns = [
        (_("抽取事项"), "title"),
        (_("抽取类型"), "kind"),
        (_("所属区划"), "region.name"),
        (_("抽取池数量"), "pool_size"),
        (_("抽中数量"), _drawn_count),
        (_("状态"), "status"),
        (_("承诺值"), lambda o: o.commitment[:16] + "…"),
        (_("承诺时间"), _datetime("committed_at")),
        (_("抽取时间"), _datetime("drawn_at")),
    ]
    create_url_name = "draws:draw_create"
    create_roles = DRAW_MANAGERS


class DrawDetailView(ScopedDetailView):
    roles = DRAW_READERS
    template_name = "draws/draw_detail.html"
    selector = staticmethod(selectors.draw_detail_queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        draw = self.object
        can_manage = may_manage(self.request.user, draw.region_id) and draw.status == DrawStatus.COMMITTED
        sizes: dict[str, int] = {}
        for row in draw.rows:
            sizes[row.get("stratum", "")] = sizes.get(row.get("stratum", ""), 0) + 1
        names = selectors.stratum_names([*sizes, *(draw.allocation or {})])
        allocation = [{"group": g, "group_name": names.get(g, ""), "quota": q,
                       "size": draw.pool_size if g == "*" else sizes.get(g, 0)}
                      for g, q in sorted((draw.allocation or {}).items())]
        result_rows = draw.result_table()
        for row in result_rows:
            row["group_name"] = names.get(row["group"], "")
        context.update({
            "title": draw.title,
            "can_manage": can_manage,
            "execute_form": kwargs.get("execute_form") or ExecuteForm(initial={"beacon_source": draw.beacon_plan}),
            "cancel_form": CancelForm(),
            "allocation": allocation,
            "result_rows": result_rows,
            "pool_preview": draw.rows[:50],
            "verify_command": f"zhijian draw verify draw-{draw.pk}.json --pool draw-{draw.pk}-pool.csv",
            "breadcrumbs": [(_("双随机抽取"), reverse("draws:draw_list")), (draw.title, "")],
        })
        return context


class EnterpriseDrawCreateView(ServiceFormView):
    roles = DRAW_MANAGERS
    form_class = EnterpriseDrawForm
    title = _("新建检查对象抽取")
    service = staticmethod(services.enterprise_draw_commit)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def service_kwargs(self, form) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        data["category_codes"] = [c.code for c in data.pop("categories")]
        data["region_codes"] = [r.code for r in data.pop("regions")]
        return data


class _DrawActionView(RoleRequiredMixin, View):
    roles = DRAW_MANAGERS
    http_method_names = ["post"]

    def get_draw(self, pk: int):
        return get_object_or_404(selectors.draw_detail_queryset(self.request.user), pk=pk)


class DrawExecuteView(_DrawActionView):
    def post(self, request, pk: int):
        draw = self.get_draw(pk)
        form = ExecuteForm(request.POST)
        if form.is_valid():
            try:
                services.draw_execute(acting_user=request.user, draw=draw, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("抽取完成，结果已公示"))
                return redirect(draw.get_absolute_url())
        view = DrawDetailView()
        view.setup(request, pk=pk)
        view.object = draw
        return view.render_to_response(view.get_context_data(object=draw, execute_form=form), status=400)


class DrawCancelView(_DrawActionView):
    def post(self, request, pk: int):
        draw = self.get_draw(pk)
        try:
            services.draw_cancel(acting_user=request.user, draw=draw, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已取消抽取"))
        return redirect(draw.get_absolute_url())


class DrawRecordView(RoleRequiredMixin, View):
    roles = DRAW_READERS

    def get(self, request, pk: int):
        draw = get_object_or_404(selectors.draw_detail_queryset(request.user), pk=pk)
        return record_response(draw)


class DrawPoolCsvView(RoleRequiredMixin, View):
    roles = DRAW_READERS

    def get(self, request, pk: int):
        draw = get_object_or_404(selectors.draw_detail_queryset(request.user), pk=pk)
        return pool_csv_response(draw)


def record_response(draw) -> HttpResponse:
    body = json.dumps(services.draw_public_record(draw), ensure_ascii=False, indent=1)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


def pool_csv_response(draw) -> HttpResponse:
    response = HttpResponse(services.pool_csv(draw), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}-pool.csv"'
    return response
