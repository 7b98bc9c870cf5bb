"""Spot-check pages: plans, tasks, objections, handling, announcements. Every button posts to a
service; errors come back as messages naming the field and the reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from zhijian.agencies.selectors import qualified_agencies
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView
from zhijian.spotchecks import forms as f
from zhijian.spotchecks import selectors, services
from zhijian.spotchecks.choices import TaskStatus, Verdict
from zhijian.spotchecks.filtersets import (
    AnnouncementFilterSet,
    HandlingFilterSet,
    ObjectionFilterSet,
    PlanFilterSet,
    TaskFilterSet,
)
from zhijian.spotchecks.models import Plan
from zhijian.spotchecks.workflows import TASK_WORKFLOW

BUREAU = frozenset({"administrator", "province_staff", "city_staff", "county_staff", "inspector", "auditor"})
PLANNERS = services.PLANNERS
ALL = BUREAU | {"agency_user", "enterprise_user"}


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "；".join(f"{field}: {'; '.join(e.messages[0] for e in errors)}" for field, errors in exc.error_dict.items())
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def run(request, fn, success: str) -> bool:
    try:
        fn()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, success)
    return True


# --- plans ---------------------------------------------------------------------------------------

class PlanListView(ScopedListView):
    roles = BUREAU
    selector = selectors.plan_list
    filterset_class = PlanFilterSet
    title = _("抽查计划")
    create_url_name = "spotchecks:plan_create"
    create_roles = PLANNERS
    columns = [(_("计划名称"), "title"), (_("年度"), "year"), (_("批次"), "batch"), (_("层级"), "level"),
               (_("组织单位"), "organisation.name"), (_("适用规章"), "rule_set"), (_("状态"), "status")]


class PlanCreateView(ServiceFormView):
    roles = PLANNERS
    form_class = f.PlanForm
    title = _("新建抽查计划")
    service = services.plan_create


class PlanDetailView(ScopedDetailView):
    roles = BUREAU
    selector = selectors.plan_list
    template_name = "spotchecks/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        from zhijian.draws.models import Draw

        items = []
        for item in plan.items.select_related("category", "agency").prefetch_related("standards", "test_items", "quotas__region"):
            draws = Draw.objects.filter(subject_type__in=[services.SUBJECT_ITEM, services.SUBJECT_INSPECTORS],
                                        subject_id=item.pk).order_by("id")
            items.append({"item": item, "draws": draws, "tasks": item.tasks.count(),
                          "waiting_inspectors": item.tasks.filter(inspectors=None).count()})
        can_edit = self.request.user.has_role(*PLANNERS) and self.request.user.scope.covers_region(plan.region_id)
        context.update({
            "items": items, "can_edit": can_edit, "item_form": f.PlanItemForm(), "quota_form": f.QuotaForm(),
            "overlaps": selectors.overlaps(plan), "announcement_form": f.AnnouncementForm(),
            "breadcrumbs": [(_("抽查计划"), "/spotchecks/plans/"), (plan.title, "")],
        })
        return context


class PlanActionView(RoleRequiredMixin, View):
    roles = PLANNERS

    def post(self, request, pk: int, action: str):
        plan = get_object_or_404(selectors.plan_list(request.user), pk=pk)
        user = request.user
        if action == "item":
            form = f.PlanItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, error_text(ValidationError(form.errors.as_data())))
            else:
                run(request, lambda: services.plan_item_add(acting_user=user, plan=plan, **form.cleaned_data), _("已添加抽查产品"))
        elif action == "quota":
            form = f.QuotaForm(request.POST)
            item = get_object_or_404(plan.items, pk=request.POST.get("item"))
            if not form.is_valid():
                messages.error(request, error_text(ValidationError(form.errors.as_data())))
            else:
                run(request, lambda: services.quota_set(acting_user=user, item=item, **form.cleaned_data), _("已设置配额"))
        elif action == "activate":
            run(request, lambda: services.plan_activate(acting_user=user, plan=plan), _("计划已下达"))
        elif action == "close":
            run(request, lambda: services.plan_close(acting_user=user, plan=plan), _("计划已结束"))
        elif action in ("draw_enterprises", "draw_inspectors"):
            item = get_object_or_404(plan.items, pk=request.POST.get("item"))
            commit = services.enterprise_draw_commit if action == "draw_enterprises" else services.inspector_draw_commit
            holder: dict[str, Any] = {}
            if run(request, lambda: holder.setdefault("draw", commit(acting_user=user, item=item)),
                   _("已公布抽取承诺值，请在见证下录入公开随机数")):
                return redirect(holder["draw"].get_absolute_url())
        elif action == "announcement":
            form = f.AnnouncementForm(request.POST)
            holder = {}
            if form.is_valid() and run(request, lambda: holder.setdefault(
                    "a", services.announcement_create(acting_user=user, plan=plan, **form.cleaned_data)), _("已生成公告草稿")):
                return redirect(holder["a"].get_absolute_url())
        else:
            raise Http404
        return redirect(plan.get_absolute_url())


# --- tasks ---------------------------------------------------------------------------------------

class TaskListView(ScopedListView):
    roles = ALL
    selector = selectors.task_list
    filterset_class = TaskFilterSet
    title = _("抽查任务")
    columns = [(_("任务编号"), "code"), (_("受检单位"), "enterprise.name"), (_("产品类别"), "item.category.name"),
               (_("所在区划"), "region.name"), (_("抽样环节"), "stage"), (_("承检机构"), "agency.name"),
               (_("状态"), "status"), (_("检验结论"), "verdict"), (_("异议期限"), "objection_due")]


class TaskDetailView(ScopedDetailView):
    roles = ALL
    selector = selectors.task_list
    template_name = "spotchecks/task_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        report = task.current_report
        sample = getattr(task, "sample", None)
        context.update({
            "sample": sample, "reports": task.reports.select_related("agency").prefetch_related("results"),
            "report": report, "notices": task.notices.all(), "objections": task.objections.all(),
            "handling": getattr(task, "handling", None),
            "actions": {t.name for t in TASK_WORKFLOW.available(task, user)},
            "refuse_form": f.RefuseForm(), "today": timezone.localdate(),
            "is_party": user.organisation_id in {i for i in services._parties(task) if i},
            "breadcrumbs": [(_("抽查任务"), "/spotchecks/tasks/"), (task.code, "")],
        })
        return context


class TaskActionView(RoleRequiredMixin, View):
    roles = ALL

    def post(self, request, pk: int, action: str):
        task = get_object_or_404(selectors.task_list(request.user), pk=pk)
        user = request.user
        simple = {
            "notify": (lambda: services.task_notify(acting_user=user, task=task), _("已下达抽查通知")),
            "receive": (lambda: services.sample_receive(acting_user=user, task=task), _("已接收样品")),
            "notify_result": (lambda: services.result_notify(acting_user=user, task=task), _("检验结论已送达")),
            "conclude": (lambda: services.task_conclude(acting_user=user, task=task), _("检验结论已确定")),
            "start_handling": (lambda: services.handling_start(acting_user=user, task=task), _("已责令整改")),
            "close": (lambda: services.task_close(acting_user=user, task=task), _("任务已办结")),
        }
        if action in simple:
            fn, message = simple[action]
            run(request, fn, message)
        elif action == "refuse":
            form = f.RefuseForm(request.POST)
            if form.is_valid():
                run(request, lambda: services.task_refuse(acting_user=user, task=task, reason=form.cleaned_data["reason"],
                                                          unable=form.cleaned_data["unable"]), _("已登记"))
            else:
                messages.error(request, error_text(ValidationError(form.errors.as_data())))
        else:
            raise Http404
        if action == "start_handling" and hasattr(task, "handling"):
            return redirect(task.handling.get_absolute_url())
        return redirect(task.get_absolute_url())


class _TaskFormView(RoleRequiredMixin, View):
    template_name = "spotchecks/task_form.html"
    title = ""

    def task(self, request, pk):
        return get_object_or_404(selectors.task_list(request.user), pk=pk)

    def render(self, request, task, form, **extra):
        return render(request, self.template_name, {
            "task": task, "form": form, "title": self.title, **extra,
            "breadcrumbs": [(_("抽查任务"), "/spotchecks/tasks/"), (task.code, task.get_absolute_url()), (self.title, "")]})


class SampleRecordView(_TaskFormView):
    roles = services.FIELD_STAFF
    title = _("录入抽样单")

    def initial(self, task) -> dict[str, Any]:
        product = task.enterprise.products.filter(category=task.item.category).select_related("brand").first()
        return {"product_name": product.name if product else task.item.category.name,
                "brand": product.brand if product else None, "model": product.model if product else "",
                "test_quantity": task.item.test_quantity, "backup_quantity": task.item.backup_quantity,
                "base_quantity": max(task.item.min_batch_base, 100), "place_type": "factory" if task.stage == "production" else "market",
                "samplers": "、".join(task.inspectors.values_list("name", flat=True)),
                "standard": task.item.standards.first()}

    def get(self, request, pk):
        task = self.task(request, pk)
        return self.render(request, task, f.SampleForm(initial=self.initial(task)))

    def post(self, request, pk):
        task = self.task(request, pk)
        form = f.SampleForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            attachments = [(kind, data.pop(key)) for kind, key in (("photo", "photos"), ("record", "signed_record"))
                           if data.get(key)]
            data.pop("photos", None), data.pop("signed_record", None)
            product = task.enterprise.products.filter(category=task.item.category, model=data["model"]).first()
            if not data["labelled_producer_name"]:
                data.pop("labelled_producer_name"), data.pop("labelled_producer_address")
            else:
                data["labelled_producer"] = None
            data["quantity"] = data["test_quantity"] + data["backup_quantity"]
            try:
                services.sample_record(acting_user=request.user, task=task, product=product, attachments=attachments, **data)
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("抽样单已保存"))
                return redirect(task.get_absolute_url())
        return self.render(request, task, form)


def _form_errors(form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, error_text(exc))


class ReportSubmitView(_TaskFormView):
    """The agency's report form: one row per test item of the rule (or, for a re-test, per disputed item)."""

    roles = frozenset({"agency_user"}) | PLANNERS  # bureaus record paper re-test reports of agencies without accounts
    template_name = "spotchecks/report_form.html"
    title = _("提交检验报告")

    def names(self, task, objection):
        if objection is not None:
            return list(objection.disputed_items)
        return [t.name for t in task.item.test_items.order_by("standard_id", "sort_order", "id")]

    def context(self, task, objection, data=None, errors=""):
        items = {t.name: t for t in task.item.test_items.all()}
        rows = []
        for i, name in enumerate(self.names(task, objection)):
            item = items.get(name)
            rows.append({"i": i, "name": name, "limit": (data or {}).get(f"limit_{i}", services._limit(item) if item else ""),
                         "unit": (data or {}).get(f"unit_{i}", item.unit if item else ""),
                         "measured": (data or {}).get(f"measured_{i}", ""), "verdict": (data or {}).get(f"verdict_{i}", ""),
                         "safety": bool(item and item.safety_critical)})
        return {"rows": rows, "objection": objection, "errors": errors, "number": (data or {}).get("number", ""),
                "title": _("提交复检报告") if objection else self.title}

    def objection(self, task):
        if task.status == TaskStatus.RETEST:
            return task.objections.filter(status="retesting").first()
        return None

    def get(self, request, pk):
        task = self.task(request, pk)
        return self.render(request, task, None, **self.context(task, self.objection(task)))

    def post(self, request, pk):
        task = self.task(request, pk)
        objection = self.objection(task)
        results = f.results_from_post(request.POST, self.names(task, objection))
        number, pdf = request.POST.get("number", ""), request.FILES.get("pdf")
        try:
            if objection is not None:
                services.retest_submit(acting_user=request.user, objection=objection, number=number, results=results, pdf=pdf)
            else:
                services.report_submit(acting_user=request.user, task=task, number=number, results=results, pdf=pdf)
        except (ValidationError, PermissionDenied) as exc:
            return self.render(request, task, None, **self.context(task, objection, request.POST, error_text(exc)))
        messages.success(request, _("检验报告已提交"))
        return redirect(task.get_absolute_url())


class ObjectionCreateView(_TaskFormView):
    roles = frozenset({"enterprise_user"})
    title = _("提出异议（申请复检）")

    def form(self, task, data=None):
        report = task.current_report
        names = [r.name for r in report.results.all()] if report else []
        return f.ObjectionForm(data, item_names=names, initial={"disputed_items": [
            r.name for r in report.results.all() if r.verdict == "fail"]} if report else None)

    def get(self, request, pk):
        task = self.task(request, pk)
        return self.render(request, task, self.form(task))

    def post(self, request, pk):
        task = self.task(request, pk)
        form = self.form(task, request.POST)
        if form.is_valid():
            try:
                objection = services.objection_file(acting_user=request.user, task=task, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("异议已提交"))
                return redirect(objection.get_absolute_url())
        return self.render(request, task, form)


class NoticeView(RoleRequiredMixin, View):
    """The printable result notice (检验结果通知书) for one party."""

    roles = ALL

    def get(self, request, pk: int, party: str):
        task = get_object_or_404(selectors.task_list(request.user), pk=pk)
        notice = get_object_or_404(task.notices, party=party)
        services.notice_read(acting_user=request.user, notice=notice)
        return render(request, "spotchecks/notice.html", {"task": task, "notice": notice, "report": task.current_report,
                                                          "rule_set": task.plan.get_rule_set_display()})


# --- objections ----------------------------------------------------------------------------------

class ObjectionListView(ScopedListView):
    roles = ALL
    selector = selectors.objection_list
    filterset_class = ObjectionFilterSet
    title = _("异议复检")
    columns = [(_("任务编号"), "task.code"), (_("受检单位"), "task.enterprise.name"), (_("产品类别"), "task.item.category.name"),
               (_("提出日期"), "filed_on"), (_("异议项目"), lambda o: "、".join(o.disputed_items)),
               (_("复检机构"), "retest_agency.name"), (_("状态"), "status")]


class ObjectionDetailView(ScopedDetailView):
    roles = ALL
    selector = selectors.objection_list
    template_name = "spotchecks/objection_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objection = self.object
        task = objection.task
        agencies = qualified_agencies(task.item.category.code).exclude(pk=task.agency_id)
        form = f.RetestAgencyForm()
        form.fields["retest_agency"].queryset = agencies
        context.update({"task": task, "agency_form": form, "reason_form": f.ReasonForm(),
                        "can_decide": self.request.user.has_role(*PLANNERS) and objection.status == "filed",
                        "breadcrumbs": [(_("异议复检"), "/spotchecks/objections/"), (task.code, "")]})
        return context


class ObjectionActionView(RoleRequiredMixin, View):
    roles = PLANNERS

    def post(self, request, pk: int, action: str):
        objection = get_object_or_404(selectors.objection_list(request.user), pk=pk)
        user = request.user
        if action == "accept":
            form = f.RetestAgencyForm(request.POST)
            if form.is_valid():
                run(request, lambda: services.objection_accept(acting_user=user, objection=objection,
                                                               retest_agency=form.cleaned_data["retest_agency"]),
                    _("已受理异议并委托复检"))
            else:
                messages.error(request, error_text(ValidationError(form.errors.as_data())))
        elif action == "reject":
            run(request, lambda: services.objection_reject(acting_user=user, objection=objection,
                                                           reason=request.POST.get("reason", "")), _("已不予受理"))
        else:
            raise Http404
        return redirect(objection.get_absolute_url())


# --- handling ------------------------------------------------------------------------------------

class HandlingListView(ScopedListView):
    roles = BUREAU | {"enterprise_user"}
    selector = selectors.handling_list
    filterset_class = HandlingFilterSet
    title = _("不合格后处理")
    template_name = "spotchecks/handling_list.html"
    columns = [(_("任务编号"), "task.code"), (_("企业"), "task.enterprise.name"), (_("产品"), "task.sample.product_name"),
               (_("适用规章"), "rule_set"), (_("责令整改日期"), "ordered_on"), (_("整改期限"), "correction_due"),
               (_("复查期限"), "reinspection_due"), (_("状态"), "status"), (_("涉及生产许可证"), "licence_flag")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["worklist"] = selectors.worklist(self.request.user)
        return context


class HandlingDetailView(ScopedDetailView):
    roles = BUREAU | {"enterprise_user"}
    selector = selectors.handling_list
    template_name = "spotchecks/handling_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update({"task": self.object.task, "rectification_form": f.RectificationForm(), "verdict_form": f.VerdictForm(),
                        "reason_form": f.ReasonForm(), "is_bureau": user.has_role(*services.FIELD_STAFF),
                        "is_province": user.has_role("administrator", "province_staff"),
                        "is_party": user.organisation_id in {i for i in services._parties(self.object.task) if i},
                        "breadcrumbs": [(_("不合格后处理"), "/spotchecks/handling/"), (self.object.task.code, "")]})
        return context


class HandlingActionView(RoleRequiredMixin, View):
    roles = BUREAU | {"enterprise_user"}

    def post(self, request, pk: int, action: str):
        handling = get_object_or_404(selectors.handling_list(request.user), pk=pk)
        user, data = request.user, request.POST
        on = f.parse_date(data.get("on"))
        verdict = data.get("verdict", "")
        actions = {
            "rectify": (lambda: services.rectification_submit(acting_user=user, handling=handling, report=data.get("report", ""),
                                                              file=request.FILES.get("file")), _("整改报告已提交")),
            "reinspect": (lambda: services.reinspection_record(acting_user=user, handling=handling, verdict=verdict, on=on),
                          _("已登记复查结果")),
            "announce": (lambda: services.handling_announce(acting_user=user, handling=handling, on=on), _("已公告")),
            "second": (lambda: services.second_reinspection_record(acting_user=user, handling=handling, verdict=verdict, on=on),
                       _("已登记再次复查结果")),
            "refer": (lambda: services.handling_refer(acting_user=user, handling=handling, reason=data.get("reason", "")),
                      _("已移送立案查处")),
            "close": (lambda: services.handling_close(acting_user=user, handling=handling), _("后处理已办结")),
        }
        if action not in actions:
            raise Http404
        fn, message = actions[action]
        run(request, fn, message)
        return redirect(handling.get_absolute_url())


# --- announcements -------------------------------------------------------------------------------

class AnnouncementListView(ScopedListView):
    roles = BUREAU
    selector = selectors.announcement_list
    filterset_class = AnnouncementFilterSet
    title = _("结果公告")
    columns = [(_("公告标题"), "title"), (_("公告编号"), "number"), (_("抽查期间"), "period"),
               (_("发布单位"), "organisation.name"), (_("状态"), "status"), (_("发布日期"), "published_on")]


class AnnouncementDetailView(ScopedDetailView):
    roles = BUREAU
    selector = selectors.announcement_list
    template_name = "spotchecks/announcement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        preview = a.header or services.announcement_header(a.plan, list(a.plan.tasks.select_related("region")))
        context.update({"header": preview, "rows": a.rows.select_related("region"),
                        "failed_count": a.rows.filter(verdict=Verdict.FAIL).count(),
                        "breadcrumbs": [(_("结果公告"), "/spotchecks/announcements/"), (a.title, "")]})
        return context


class AnnouncementPublishView(RoleRequiredMixin, View):
    roles = PLANNERS

    def post(self, request, pk: int):
        announcement = get_object_or_404(selectors.announcement_list(request.user), pk=pk)
        run(request, lambda: services.announcement_publish(acting_user=request.user, announcement=announcement), _("公告已发布"))
        return redirect(announcement.get_absolute_url())


def plan_for(user, pk: int) -> Plan:
    return get_object_or_404(selectors.plan_list(user), pk=pk)
