"""Writes: validation at the boundary, jurisdiction, audit, qualification coverage and conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from zhijian.agencies import selectors, services
from zhijian.agencies.models import InspectionAgency, Inspector, QualificationScope, category_matches
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.core.models import Region

pytestmark = pytest.mark.django_db
AGENCIES = "/api/v1/agencies/"
INSPECTORS = "/api/v1/inspectors/"
ENTERPRISE_USCC = make_uscc("610113", "66666666")


# --- qualification coverage -------------------------------------------------------------------

def test_scope_covers_category_within_its_validity(cast):
    scope = cast["agency_xa"].scopes.get()
    assert scope.covers("电热毯", dt.date(2020, 1, 1))
    assert scope.covers("电热毯", dt.date(2025, 12, 31))
    assert not scope.covers("电热毯", dt.date(2019, 12, 31))
    assert not scope.covers("电热毯", dt.date(2026, 1, 1))
    assert not scope.covers("电饭锅", dt.date(2021, 1, 1))
    open_ended = cast["agency_yt"].scopes.get()
    assert open_ended.covers("401.6", dt.date(2030, 1, 1)) and open_ended.covers("401", dt.date(2022, 1, 1))
    assert not open_ended.covers("402.1", dt.date(2030, 1, 1))
    assert category_matches("电热毯", " 电热毯 ") and not category_matches("电热", "电热毯")


def test_qualified_agencies_by_date_and_status(people, cast):
    on_2024 = set(selectors.qualified_agencies("电热毯", dt.date(2024, 6, 1)))
    assert on_2024 == {cast["agency_xa"], cast["agency_bj"]}
    assert set(selectors.qualified_agencies("电热毯", dt.date(2026, 6, 1))) == {cast["agency_bj"]}
    assert set(selectors.qualified_agencies("电热毯", dt.date(2024, 6, 1), user=people["xian"])) == {cast["agency_xa"]}
    assert set(selectors.qualified_agencies("401.6", dt.date(2021, 6, 1))) == set()
    services.agency_change_status(acting_user=people["baoji"], instance=cast["agency_bj"], transition="suspend", reason="整改")
    assert set(selectors.qualified_agencies("电热毯", dt.date(2026, 6, 1))) == set()
    event = AuditEntry.objects.get(action="agencies.agency.suspend")
    assert event.before == {"status": "valid"} and event.after == {"status": "suspended"} and event.region_code == "610300"


def test_qualified_for_filter_in_the_api(api_for, cast):
    names = {r["name"] for r in api_for("sheng").get(AGENCIES, {"qualified_for": "401.6"}).json()["results"]}
    assert names == {"西安雁塔纺织品检测中心"}


# --- agencies ----------------------------------------------------------------------------------

def test_invalid_uscc_is_a_400_naming_the_field(api_for):
    bad = make_uscc("610100", "12345678")[:-1] + "0"
    response = api_for("sheng").post(AGENCIES, {"name": "新机构", "uscc": bad, "region": "610100"}, format="json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "uscc" and "统一社会信用代码" in error["reason"] and "/" in error["reason"]
    response = api_for("sheng").post(AGENCIES, {"name": "新机构", "uscc": make_uscc("610100", "12345678"), "region": "619999"},
                                     format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "region"
    assert not InspectionAgency.objects.filter(name="新机构").exists()


def test_city_staff_create_agency_only_in_their_city_with_audit(api_for):
    uscc = make_uscc("610113", "23456789", authority="1", kind="2")
    denied = api_for("xian").post(AGENCIES, {"name": "宝鸡新机构", "uscc": make_uscc("610300", "23456780"), "region": "610300"},
                                  format="json")
    assert denied.status_code == 403 and not InspectionAgency.objects.filter(name="宝鸡新机构").exists()
    created = api_for("xian").post(AGENCIES, {"name": "西安新检测公司", "uscc": uscc.lower(), "region": "610113",
                                              "cma_number": "210012345678"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["uscc"] == uscc
    entry = AuditEntry.objects.get(action="agencies.inspectionagency.create")
    assert entry.region_code == "610113" and entry.actor_name == "xian"
    assert api_for("yanta").post(AGENCIES, {"name": "区局建的", "uscc": make_uscc("610113", "23456781"), "region": "610113"},
                                 format="json").status_code == 403  # county staff do not manage agencies


def test_agency_user_and_out_of_scope_users_cannot_edit(api_for, cast):
    assert api_for("jianyan").patch(f"{AGENCIES}{cast['agency_xa'].pk}/", {"phone": "1"}, format="json").status_code == 403
    assert api_for("baoji").patch(f"{AGENCIES}{cast['agency_xa'].pk}/", {"phone": "1"}, format="json").status_code == 404
    moved = api_for("xian").patch(f"{AGENCIES}{cast['agency_yt'].pk}/", {"region": "610300"}, format="json")
    assert moved.status_code == 403
    assert InspectionAgency.objects.get(pk=cast["agency_yt"].pk).region_id == "610113"
    ok = api_for("xian").patch(f"{AGENCIES}{cast['agency_yt'].pk}/", {"phone": "029-88886666"}, format="json")
    assert ok.status_code == 200 and ok.json()["phone"] == "029-88886666"


def test_scope_add_and_remove_through_the_api(api_for, cast):
    url = f"{AGENCIES}{cast['agency_xa'].pk}/scopes/"
    bad = api_for("sheng").post(url, {"product_category": "电饭锅", "standard_number": "GB4706", "valid_from": "2024-01-01"},
                                format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "standard_number"
    reversed_dates = api_for("sheng").post(url, {"product_category": "电饭锅", "valid_from": "2024-01-01",
                                                 "valid_to": "2023-01-01"}, format="json")
    assert reversed_dates.status_code == 400 and reversed_dates.json()["errors"][0]["field"] == "valid_to"
    created = api_for("sheng").post(url, {"product_category": "电饭锅", "standard_number": "GB 4706.19—2008",
                                          "test_items": ["接地措施", "发热"], "valid_from": "2024-01-01"}, format="json")
    assert created.status_code == 201 and created.json()["standard_number"] == "GB 4706.19-2008"
    scope_id = created.json()["id"]
    assert api_for("jianyan").delete(f"{url}{scope_id}/").status_code == 403
    assert api_for("sheng").delete(f"{url}{scope_id}/").status_code == 204
    assert not QualificationScope.objects.filter(pk=scope_id).exists()
    assert AuditEntry.objects.filter(action="agencies.qualificationscope.delete", object_id=str(scope_id)).exists()


# --- inspectors and conflicts ---------------------------------------------------------------------

def test_inspector_create_checks_home_bureau_and_jurisdiction(people):
    xian_bureau = people["xian"].organisation
    baoji_bureau = people["baoji"].organisation
    inspector = services.inspector_create(acting_user=people["xian"], name="赵六", staff_number="XA0099",
                                          organisation=xian_bureau, region=Region.objects.get(code="610113"),
                                          qualifications="执法证、抽样员")
    assert inspector.qualifications == ["执法证", "抽样员"]
    assert AuditEntry.objects.get(action="agencies.inspector.create").region_code == "610113"
    with pytest.raises(PermissionDenied):
        services.inspector_create(acting_user=people["xian"], name="钱七", staff_number="BJ0099", organisation=baoji_bureau)
    with pytest.raises(ValidationError) as wrong_area:
        services.inspector_create(acting_user=people["sheng"], name="孙八", staff_number="BJ0098",
                                  organisation=baoji_bureau, region=Region.objects.get(code="610113"))
    assert "region" in wrong_area.value.error_dict
    with pytest.raises(ValidationError) as duplicate:
        services.inspector_create(acting_user=people["sheng"], name="赵六", staff_number="XA0099", organisation=xian_bureau)
    assert "staff_number" in duplicate.value.error_dict


def test_inspector_api_create_update_deactivate(api_for, people, cast):
    created = api_for("yanta").post(INSPECTORS, {
        "name": "周九", "staff_number": "YT0002", "organisation": people["yanta"].organisation.pk,
        "qualifications": ["执法证"], "law_enforcement_cert_no": "61011300001", "cert_valid_to": "2028-06-30",
    }, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["region"] == "610113"
    bad = api_for("yanta").post(INSPECTORS, {"name": "x", "staff_number": "YT0003", "organisation": people["yanta"].organisation.pk,
                                             "qualifications": ["飞行员"]}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("qualifications")
    pk = cast["insp_yt"].pk
    assert api_for("yanta").patch(f"{INSPECTORS}{pk}/", {"unit": "特种设备科"}, format="json").json()["unit"] == "特种设备科"
    assert api_for("baoji").post(f"{INSPECTORS}{pk}/deactivate/", {}, format="json").status_code == 404
    response = api_for("xian").post(f"{INSPECTORS}{pk}/deactivate/", {"reason": "调离"}, format="json")
    assert response.status_code == 200 and response.json()["active"] is False
    assert api_for("xian").post(f"{INSPECTORS}{pk}/deactivate/", {}, format="json").status_code == 400
    event = AuditEntry.objects.get(action="agencies.inspector.deactivate")
    assert event.reason == "调离" and event.region_code == "610113"


def test_conflict_declare_and_withdraw_change_the_drawable_pool(api_for, people, cast):
    url = f"{INSPECTORS}{cast['insp_xa'].pk}/conflicts/"
    bad = api_for("xian").post(url, {"enterprise_uscc": "91610113MA6TXXXX", "enterprise_name": "x", "relation": "relative"},
                               format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "enterprise_uscc"
    assert api_for("baoji").post(url, {"enterprise_uscc": ENTERPRISE_USCC, "enterprise_name": "x", "relation": "other"},
                                 format="json").status_code == 404
    declared = api_for("xian").post(url, {"enterprise_uscc": ENTERPRISE_USCC.lower(), "enterprise_name": "西安某电器有限公司",
                                          "relation": "former_employee", "declared_on": "2024-03-01"}, format="json")
    assert declared.status_code == 201 and declared.json()["enterprise_uscc"] == ENTERPRISE_USCC
    duplicate = api_for("xian").post(url, {"enterprise_uscc": ENTERPRISE_USCC, "enterprise_name": "x", "relation": "relative"},
                                     format="json")
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["field"] == "enterprise_uscc"

    pool = set(selectors.drawable_inspectors(people["xian"], enterprise_uscc=ENTERPRISE_USCC, qualification="抽样员",
                                             on_date=dt.date(2024, 6, 1)))
    assert pool == {cast["insp_yt"]}
    conflicted = {r["name"] for r in api_for("xian").get(INSPECTORS, {"conflict_with": ENTERPRISE_USCC}).json()["results"]}
    assert conflicted == {"王建国"}

    conflict_id = declared.json()["id"]
    withdrawn = api_for("xian").post(f"{url}{conflict_id}/withdraw/", {"reason": "已离职满三年"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["is_active"] is False
    assert cast["insp_xa"] in selectors.drawable_inspectors(people["xian"], enterprise_uscc=ENTERPRISE_USCC)
    assert api_for("xian").post(f"{url}{conflict_id}/withdraw/", {}, format="json").status_code == 400
    actions = list(AuditEntry.objects.filter(action__startswith="agencies.conflict.").values_list("action", flat=True))
    assert sorted(actions) == ["agencies.conflict.declare", "agencies.conflict.withdraw"]


def test_drawable_pool_excludes_expired_certificates_and_inactive(people, cast):
    Inspector.objects.filter(pk=cast["insp_yt"].pk).update(cert_valid_to=dt.date(2024, 1, 1))
    Inspector.objects.filter(pk=cast["insp_xa"].pk).update(active=False)
    assert set(selectors.drawable_inspectors(people["sheng"], on_date=dt.date(2024, 6, 1))) == {cast["insp_bj"]}


def test_pages_create_and_declare_through_services(people, cast):
    client = Client()
    client.force_login(people["xian"])
    response = client.post(reverse("agencies:inspector_create"), {
        "name": "吴十", "staff_number": "XA0100", "organisation": people["xian"].organisation.pk, "region": "610100",
        "qualifications": ["执法证", "生产许可核查员证"], "law_enforcement_cert_no": "6101001", "cert_valid_to": "2029-01-01",
    })
    inspector = Inspector.objects.get(staff_number="XA0100")
    assert response.status_code == 302 and response.url == inspector.get_absolute_url()
    assert inspector.qualifications == ["执法证", "生产许可核查员证"]
    assert client.get(reverse("agencies:inspector_edit", args=[inspector.pk])).status_code == 200
    response = client.post(reverse("agencies:conflict_declare", args=[inspector.pk]), {
        "enterprise_uscc": "bad", "enterprise_name": "x", "relation": "relative"})
    assert response.status_code == 200 and "统一社会信用代码" in response.content.decode()
    client.post(reverse("agencies:conflict_declare", args=[inspector.pk]), {
        "enterprise_uscc": ENTERPRISE_USCC, "enterprise_name": "西安某电器有限公司", "relation": "shareholder"})
    conflict = inspector.conflicts.get()
    assert conflict.relation == "shareholder"
    html = client.get(inspector.get_absolute_url()).content.decode()
    assert "西安某电器有限公司" in html and "持股" in html
    client.post(reverse("agencies:conflict_withdraw", args=[conflict.pk]))
    conflict.refresh_from_db()
    assert conflict.withdrawn_on is not None
    response = client.post(reverse("agencies:agency_create"), {
        "name": "西安页面新建检测站", "uscc": make_uscc("610100", "34567890"), "region": "610100"})
    assert response.status_code == 302 and InspectionAgency.objects.filter(name="西安页面新建检测站").exists()
    forbidden = client.post(reverse("agencies:agency_create"), {
        "name": "宝鸡页面新建检测站", "uscc": make_uscc("610300", "34567891"), "region": "610300"})
    assert forbidden.status_code == 200  # Baoji is not among Xi'an's region choices
    assert not InspectionAgency.objects.filter(name="宝鸡页面新建检测站").exists()


def test_dashboard_cards_follow_jurisdiction(people, cast):
    xian = {str(c["label"]): c["value"] for c in selectors.dashboard_cards(people["xian"])}
    assert xian == {"有效检验机构数": 2, "在库执法检查人员": 2}
    assert {str(c["label"]) for c in selectors.dashboard_cards(people["jianyan"])} == {"有效检验机构数"}
    assert selectors.dashboard_cards(people["qiye"]) == []
