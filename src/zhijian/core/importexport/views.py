"""Import/export pages: the entities a user may import, upload with a row/column/reason report,
the import history (Job rows), template downloads and exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from zhijian.core import selectors
from zhijian.core.forms import style_form
from zhijian.core.importexport import exporters, runner
from zhijian.core.importexport.resources import Resource, all_resources, get_resource, importable_by

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


def resource_or_404(entity: str) -> Resource:
    try:
        return get_resource(entity)
    except KeyError:
        raise Http404(_("未知的数据类型")) from None


def import_history(user: Any, limit: int = 20) -> list[dict[str, Any]]:
    jobs = selectors.job_list(user).filter(kind=runner.JOB_KIND).select_related("owner")[:limit]
    return [{"job": job, "report": runner.report_for_job(job)} for job in jobs]


class ImportForm(forms.Form):
    entity = forms.ChoiceField(label=_("数据类型"))
    file = forms.FileField(label=_("文件"), help_text=_("支持 xlsx、xls、csv（UTF-8 或 GBK 编码）"))
    dry_run = forms.BooleanField(label=_("仅校验，不写入"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [(r.entity, r.title) for r in importable_by(user)]
        style_form(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 50 MB"))
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("请上传 xlsx、xls 或 csv 文件"))
        return upload


class ImportListView(LoginRequiredMixin, TemplateView):
    template_name = "core/import_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entities = [{"resource": r, "can_import": r.can_import(user), "can_export": r.can_export(user)}
                    for r in all_resources()]
        context.update({
            "title": _("数据导入导出"),
            "entities": [e for e in entities if e["can_import"] or e["can_export"]],
            "history": import_history(user),
            "breadcrumbs": [(_("数据导入导出"), "")],
        })
        return context


class ImportUploadView(LoginRequiredMixin, View):
    template_name = "core/import_upload.html"

    def context(self, form: ImportForm, report: runner.ImportReport | None = None) -> dict[str, Any]:
        return {
            "title": _("导入数据"), "form": form, "report": report, "importable": importable_by(self.request.user),
            "breadcrumbs": [(_("数据导入导出"), reverse("core:import_list")), (_("导入数据"), "")],
        }

    def get(self, request):
        form = ImportForm(user=request.user, initial={"entity": request.GET.get("entity", "")})
        if not form.fields["entity"].choices:
            raise PermissionDenied
        return render(request, self.template_name, self.context(form))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.fields["entity"].choices:
            raise PermissionDenied
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)
        upload = form.cleaned_data["file"]
        report = runner.start_import(entity=form.cleaned_data["entity"], file_name=upload.name, data=upload.read(),
                                     acting_user=request.user, dry_run=form.cleaned_data["dry_run"])
        if report.queued:
            return redirect("core:import_detail", pk=report.job_id)
        status = 200 if report.ok else 400
        return render(request, self.template_name, self.context(form, report), status=status)


class ImportDetailView(LoginRequiredMixin, View):
    """One import run from the history; polls (htmx) while a background import is running."""

    def get(self, request, pk: int):
        job = get_object_or_404(selectors.job_list(request.user).filter(kind=runner.JOB_KIND), pk=pk)
        context = {
            "title": _("导入记录"), "job": job, "report": runner.report_for_job(job),
            "breadcrumbs": [(_("数据导入导出"), reverse("core:import_list")), (_("导入记录"), "")],
        }
        if request.htmx:
            return render(request, "core/import_status.html", context)
        return render(request, "core/import_detail.html", context)


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request, entity: str):
        resource = resource_or_404(entity)
        if not (resource.can_import(request.user) or resource.can_export(request.user)):
            raise PermissionDenied
        response = HttpResponse(exporters.template_xlsx(resource), content_type=exporters.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = exporters.content_disposition(resource, "template", "xlsx")
        return response


class ExportView(LoginRequiredMixin, View):
    def get(self, request, entity: str):
        resource = resource_or_404(entity)
        if not resource.can_export(request.user):
            raise PermissionDenied
        return export_response(resource, request.user, request.GET.get("format", "xlsx"))


def export_response(resource: Resource, user: Any, file_format: str) -> HttpResponse:
    if file_format == "csv":
        response = HttpResponse(exporters.export_csv(resource, user), content_type=exporters.CSV_CONTENT_TYPE)
    else:
        file_format = "xlsx"
        response = HttpResponse(exporters.export_xlsx(resource, user), content_type=exporters.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = exporters.content_disposition(resource, "export", file_format)
    return response
