"""Agencies, qualification scopes and inspectors through spreadsheets."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from zhijian.agencies.models import InspectionAgency, Inspector, QualificationScope
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.core.importexport.exporters import export_xlsx
from zhijian.core.importexport.resources import get_resource
from zhijian.core.importexport.runner import run_import

pytestmark = pytest.mark.django_db


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(user, entity, data):
    return run_import(entity=entity, file_name=f"{entity}.xlsx", data=data, acting_user=user)


def test_agency_status_moves_by_transition_on_import(people, cast):
    uscc = cast["agency_yt"].uscc
    headers = ["统一社会信用代码", "机构名称", "行政区划代码", "状态"]
    report = run(people["xian"], "agencies", xlsx(headers, [[uscc, "西安雁塔纺织品检测中心", "610113", "暂停"]]))
    assert report.updated == 1, report.errors
    assert InspectionAgency.objects.get(uscc=uscc).status == "suspended"
    assert AuditEntry.objects.filter(action="agencies.agency.suspend").exists()
    report = run(people["xian"], "agencies", xlsx(headers, [[uscc, "西安雁塔纺织品检测中心", "610113", "撤销"]]))
    assert report.ok and InspectionAgency.objects.get(uscc=uscc).status == "revoked"
    report = run(people["xian"], "agencies", xlsx(headers, [[uscc, "西安雁塔纺织品检测中心", "610113", "有效"]]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "状态")]


def test_agency_users_cannot_import_and_baoji_rows_are_refused(people, cast):
    from django.core.exceptions import PermissionDenied

    headers = ["统一社会信用代码", "机构名称", "行政区划代码"]
    with pytest.raises(PermissionDenied):
        run(people["jianyan"], "agencies", xlsx(headers, [[make_uscc("610100", "40000001"), "x", "610100"]]))
    report = run(people["xian"], "agencies", xlsx(headers, [[cast["agency_bj"].uscc, "改名", "610100"]]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "统一社会信用代码")]
    assert InspectionAgency.objects.get(pk=cast["agency_bj"].pk).name == "宝鸡市产品质量检验检测中心"


def test_scopes_import_by_agency_uscc_and_extend_validity(people, cast):
    headers = ["机构统一社会信用代码", "产品类别", "标准编号", "检验项目", "有效期自", "有效期至"]
    xa = cast["agency_xa"].uscc
    rows = [[xa, "电热毯", "GB 4706.8-2008", "", "2020-01-01", "2030-12-31"],
            [xa, "电饭锅", "GB 4706.19—2008", "接地措施;发热", "2024-01-01", ""]]
    report = run(people["xian"], "qualification-scopes", xlsx(headers, rows))
    assert (report.created, report.updated) == (1, 1), report.errors
    assert cast["agency_xa"].scopes.get(product_category="电热毯").valid_to == dt.date(2030, 12, 31)
    assert cast["agency_xa"].scopes.get(product_category="电饭锅").test_items == ["接地措施", "发热"]
    bj = [[cast["agency_bj"].uscc, "电饭锅", "", "", "2024-01-01", ""]]
    report = run(people["xian"], "qualification-scopes", xlsx(headers, bj))
    assert [(e.row, e.column) for e in report.errors] == [(2, "机构统一社会信用代码")]
    again = run(people["sheng"], "qualification-scopes", export_xlsx(get_resource("qualification-scopes"), people["sheng"]))
    assert again.ok and again.unchanged == QualificationScope.objects.count(), again.errors


def test_inspectors_leave_and_return_to_the_pool_by_import(people, cast):
    headers = ["人员编号", "姓名", "所属单位", "在库"]
    rows = [["YT0001", "李红梅", "西安市雁塔区市场监督管理局", "否"]]
    assert run(people["yanta"], "inspectors", xlsx(headers, rows)).updated == 1
    assert Inspector.objects.get(staff_number="YT0001").active is False
    rows[0][3] = "是"
    assert run(people["yanta"], "inspectors", xlsx(headers, rows)).updated == 1
    assert Inspector.objects.get(staff_number="YT0001").active is True
    actions = set(AuditEntry.objects.filter(action__startswith="agencies.inspector.").values_list("action", flat=True))
    assert {"agencies.inspector.deactivate", "agencies.inspector.reactivate"} <= actions
    report = run(people["yanta"], "inspectors", xlsx(headers, [["XA0001", "王建国", "西安市市场监督管理局", "是"]]))
    assert not report.ok  # a Xi'an city inspector is outside Yanta's jurisdiction


def test_inspector_export_is_for_bureaus_only(people, cast):
    assert not get_resource("inspectors").can_export(people["jianyan"])
    assert not get_resource("agencies").can_export(people["qiye"])
    rows = list(openpyxl.load_workbook(io.BytesIO(export_xlsx(get_resource("inspectors"), people["baoji"]))).active
                .iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["BJ0001"]
