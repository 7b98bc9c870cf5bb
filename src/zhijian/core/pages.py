"""Kernel pages: regions, holiday overrides, background jobs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from zhijian.core import selectors, services
from zhijian.core.filtersets import CalendarDayFilterSet, JobFilterSet, RegionFilterSet
from zhijian.core.forms import style_form
from zhijian.core.models import CalendarDay
from zhijian.core.views import RoleRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView

ADMIN = frozenset({"administrator"})
PROVINCE = frozenset({"administrator", "province_staff"})


class RegionListView(ScopedListView):
    title = _("行政区划")
    roles = PROVINCE
    selector = staticmethod(selectors.region_list)
    filterset_class = RegionFilterSet
    paginate_by = 50
    columns = [
        (_("行政区划代码"), "code"), (_("名称"), "name"), (_("级别"), "level"),
        (_("上级"), "parent.name"), (_("监管区域"), "supervision_region.name"), (_("启用日期"), "valid_from"),
    ]


class CalendarDayListView(ScopedListView):
    title = _("节假日调整")
    roles = ADMIN
    selector = staticmethod(selectors.calendar_list)
    filterset_class = CalendarDayFilterSet
    create_url_name = "core:calendar_create"
    columns = [(_("日期"), "date"), (_("是否工作日"), "is_workday"), (_("说明"), "name")]


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.BooleanField(label=_("是工作日（调休上班）"), required=False,
                                    help_text=_("不勾选表示放假"))
    name = forms.CharField(label=_("说明"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class CalendarDayCreateView(ServiceFormView):
    title = _("新增节假日调整")
    roles = ADMIN
    form_class = CalendarDayForm
    service = staticmethod(services.calendar_day_set)

    def form_valid(self, form):
        services.calendar_day_set(acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("已保存"))
        return redirect("core:calendar_list")


class CalendarDayDeleteView(RoleRequiredMixin, View):
    roles = ADMIN

    def post(self, request, pk: int):
        services.calendar_day_delete(acting_user=request.user, instance=get_object_or_404(CalendarDay, pk=pk))
        messages.success(request, _("已删除"))
        return redirect("core:calendar_list")


class JobListView(ScopedListView):
    title = _("后台任务")
    roles = PROVINCE
    selector = staticmethod(selectors.job_list)
    filterset_class = JobFilterSet
    columns = [(_("编号"), "pk"), (_("类型"), "kind"), (_("状态"), "status"), (_("进度"), lambda j: f"{j.percent}%"),
               (_("发起人"), "owner"), (_("创建时间"), "created_at"), (_("完成时间"), "finished_at")]


class JobDetailView(ScopedDetailView):
    template_name = "core/job_detail.html"
    selector = staticmethod(selectors.job_list)

    def get_template_names(self):
        if self.request.htmx:
            return ["core/job_progress.html"]
        return [self.template_name]
