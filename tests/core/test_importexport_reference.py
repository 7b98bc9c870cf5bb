"""Standards, test items, agencies and inspectors through the import framework."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.core.importexport_helpers import xlsx_bytes
from zhijian.agencies.models import InspectionAgency, Inspector
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.core.importexport.exporters import export_xlsx
from zhijian.core.importexport.resources import get_resource
from zhijian.core.importexport.runner import run_import
from zhijian.standards.models import Standard, TestItem

STANDARD_HEADERS = ["标准编号", "标准名称", "状态", "发布日期", "实施日期", "废止日期", "被代替为", "适用产品"]
# Local standards (DB61) the seeded national catalogue does not hold; the old one names its successor below it.
STANDARDS = [
    ["DB61/T 1001-2010", "苹果贮藏技术规程", "废止", "", "", "2016-07-01", "DB61/T 1001-2016", ""],
    ["DB61/T 1001-2016", "苹果贮藏技术规程", "现行", "2016-05-01", "2016-07-01", "", "", "苹果;果品"],
    ["DB61/T 1234-2020", "电热毯使用安全规范", "", "2020-03-01", "2020-06-01", "", "", "电热毯"],
]
ITEM_HEADERS = ["标准编号", "检验项目", "条款", "单位", "上限", "安全关键项目"]
ITEMS = [
    ["DB61/T 1234-2020", "泄漏电流", "13.2", "mA", "0.75", "是"],
    ["DB61/T 1234-2020", "标志和说明", "7", "", "", "否"],
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _run(user, entity: str, data: bytes):
    return run_import(entity=entity, file_name=f"{entity}.xlsx", data=data, acting_user=user)


@pytest.mark.django_db
def test_standards_and_test_items_import_idempotently(people):
    sheng = people["sheng"]
    report = _run(sheng, "standards", xlsx_bytes(STANDARDS, headers=STANDARD_HEADERS))
    assert report.created == 3, report.errors
    old = Standard.objects.get(number="DB61/T 1001-2010")
    assert old.status == "withdrawn" and old.replaced_by.number == "DB61/T 1001-2016"
    assert Standard.objects.get(number="DB61/T 1234-2020").nature == "local"
    report = _run(sheng, "test-items", xlsx_bytes(ITEMS, headers=ITEM_HEADERS))
    assert report.created == 2, report.errors
    assert str(TestItem.objects.get(name="泄漏电流").limit_max) == "0.7500"
    audit = AuditEntry.objects.count()
    assert _run(sheng, "standards", xlsx_bytes(STANDARDS, headers=STANDARD_HEADERS)).unchanged == 3
    assert _run(sheng, "test-items", xlsx_bytes(ITEMS, headers=ITEM_HEADERS)).unchanged == 2
    for entity in ("standards", "test-items"):
        again = _run(sheng, entity, export_xlsx(get_resource(entity), sheng))
        assert again.ok and again.created == again.updated == 0, (entity, again.errors)
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_standard_cells_are_checked(people):
    rows = [["GB4706", "坏编号", "", "", "", "", "", ""],
            ["GB 1-2000", "未废止却填了废止日期", "现行", "", "", "2020-01-01", "", ""]]
    report = _run(people["sheng"], "standards", xlsx_bytes(rows, headers=STANDARD_HEADERS))
    assert [(e.row, e.column) for e in report.errors] == [(2, "标准编号"), (3, "废止日期")]
    items = [["GB 9999-2000", "不存在的标准", "", "", "1", "否"], ["GB 4706.1-2005", "上限", "", "", "abc", "否"]]
    report = _run(people["sheng"], "test-items", xlsx_bytes(items, headers=ITEM_HEADERS))
    assert [(e.row, e.column) for e in report.errors] == [(2, "标准编号"), (3, "上限")]
    with pytest.raises(PermissionDenied):
        _run(people["xian"], "standards", xlsx_bytes(STANDARDS, headers=STANDARD_HEADERS))
    assert not Standard.objects.filter(number__startswith="DB61").exists()


AGENCY_HEADERS = ["统一社会信用代码", "机构名称", "行政区划代码", "联系人"]


@pytest.mark.django_db
def test_agencies_respect_jurisdiction_and_reimport(people):
    rows = [[make_uscc("610100", "30000001", authority="1", kind="2"), "西安市产品质量监督检验院", "610100", "刘工"],
            [make_uscc("610300", "30000002", authority="1", kind="2"), "宝鸡市产品质量检验所", "610300", "陈工"]]
    report = _run(people["xian"], "agencies", xlsx_bytes(rows, headers=AGENCY_HEADERS))
    assert [(e.row, e.column) for e in report.errors] == [(3, "行政区划代码")]
    assert InspectionAgency.objects.count() == 0
    report = _run(people["xian"], "agencies", xlsx_bytes(rows[:1], headers=AGENCY_HEADERS))
    assert report.created == 1, report.errors
    again = _run(people["xian"], "agencies", export_xlsx(get_resource("agencies"), people["xian"]))
    assert again.ok and again.unchanged == 1, again.errors


INSPECTOR_HEADERS = ["人员编号", "姓名", "所属单位", "行政区划代码", "资格"]


@pytest.mark.django_db
def test_inspectors_import_with_bureau_and_qualifications(people):
    rows = [["XA-0001", "王敏", "西安市市场监督管理局", "", "执法证;抽样员"],
            ["XA-0002", "李强", "西安市市场监督管理局", "610113", "执法证"],
            ["BJ-0001", "赵刚", "宝鸡市市场监督管理局", "", "执法证"],
            ["XA-0003", "周丽", "西安市市场监督管理局", "", "会计"]]
    report = _run(people["xian"], "inspectors", xlsx_bytes(rows, headers=INSPECTOR_HEADERS))
    assert [(e.row, e.column) for e in report.errors] == [(4, "所属单位"), (5, "资格")]
    assert Inspector.objects.count() == 0
    report = _run(people["xian"], "inspectors", xlsx_bytes(rows[:2], headers=INSPECTOR_HEADERS))
    assert report.created == 2, report.errors
    assert Inspector.objects.get(staff_number="XA-0001").region_id == "610100"
    assert Inspector.objects.get(staff_number="XA-0001").qualifications == ["执法证", "抽样员"]
    again = _run(people["xian"], "inspectors", export_xlsx(get_resource("inspectors"), people["xian"]))
    assert again.ok and again.unchanged == 2, again.errors
