"""The import/export framework, exercised with core's holiday-override resource and real files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.core.importexport_helpers import GOOD_CALENDAR_ROWS, csv_bytes, xlsx_bytes
from zhijian.audit.models import AuditEntry
from zhijian.core.importexport import resources
from zhijian.core.importexport.kernel import CalendarDayResource
from zhijian.core.importexport.runner import run_import, start_import
from zhijian.core.models import CalendarDay, Job

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD_ROWS = [*GOOD_CALENDAR_ROWS[:2], ["2027-13-01", "否", "坏日期"], GOOD_CALENDAR_ROWS[2]]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The people fixture hashes nine passwords; argon2 makes that the slowest part of these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _import(user, data: bytes, name: str = "holidays.xlsx", **kwargs):
    return run_import(entity="calendar-days", file_name=name, data=data, acting_user=user, **kwargs)


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_reports_row_column_reason(people):
    audit_before = AuditEntry.objects.count()
    report = _import(people["admin"], xlsx_bytes(BAD_ROWS))
    assert not report.ok
    assert CalendarDay.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    [error] = report.errors
    assert (error.row, error.column, error.field) == (4, "日期", "date")  # header is row 1, so the 3rd data row is 4
    assert "日期格式应为 YYYY-MM-DD" in error.reason and "date must look like" in error.reason
    job = Job.objects.get(pk=report.job_id)
    assert job.kind == "import" and job.status == "failed"
    assert job.result["errors"][0]["row"] == 4


@pytest.mark.django_db
def test_every_error_is_collected_not_only_the_first(people):
    rows = [["2027-10-01", "也许", ""], ["", "否", "x" * 51], ["2027-10-01", "否", "重复"]]
    report = _import(people["admin"], xlsx_bytes(rows))
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(2, "是否工作日"), (3, "日期"), (3, "说明"), (4, "日期")}
    duplicate = next(e for e in report.errors if e.row == 4)
    assert "与第2行重复" in duplicate.reason
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_good_file_imports_all_rows_with_audit(people):
    report = _import(people["admin"], xlsx_bytes(GOOD_CALENDAR_ROWS))
    assert report.ok, report.errors
    assert (report.total, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert CalendarDay.objects.get(date=dt.date(2027, 9, 26)).is_workday is True
    assert AuditEntry.objects.filter(action="core.calendarday.create").count() == 3
    event = AuditEntry.objects.get(action="core.import")
    assert event.after["entity"] == "calendar-days" and event.after["created"] == 3
    assert event.after["file_name"] == "holidays.xlsx"


@pytest.mark.django_db
def test_reimport_is_idempotent_and_writes_no_audit(people):
    data = xlsx_bytes(GOOD_CALENDAR_ROWS)
    _import(people["admin"], data)
    audit_before = AuditEntry.objects.count()
    again = _import(people["admin"], data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.count() == audit_before
    changed = [list(r) for r in GOOD_CALENDAR_ROWS]
    changed[0][2] = "国庆节（第一天）"
    third = _import(people["admin"], xlsx_bytes(changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert AuditEntry.objects.filter(action="core.calendarday.update").count() == 1


@pytest.mark.django_db
def test_missing_optional_column_leaves_field_alone(people):
    _import(people["admin"], xlsx_bytes(GOOD_CALENDAR_ROWS))
    report = _import(people["admin"], xlsx_bytes([["2027-10-01", "是"]], headers=["日期", "是否工作日"]))
    assert (report.updated, report.unchanged) == (1, 0)
    day = CalendarDay.objects.get(date=dt.date(2027, 10, 1))
    assert (day.is_workday, day.name) == (True, "国庆节")


@pytest.mark.django_db
def test_missing_required_column_and_unknown_file(people):
    report = _import(people["admin"], xlsx_bytes([["2027-10-01", "国庆"]], headers=["日期", "说明"]))
    assert [(e.row, e.column) for e in report.errors] == [(1, "是否工作日")]
    assert "缺少必填列" in report.errors[0].reason
    report = _import(people["admin"], b"\x00\x01not a spreadsheet", name="x.xlsx")
    assert report.errors[0].row == 0 and "Excel" in report.errors[0].reason
    report = _import(people["admin"], xlsx_bytes([["a", "b"]], headers=["甲", "乙"]))
    assert "未找到表头行" in report.errors[0].reason


@pytest.mark.django_db
def test_dry_run_validates_and_counts_but_writes_nothing(people):
    report = _import(people["admin"], xlsx_bytes(GOOD_CALENDAR_ROWS), dry_run=True)
    assert report.ok and report.created == 3
    assert CalendarDay.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="core.").exists()


class StrictCalendarResource(CalendarDayResource):
    """Like the real resource, but its 'service' refuses the name 坏 after earlier rows were written."""

    entity = "test-strict-calendar"

    def create(self, values, *, acting_user):
        if values["name"] == "坏":
            raise ValidationError({"name": "服务拒绝 / refused by the service"})
        return super().create(values, acting_user=acting_user)


@pytest.fixture
def strict_resource():
    resources.register(StrictCalendarResource)
    yield StrictCalendarResource
    resources._REGISTRY.pop(StrictCalendarResource.entity)


@pytest.mark.django_db
def test_service_error_midway_rolls_back_everything(people, strict_resource):
    rows = [*GOOD_CALENDAR_ROWS, ["2027-10-03", "否", "坏"]]
    report = run_import(entity=strict_resource.entity, file_name="x.xlsx", data=xlsx_bytes(rows),
                        acting_user=people["admin"])
    assert [(e.row, e.column, e.field) for e in report.errors] == [(5, "说明", "name")]
    assert "refused by the service" in report.errors[0].reason
    assert CalendarDay.objects.count() == 0
    assert not AuditEntry.objects.filter(action="core.calendarday.create").exists()


@pytest.mark.django_db
def test_only_administrators_import_holidays(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(people["xian"], xlsx_bytes(GOOD_CALENDAR_ROWS))
    assert CalendarDay.objects.count() == 0


# -- readers ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_xlsx_with_title_line_and_blank_row_keeps_excel_row_numbers(people):
    rows = [GOOD_CALENDAR_ROWS[0], [None, None, None], ["2027-10-0x", "否", ""]]
    report = _import(people["admin"], xlsx_bytes(rows, above=[["2027年节假日调整表"], []]))
    assert [(e.row, e.column) for e in report.errors] == [(6, "日期")]


@pytest.mark.django_db
def test_xlsx_real_date_and_bool_cells(people):
    rows = [[dt.date(2027, 10, 1), False, "国庆节"], [dt.datetime(2027, 9, 26), True, "调休"]]
    report = _import(people["admin"], xlsx_bytes(rows))
    assert report.ok, report.errors
    assert CalendarDay.objects.get(date=dt.date(2027, 9, 26)).is_workday is True


@pytest.mark.django_db
def test_legacy_xls_is_read_with_row_numbers(people):
    data = (FIXTURES / "calendar_days.xls").read_bytes()
    report = _import(people["admin"], data, name="calendar_days.xls")
    assert report.file_format == "xls"
    assert [(e.row, e.column) for e in report.errors] == [(6, "日期")]
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_legacy_xls_good_rows_import(people, tmp_path):
    import python_calamine  # noqa: F401  the reader's library

    from zhijian.core.importexport.readers import read_xls

    table = read_xls((FIXTURES / "calendar_days.xls").read_bytes())
    assert table.rows[2][1][:2] == [dt.date(2027, 10, 1), "否"]
    assert table.rows[4][0] == 5


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig"])
def test_csv_encodings(people, encoding):
    rows = [["2027-10-01", "否", "国庆节·中秋节"], ["2027-09-26", "是", "调休上班"]]
    report = _import(people["admin"], csv_bytes(rows, encoding=encoding), name="节假日.csv")
    assert report.ok, report.errors
    assert report.encoding == ("gb18030" if encoding.startswith("gb") else "utf-8")
    assert CalendarDay.objects.get(date=dt.date(2027, 10, 1)).name == "国庆节·中秋节"


@pytest.mark.django_db
def test_gb18030_csv_bad_row_reported(people):
    rows = [["2027-10-01", "否", "国庆节"], ["2027-10-02", "不知道", "国庆节"]]
    report = _import(people["admin"], csv_bytes(rows, encoding="gb18030"), name="节假日.csv")
    assert [(e.row, e.column) for e in report.errors] == [(3, "是否工作日")]
    assert "应填写“是”或“否”" in report.errors[0].reason


@pytest.mark.django_db
def test_tab_separated_text(people):
    report = _import(people["admin"], csv_bytes(GOOD_CALENDAR_ROWS, delimiter="\t"), name="x.txt")
    assert report.ok and report.created == 3


# -- templates and exports -------------------------------------------------------------------

@pytest.mark.django_db
def test_template_download_has_headers_notes_and_dropdown(client, people):
    client.force_login(people["admin"])
    response = client.get(reverse("core:import_template", args=["calendar-days"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["日期", "是否工作日", "说明"]
    assert "必填" in sheet["A1"].comment.text and "2027-10-01" in sheet["A1"].comment.text
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"是,否"' and "B2" in str(validation.sqref)
    notes = book["填写说明"]
    assert [notes.cell(row=r, column=1).value for r in (2, 3, 4)] == ["日期", "是否工作日", "说明"]


@pytest.mark.django_db
def test_filled_template_imports(people):
    from zhijian.core.importexport.exporters import template_xlsx

    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(CalendarDayResource())))
    for row in GOOD_CALENDAR_ROWS:
        book.worksheets[0].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    report = _import(people["admin"], buffer.getvalue())
    assert report.ok and report.created == 3


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_reimports_unchanged(client, people, file_format):
    _import(people["admin"], xlsx_bytes(GOOD_CALENDAR_ROWS))
    client.force_login(people["admin"])
    response = client.get(reverse("core:export", args=["calendar-days"]), {"format": file_format})
    assert response.status_code == 200
    if file_format == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
        assert rows[0] == ("日期", "是否工作日", "说明")
        assert rows[1] == ("2027-09-26", "是", "国庆节调休上班")
    else:
        assert response.content.startswith("\ufeff日期,是否工作日,说明".encode())
    report = _import(people["admin"], response.content, name=f"export.{file_format}")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_export_and_template_forbidden_outside_role(client, people):
    client.force_login(people["xian"])
    assert client.get(reverse("core:export", args=["calendar-days"])).status_code == 403
    assert client.get(reverse("core:import_template", args=["calendar-days"])).status_code == 403
    assert client.get(reverse("core:export", args=["no-such-thing"])).status_code == 404


# -- UI --------------------------------------------------------------------------------------

def _upload(client, data: bytes, name: str = "holidays.xlsx", **extra):
    return client.post(reverse("core:import_upload"), {
        "entity": "calendar-days", "file": _named(data, name), **extra,
    })


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.django_db
def test_ui_upload_shows_row_column_reason_report(client, people):
    client.force_login(people["admin"])
    assert client.get(reverse("core:import_upload"), {"entity": "calendar-days"}).status_code == 200
    response = _upload(client, xlsx_bytes(BAD_ROWS))
    assert response.status_code == 400
    page = response.content.decode()
    assert "zj-errors" in page and "行号" in page and "原因" in page
    assert "<td>4</td><td>日期</td>" in page
    assert "日期格式应为 YYYY-MM-DD" in page
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_ui_upload_success_and_history(client, people):
    client.force_login(people["admin"])
    response = _upload(client, xlsx_bytes(GOOD_CALENDAR_ROWS))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-success"' in page and 'data-testid="count-created">3<' in page
    listing = client.get(reverse("core:import_list")).content.decode()
    assert 'data-entity="calendar-days"' in listing and "holidays.xlsx" in listing
    job = Job.objects.get(kind="import")
    detail = client.get(reverse("core:import_detail", args=[job.pk])).content.decode()
    assert 'data-testid="count-created">3<' in detail


@pytest.mark.django_db
def test_ui_upload_offers_only_what_the_role_may_import(client, people):
    client.force_login(people["xian"])
    page = client.get(reverse("core:import_upload")).content.decode()
    assert 'value="calendar-days"' not in page
    assert 'data-entity="calendar-days"' not in client.get(reverse("core:import_list")).content.decode()
    response = _upload(client, xlsx_bytes(GOOD_CALENDAR_ROWS))
    assert response.status_code == 400 and CalendarDay.objects.count() == 0  # not a choice for city staff
    client.force_login(people["pingtai"])
    assert client.get(reverse("core:import_upload")).status_code == 403


@pytest.mark.django_db
def test_large_file_runs_as_background_job(client, people, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, xlsx_bytes(GOOD_CALENDAR_ROWS))
    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and response.url == reverse("core:import_detail", args=[job.pk])
    assert job.status == "succeeded" and job.done == job.total == 3
    assert CalendarDay.objects.count() == 3
    assert not any(tmp_path.rglob("*.xlsx"))  # the stored upload is removed after the run
    page = client.get(response.url).content.decode()
    assert 'data-testid="count-created">3<' in page


@pytest.mark.django_db
def test_large_file_is_queued_for_the_database_worker(people, settings, tmp_path, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.IMPORT_SYNC_MAX_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        report = start_import(entity="calendar-days", file_name="big.xlsx", data=xlsx_bytes(GOOD_CALENDAR_ROWS),
                              acting_user=people["admin"])
    assert report.queued and CalendarDay.objects.count() == 0
    assert Job.objects.get(pk=report.job_id).status == "queued"
    [queued] = DBTaskResult.objects.filter(task_path__endswith="run_import_job")
    assert queued.args_kwargs["args"] == [report.job_id]
    # What `zhijian worker` does with that row (db_worker itself closes the test's connection).
    assert queued.task.call(*queued.args_kwargs["args"]) == {"total": 3, "created": 3, "updated": 0, "unchanged": 0}
    assert queued.task.call(report.job_id) is None  # a finished job is not run twice
    assert Job.objects.get(pk=report.job_id).status == "succeeded"
    assert CalendarDay.objects.count() == 3


# -- API -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_import_400_with_row_errors_then_201(api_for):
    client = api_for("admin")
    response = client.post("/api/v1/imports/", {"entity": "calendar-days",
                                                "file": _named(xlsx_bytes(BAD_ROWS), "bad.xlsx")}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"row": 4, "column": "日期", "field": "date",
                               "reason": body["errors"][0]["reason"]}]
    assert "date must look like YYYY-MM-DD" in body["errors"][0]["reason"] and "第4行" in body["detail"]
    assert CalendarDay.objects.count() == 0
    response = client.post("/api/v1/imports/", {"entity": "calendar-days",
                                                "file": _named(xlsx_bytes(GOOD_CALENDAR_ROWS), "good.xlsx")},
                           format="multipart")
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("created", "updated", "unchanged")} == {"created": 3, "updated": 0, "unchanged": 0}
    history = client.get("/api/v1/imports/").json()
    assert history["count"] == 2 and {r["status"] for r in history["results"]} == {"failed", "succeeded"}
    job_id = response.json()["job"]
    assert client.get(f"/api/v1/imports/{job_id}/").json()["created"] == 3


@pytest.mark.django_db
def test_api_import_permissions_and_unknown_entity(api_for):
    data = {"entity": "calendar-days", "file": _named(xlsx_bytes(GOOD_CALENDAR_ROWS), "good.xlsx")}
    assert api_for("xian").post("/api/v1/imports/", data, format="multipart").status_code == 403
    data = {"entity": "nonsense", "file": _named(b"x", "x.csv")}
    response = api_for("admin").post("/api/v1/imports/", data, format="multipart")
    assert response.status_code == 404 and "nonsense" in response.json()["detail"]
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_api_template_and_exports(api_for):
    client = api_for("admin")
    _import_rows = client.post("/api/v1/imports/", {"entity": "calendar-days",
                                                    "file": _named(xlsx_bytes(GOOD_CALENDAR_ROWS), "g.xlsx")},
                               format="multipart")
    assert _import_rows.status_code == 201
    response = client.get("/api/v1/imports/templates/calendar-days/")
    assert response.status_code == 200
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0][1]] == ["日期", "是否工作日", "说明"]
    response = client.get("/api/v1/exports/calendar-days/", {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)) == 4
    response = client.get("/api/v1/exports/calendar-days/", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[0] == "日期,是否工作日,说明"
    denied = api_for("xian").get("/api/v1/exports/calendar-days/", {"format": "csv"})
    assert denied.status_code == 403 and denied.json()["detail"]
    assert client.get("/api/v1/exports/nope/", {"format": "xlsx"}).status_code == 404


# -- CLI -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_cli_import_exit_codes(people, tmp_path, capsys):
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.csv"
    bad.write_bytes(xlsx_bytes(BAD_ROWS))
    good.write_bytes(csv_bytes(GOOD_CALENDAR_ROWS, encoding="gb18030"))
    with pytest.raises(CommandError) as failed:
        call_command("import", "calendar-days", str(bad), user="admin")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "4\t日期\t日期格式应为 YYYY-MM-DD" in out
    assert CalendarDay.objects.count() == 0
    call_command("import", "calendar-days", str(good), dry_run=True)
    assert CalendarDay.objects.count() == 0
    call_command("import", "calendar-days", str(good), user="admin")
    assert "新增 created 3" in capsys.readouterr().out
    assert CalendarDay.objects.count() == 3
    with pytest.raises(CommandError):
        call_command("import", "calendar-days", str(good), user="xian")
    out_file = tmp_path / "out.xlsx"
    call_command("export", "calendar-days", str(out_file), user="admin")
    assert len(list(openpyxl.load_workbook(out_file).worksheets[0].values)) == 4


@pytest.mark.django_db
def test_xlsx_with_a_wrong_dimension_record_is_read_whole(people):
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(GOOD_CALENDAR_ROWS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', content)
            target.writestr(item, content)
    report = _import(people["admin"], buffer.getvalue())
    assert report.ok and report.created == 3, report.errors
