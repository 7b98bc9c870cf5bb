"""The catalogue through spreadsheets: all-or-nothing, successors later in the file, transitions, round trip."""

from __future__ import annotations

import io

import openpyxl
import pytest

from zhijian.audit.models import AuditEntry
from zhijian.core.importexport.exporters import export_xlsx, template_xlsx
from zhijian.core.importexport.resources import get_resource
from zhijian.core.importexport.runner import run_import
from zhijian.standards.models import Standard, TestItem

pytestmark = pytest.mark.django_db
HEADERS = ["标准编号", "标准名称", "状态", "实施日期", "废止日期", "被代替为", "适用产品"]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(user, entity, data):
    return run_import(entity=entity, file_name=f"{entity}.xlsx", data=data, acting_user=user)


def test_one_bad_row_imports_nothing_and_names_row_column_reason(people):
    rows = [["DB61/T 2001-2022", "电热毯地方规范", "", "2022-06-01", "", "", "电热毯"],
            ["DB61 2002", "坏编号", "", "", "", "", ""]]
    report = run(people["sheng"], "standards", xlsx(rows))
    [error] = report.errors
    assert (error.row, error.column, error.field) == (3, "标准编号", "number")
    assert "标准编号格式不正确" in error.reason and "standard number must look like" in error.reason
    assert not Standard.objects.filter(number__startswith="DB61").exists()


def test_withdrawn_row_names_a_successor_further_down_and_reimport_is_a_no_op(people):
    rows = [["DB61/T 3001-2015", "秦岭猕猴桃贮藏规程", "废止", "", "2021-01-01", "DB61/T 3001-2020", ""],
            ["DB61/T 3001-2020", "秦岭猕猴桃贮藏规程", "现行", "2021-01-01", "", "", "猕猴桃"]]
    report = run(people["admin"], "standards", xlsx(rows))
    assert report.ok and report.created == 2, report.errors
    old = Standard.objects.get(number="DB61/T 3001-2015")
    assert old.status == "withdrawn" and old.replaced_by.number == "DB61/T 3001-2020"
    assert str(old.withdrawn_on) == "2021-01-01"
    assert AuditEntry.objects.filter(action="standards.standard.withdraw", object_id=str(old.pk)).exists()
    audit = AuditEntry.objects.count()
    assert run(people["admin"], "standards", xlsx(rows)).unchanged == 2
    assert AuditEntry.objects.count() == audit


def test_missing_successor_rolls_back_the_whole_file(people):
    rows = [["DB61/T 4001-2015", "旧规程", "废止", "", "", "DB61/T 4001-2099", ""],
            ["DB61/T 4002-2020", "新规程", "", "", "", "", ""]]
    report = run(people["sheng"], "standards", xlsx(rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "被代替为")]
    assert not Standard.objects.filter(number__in=["DB61/T 4001-2015", "DB61/T 4002-2020"]).exists()


def test_import_cannot_revive_a_withdrawn_standard(people):
    rows = [["GB 6675-2003", "国家玩具安全技术规范", "现行", "", "", "", "玩具"]]
    report = run(people["sheng"], "standards", xlsx(rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "状态")]
    assert Standard.objects.get(number="GB 6675-2003").status == "withdrawn"


def test_test_items_import_and_template(people):
    headers = ["标准编号", "检验项目", "单位", "下限", "上限", "安全关键项目"]
    rows = [["GB 18401-2010", "耐光色牢度", "级", "3", "", "否"], ["GB 18401-2010", "甲醛含量（A类 婴幼儿用品）", "mg/kg", "", "16", "是"]]
    report = run(people["sheng"], "test-items", xlsx(rows, headers))
    assert report.created == 1 and report.updated == 1, report.errors
    assert TestItem.objects.get(standard__number="GB 18401-2010", name="甲醛含量（A类 婴幼儿用品）").limit_max == 16
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx(get_resource("test-items")))).worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["标准编号", "检验项目", "条款"]


def test_city_staff_may_export_but_not_import(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(people["xian"], "standards", xlsx([["DB61/T 5001-2020", "x", "", "", "", "", ""]]))
    rows = list(openpyxl.load_workbook(io.BytesIO(export_xlsx(get_resource("standards"), people["xian"]))).active.iter_rows(values_only=True))
    numbers = {r[0] for r in rows}
    assert "GB 4706.8-2008" in numbers and len(numbers & set(Standard.objects.values_list("number", flat=True))) == Standard.objects.count()
