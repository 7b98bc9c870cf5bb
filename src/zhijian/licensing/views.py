"""Licensing pages: thin views over selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from zhijian.core.identifiers import IdentifierError
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView
from zhijian.core.workflow import TransitionNotAllowed
from zhijian.licensing import forms as lf
from zhijian.licensing import selectors, services
from zhijian.licensing.choices import (
    LICENCE_STATUS_COLOURS,
    STAGE_COLOURS,
    ApplicationKind,
    DocumentKind,
    Stage,
)
from zhijian.licensing.filtersets import (
    AnnualReportFilterSet,
    ApplicationFilterSet,
    CampaignFilterSet,
    CatalogueFilterSet,
    LicenceFilterSet,
)
from zhijian.licensing.models import AnnualReport, ApplicationDocument, CampaignItem, Licence
from zhijian.licensing.permissions import AUTHORITY, BUREAU_READERS, READERS, SUPERVISORS, may, may_act_for
from zhijian.licensing.workflows import LICENCE_WORKFLOW


def iso(field: str):
    def cell(obj) -> str:
        value = obj
        for part in field.split("."):
            value = getattr(value, part, None)
        return value.isoformat() if value else ""

    return cell


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


# --- applications ---------------------------------------------------------------------------------

class ApplicationListView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.application_list)
    filterset_class = ApplicationFilterSet
    title = _("许可申请")
    columns = [
        (_("申请编号"), "reference"),
        (_("申请类型"), "kind"),
        (_("申请企业"), "enterprise.name"),
        (_("产品"), "product_name"),
        (_("办理环节"), "stage"),
        (_("优先"), "priority"),
        (_("提交日期"), iso("submitted_on")),
        (_("本环节期限"), iso("stage_due")),
    ]
    create_url_name = "licensing:application_create"
    create_roles = frozenset({"enterprise_user"})


class ApplicationCreateView(RoleRequiredMixin, View):
    """Enterprises apply for themselves (the bureau acts through the API for an enterprise without a login)."""

    roles = frozenset({"enterprise_user"})
    template_name = "licensing/form.html"

    def get(self, request):
        initial = {k: request.GET[k] for k in ("kind", "licence_number") if k in request.GET}
        return self._render(lf.ApplicationForm(user=request.user, initial=initial))

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("新建许可申请"),
                                                         "breadcrumbs": [(_("许可申请"), reverse("licensing:application_list")),
                                                                         (_("新建许可申请"), "")]})

    def post(self, request):
        form = lf.ApplicationForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(form)
        try:
            app = services.application_create(acting_user=request.user, **form.service_kwargs())
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, "；".join(_errors(exc)))
            return self._render(form)
        messages.success(request, _("申请草稿已创建，请上传申请材料后提交"))
        return redirect(app.get_absolute_url())


class ApplicationDetailView(ScopedDetailView):
    roles = READERS
    template_name = "licensing/application_detail.html"
    selector = staticmethod(selectors.application_detail_queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        app, user = self.object, self.request.user
        is_owner = may_act_for(user, app.enterprise)
        authority = may(user, AUTHORITY, app.region_id)
        supervisor = may(user, SUPERVISORS, app.region_id)
        docs = list(app.documents.all())
        required = services.required_documents(app)
        have = {d.kind for d in docs}
        verification = getattr(app, "verification", None) if hasattr(app, "verification") else None
        pool = services.verifier_pool(user, app) if authority and app.stage == Stage.VERIFICATION else []
        steps = app.steps.all() if (user.is_bureau or user.has_role("auditor")) else app.steps.filter(public=True)
        context.update({
            "title": f"{app.reference} {app.get_kind_display()}",
            "stage_colour": STAGE_COLOURS.get(app.stage, "secondary"),
            "is_owner": is_owner, "authority": authority, "supervisor": supervisor,
            "documents": docs,
            "required": [(k, DocumentKind(k).label, k in have) for k in required],
            "document_form": lf.DocumentForm(user=user) if (is_owner and app.stage in (Stage.DRAFT, Stage.SUBMITTED)) else None,
            "steps": steps,
            "verification": verification,
            "verifier_form": lf.VerifierForm(user=user, pool=pool) if pool or app.stage == Stage.VERIFICATION else None,
            "verification_form": lf.VerificationForm(user=user, initial={"performed_on": timezone.localdate()}),
            "test_form": lf.ProductTestForm(user=user),
            "decision_form": lf.DecisionForm(user=user),
            "reason_form": lf.ReasonForm(user=user),
            "overdue": app.overdue_on(timezone.localdate()),
            "breadcrumbs": [(_("许可申请"), reverse("licensing:application_list")), (app.reference, "")],
        })
        try:
            context["verification"] = app.verification
        except Exception:
            context["verification"] = None
        return context


class ApplicationActionView(RoleRequiredMixin, View):
    """One POST endpoint per step; the service decides whether the caller may take it."""

    roles = READERS
    http_method_names = ["post"]

    def post(self, request, pk: int, action: str):
        app = get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)
        user, data = request.user, request.POST
        try:
            self.act(app, action, user, data, request)
        except (ValidationError, PermissionDenied, TransitionNotAllowed, IdentifierError) as exc:
            for text in _errors(exc):
                messages.error(request, text)
            return redirect(app.get_absolute_url())
        messages.success(request, _("操作成功"))
        return redirect(app.get_absolute_url())

    def act(self, app, action: str, user, data, request) -> None:
        if action == "upload":
            form = lf.DocumentForm(data, request.FILES, user=user)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.document_upload(acting_user=user, application=app, **form.cleaned_data)
        elif action == "submit":
            services.application_submit(acting_user=user, application=app)
        elif action == "withdraw":
            services.application_withdraw(acting_user=user, application=app, reason=data.get("reason", ""))
        elif action == "accept":
            services.application_accept(acting_user=user, application=app, note=data.get("reason", ""))
        elif action == "refuse":
            services.application_refuse(acting_user=user, application=app, reason=data.get("reason", ""))
        elif action in ("review_pass", "review_fail"):
            services.application_review(acting_user=user, application=app, passed=action == "review_pass",
                                        note=data.get("reason", ""))
        elif action == "assign":
            pool = services.verifier_pool(user, app)
            form = lf.VerifierForm(data, user=user, pool=pool)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            chosen = list(form.cleaned_data["inspectors"])
            services.verification_assign(acting_user=user, application=app, inspectors=chosen or None,
                                         n=form.cleaned_data.get("n"), scheduled_on=form.cleaned_data.get("scheduled_on"),
                                         beacon=form.cleaned_data.get("beacon", ""))
        elif action == "verify":
            form = lf.VerificationForm(data, user=user)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.verification_record(acting_user=user, application=app, **form.cleaned_data)
        elif action == "test":
            form = lf.ProductTestForm(data, user=user)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.product_test_record(acting_user=user, application=app, **form.cleaned_data)
        elif action == "decide":
            form = lf.DecisionForm(data, user=user)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.application_decide(acting_user=user, application=app, **form.cleaned_data)
        elif action == "issue":
            services.application_issue(acting_user=user, application=app, note=data.get("reason", ""))
        else:
            raise Http404


class DocumentDownloadView(RoleRequiredMixin, View):
    roles = READERS

    def get(self, request, pk: int):
        doc = get_object_or_404(ApplicationDocument.objects.filter(
            application__in=selectors.application_detail_queryset(request.user).values("pk")), pk=pk)
        return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


class SLAView(RoleRequiredMixin, TemplateView):
    roles = BUREAU_READERS
    template_name = "licensing/sla.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = selectors.sla_rows(user)
        only = self.request.GET.get("only", "")
        if only == "overdue":
            rows = [r for r in rows if r["overdue"]]
        elif only == "due_soon":
            rows = [r for r in rows if r["due_soon"]]
        today = timezone.localdate()
        reviews = selectors.licence_list(user).filter(procedure="commitment", post_review_done_on__isnull=True,
                                                      post_review_due__isnull=False, status="valid")
        context.update({"title": _("审批时限"), "rows": rows, "summary": selectors.sla_summary(user), "only": only,
                        "post_reviews": reviews.order_by("post_review_due")[:50], "today": today,
                        "breadcrumbs": [(_("审批时限"), "")]})
        return context


# --- licences ---------------------------------------------------------------------------------------

class LicenceListView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.licence_list)
    filterset_class = LicenceFilterSet
    title = _("生产许可证")
    columns = [
        (_("证书编号"), "number"),
        (_("持证企业"), "holder_name"),
        (_("产品"), "product_name"),
        (_("所在区划"), "region.name"),
        (_("发证日期"), iso("issued_on")),
        (_("有效期至"), iso("valid_until")),
        (_("状态"), "status"),
    ]


class LicenceDetailView(ScopedDetailView):
    roles = READERS
    template_name = "licensing/licence_detail.html"
    selector = staticmethod(selectors.licence_list)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lic, user = self.object, self.request.user
        authority = may(user, AUTHORITY, lic.region_id)
        transitions = [t for t in LICENCE_WORKFLOW.available(lic, user) if t.name not in ("renew", "expire")] if authority else []
        context.update({
            "title": lic.number, "colour": LICENCE_STATUS_COLOURS.get(lic.status, "secondary"),
            "authority": authority, "is_owner": may_act_for(user, lic.holder),
            "status_form": lf.LicenceStatusForm(user=user, transitions=transitions) if transitions else None,
            "changes": lic.status_changes.select_related("actor"),
            "reports": lic.annual_reports.all(),
            "applications": selectors.application_list(user).filter(licence=lic),
            "proceedings": lic.proceedings.all(),
            "post_review_form": lf.PostReviewForm(user=user, initial={"performed_on": timezone.localdate()})
            if lic.procedure == "commitment" and not lic.post_review_done_on and may(user, SUPERVISORS, lic.region_id) else None,
            "close_form": lf.ProceedingCloseForm(user=user) if authority else None,
            "breadcrumbs": [(_("生产许可证"), reverse("licensing:licence_list")), (lic.number, "")],
        })
        return context


class LicenceStatusView(RoleRequiredMixin, View):
    roles = AUTHORITY
    http_method_names = ["post"]

    def post(self, request, pk: int):
        lic = get_object_or_404(selectors.licence_list(request.user), pk=pk)
        try:
            services.licence_change_status(acting_user=request.user, licence=lic,
                                           transition=request.POST.get("transition", ""),
                                           basis=request.POST.get("basis", ""), reason=request.POST.get("reason", ""))
        except (ValidationError, TransitionNotAllowed) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("操作成功"))
        return redirect(lic.get_absolute_url())


class CertificateView(RoleRequiredMixin, View):
    roles = READERS

    def get(self, request, pk: int):
        from zhijian.licensing.certificate import certificate_pdf

        lic = get_object_or_404(selectors.licence_list(request.user), pk=pk)
        verify_url = request.build_absolute_uri(reverse("portal:licence_verify", args=[lic.number]))
        pdf = certificate_pdf(lic, verify_url)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename=licence-{lic.pk}.pdf"
        return response


# --- annual reports ---------------------------------------------------------------------------------

class AnnualReportListView(ScopedListView):
    roles = READERS
    template_name = "licensing/annual_report_list.html"
    selector = staticmethod(selectors.annual_report_list)
    filterset_class = AnnualReportFilterSet
    title = _("年度自查报告")
    columns = [
        (_("证书编号"), "licence.number"),
        (_("企业"), "licence.holder_name"),
        (_("报告年度"), "year"),
        (_("报送日期"), iso("filed_on")),
        (_("生产条件变化"), "conditions_changed"),
        (_("状态"), "status"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = timezone.localdate().year - 1
        try:
            year = int(self.request.GET.get("missing_year") or year)
        except ValueError:
            pass
        context["missing_year"] = year
        context["missing"] = selectors.missing_annual_reports(user, year)[:200]
        context["can_file"] = user.has_role("enterprise_user")
        context["can_remind"] = user.has_role(*SUPERVISORS)
        context["reminders"] = selectors.reminder_list(user)[:20] if user.has_role("enterprise_user") else []
        return context


class AnnualReportCreateView(RoleRequiredMixin, View):
    roles = frozenset({"enterprise_user"})

    def _licences(self):
        return selectors.licence_list(self.request.user).filter(status__in=("valid", "suspended"))

    def _render(self, form):
        return render(self.request, "licensing/form.html", {"form": form, "title": _("报送年度自查报告"),
                                                         "multipart": True,
                                                         "breadcrumbs": [(_("年度自查报告"), reverse("licensing:annual_report_list")),
                                                                         (_("报送"), "")]})

    def get(self, request):
        initial = {"year": timezone.localdate().year - 1}
        licence = self._licences().filter(pk=request.GET.get("licence") or 0).first()
        if licence is not None:
            initial["licence"] = licence.pk
            initial["year"] = max(initial["year"], licence.issued_on.year)  # first report of a new licence
        return self._render(lf.AnnualReportForm(user=request.user, licences=self._licences(), initial=initial))

    def post(self, request):
        form = lf.AnnualReportForm(request.POST, request.FILES, user=request.user, licences=self._licences())
        if not form.is_valid():
            return self._render(form)
        try:
            report = services.annual_report_file(acting_user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(_errors(exc)))
            return self._render(form)
        messages.success(request, _("年度自查报告已报送"))
        return redirect(report.get_absolute_url())


class AnnualReportDetailView(ScopedDetailView):
    roles = READERS
    template_name = "licensing/annual_report_detail.html"
    selector = staticmethod(selectors.annual_report_list)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rep = self.object
        context.update({"title": str(rep), "review_form": lf.ReviewForm(user=self.request.user)
                        if rep.status == "filed" and may(self.request.user, SUPERVISORS, rep.licence.region_id) else None,
                        "breadcrumbs": [(_("年度自查报告"), reverse("licensing:annual_report_list")), (str(rep), "")]})
        return context


class AnnualReportReviewView(RoleRequiredMixin, View):
    roles = SUPERVISORS
    http_method_names = ["post"]

    def post(self, request, pk: int):
        rep = get_object_or_404(selectors.annual_report_list(request.user), pk=pk)
        form = lf.ReviewForm(request.POST, user=request.user)
        try:
            if not form.is_valid():
                raise ValidationError("审核结论无效 / invalid review")
            services.annual_report_review(acting_user=request.user, report=rep, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("已审核"))
        return redirect(rep.get_absolute_url())


class RemindView(RoleRequiredMixin, View):
    roles = SUPERVISORS
    http_method_names = ["post"]

    def post(self, request):
        try:
            year = int(request.POST.get("year", ""))
            sent = services.annual_reminders_send(acting_user=request.user, year=year)
        except (ValueError, ValidationError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已发送提醒 %(n)s 条") % {"n": len(sent)})
        return redirect(reverse("licensing:annual_report_list") + f"?missing_year={request.POST.get('year', '')}")


# --- campaigns, worklists, catalogue, rules --------------------------------------------------------------

class CampaignListView(ScopedListView):
    roles = BUREAU_READERS
    selector = staticmethod(selectors.campaign_list)
    filterset_class = CampaignFilterSet
    title = _("证后监管专项检查")
    columns = [
        (_("专项名称"), "name"),
        (_("产品类别"), "category.name"),
        (_("辖区"), "region.name"),
        (_("开始日期"), iso("started_on")),
        (_("完成期限"), iso("due_on")),
        (_("对象数"), "item_count"),
        (_("待检查"), "pending"),
        (_("状态"), "status"),
    ]
    create_url_name = "licensing:campaign_create"
    create_roles = SUPERVISORS
    extra_actions = [(_("双随机抽查"), "licensing:supervision_draw")]


class CampaignCreateView(RoleRequiredMixin, View):
    roles = SUPERVISORS

    def _render(self, form):
        return render(self.request, "licensing/form.html", {"form": form, "title": _("新建专项检查"),
                                                         "breadcrumbs": [(_("证后监管专项检查"), reverse("licensing:campaign_list")),
                                                                         (_("新建"), "")]})

    def get(self, request):
        return self._render(lf.CampaignForm(user=request.user, initial={"started_on": timezone.localdate()}))

    def post(self, request):
        form = lf.CampaignForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(form)
        try:
            campaign = services.campaign_create(acting_user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(_errors(exc)))
            return self._render(form)
        return redirect(campaign.get_absolute_url())


class CampaignDetailView(ScopedDetailView):
    roles = BUREAU_READERS
    template_name = "licensing/campaign_detail.html"
    selector = staticmethod(selectors.campaign_list)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update({"title": self.object.name, "items": selectors.campaign_items(self.request.user, self.object),
                        "item_form": lf.CampaignItemForm(user=self.request.user, initial={"inspected_on": timezone.localdate()}),
                        "can_record": self.request.user.has_role(*SUPERVISORS),
                        "breadcrumbs": [(_("证后监管专项检查"), reverse("licensing:campaign_list")), (self.object.name, "")]})
        return context


class CampaignItemView(RoleRequiredMixin, View):
    roles = SUPERVISORS
    http_method_names = ["post"]

    def post(self, request, pk: int):
        item = get_object_or_404(CampaignItem.objects.filter(licence__in=selectors.licence_list(request.user).values("pk")), pk=pk)
        form = lf.CampaignItemForm(request.POST, user=request.user)
        try:
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.campaign_item_record(acting_user=request.user, item=item, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("已记录"))
        return redirect(item.campaign.get_absolute_url())


class WorklistView(RoleRequiredMixin, TemplateView):
    roles = BUREAU_READERS
    template_name = "licensing/worklist.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            on = dt.date.fromisoformat(self.request.GET.get("on", ""))
        except ValueError:
            on = timezone.localdate()
        context.update({"title": _("无证生产与许可证冒用线索"), "on": on,
                        "unlicensed": selectors.unlicensed_producers(user, on),
                        "misuse": selectors.licence_misuse(user),
                        "proceedings": selectors.proceeding_list(user)[:50],
                        "breadcrumbs": [(_("无证与冒用线索"), "")]})
        return context


class CatalogueView(ScopedListView):
    roles = READERS
    selector = staticmethod(selectors.catalogue_list)
    filterset_class = CatalogueFilterSet
    title = _("生产许可证管理目录")
    link_column = 1
    columns = [
        (_("分类代码"), "category_code"),
        (_("产品名称（目录）"), "name"),
        (_("实施日期"), iso("valid_from")),
        (_("停止日期"), iso("valid_to")),
        (_("发证机关层级"), "issuing_level"),
        (_("审批方式"), "procedure"),
        (_("需产品检验"), "product_test_required"),
        (_("食品相关产品"), "food_related"),
        (_("依据"), "basis"),
        (_("说明"), "note"),
    ]
    extra_actions = [(_("许可规则设置"), "licensing:rules")]
    create_url_name = "licensing:catalogue_create"
    create_roles = AUTHORITY

    def rows(self, objects):
        rows = super().rows(objects)
        if self.request.user.has_role(*AUTHORITY):
            for row in rows:
                row["url"] = reverse("licensing:catalogue_edit", args=[row["object"].pk])
        return rows


class CatalogueEntryEditView(RoleRequiredMixin, View):
    """Add a catalogue period or correct one (the catalogue is dated data the province maintains)."""

    roles = AUTHORITY

    def _instance(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(selectors.catalogue_list(self.request.user), pk=pk) if pk else None

    def _render(self, form):
        return render(self.request, "licensing/form.html", {
            "form": form, "title": _("许可目录条目"),
            "breadcrumbs": [(_("许可目录"), reverse("licensing:catalogue")), (_("编辑"), "")]})

    def get(self, request, pk: int | None = None):
        return self._render(lf.CatalogueEntryForm(instance=self._instance()))

    def post(self, request, pk: int | None = None):
        instance = self._instance()
        form = lf.CatalogueEntryForm(request.POST, instance=instance)
        if not form.is_valid():
            return self._render(form)
        try:
            services.catalogue_entry_save(acting_user=request.user, instance=instance,
                                          **{k: form.cleaned_data[k] for k in lf.CatalogueEntryForm.Meta.fields})
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
            return self._render(form)
        messages.success(request, _("已保存"))
        return redirect("licensing:catalogue")


class OverCapacityRemoveView(RoleRequiredMixin, View):
    roles = AUTHORITY
    http_method_names = ["post"]

    def post(self, request, pk: int):
        listing = get_object_or_404(selectors.over_capacity_list(request.user), pk=pk)
        try:
            services.over_capacity_remove(acting_user=request.user, instance=listing,
                                          reason=request.POST.get("reason", ""))
        except (ValidationError, PermissionDenied) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("已移出名单"))
        return redirect("licensing:rules")


class RulesView(RoleRequiredMixin, View):
    roles = BUREAU_READERS
    template_name = "licensing/rules.html"

    def _render(self, form, oc_form):
        user = self.request.user
        ruleset = selectors.rules()
        return render(self.request, self.template_name, {
            "title": _("许可规则设置"), "form": form, "oc_form": oc_form, "can_edit": user.has_role(*AUTHORITY),
            "deadlines": [(k, *ruleset.deadline_rule(k)) for k in
                          ("acceptance", "verification", "sample_delivery", "decision", "certificate",
                           "post_licence_review", "annual_report")],
            "listings": selectors.over_capacity_list(user),
            "breadcrumbs": [(_("许可目录"), reverse("licensing:catalogue")), (_("许可规则设置"), "")]})

    def get(self, request):
        return self._render(lf.RulesForm(instance=selectors.rules()), lf.OverCapacityForm(user=request.user))

    def post(self, request):
        if not request.user.has_role(*AUTHORITY):
            raise PermissionDenied
        if request.POST.get("form") == "over_capacity":
            oc = lf.OverCapacityForm(request.POST, user=request.user)
            if oc.is_valid():
                data = dict(oc.cleaned_data)
                services.over_capacity_add(acting_user=request.user, enterprise=data.pop("enterprise_uscc"), **data)
                messages.success(request, _("已列入名单"))
                return redirect("licensing:rules")
            return self._render(lf.RulesForm(instance=selectors.rules()), oc)
        form = lf.RulesForm(request.POST, instance=selectors.rules())
        if form.is_valid():
            try:
                services.rules_update(acting_user=request.user, **{k: form.cleaned_data[k] for k in lf.RulesForm.Meta.fields})
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
                return self._render(form, lf.OverCapacityForm(user=request.user))
            messages.success(request, _("已保存"))
            return redirect("licensing:rules")
        return self._render(form, lf.OverCapacityForm(user=request.user))


class SupervisionDrawView(RoleRequiredMixin, View):
    """Double-random checks among licensees (work-plan item 8): the draw is committed here and made
    (with its public random value and witnesses) in the draws app; the drawn licences then become a
    campaign of their own."""

    roles = AUTHORITY | {"city_staff"}

    def _render(self, form):
        return render(self.request, "licensing/form.html", {
            "form": form, "title": _("获证企业双随机抽查"),
            "breadcrumbs": [(_("证后监管专项检查"), reverse("licensing:campaign_list")), (_("双随机抽查"), "")]})

    def get(self, request):
        return self._render(lf.SupervisionDrawForm(user=request.user))

    def post(self, request):
        form = lf.SupervisionDrawForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(form)
        try:
            result = services.supervision_draw(acting_user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(_errors(exc)))
            return self._render(form)
        messages.success(request, _("已生成抽取承诺，请在抽取页面输入公开随机值完成抽取"))
        return redirect(reverse("draws:draw_detail", args=[result["draw"].pk]))


class PostReviewView(RoleRequiredMixin, View):
    roles = SUPERVISORS
    http_method_names = ["post"]

    def post(self, request, pk: int):
        lic = get_object_or_404(selectors.licence_list(request.user), pk=pk)
        form = lf.PostReviewForm(request.POST, user=request.user)
        try:
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.licence_post_review_record(acting_user=request.user, licence=lic, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("已记录"))
        return redirect(lic.get_absolute_url())


class ProceedingCloseView(RoleRequiredMixin, View):
    roles = AUTHORITY
    http_method_names = ["post"]

    def post(self, request, pk: int):
        proceeding = get_object_or_404(selectors.proceeding_list(request.user), pk=pk)
        form = lf.ProceedingCloseForm(request.POST, user=request.user)
        try:
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.proceeding_close(acting_user=request.user, proceeding=proceeding, **form.cleaned_data)
        except (ValidationError, PermissionDenied, TransitionNotAllowed) as exc:
            for text in _errors(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("已处理"))
        return redirect(proceeding.licence.get_absolute_url())


def _unused() -> None:  # keep imports referenced for type checkers
    _ = (ApplicationKind, AnnualReport, Licence)
