"""Who sees which agency and inspector: lists, details (404 out of scope), pages and exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

AGENCIES = "/api/v1/agencies/"
INSPECTORS = "/api/v1/inspectors/"

AGENCY_MATRIX = {
    "admin": {"agency_xa", "agency_yt", "agency_bj"},
    "sheng": {"agency_xa", "agency_yt", "agency_bj"},
    "shenji": {"agency_xa", "agency_yt", "agency_bj"},
    "xian": {"agency_xa", "agency_yt"},
    "yanta": {"agency_yt"},
    "baoji": {"agency_bj"},
    "jianyan": {"agency_xa"},
    "qiye": set(),
    "pingtai": set(),
}
INSPECTOR_MATRIX = {
    "admin": {"insp_xa", "insp_yt", "insp_bj"},
    "sheng": {"insp_xa", "insp_yt", "insp_bj"},
    "shenji": {"insp_xa", "insp_yt", "insp_bj"},
    "xian": {"insp_xa", "insp_yt"},
    "yanta": {"insp_yt"},
    "baoji": {"insp_bj"},
    "jianyan": set(),
    "qiye": set(),
    "pingtai": set(),
}


@pytest.mark.parametrize("username", sorted(AGENCY_MATRIX))
def test_agency_api_matrix(api_for, cast, username):
    client = api_for(username)
    listed = client.get(AGENCIES).json()
    assert {r["id"] for r in listed["results"]} == {cast[k].pk for k in AGENCY_MATRIX[username]}
    assert listed["count"] == len(AGENCY_MATRIX[username])
    for key in ("agency_xa", "agency_yt", "agency_bj"):
        expected = 200 if key in AGENCY_MATRIX[username] else 404
        assert client.get(f"{AGENCIES}{cast[key].pk}/").status_code == expected, key
        assert client.get(f"{AGENCIES}{cast[key].pk}/scopes/").status_code == expected, key


@pytest.mark.parametrize("username", sorted(INSPECTOR_MATRIX))
def test_inspector_api_matrix(api_for, cast, username):
    client = api_for(username)
    listed = client.get(INSPECTORS).json()
    assert {r["id"] for r in listed["results"]} == {cast[k].pk for k in INSPECTOR_MATRIX[username]}
    for key in ("insp_xa", "insp_yt", "insp_bj"):
        expected = 200 if key in INSPECTOR_MATRIX[username] else 404
        assert client.get(f"{INSPECTORS}{cast[key].pk}/").status_code == expected, key
        assert client.get(f"{INSPECTORS}{cast[key].pk}/conflicts/").status_code == expected, key


def test_detail_nests_scopes_and_conflicts(api_for, cast):
    from .factories import ConflictFactory

    ConflictFactory(inspector=cast["insp_xa"], enterprise_name="西安某电器有限公司")
    agency = api_for("jianyan").get(f"{AGENCIES}{cast['agency_xa'].pk}/").json()
    assert agency["scopes"][0]["product_category"] == "电热毯"
    assert agency["scopes"][0]["standard_number"] == "GB 4706.8-2008"
    inspector = api_for("xian").get(f"{INSPECTORS}{cast['insp_xa'].pk}/").json()
    assert inspector["conflicts"][0]["enterprise_name"] == "西安某电器有限公司"
    assert inspector["conflicts"][0]["is_active"] is True


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_xian_pages_never_show_baoji(people, cast):
    client = page(people["xian"])
    html = client.get(reverse("agencies:inspector_list")).content.decode()
    assert "王建国" in html and "李红梅" in html and "张宝山" not in html
    html = client.get(reverse("agencies:agency_list")).content.decode()
    assert "宝鸡市产品质量检验检测中心" not in html and "西安雁塔纺织品检测中心" in html
    assert client.get(cast["insp_bj"].get_absolute_url()).status_code == 404
    assert client.get(cast["agency_bj"].get_absolute_url()).status_code == 404
    assert client.get(reverse("agencies:inspector_edit", args=[cast["insp_bj"].pk])).status_code == 404


def test_agency_user_sees_only_its_agency_and_no_pool(people, cast):
    client = page(people["jianyan"])
    html = client.get(reverse("agencies:agency_list")).content.decode()
    assert "陕西省产品质量监督检验研究院" in html and "西安雁塔纺织品检测中心" not in html
    assert client.get(cast["agency_yt"].get_absolute_url()).status_code == 404
    detail = client.get(cast["agency_xa"].get_absolute_url()).content.decode()
    assert reverse("agencies:agency_edit", args=[cast["agency_xa"].pk]) not in detail  # read-only for its own users
    assert client.get(reverse("agencies:inspector_list")).status_code == 403
    assert page(people["qiye"]).get(reverse("agencies:agency_list")).status_code == 403
    assert page(people["pingtai"]).get(reverse("agencies:inspector_list")).status_code == 403


def test_list_pages_export_xlsx(people, cast):
    client = page(people["sheng"])
    response = client.get(reverse("agencies:agency_list"), {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("机构名称", "统一社会信用代码")
    assert {r[0] for r in rows[1:]} == {"陕西省产品质量监督检验研究院", "西安雁塔纺织品检测中心", "宝鸡市产品质量检验检测中心"}
    response = page(people["xian"]).get(reverse("agencies:inspector_list"), {"export": "xlsx", "region": "610113"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and [r[0] for r in rows[1:]] == ["李红梅"]
    html = client.get(reverse("agencies:inspector_list")).content.decode()
    assert "共" in html and "张宝山" in html


def test_chinese_search_on_agencies_and_inspectors(api_for, cast):
    names = {r["name"] for r in api_for("sheng").get(AGENCIES, {"q": "质量监督"}).json()["results"]}
    assert names == {"陕西省产品质量监督检验研究院"}
    names = {r["name"] for r in api_for("sheng").get(AGENCIES, {"q": "纺织品"}).json()["results"]}
    assert names == {"西安雁塔纺织品检测中心"}
    names = {r["name"] for r in api_for("sheng").get(INSPECTORS, {"q": "红梅"}).json()["results"]}
    assert names == {"李红梅"}
    assert api_for("baoji").get(INSPECTORS, {"q": "红梅"}).json()["count"] == 0


def test_list_endpoints_have_a_fixed_query_count(api_for, cast, django_assert_max_num_queries):
    from .factories import ConflictFactory, InspectorFactory, ScopeFactory

    for _ in range(5):
        ConflictFactory(inspector=InspectorFactory())
        ScopeFactory()
    client = api_for("sheng")
    with django_assert_max_num_queries(2):
        assert client.get(INSPECTORS).json()["count"] == 8
    with django_assert_max_num_queries(2):
        assert client.get(AGENCIES).json()["count"] == 8


def test_home_dashboard_and_menu_for_bureau_and_agency(people, cast):
    html = page(people["xian"]).get(reverse("home")).content.decode()
    assert "在库执法检查人员" in html and reverse("agencies:inspector_list") in html
    html = page(people["jianyan"]).get(reverse("home")).content.decode()
    assert reverse("agencies:agency_list") in html and reverse("agencies:inspector_list") not in html


def test_every_page_renders_for_province_staff(people, cast):
    from zhijian.standards.models import Standard

    client = page(people["sheng"])
    standard = Standard.objects.get(number="GB 4706.8-2008")
    agency, inspector = cast["agency_xa"], cast["insp_xa"]
    urls = [
        reverse("standards:standard_list"), reverse("standards:standard_create"), standard.get_absolute_url(),
        reverse("standards:standard_edit", args=[standard.pk]), reverse("standards:standard_withdraw", args=[standard.pk]),
        reverse("standards:test_item_create", args=[standard.pk]),
        reverse("standards:test_item_edit", args=[standard.test_items.first().pk]),
        reverse("agencies:agency_list"), reverse("agencies:agency_create"), agency.get_absolute_url(),
        reverse("agencies:agency_edit", args=[agency.pk]), reverse("agencies:scope_add", args=[agency.pk]),
        reverse("agencies:inspector_list"), reverse("agencies:inspector_create"), inspector.get_absolute_url(),
        reverse("agencies:inspector_edit", args=[inspector.pk]), reverse("agencies:conflict_declare", args=[inspector.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<form" in response.content.decode() or "zj-table" in response.content.decode(), url
    html = client.get(reverse("agencies:agency_edit", args=[agency.pk])).content.decode()
    assert agency.uscc in html and 'value="陕西省产品质量监督检验研究院"' in html
