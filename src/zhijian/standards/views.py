"""Standards pages: catalogue list with search and export, detail with test items, forms through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView
from zhijian.standards import selectors, services
from zhijian.standards.filtersets import StandardFilterSet
from zhijian.standards.forms import StandardEditForm, StandardForm, TestItemForm, WithdrawForm
from zhijian.standards.permissions import CATALOGUE_EDITORS, can_edit_catalogue
from zhijian.standards.workflows import STANDARD_WORKFLOW


def iso_date(field: str):
    """A list/export column showing a date as YYYY-MM-DD whatever the language."""

    def cell(obj) -> str:
        value = getattr(obj, field)
        return value.isoformat() if value else ""

    return cell

class StandardListView(ScopedListView):
    import_entity = "standards"
    selector = staticmethod(selectors.standard_list)
    filterset_class = StandardFilterSet
    title = _("标准目录")
    columns = [
        (_("标准编号"), "number"),
        (_("标准名称"), "title"),
        (_("标准性质"), "nature"),
        (_("状态"), "status"),
        (_("实施日期"), iso_date("effective_on")),
        (_("适用产品"), "products_display"),
        (_("检验项目数"), "test_item_count"),
        (_("安全关键项目数"), "safety_item_count"),
        (_("被代替为"), "replaced_by.number"),
    ]
    create_url_name = "standards:standard_create"
    create_roles = CATALOGUE_EDITORS


class StandardDetailView(ScopedDetailView):
    template_name = "standards/standard_detail.html"
    selector = staticmethod(selectors.standard_detail_queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        standard = self.object
        context.update({
            "title": standard.number,
            "can_edit": can_edit_catalogue(self.request.user),
            "transitions": [t.name for t in STANDARD_WORKFLOW.available(standard, self.request.user)],
            "breadcrumbs": [(_("标准目录"), reverse("standards:standard_list")), (standard.number, "")],
        })
        return context


class StandardCreateView(ServiceFormView):
    roles = CATALOGUE_EDITORS
    form_class = StandardForm
    title = _("新增标准")
    service = staticmethod(services.standard_create)


class StandardEditView(ServiceFormView):
    roles = CATALOGUE_EDITORS
    form_class = StandardEditForm
    title = _("编辑标准")
    service = staticmethod(services.standard_update)

    def get_instance(self):
        return get_object_or_404(selectors.standard_detail_queryset(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        standard = self.get_instance()
        return {
            "title": standard.title, "nature": standard.nature, "issued_on": standard.issued_on,
            "effective_on": standard.effective_on, "products": "、".join(standard.products or []),
            "note": standard.note, "source_url": standard.source_url,
        }


class StandardWithdrawView(ServiceFormView):
    roles = CATALOGUE_EDITORS
    form_class = WithdrawForm
    title = _("废止标准")
    service = staticmethod(services.standard_withdraw)

    def get_instance(self):
        return get_object_or_404(selectors.standard_detail_queryset(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "standard": self.get_instance()}


class TestItemCreateView(ServiceFormView):
    __test__ = False

    roles = CATALOGUE_EDITORS
    form_class = TestItemForm
    title = _("新增检验项目")
    service = staticmethod(services.test_item_create)

    def service_kwargs(self, form) -> dict[str, Any]:
        standard = get_object_or_404(selectors.standard_detail_queryset(self.request.user), pk=self.kwargs["pk"])
        return {**form.cleaned_data, "standard": standard}


class TestItemEditView(ServiceFormView):
    __test__ = False

    roles = CATALOGUE_EDITORS
    form_class = TestItemForm
    title = _("编辑检验项目")
    service = staticmethod(services.test_item_update)

    def get_instance(self):
        return get_object_or_404(selectors.test_item_list(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        item = self.get_instance()
        return {name: getattr(item, name) for name in TestItemForm.base_fields}


class TestItemDeleteView(RoleRequiredMixin, View):
    __test__ = False

    roles = CATALOGUE_EDITORS
    http_method_names = ["post"]

    def post(self, request, pk: int):
        item = get_object_or_404(selectors.test_item_list(request.user), pk=pk)
        standard_url = item.standard.get_absolute_url()
        services.test_item_delete(acting_user=request.user, instance=item, reason=request.POST.get("reason", ""))
        messages.success(request, _("已删除"))
        return redirect(standard_url)
