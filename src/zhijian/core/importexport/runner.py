"""The all-or-nothing import: read the whole file, validate every cell, write every row or none.

1. read the first sheet (xlsx/xls/csv) and find the header row;
2. parse every cell of every row and run the resource's row checks (jurisdiction, duplicates,
   records the caller may not change), collecting ALL errors with row, column and reason;
3. if anything is wrong, write nothing and return the report;
4. otherwise apply all rows in ONE transaction through the app's services; if a service refuses
   a row half-way, everything is rolled back and that row is reported.

Each run is a core Job (kind "import") so the UI can list the history and show progress; files
above IMPORT_SYNC_MAX_ROWS rows run in a background task (`zhijian worker`).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from zhijian.audit.services import log_event
from zhijian.core import context
from zhijian.core import services as core_services
from zhijian.core.choices import JobStatus
from zhijian.core.importexport import cells
from zhijian.core.importexport.readers import ReaderError, Table, read_table
from zhijian.core.importexport.resources import (
    Column,
    Resource,
    Row,
    RowError,
    RowFailed,
    bilingual,
    clear_caches,
    get_resource,
    normalise_header,
)
from zhijian.core.models import Job

logger = logging.getLogger(__name__)

JOB_KIND = "import"
HEADER_SEARCH_ROWS = 10  # people put a title line or two above the headers
PROGRESS_EVERY = 200
MAX_STORED_ERRORS = 2000


def sync_max_rows() -> int:
    return int(getattr(settings, "IMPORT_SYNC_MAX_ROWS", 300))


@dataclass
class ImportReport:
    entity: str
    title: str
    file_name: str
    file_format: str = ""
    encoding: str = ""
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    queued: bool = False
    job_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {"total": self.total, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["title"] = str(self.title)
        data["errors"] = [e.as_dict() for e in self.errors[:MAX_STORED_ERRORS]]
        data["error_count"] = len(self.errors)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["errors"] = [RowError(**e) for e in data.get("errors", [])]
        return cls(**known)


# -- header row ------------------------------------------------------------------------------

def _column_lookup(resource: Resource) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in resource.columns:
        for name in (column.header, *column.aliases):
            lookup[normalise_header(name)] = column
    return lookup


def find_header(resource: Resource, table: Table) -> tuple[int, dict[int, Column], list[RowError]]:
    """The row (among the first few) that names most of the resource's columns, and its mapping."""
    lookup = _column_lookup(resource)
    best_index, best_hits = -1, 0
    for index, (_number, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in values if normalise_header(v) in lookup)
        if hits > best_hits:
            best_index, best_hits = index, hits
    if best_index < 0:
        expected = "、".join(str(c.header) for c in resource.columns if c.required)
        return -1, {}, [RowError(1, "", "", bilingual(
            f"未找到表头行，请使用导入模板（应包含：{expected}）",
            f"no header row found: use the import template (expected: {expected})"))]
    number, values = table.rows[best_index]
    mapping: dict[int, Column] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for position, value in enumerate(values):
        column = lookup.get(normalise_header(value))
        if column is None:
            continue
        if column.field in seen:
            errors.append(RowError(number, str(value), column.field, bilingual("表头重复", "duplicate column")))
            continue
        seen.add(column.field)
        mapping[position] = column
    for column in resource.columns:
        if column.required and column.field not in seen:
            errors.append(RowError(number, str(column.header), column.field,
                                   bilingual("缺少必填列", "required column is missing")))
    return best_index, mapping, errors


# -- validation ------------------------------------------------------------------------------

def _blank_value(column: Column) -> Any:
    if column.default is not None:
        return column.default
    return [] if column.is_list else getattr(column.parse, "blank", None)


def parse_row(number: int, values: list[Any], mapping: dict[int, Column]) -> tuple[dict[str, Any], list[RowError]]:
    parsed: dict[str, Any] = {}
    errors: list[RowError] = []
    for position, column in mapping.items():
        raw = values[position] if position < len(values) else None
        header = str(column.header)
        if cells.is_blank(raw):
            if column.required:
                errors.append(RowError(number, header, column.field, bilingual("必填项不能为空", "required value is missing")))
            else:
                parsed[column.field] = _blank_value(column)
            continue
        try:
            parsed[column.field] = column.parse(raw)
        except cells.CellError as exc:
            errors.append(RowError(number, header, column.field, str(exc)))
        except Exception as exc:  # a parser bug must not take the whole report down
            logger.exception("import parser failed on row %s column %s", number, header)
            errors.append(RowError(number, header, column.field, bilingual("无法识别的值", f"unreadable value ({exc})")))
    return parsed, errors


def validate(resource: Resource, table: Table, *, acting_user: Any,
             job: Job | None = None) -> tuple[list[Row], list[RowError]]:
    """Every row parsed and checked; all errors collected, none raised."""
    clear_caches()
    header_index, mapping, errors = find_header(resource, table)
    if header_index < 0:
        return [], errors
    present = {column.field for column in mapping.values()}
    rows: list[Row] = []
    first_row_of_key: dict[tuple[Any, ...], int] = {}
    data_rows = table.rows[header_index + 1:]
    for done, (number, values) in enumerate(data_rows, start=1):
        if all(cells.is_blank(v) for v in values):
            continue
        parsed, row_errors = parse_row(number, values, mapping)
        if not row_errors:
            parsed = resource.prepare(parsed)
            for name, reason in resource.clean_row(parsed, acting_user=acting_user, present=present):
                row_errors.append(RowError(number, resource.header_of(name), name, reason))
        if resource.natural_key and parsed.get(resource.natural_key[0]) not in (None, ""):
            key = resource.key_of(parsed)
            if key in first_row_of_key:
                name = resource.natural_key[0]
                row_errors.append(RowError(number, resource.header_of(name), name, bilingual(
                    f"与第{first_row_of_key[key]}行重复", f"duplicates row {first_row_of_key[key]}")))
            else:
                first_row_of_key[key] = number
        errors.extend(row_errors)
        if not row_errors:
            rows.append(Row(number, parsed))
        if job is not None and done % PROGRESS_EVERY == 0:
            core_services.job_progress(job, done=done)
    if rows and resource.natural_key:
        errors.extend(_existing_out_of_scope(resource, rows, acting_user))
    errors.sort(key=lambda e: e.row)
    return rows, errors


def _existing_out_of_scope(resource: Resource, rows: list[Row], acting_user: Any) -> list[RowError]:
    existing = resource.find_existing([resource.key_of(r.values) for r in rows])
    if not existing:
        return []
    visible = set(resource.queryset(acting_user).filter(pk__in=[o.pk for o in existing.values()])
                  .values_list("pk", flat=True))
    name = resource.natural_key[0]
    errors = []
    for row in rows:
        obj = existing.get(resource.key_of(row.values))
        if obj is not None and obj.pk not in visible:
            errors.append(RowError(row.number, resource.header_of(name), name, bilingual(
                "该记录已存在，但不在您的管辖范围内，不能修改",
                "this record exists outside your jurisdiction and cannot be changed")))
    return errors


# -- the run ---------------------------------------------------------------------------------

def _check_permission(resource: Resource, acting_user: Any) -> None:
    if not resource.can_import(acting_user):
        raise PermissionDenied(bilingual(f"无权导入{resource.title}", f"you may not import {resource.entity}"))


def run_import(*, entity: str, file_name: str, data: bytes, acting_user: Any, dry_run: bool = False,
               job: Job | None = None) -> ImportReport:
    """Validate the whole file and write all of it or none of it; the report says which and why."""
    resource = get_resource(entity)
    _check_permission(resource, acting_user)
    file_name = PurePath(file_name or "upload").name
    report = ImportReport(entity=entity, title=str(resource.title), file_name=file_name, dry_run=dry_run)
    with context.acting(acting_user):
        try:
            table: Table | None = read_table(file_name, data)
        except ReaderError as exc:
            table = None
            report.errors = [RowError(0, "", "", str(exc))]
        if table is not None:
            report.file_format, report.encoding = table.file_format, table.encoding
            report.total = sum(1 for _n, values in table.rows[1:] if not all(cells.is_blank(v) for v in values))
        if job is None:
            job = core_services.job_start(acting_user=acting_user, kind=JOB_KIND, total=report.total)
        report.job_id = job.pk
        if table is None:
            return _finish(job, report)
        core_services.job_progress(job, done=0, message=f"{resource.title}：{file_name}")
        rows, errors = validate(resource, table, acting_user=acting_user, job=job)
        report.total = len(rows) + len({e.row for e in errors if e.row})
        if errors:
            report.errors = errors
            return _finish(job, report)
        try:
            counts = _apply(resource, rows, acting_user=acting_user, report=report, dry_run=dry_run)
        except RowFailed as exc:
            report.errors = exc.errors
            return _finish(job, report)
        report.created, report.updated, report.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    return _finish(job, report)


def _apply(resource: Resource, rows: list[Row], *, acting_user: Any, report: ImportReport,
           dry_run: bool) -> dict[str, int]:
    """One transaction for the whole file; a dry run does the same work and rolls it back."""
    with transaction.atomic():
        counts = resource.upsert(rows, acting_user)
        if dry_run:
            transaction.set_rollback(True)
        elif counts["created"] or counts["updated"]:
            # An import that changed nothing leaves no audit trace beyond its job row (idempotent).
            log_event(acting_user=acting_user, event="core.import", object_type=resource.model._meta.label_lower
                      if resource.model else "", new={
                          "entity": resource.entity, "file_name": report.file_name, "job": report.job_id,
                          "format": report.file_format, "total": len(rows), **counts,
                      })
    return counts


def _finish(job: Job, report: ImportReport) -> ImportReport:
    if report.ok:
        verb = "试导入（未写入）" if report.dry_run else "导入完成"
        message = (f"{verb}：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged} / "
                   f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}")
    else:
        lines = [f"第{e.row}行 {e.column}：{e.reason}" for e in report.errors[:50]]
        message = f"导入失败，未写入任何数据（{len(report.errors)} 处错误）/ nothing imported\n" + "\n".join(lines)
    core_services.job_progress(job, done=job.total)
    core_services.job_finish(job, ok=report.ok, result=report.as_dict(), message=message)
    return report


# -- entry points: synchronous for small files, a background task for large ones ------------

def count_data_rows(file_name: str, data: bytes) -> int:
    try:
        table = read_table(file_name, data)
    except ReaderError:
        return 0
    filled = sum(1 for _n, values in table.rows if not all(cells.is_blank(v) for v in values))
    return max(0, filled - 1)  # less the header row


def start_import(*, entity: str, file_name: str, data: bytes, acting_user: Any,
                 dry_run: bool = False) -> ImportReport:
    """Run now, or queue a background task when the file is large; the report says which."""
    resource = get_resource(entity)
    _check_permission(resource, acting_user)
    rows = count_data_rows(file_name, data)
    if rows <= sync_max_rows():
        return run_import(entity=entity, file_name=file_name, data=data, acting_user=acting_user, dry_run=dry_run)
    file_name = PurePath(file_name or "upload").name
    path = default_storage.save(f"imports/{uuid.uuid4().hex}/{file_name}", ContentFile(data))
    job = core_services.job_start(acting_user=acting_user, kind=JOB_KIND, total=rows)
    report = ImportReport(entity=entity, title=str(resource.title), file_name=file_name, dry_run=dry_run,
                          queued=True, job_id=job.pk, total=rows)
    job.result = {**report.as_dict(), "path": path}
    # A bookkeeping row, not a regulated record: the worker finds the stored file through it.
    Job.objects.filter(pk=job.pk).update(result=job.result, status=JobStatus.QUEUED)
    core_services.job_progress(job, done=0, message=f"已排队，等待后台执行 / queued: {resource.title} {file_name}")

    from zhijian.core.importexport.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return report


def run_queued_import(job_id: int) -> ImportReport | None:
    """The background half of start_import: run the stored file for its job, then delete it."""
    job = Job.objects.select_related("owner").filter(pk=job_id, kind=JOB_KIND).first()
    if job is None or job.finished_at is not None:
        return None  # already ran (tasks are idempotent)
    path = job.result.get("path", "")
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        report = ImportReport.from_dict(job.result)
        report.errors = [RowError(0, "", "", bilingual("上传的文件已不存在", "the uploaded file is gone"))]
        return _finish(job, report)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    with context.acting(job.owner, source="job"):
        report = run_import(entity=job.result["entity"], file_name=job.result["file_name"], data=data,
                            acting_user=job.owner, dry_run=bool(job.result.get("dry_run")), job=job)
    default_storage.delete(path)
    return report


def report_for_job(job: Job) -> ImportReport:
    return ImportReport.from_dict(job.result or {})
