"""Registry entities through the import framework: jurisdiction, identifiers, idempotency, round trips."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.importexport_helpers import csv_bytes, xlsx_bytes
from tests.registry.factories import EnterpriseFactory, make_gtin
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.core.importexport.exporters import export_xlsx, template_xlsx
from zhijian.core.importexport.resources import get_resource
from zhijian.core.importexport.runner import run_import
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory

ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "法定代表人", "注册地址", "行政区划代码", "所属行业", "企业规模", "成立日期"]
YANTA_1 = make_uscc("610113", "20000001")
YANTA_2 = make_uscc("610113", "20000002")
YANTA_3 = make_uscc("610113", "20000003")
BAOJI_1 = make_uscc("610302", "20000004")


def enterprise_row(uscc: str, name: str, region: str = "610113") -> list[str]:
    return [uscc, name, "张伟", "西安市雁塔区科技路1号", region, "家用电器", "小型", "2015-06-01"]


GOOD_ENTERPRISES = [
    enterprise_row(YANTA_1, "西安甲电器有限公司"),
    enterprise_row(YANTA_2, "西安乙电器有限公司"),
    enterprise_row(YANTA_3, "西安丙电器有限公司"),
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _run(user, entity: str, data: bytes, name: str = "data.xlsx"):
    return run_import(entity=entity, file_name=name, data=data, acting_user=user)


@pytest.mark.django_db
def test_enterprise_file_with_one_bad_uscc_imports_nothing(people):
    bad = enterprise_row(YANTA_3[:-1] + ("0" if YANTA_3[-1] != "0" else "1"), "西安坏代码有限公司")
    rows = [*GOOD_ENTERPRISES[:2], bad, enterprise_row(make_uscc("610113", "20000009"), "西安丁电器有限公司")]
    report = _run(people["admin"], "enterprises", xlsx_bytes(rows, headers=ENTERPRISE_HEADERS))
    assert [(e.row, e.column, e.field) for e in report.errors] == [(4, "统一社会信用代码", "uscc")]
    assert "校验码错误" in report.errors[0].reason and "does not match" in report.errors[0].reason
    assert Enterprise.objects.count() == 0


@pytest.mark.django_db
def test_xian_cannot_import_a_baoji_enterprise_row(people):
    rows = [GOOD_ENTERPRISES[0], enterprise_row(BAOJI_1, "宝鸡某电器有限公司", region="610302")]
    report = _run(people["xian"], "enterprises", xlsx_bytes(rows, headers=ENTERPRISE_HEADERS))
    [error] = report.errors
    assert (error.row, error.column) == (3, "行政区划代码")
    assert "610302 不在您的管辖范围（6101）内" in error.reason and "outside your jurisdiction" in error.reason
    assert Enterprise.objects.count() == 0
    # The same file is fine for the province.
    assert _run(people["sheng"], "enterprises", xlsx_bytes(rows, headers=ENTERPRISE_HEADERS)).created == 2


@pytest.mark.django_db
def test_xian_cannot_overwrite_an_existing_baoji_enterprise(people):
    baoji = EnterpriseFactory(region_code="610302", name="宝鸡秦川家电有限公司")
    row = enterprise_row(baoji.uscc, "改名企图", region="610113")
    report = _run(people["xian"], "enterprises", xlsx_bytes([row], headers=ENTERPRISE_HEADERS))
    assert [(e.row, e.column) for e in report.errors] == [(2, "统一社会信用代码")]
    assert "不在您的管辖范围内" in report.errors[0].reason
    baoji.refresh_from_db()
    assert baoji.name == "宝鸡秦川家电有限公司"


@pytest.mark.django_db
def test_enterprise_import_is_idempotent_and_export_reimports(people):
    data = xlsx_bytes(GOOD_ENTERPRISES, headers=ENTERPRISE_HEADERS)
    first = _run(people["xian"], "enterprises", data)
    assert (first.created, first.updated) == (3, 0), first.errors
    assert AuditEntry.objects.filter(action="registry.enterprise.create").count() == 3
    audit = AuditEntry.objects.count()
    second = _run(people["xian"], "enterprises", data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.count() == audit
    exported = export_xlsx(get_resource("enterprises"), people["xian"])
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(exported)).worksheets[0][1]]
    assert headers == [str(c.header) for c in get_resource("enterprises").columns]
    third = _run(people["xian"], "enterprises", exported, name="export.xlsx")
    assert (third.created, third.updated, third.unchanged) == (0, 0, 3), third.errors
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_export_only_shows_the_callers_enterprises(people):
    EnterpriseFactory(region_code="610302", name="宝鸡秦川家电有限公司")
    EnterpriseFactory(region_code="610113", name="西安测试电器有限公司")
    rows = list(openpyxl.load_workbook(io.BytesIO(export_xlsx(get_resource("enterprises"), people["xian"]))).worksheets[0].values)
    assert [r[1] for r in rows[1:]] == ["西安测试电器有限公司"]


@pytest.mark.django_db
def test_enterprise_template_has_dropdowns_for_choices(people):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(get_resource("enterprises"))))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "统一社会信用代码"
    formulas = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    industry_col = [c.value for c in sheet[1]].index("所属行业")
    letter = openpyxl.utils.get_column_letter(industry_col + 1)
    assert "家用电器" in formulas[f"{letter}2"]


@pytest.mark.django_db
def test_catalogue_brands_and_products_chain(people):
    admin = people["admin"]
    categories = [["4", "消费品", "", "否"], ["401", "家用电器", "4", "否"], ["401.3", "电饭煲", "401", "是"]]
    report = _run(admin, "product-categories", xlsx_bytes(categories, headers=["分类代码", "名称", "上级分类代码", "生产许可证管理"]))
    assert report.created == 3, report.errors
    assert ProductCategory.objects.get(code="401.3").parent.code == "401"
    EnterpriseFactory(region_code="610113", uscc=YANTA_1, name="西安甲电器有限公司")
    brands = [["美的", "Midea", "", YANTA_1, "Midea;美的集团;meide"]]
    report = _run(admin, "brands", xlsx_bytes(brands, headers=["品牌名称", "英文名", "拼音", "权利人统一社会信用代码", "别名"]))
    assert report.created == 1, report.errors
    assert set(BrandAlias.objects.values_list("alias", flat=True)) == {"Midea", "美的集团", "meide"}
    assert Brand.objects.get(name="美的").pinyin == "meide"
    gtins = f"{make_gtin(1)}；{make_gtin(2)}"
    product_headers = ["生产企业统一社会信用代码", "产品名称", "规格型号", "产品分类代码", "品牌", "商品条码", "执行标准"]
    products = [[YANTA_1, "美的电饭煲", "MB-FB40", "401.3", "美的", gtins, "GB 4706.1-2005;GB 4706.19-2008"]]
    report = _run(admin, "products", xlsx_bytes(products, headers=product_headers))
    assert report.created == 1, report.errors
    product = Product.objects.get()
    assert sorted(product.gtins) == sorted([make_gtin(1), make_gtin(2)])
    assert product.declared_standards == ["GB 4706.1-2005", "GB 4706.19-2008"]
    audit = AuditEntry.objects.count()
    again = _run(admin, "products", xlsx_bytes(products, headers=product_headers))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    again = _run(admin, "brands", xlsx_bytes(brands, headers=["品牌名称", "英文名", "拼音", "权利人统一社会信用代码", "别名"]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert AuditEntry.objects.count() == audit
    for entity in ("product-categories", "brands", "products"):
        exported = export_xlsx(get_resource(entity), admin)
        report = _run(admin, entity, exported)
        assert report.ok and report.created == report.updated == 0, (entity, report.errors)
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_product_errors_name_the_cell(people):
    EnterpriseFactory(region_code="610302", uscc=BAOJI_1, name="宝鸡某电器有限公司")
    ProductCategory.objects.create(code="401", name="家用电器")
    headers = ["生产企业统一社会信用代码", "产品名称", "产品分类代码", "商品条码"]
    rows = [
        [BAOJI_1, "电热毯", "401", make_gtin(3)],
        [YANTA_2, "电饭煲", "401", make_gtin(4)],
        [BAOJI_1, "电水壶", "999", f"{make_gtin(5)};6901234567890"],
    ]
    report = _run(people["xian"], "products", csv_bytes(rows, headers=headers, encoding="gb18030"), name="产品.csv")
    found = [(e.row, e.column, e.reason.split(" / ")[0]) for e in report.errors]
    assert (2, "生产企业统一社会信用代码", "企业 宝鸡某电器有限公司（行政区划 610302）不在您的管辖范围内") in found
    assert (3, "生产企业统一社会信用代码", f"企业 {YANTA_2} 不在企业名录中") in found
    assert (4, "商品条码", "第2项“6901234567890”：商品条码校验位错误") in found
    assert Product.objects.count() == 0


@pytest.mark.django_db
def test_api_import_enterprises_400_names_row_column_reason(api_for):
    rows = [GOOD_ENTERPRISES[0], enterprise_row(BAOJI_1, "宝鸡某电器有限公司", region="610302")]
    upload = SimpleUploadedFile("企业.xlsx", xlsx_bytes(rows, headers=ENTERPRISE_HEADERS))
    response = api_for("xian").post("/api/v1/imports/", {"entity": "enterprises", "file": upload}, format="multipart")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["column"], error["field"]) == (3, "行政区划代码", "region")
    assert Enterprise.objects.count() == 0
    upload = SimpleUploadedFile("企业.xlsx", xlsx_bytes(GOOD_ENTERPRISES, headers=ENTERPRISE_HEADERS))
    response = api_for("xian").post("/api/v1/imports/", {"entity": "enterprises", "file": upload}, format="multipart")
    assert response.status_code == 201 and response.json()["created"] == 3
    upload = SimpleUploadedFile("企业.xlsx", xlsx_bytes(GOOD_ENTERPRISES, headers=ENTERPRISE_HEADERS))
    assert api_for("qiye").post("/api/v1/imports/", {"entity": "enterprises", "file": upload},
                                format="multipart").status_code == 403


@pytest.mark.django_db
def test_enterprise_user_imports_only_its_own_products(client, people):
    own = EnterpriseFactory(region_code="610113", name="西安测试电器有限公司", organisation=people["qiye"].organisation)
    other = EnterpriseFactory(region_code="610113", name="西安别家电器有限公司")
    ProductCategory.objects.create(code="401", name="家用电器")
    headers = ["生产企业统一社会信用代码", "产品名称", "规格型号", "产品分类代码", "商品条码"]
    rows = [[own.uscc, "电饭煲", "FB-1", "401", make_gtin(7)], [other.uscc, "电水壶", "K-1", "401", make_gtin(8)]]
    report = _run(people["qiye"], "products", xlsx_bytes(rows, headers=headers))
    assert [(e.row, e.column) for e in report.errors] == [(3, "生产企业统一社会信用代码")]
    assert Product.objects.count() == 0
    assert _run(people["qiye"], "products", xlsx_bytes(rows[:1], headers=headers)).created == 1
    client.force_login(people["qiye"])
    page = client.get("/core/imports/").content.decode()
    assert 'data-entity="products"' in page and 'data-entity="inspectors"' not in page
    with pytest.raises(PermissionDenied):
        _run(people["qiye"], "enterprises", xlsx_bytes(GOOD_ENTERPRISES, headers=ENTERPRISE_HEADERS))
