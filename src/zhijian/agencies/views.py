"""Agencies and inspector-pool pages: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from zhijian.agencies import selectors, services
from zhijian.agencies.filtersets import AgencyFilterSet, InspectorFilterSet
from zhijian.agencies.forms import AgencyForm, ConflictForm, InspectorEditForm, InspectorForm, ScopeForm
from zhijian.agencies.models import ConflictOfInterest, QualificationScope
from zhijian.agencies.permissions import AGENCY_MANAGERS, AGENCY_READERS, POOL_MANAGERS, POOL_READERS, may_manage
from zhijian.agencies.workflows import AGENCY_WORKFLOW
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView


def iso_date(field: str):
    """A list/export column showing a date as YYYY-MM-DD whatever the language."""

    def cell(obj) -> str:
        value = getattr(obj, field)
        return value.isoformat() if value else ""

    return cell

class UserFormMixin:
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


# --- agencies ----------------------------------------------------------------------------------

class AgencyListView(ScopedListView):
    import_entity = "agencies"
    roles = AGENCY_READERS
    selector = staticmethod(selectors.agency_list)
    filterset_class = AgencyFilterSet
    title = _("检验机构名录")
    columns = [
        (_("机构名称"), "name"),
        (_("统一社会信用代码"), "uscc"),
        (_("资质认定证书编号"), "cma_number"),
        (_("所在区划"), "region.name"),
        (_("状态"), "status"),
        (_("资质范围数"), "scope_count"),
        (_("联系人"), "contact"),
        (_("联系电话"), "phone"),
    ]
    create_url_name = "agencies:agency_create"
    create_roles = AGENCY_MANAGERS


class AgencyDetailView(ScopedDetailView):
    roles = AGENCY_READERS
    template_name = "agencies/agency_detail.html"
    selector = staticmethod(selectors.agency_detail_queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agency, user = self.object, self.request.user
        can_manage = may_manage(user, AGENCY_MANAGERS, agency.region_id)
        context.update({
            "title": agency.name,
            "can_manage": can_manage,
            "transitions": AGENCY_WORKFLOW.available(agency, user) if can_manage else [],
            "breadcrumbs": [(_("检验机构名录"), reverse("agencies:agency_list")), (agency.name, "")],
        })
        return context


class AgencyCreateView(UserFormMixin, ServiceFormView):
    roles = AGENCY_MANAGERS
    form_class = AgencyForm
    title = _("新增检验机构")
    service = staticmethod(services.agency_create)


class AgencyEditView(UserFormMixin, ServiceFormView):
    roles = AGENCY_MANAGERS
    form_class = AgencyForm
    title = _("编辑检验机构")
    service = staticmethod(services.agency_update)

    def get_instance(self):
        return get_object_or_404(selectors.agency_detail_queryset(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        agency = self.get_instance()
        return {name: getattr(agency, name) for name in AgencyForm.base_fields}


class _PostActionView(RoleRequiredMixin, View):
    """A button on a detail page: POST, call a service, come back with a message."""

    http_method_names = ["post"]

    def act(self, request, **kwargs: Any) -> str:
        raise NotImplementedError

    def post(self, request, **kwargs: Any):
        try:
            url = self.act(request, **kwargs)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(request.META.get("HTTP_REFERER") or reverse("home"))
        messages.success(request, _("操作成功"))
        return redirect(url)


class AgencyStatusView(_PostActionView):
    roles = AGENCY_MANAGERS

    def act(self, request, pk: int) -> str:
        agency = get_object_or_404(selectors.agency_detail_queryset(request.user), pk=pk)
        services.agency_change_status(acting_user=request.user, instance=agency,
                                      transition=request.POST.get("transition", ""), reason=request.POST.get("reason", ""))
        return agency.get_absolute_url()


class ScopeAddView(UserFormMixin, ServiceFormView):
    roles = AGENCY_MANAGERS
    form_class = ScopeForm
    title = _("新增资质范围")
    service = staticmethod(services.scope_add)

    def service_kwargs(self, form) -> dict[str, Any]:
        agency = get_object_or_404(selectors.agency_detail_queryset(self.request.user), pk=self.kwargs["pk"])
        return {**form.cleaned_data, "agency": agency}


class ScopeRemoveView(_PostActionView):
    roles = AGENCY_MANAGERS

    def act(self, request, pk: int) -> str:
        scope = get_object_or_404(QualificationScope.objects.filter(agency__in=selectors.agency_list(request.user)), pk=pk)
        url = scope.agency.get_absolute_url()
        services.scope_remove(acting_user=request.user, instance=scope, reason=request.POST.get("reason", ""))
        return url


# --- inspectors ----------------------------------------------------------------------------------

class InspectorListView(ScopedListView):
    import_entity = "inspectors"
    roles = POOL_READERS
    selector = staticmethod(selectors.inspector_list)
    filterset_class = InspectorFilterSet
    title = _("执法检查人员名录库")
    columns = [
        (_("姓名"), "name"),
        (_("人员编号"), "staff_number"),
        (_("所属单位"), "organisation.name"),
        (_("所属区划"), "region.name"),
        (_("科室"), "unit"),
        (_("资格"), "qualifications_display"),
        (_("执法证有效期至"), iso_date("cert_valid_to")),
        (_("在库"), "active"),
        (_("利益冲突申报"), "active_conflicts"),
    ]
    create_url_name = "agencies:inspector_create"
    create_roles = POOL_MANAGERS


class InspectorDetailView(ScopedDetailView):
    roles = POOL_READERS
    template_name = "agencies/inspector_detail.html"
    selector = staticmethod(selectors.inspector_detail_queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        inspector = self.object
        context.update({
            "title": inspector.name,
            "can_manage": may_manage(self.request.user, POOL_MANAGERS, inspector.region_id),
            "can_declare": may_manage(self.request.user, POOL_MANAGERS | {"inspector"}, inspector.region_id),
            "breadcrumbs": [(_("执法检查人员名录库"), reverse("agencies:inspector_list")), (inspector.name, "")],
        })
        return context


class InspectorCreateView(UserFormMixin, ServiceFormView):
    roles = POOL_MANAGERS
    form_class = InspectorForm
    title = _("新增执法检查人员")
    service = staticmethod(services.inspector_create)


class InspectorEditView(UserFormMixin, ServiceFormView):
    roles = POOL_MANAGERS
    form_class = InspectorEditForm
    title = _("编辑执法检查人员")
    service = staticmethod(services.inspector_update)

    def get_instance(self):
        return get_object_or_404(selectors.inspector_detail_queryset(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        inspector = self.get_instance()
        return {name: getattr(inspector, name) for name in InspectorEditForm.base_fields if name != "staff_number"}


class InspectorDeactivateView(_PostActionView):
    roles = POOL_MANAGERS

    def act(self, request, pk: int) -> str:
        inspector = get_object_or_404(selectors.inspector_detail_queryset(request.user), pk=pk)
        services.inspector_deactivate(acting_user=request.user, instance=inspector, reason=request.POST.get("reason", ""))
        return inspector.get_absolute_url()


class ConflictDeclareView(UserFormMixin, ServiceFormView):
    roles = POOL_MANAGERS | {"inspector"}
    form_class = ConflictForm
    title = _("申报利益冲突")
    service = staticmethod(services.conflict_declare)

    def service_kwargs(self, form) -> dict[str, Any]:
        inspector = get_object_or_404(selectors.inspector_detail_queryset(self.request.user), pk=self.kwargs["pk"])
        return {**form.cleaned_data, "inspector": inspector}


class ConflictWithdrawView(_PostActionView):
    roles = POOL_MANAGERS | {"inspector"}

    def act(self, request, pk: int) -> str:
        conflict = get_object_or_404(ConflictOfInterest.objects.filter(
            inspector__in=selectors.inspector_list(request.user).values("pk")), pk=pk)
        services.conflict_withdraw(acting_user=request.user, instance=conflict, reason=request.POST.get("reason", ""))
        return conflict.get_absolute_url()
