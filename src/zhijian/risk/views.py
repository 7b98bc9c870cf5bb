"""Risk pages: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from zhijian.core.search import search
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView
from zhijian.registry.models import Product
from zhijian.risk import matrix, selectors, services
from zhijian.risk.choices import WARNING_COLOURS
from zhijian.risk.filtersets import (
    AlarmFilterSet,
    AssessmentFilterSet,
    ResponseTaskFilterSet,
    SignalFilterSet,
    SubscriptionFilterSet,
    WarningFilterSet,
)
from zhijian.risk.forms import (
    AlarmDecisionForm,
    ImportForm,
    LinkForm,
    ReportForm,
    ScenarioWidgetForm,
    SignalForm,
    SubscriptionForm,
    WarningForm,
)
from zhijian.risk.importers import import_signals
from zhijian.risk.permissions import ISSUERS, MEMBERS, READERS, STAFF, SUBSCRIBERS, may_answer, may_manage


def ymd(field: str):
    def cell(obj) -> str:
        value = getattr(obj, field)
        if value is None:
            return ""
        return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)

    return cell


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


class _FormPage(RoleRequiredMixin, View):
    template_name = "risk/form.html"
    title = ""

    def page(self, request, form, **extra):
        return render(request, self.template_name, {"form": form, "title": self.title,
                                                     "breadcrumbs": [(self.title, "")], **extra})


# --- signals -----------------------------------------------------------------------------------

class SignalListView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.signal_list)
    filterset_class = SignalFilterSet
    title = _("风险信息库")
    columns = [
        (_("标题"), "title"), (_("信息来源"), "source_type"), (_("接收日期"), ymd("received_at")),
        (_("产品类别"), "category_name"), (_("品牌"), "brand"), (_("型号"), "model"),
        (_("所在区划"), "region.name"), (_("危害类型"), "hazard_type"), (_("伤害人数"), "injuries"),
        (_("关联产品"), "product.name"), (_("状态"), "status"),
    ]
    create_url_name = "risk:signal_create"
    create_roles = STAFF
    extra_actions = [(_("导入通报/召回/投诉"), "risk:signal_import")]


class SignalDetailView(ScopedDetailView):
    roles = READERS
    template_name = "risk/signal_detail.html"
    selector = staticmethod(selectors.signal_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signal, user = self.object, self.request.user
        q = self.request.GET.get("q") or " ".join(x for x in (signal.brand, signal.model) if x) or signal.product_name
        candidates = []
        if q:
            candidates = list(search(Product.objects.visible_to(user) if not user.scope.everything else Product.objects.all(), q)
                              .select_related("brand", "enterprise", "category")[:10])
        context.update({
            "title": signal.title, "can_manage": may_manage(user, STAFF, signal.region_id),
            "candidates": candidates, "q": q, "link_form": LinkForm(user=user),
            "breadcrumbs": [(_("风险信息库"), reverse("risk:signal_list")), (signal.title, "")],
        })
        return context


class SignalCreateView(_FormPage):
    roles = STAFF
    title = _("登记风险信息")

    def get(self, request):
        return self.page(request, SignalForm(user=request.user))

    def post(self, request):
        form = SignalForm(request.POST, user=request.user)
        if form.is_valid():
            d = dict(form.cleaned_data)
            try:
                signal = services.signal_create(acting_user=request.user, source_type=d.pop("source_type"),
                                                title=d.pop("title"), region=d.pop("region"), **d)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(signal.get_absolute_url())
        return self.page(request, form)


class SignalLinkView(RoleRequiredMixin, View):
    roles = STAFF
    http_method_names = ["post"]

    def post(self, request, pk: int):
        signal = get_object_or_404(selectors.signal_list(request.user), pk=pk)
        form = LinkForm(request.POST, user=request.user)
        product = None
        if form.is_valid() and form.cleaned_data.get("product"):
            product = Product.objects.filter(pk=form.cleaned_data["product"]).first()
        try:
            services.signal_link(acting_user=request.user, signal=signal, product=product,
                                 reason=form.cleaned_data.get("reason", "") if form.is_valid() else "")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已关联产品"))
        return redirect(signal.get_absolute_url())


class SignalImportView(_FormPage):
    roles = STAFF
    title = _("导入风险信息")
    template_name = "risk/import.html"

    def get(self, request):
        return self.page(request, ImportForm(user=request.user))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_signals(acting_user=request.user, source=form.cleaned_data["source"],
                                        data=upload.read(), filename=upload.name)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
        return self.page(request, form, report=report)


# --- assessments -------------------------------------------------------------------------------

class AssessmentListView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.assessment_list)
    filterset_class = AssessmentFilterSet
    title = _("风险评估")
    columns = [(_("评估对象"), "title"), (_("风险等级"), "level"), (_("风险矩阵"), "profile_version"),
               (_("所在区划"), "region.name"), (_("评估日期"), ymd("assessed_at")), (_("评估人"), "assessed_by")]
    create_url_name = "risk:assessment_create"
    create_roles = STAFF


class AssessmentCreateView(_FormPage):
    roles = STAFF
    title = _("风险评估")
    template_name = "risk/assessment_form.html"

    def _signal(self, request):
        pk = request.GET.get("signal") or request.POST.get("signal")
        return get_object_or_404(selectors.signal_list(request.user), pk=pk) if pk else None

    def get(self, request):
        signal = self._signal(request)
        form = ScenarioWidgetForm(user=request.user, initial={"title": signal.title if signal else "",
                                                              "profile": matrix.DEFAULT_PROFILE})
        return self.page(request, form, signal=signal, profile=matrix.EU_2019_417)

    def post(self, request):
        signal = self._signal(request)
        form = ScenarioWidgetForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    acting_user=request.user, title=form.cleaned_data["title"], scenarios=form.scenarios(),
                    profile=form.cleaned_data["profile"], signal=signal, conclusion=form.cleaned_data.get("conclusion", ""),
                    region=None if signal else (request.user.organisation.region_id if request.user.organisation_id else "610000"))
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("评估完成"))
                return redirect(assessment.get_absolute_url())
        return self.page(request, form, signal=signal, profile=matrix.EU_2019_417)


class AssessmentDetailView(ScopedDetailView):
    roles = READERS
    template_name = "risk/assessment_detail.html"
    selector = staticmethod(selectors.assessment_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        sens = []
        for sc in a.result.get("scenarios", []):
            sens.append({"scenario": sc, "s": matrix.sensitivity(sc["severity"], sc["probability"], a.profile)})
        profile = matrix.get_profile(a.profile)
        context.update({
            "title": a.title, "reproduced": services.assessment_reproduce(a), "sensitivity": sens,
            "profile": profile, "matrix_rows": list(zip(profile.band_labels, profile.cells, strict=True)),
            "can_warn": may_manage(self.request.user, ISSUERS, self.request.user.organisation.region_id
                                   if self.request.user.organisation_id else None),
            "breadcrumbs": [(_("风险评估"), reverse("risk:assessment_list")), (a.title, "")],
        })
        return context


# --- alarms ------------------------------------------------------------------------------------

class AlarmListView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.alarm_list)
    filterset_class = AlarmFilterSet
    title = _("异常监测")
    columns = [(_("监测序列"), "series"), (_("周（周一）"), ymd("week")), (_("本周信息数"), "count"),
               (_("期望值"), lambda a: f"{a.expected:.1f}"), (_("阈值"), lambda a: f"{a.upper:.0f}"),
               (_("检测方法"), "method"), (_("状态"), "status"), (_("研判意见"), "reason")]


class AlarmDetailView(ScopedDetailView):
    roles = READERS
    template_name = "risk/alarm_detail.html"
    selector = staticmethod(selectors.alarm_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alarm = self.object
        context.update({"title": str(alarm), "form": AlarmDecisionForm(user=self.request.user),
                        "can_manage": may_manage(self.request.user, STAFF, alarm.region_id),
                        "breadcrumbs": [(_("异常监测"), reverse("risk:alarm_list")), (str(alarm), "")]})
        return context

    def post(self, request, pk: int):
        self.object = alarm = self.get_object()
        form = AlarmDecisionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.alarm_decide(acting_user=request.user, alarm=alarm, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("已研判"))
        return redirect(alarm.get_absolute_url())


# --- warnings ----------------------------------------------------------------------------------

class WarningListView(ScopedListView):
    roles = MEMBERS
    selector = staticmethod(selectors.warning_list)
    filterset_class = WarningFilterSet
    title = _("风险预警")
    columns = [(_("预警标题"), "title"), (_("预警级别"), "level"), (_("类型"), "kind"), (_("状态"), "status"),
               (_("发布单位"), "issuer.name"), (_("发布日期"), ymd("published_at")),
               (_("反馈进度"), lambda w: f"{w.done_count}/{w.task_count}"), (_("办结日期"), ymd("closed_at"))]
    create_url_name = "risk:warning_create"
    create_roles = ISSUERS


class WarningCreateView(_FormPage):
    roles = ISSUERS
    title = _("发布风险预警")

    def _assessment(self, request):
        pk = request.GET.get("assessment") or request.POST.get("assessment")
        return get_object_or_404(selectors.assessment_list(request.user), pk=pk) if pk else None

    def get(self, request):
        a = self._assessment(request)
        initial = {}
        if a is not None:
            product = a.product
            initial = {"title": a.title, "summary": a.conclusion or a.title,
                       "level": services.warning_level_for(a.level)}
            if product is not None:
                initial.update({"categories": product.category.name, "brands": product.brand.name if product.brand_id else "",
                                "models": product.model, "gtins": ", ".join(product.gtins or [])})
        return self.page(request, WarningForm(user=request.user, initial=initial), assessment=a)

    def post(self, request):
        a = self._assessment(request)
        form = WarningForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                warning = services.warning_create(acting_user=request.user, assessment=a, **form.service_kwargs())
            except ValidationError as exc:
                _errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("预警草稿已保存"))
                return redirect(warning.get_absolute_url())
        return self.page(request, form, assessment=a)


class WarningDetailView(ScopedDetailView):
    roles = MEMBERS
    template_name = "risk/warning_detail.html"
    selector = staticmethod(selectors.warning_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        w, user = self.object, self.request.user
        tasks = list(w.tasks.select_related("organisation", "escalated_to"))
        context.update({
            "title": w.title, "reach": selectors.warning_reach(w), "tasks": tasks,
            "colour": WARNING_COLOURS.get(w.level, "secondary"),
            "can_publish": w.status == "draft" and may_manage(user, ISSUERS, w.region_id),
            "my_tasks": [t for t in tasks if may_answer(user, t) and t.status == "open"],
            "recipients": list(w.recipients.all()),
            "breadcrumbs": [(_("风险预警"), reverse("risk:warning_list")), (w.title, "")],
        })
        return context


class WarningPublishView(RoleRequiredMixin, View):
    roles = ISSUERS
    http_method_names = ["post"]

    def post(self, request, pk: int):
        warning = get_object_or_404(selectors.warning_list(request.user), pk=pk)
        try:
            services.warning_publish(acting_user=request.user, warning=warning)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("预警已发布，处置任务已下达"))
        return redirect(warning.get_absolute_url())


# --- response tasks ----------------------------------------------------------------------------

class ResponseListView(ScopedListView):
    roles = MEMBERS
    selector = staticmethod(selectors.response_list)
    filterset_class = ResponseTaskFilterSet
    title = _("处置任务")
    columns = [(_("预警"), "warning.title"), (_("承办单位"), "organisation.name"), (_("反馈期限"), ymd("due")),
               (_("状态"), "status"), (_("是否发现"), "found"), (_("下架/召回数量"), "units_withdrawn"),
               (_("督办次数"), "escalation_level"), (_("反馈日期"), ymd("reported_at"))]


class ResponseDetailView(ScopedDetailView):
    roles = MEMBERS
    template_name = "risk/response_detail.html"
    selector = staticmethod(selectors.response_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context.update({"title": str(task), "form": kwargs.get("form") or ReportForm(user=self.request.user),
                        "can_report": task.status == "open" and may_answer(self.request.user, task),
                        "breadcrumbs": [(_("处置任务"), reverse("risk:response_list")), (str(task), "")]})
        return context

    def post(self, request, pk: int):
        self.object = task = self.get_object()
        form = ReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.task_report(acting_user=request.user, task=task, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已反馈"))
                return redirect(task.get_absolute_url())
        return render(request, self.template_name, self.get_context_data(object=task, form=form))


# --- subscriptions, inbox, dashboard ----------------------------------------------------------

class SubscriptionListView(ScopedListView):
    roles = SUBSCRIBERS | {"auditor"}
    selector = staticmethod(selectors.subscription_list)
    filterset_class = SubscriptionFilterSet
    title = _("预警订阅")
    columns = [(_("订阅名称"), "name"), (_("订阅单位"), "organisation.name"),
               (_("产品类别"), lambda s: "、".join(s.categories)), (_("品牌"), lambda s: "、".join(s.brands)),
               (_("Webhook 地址"), "webhook_url"), (_("站内消息"), "inbox"), (_("启用"), "active")]
    create_url_name = "risk:subscription_create"
    create_roles = SUBSCRIBERS
    extra_actions = [(_("收件箱"), "risk:inbox")]


class SubscriptionCreateView(_FormPage):
    roles = SUBSCRIBERS
    title = _("新增预警订阅")

    def get(self, request):
        return self.page(request, SubscriptionForm(user=request.user))

    def post(self, request):
        form = SubscriptionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                sub = services.subscription_create(acting_user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(sub.get_absolute_url())
        return self.page(request, form)


class SubscriptionDetailView(ScopedDetailView):
    roles = SUBSCRIBERS | {"auditor"}
    template_name = "risk/subscription_detail.html"
    selector = staticmethod(selectors.subscription_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"title": self.object.name, "deliveries": self.object.deliveries.select_related("warning")[:50],
                        "breadcrumbs": [(_("预警订阅"), reverse("risk:subscription_list")), (self.object.name, "")]})
        return context


class InboxView(RoleRequiredMixin, TemplateView):
    roles = MEMBERS
    template_name = "risk/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"title": _("收件箱"), "items": selectors.inbox_list(self.request.user)[:100],
                        "breadcrumbs": [(_("收件箱"), "")]})
        return context


class DashboardView(RoleRequiredMixin, TemplateView):
    roles = READERS
    template_name = "risk/dashboard.html"

    def get_context_data(self, **kwargs: Any):
        context = super().get_context_data(**kwargs)
        context.update({"title": _("处置时效"), "f": selectors.dashboard_figures(self.request.user),
                        "breadcrumbs": [(_("处置时效"), "")]})
        return context
