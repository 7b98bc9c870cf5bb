"""REST endpoints: POST /api/v1/imports/ (multipart entity + file), the import history,
GET /api/v1/imports/templates/{entity}/ and GET /api/v1/exports/{entity}/?format=xlsx|csv."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from zhijian.core import selectors
from zhijian.core.importexport import exporters, runner
from zhijian.core.importexport.resources import Resource, get_resource
from zhijian.core.importexport.views import MAX_UPLOAD_BYTES


def _resource(entity: str) -> Resource:
    try:
        return get_resource(entity)
    except KeyError as exc:
        raise NotFound(exc.args[0]) from None


class _FileRenderer(renderers.BaseRenderer):
    """Passes file bytes through; an error (a dict) is still sent as JSON."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes | bytearray):
            return bytes(data)
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class XlsxRenderer(_FileRenderer):
    media_type = exporters.XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None


class CsvRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class ImportUploadSerializer(serializers.Serializer):
    entity = serializers.CharField()
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)

    def validate_file(self, upload: Any) -> Any:
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError("文件不能超过 50 MB / the file must not exceed 50 MB")
        return upload


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    field = serializers.CharField()
    reason = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    job = serializers.IntegerField(source="job_id")
    status = serializers.SerializerMethodField()
    entity = serializers.CharField()
    file_name = serializers.CharField()
    dry_run = serializers.BooleanField()
    total = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)

    def get_status(self, report: runner.ImportReport) -> str:
        return "queued" if report.queued else ("succeeded" if report.ok else "failed")


ERROR_RESPONSE = inline_serializer("ImportErrorReport", {
    "detail": serializers.CharField(), "errors": RowErrorSerializer(many=True), "job": serializers.IntegerField(),
})


def error_summary(report: runner.ImportReport) -> str:
    head = f"导入失败，未写入任何数据（{len(report.errors)} 处错误）/ nothing imported ({len(report.errors)} errors)"
    first = report.errors[0]
    return f"{head}：第{first.row}行 {first.column} {first.reason}" if first.row else f"{head}：{first.reason}"


class ImportViewSet(viewsets.ViewSet):
    """Spreadsheet imports: all-or-nothing per file, idempotent on natural keys."""

    parser_classes = [MultiPartParser, FormParser]
    lookup_value_regex = r"\d+"

    @extend_schema(request=ImportUploadSerializer, responses={
        201: ImportResultSerializer, 202: ImportResultSerializer, 400: ERROR_RESPONSE,
    })
    def create(self, request: Request) -> Response:
        """Upload a file: 201 with counts, 202 when queued for the worker, 400 with every bad cell."""
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        entity = upload.validated_data["entity"]
        resource = _resource(entity)
        if not resource.can_import(request.user):
            raise PermissionDenied
        file = upload.validated_data["file"]
        report = runner.start_import(entity=entity, file_name=file.name, data=file.read(), acting_user=request.user,
                                     dry_run=upload.validated_data["dry_run"])
        if report.queued:
            return Response(ImportResultSerializer(report).data, status=status.HTTP_202_ACCEPTED)
        if not report.ok:
            return Response({
                "detail": error_summary(report), "job": report.job_id,
                "errors": [e.as_dict() for e in report.errors[:runner.MAX_STORED_ERRORS]],
            }, status=status.HTTP_400_BAD_REQUEST)
        return Response(ImportResultSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ImportResultSerializer(many=True))
    def list(self, request: Request) -> Response:
        """The caller's organisation's import runs, newest first."""
        jobs = selectors.job_list(request.user).filter(kind=runner.JOB_KIND)
        page = self.paginator.paginate_queryset(jobs, request, view=self)
        data = [self._job_data(job) for job in page]
        return self.paginator.get_paginated_response(data)

    @extend_schema(responses=ImportResultSerializer, parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        job = selectors.job_list(request.user).filter(kind=runner.JOB_KIND, pk=pk).first()
        if job is None:
            raise NotFound
        return Response(self._job_data(job))

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            from zhijian.core.api import StandardPagination

            self._paginator = StandardPagination()
        return self._paginator

    @staticmethod
    def _job_data(job: Any) -> dict[str, Any]:
        report = runner.report_for_job(job)
        report.job_id = job.pk
        data = dict(ImportResultSerializer(report).data)
        data["status"] = job.status
        data["progress"] = {"done": job.done, "total": job.total}
        return data

    @extend_schema(responses={(200, exporters.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path=r"templates/(?P<entity>[a-z0-9-]+)",
            renderer_classes=[XlsxRenderer])
    def template(self, request: Request, entity: str) -> HttpResponse:
        """The import template for an entity (xlsx with headers, notes and dropdowns)."""
        resource = _resource(entity)
        if not (resource.can_import(request.user) or resource.can_export(request.user)):
            raise PermissionDenied
        response = Response(exporters.template_xlsx(resource), content_type=exporters.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = exporters.content_disposition(resource, "template", "xlsx")
        return response


class ExportViewSet(viewsets.ViewSet):
    """Exports of the caller's visible rows, with the import template's headers (re-importable)."""

    lookup_field = "entity"
    lookup_value_regex = r"[a-z0-9-]+"
    renderer_classes = [XlsxRenderer, CsvRenderer]

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["xlsx", "csv"], description="xlsx (default) or csv")],
        responses={(200, exporters.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY,
                   403: OpenApiResponse(description="not allowed"), 404: OpenApiResponse(description="unknown entity")},
    )
    def retrieve(self, request: Request, entity: str | None = None) -> Response:
        resource = _resource(entity or "")
        if not resource.can_export(request.user):
            raise PermissionDenied
        file_format = request.query_params.get("format", "xlsx")
        if file_format not in {"xlsx", "csv"}:
            raise ValidationError({"format": "应为 xlsx 或 csv / must be xlsx or csv"})
        if file_format == "csv":
            body, content_type = exporters.export_csv(resource, request.user), "text/csv; charset=utf-8"
        else:
            body, content_type = exporters.export_xlsx(resource, request.user), exporters.XLSX_CONTENT_TYPE
        response = Response(body, content_type=content_type)
        response["Content-Disposition"] = exporters.content_disposition(resource, "export", file_format)
        return response


def register(router: Any) -> None:
    router.register("imports", ImportViewSet, basename="import")
    router.register("exports", ExportViewSet, basename="export")
