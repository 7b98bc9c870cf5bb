"""/api/v1/standards/, /api/v1/test-items/ and the catalogue pages, through real HTTP."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from zhijian.audit.models import AuditEntry
from zhijian.standards.models import Standard, TestItem

pytestmark = pytest.mark.django_db
API = "/api/v1/standards/"


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_signed_in_role_reads_the_catalogue_anonymous_does_not(api_for, people):
    for username in ("qiye", "pingtai", "jianyan", "baoji", "shenji"):
        response = api_for(username).get(API, {"page_size": 5})
        assert response.status_code == 200
        assert response.json()["count"] == Standard.objects.count()
    from rest_framework.test import APIClient

    assert APIClient().get(API).status_code in (401, 403)


def test_detail_nests_test_items_with_limits(api_for):
    standard = Standard.objects.get(number="GB 4706.8-2008")
    data = api_for("qiye").get(f"{API}{standard.pk}/").json()
    assert data["number"] == "GB 4706.8-2008" and data["nature_display"].startswith("强制性")
    items = {i["name"]: i for i in data["test_items"]}
    assert items["非正常工作"]["safety_critical"] is True and items["非正常工作"]["clause"] == "19"
    furniture = Standard.objects.get(number="GB 18584-2001")
    items = {i["name"]: i for i in api_for("xian").get(f"{API}{furniture.pk}/test-items/").json()}
    assert items["甲醛释放量"]["limit_max"] == "1.5000" and items["甲醛释放量"]["limit_display"] == "≤ 1.5 mg/L"
    listed = api_for("xian").get("/api/v1/test-items/", {"standard": furniture.pk, "safety_critical": "true"}).json()
    assert listed["count"] == 5


def test_invalid_standard_number_is_a_400_naming_field_and_reason(api_for):
    response = api_for("sheng").post(API, {"number": "GB4706.8", "title": "测试"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "number"
    assert "标准编号格式不正确" in errors[0]["reason"] and "standard number must look like" in errors[0]["reason"]
    duplicate = api_for("sheng").post(API, {"number": "GB 4706.8—2008", "title": "测试"}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["field"] == "number"


def test_province_staff_create_update_withdraw_through_the_api(api_for):
    client = api_for("sheng")
    created = client.post(API, {"number": "gb/t 34549－2024", "title": "卫生洁具 智能坐便器", "products": ["智能坐便器"],
                                "status": "upcoming"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == "GB/T 34549-2024" and body["nature"] == "recommended" and body["status"] == "upcoming"
    patched = client.patch(f"{API}{body['id']}/", {"title": "卫生洁具 智能坐便器（2024）"}, format="json")
    assert patched.status_code == 200 and patched.json()["title"].endswith("（2024）")
    old = Standard.objects.get(number="GB/T 34549-2017")
    withdrawn = client.post(f"{API}{old.pk}/withdraw/", {"replaced_by": "GB/T 34549-2024", "reason": "新版发布"}, format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["replaced_by_number"] == "GB/T 34549-2024"
    again = client.post(f"{API}{old.pk}/withdraw/", {}, format="json")
    assert again.status_code == 400
    assert AuditEntry.objects.filter(action="standards.standard.withdraw", object_id=str(old.pk)).count() == 1
    item = client.post(f"{API}{body['id']}/test-items/", {"name": "坐圈温度", "unit": "℃", "limit_max": "41"}, format="json")
    assert item.status_code == 201 and item.json()["standard_number"] == "GB/T 34549-2024"


def test_city_user_cannot_edit_the_catalogue_through_the_api(api_for):
    standard = Standard.objects.get(number="GB 4706.8-2008")
    client = api_for("xian")
    assert client.post(API, {"number": "GB 1-2020", "title": "x"}, format="json").status_code == 403
    assert client.patch(f"{API}{standard.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{API}{standard.pk}/withdraw/", {}, format="json").status_code == 403
    item = standard.test_items.first()
    assert client.delete(f"/api/v1/test-items/{item.pk}/").status_code == 403
    assert api_for("qiye").post(f"{API}{standard.pk}/test-items/", {"name": "x"}, format="json").status_code == 403
    standard.refresh_from_db()
    assert standard.status == "current" and TestItem.objects.filter(pk=item.pk).exists()
    assert not AuditEntry.objects.filter(object_type="standards.standard").exists()


def test_test_item_api_validates_limits_and_deletes_with_audit(api_for):
    standard = Standard.objects.get(number="GB 4706.19-2008")
    client = api_for("admin")
    bad = client.post("/api/v1/test-items/", {"standard": standard.pk, "name": "热效率", "limit_min": "80", "limit_max": "70"},
                      format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "limit_max"
    good = client.post("/api/v1/test-items/", {"standard": standard.pk, "name": "热效率", "unit": "%", "limit_min": "70"},
                       format="json")
    assert good.status_code == 201
    pk = good.json()["id"]
    assert client.delete(f"/api/v1/test-items/{pk}/").status_code == 204
    assert AuditEntry.objects.filter(action="standards.testitem.delete", object_id=str(pk)).exists()


def test_api_filters_search_nature_status_product(api_for):
    client = api_for("yanta")

    def numbers(**params) -> set[str]:
        return {r["number"] for r in client.get(API, {**params, "page_size": 200}).json()["results"]}

    blanket = numbers(q="电热毯")
    assert "GB 4706.8-2008" in blanket and "GB 10631-2013" not in blanket
    assert numbers(status="withdrawn") >= {"GB 6675-2003", "QB/T 2493-2000", "GB 9684-1988"}
    assert all(n.startswith("GB ") for n in numbers(nature="mandatory"))
    assert numbers(product="烟花爆竹") == {"GB 10631-2013", "GB 19593-2015", "GB 21555-2008", "GB 24426-2009", "GB/T 10632-2004"}
    with_safety = numbers(safety_critical="true")
    assert "GB 4706.1-2005" in with_safety and "GB/T 10632-2004" not in with_safety


def test_list_page_renders_searches_and_exports_xlsx(people):
    client = page_client(people["qiye"])
    response = client.get(reverse("standards:standard_list"), {"q": "坐便器"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "GB 4706.53-2008" in html and "GB 10631-2013" not in html and "共" in html
    assert reverse("standards:standard_create") not in html  # no 新增 for a non-editor
    export = client.get(reverse("standards:standard_list"), {"product": "家具", "export": "xlsx"})
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "标准编号"
    assert {r[0] for r in rows[1:]} == {
        "GB 18584-2001", "GB 28007-2011", "GB/T 3324-2017", "GB 24430.1-2009", "GB 17927.1-2011", "GB 22793.1-2008",
    }


def test_detail_page_lists_test_items_and_edit_links_for_editors(people):
    standard = Standard.objects.get(number="GB 4706.1-2005")
    html = page_client(people["baoji"]).get(standard.get_absolute_url()).content.decode()
    assert "接地措施" in html and "电气间隙、爬电距离和固体绝缘" in html
    assert reverse("standards:standard_edit", args=[standard.pk]) not in html
    html = page_client(people["sheng"]).get(standard.get_absolute_url()).content.decode()
    assert reverse("standards:standard_edit", args=[standard.pk]) in html


def test_create_and_edit_pages_write_through_services(people):
    editor = page_client(people["sheng"])
    response = editor.post(reverse("standards:standard_create"), {
        "number": "DB61/T 1500—2021", "title": "电热毯地方标准", "status": "current", "products": "电热毯",
    })
    standard = Standard.objects.get(number="DB61/T 1500-2021")
    assert response.status_code == 302 and response.url == standard.get_absolute_url()
    invalid = editor.post(reverse("standards:standard_create"), {"number": "XYZ", "title": "x", "status": "current"})
    assert invalid.status_code == 200 and "标准编号格式不正确" in invalid.content.decode()
    edit_url = reverse("standards:standard_edit", args=[standard.pk])
    assert editor.get(edit_url).status_code == 200
    editor.post(edit_url, {"title": "电热毯使用安全地方标准", "products": "电热毯、电热垫"})
    standard.refresh_from_db()
    assert standard.title == "电热毯使用安全地方标准" and standard.products == ["电热毯", "电热垫"]
    assert AuditEntry.objects.filter(action="standards.standard.update", object_id=str(standard.pk)).exists()
    item_url = reverse("standards:test_item_create", args=[standard.pk])
    assert editor.post(item_url, {"name": "泄漏电流", "unit": "mA", "limit_max": "0.25", "safety_critical": "on"}).status_code == 302
    assert standard.test_items.get(name="泄漏电流").safety_critical


def test_city_user_gets_403_on_catalogue_forms(people):
    client = page_client(people["xian"])
    standard = Standard.objects.get(number="GB 4706.8-2008")
    assert client.get(reverse("standards:standard_create")).status_code == 403
    assert client.get(reverse("standards:standard_edit", args=[standard.pk])).status_code == 403
    assert client.post(reverse("standards:standard_withdraw", args=[standard.pk])).status_code == 403


def test_list_endpoints_have_a_fixed_query_count(api_for, django_assert_max_num_queries):
    client = api_for("xian")
    with django_assert_max_num_queries(2):
        assert len(client.get(API, {"page_size": 50}).json()["results"]) == 49
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/test-items/", {"page_size": 100}).status_code == 200


def test_home_dashboard_and_menu_show_the_catalogue(people):
    html = page_client(people["qiye"]).get(reverse("home")).content.decode()
    assert "现行标准数" in html and reverse("standards:standard_list") in html


def test_list_dates_are_iso_in_page_and_export(people):
    client = page_client(people["sheng"])
    html = client.get(reverse("standards:standard_list"), {"q": "婴幼儿及儿童纺织产品"}).content.decode()
    assert "2016-06-01" in html
    export = client.get(reverse("standards:standard_list"), {"q": "婴幼儿及儿童纺织产品", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "GB 31701-2015" and rows[1][4] == "2016-06-01"
