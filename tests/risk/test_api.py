"""The API: the whole flow over REST, jurisdiction on every list, bilingual errors, the public feed."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.registry.factories import make_gtin
from zhijian.risk import services


def complaint(region="610113", **extra):
    return services.complaint_submit(title="电吹风冒火花", region=region, brand="秦风", model="QF-1800",
                                     reporter_contact=extra.pop("contact", "13800000000"), **extra)


def test_flow_over_the_api(registry, api_for, people):
    sheng = api_for("sheng")
    s = sheng.post("/api/v1/risk/signals/", {"source_type": "injury", "title": "医院报告：电吹风电击伤",
                                             "region": "610113", "gtin": make_gtin(7), "injuries": 1}, format="json")
    assert s.status_code == 201 and s.json()["product"] == registry["dryer"].pk
    a = sheng.post("/api/v1/risk/assessments/", {"signal": s.json()["id"], "scenarios": [
        {"hazard": "电击", "severity": 4, "steps": ["1/10", "1/100"]}]}, format="json")
    assert a.status_code == 201 and a.json()["level"] == "serious"
    assert sheng.get(f"/api/v1/risk/assessments/{a.json()['id']}/reproduce/").json()["matches"]
    w = sheng.post("/api/v1/risk/warnings/", {
        "title": "秦风电吹风触电风险", "summary": "绝缘不良", "assessment": a.json()["id"], "public": True,
        "measures": ["stop_sale"], "recipients": [people["xian"].organisation_id, people["pingtai"].organisation_id],
        "scope": {"gtins": [make_gtin(7)]}}, format="json")
    assert w.status_code == 201 and w.json()["level"] == "red"
    wid = w.json()["id"]
    # nothing public before publication
    assert APIClient().get("/api/v1/public/warnings/").json()["count"] == 0
    assert sheng.post(f"/api/v1/risk/warnings/{wid}/publish/").json()["status"] == "published"
    tasks = sheng.get(f"/api/v1/risk/warnings/{wid}/tasks/").json()
    assert len(tasks) == 2
    by_org = {t["organisation"]: t["id"] for t in tasks}
    pingtai = api_for("pingtai")
    assert [t["id"] for t in pingtai.get("/api/v1/risk/responses/").json()["results"]] == [by_org[people["pingtai"].organisation_id]]
    denied = pingtai.post(f"/api/v1/risk/responses/{by_org[people['xian'].organisation_id]}/report/", {"found": False}, format="json")
    assert denied.status_code == 404  # not in pingtai's scope at all
    r = pingtai.post(f"/api/v1/risk/responses/{by_org[people['pingtai'].organisation_id]}/report/",
                     {"found": True, "measures_taken": ["take_down"], "units_withdrawn": 5}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    api_for("xian").post(f"/api/v1/risk/responses/{by_org[people['xian'].organisation_id]}/report/",
                         {"found": False}, format="json")
    final = sheng.get(f"/api/v1/risk/warnings/{wid}/").json()
    assert final["status"] == "closed" and final["reach"]["units"] == 5 and final["reach"]["done"] == 2
    feed = APIClient().get("/api/v1/public/warnings/?page_size=1").json()
    assert feed["count"] == 1 and feed["results"][0]["title"] == "秦风电吹风触电风险"
    assert feed["results"][0]["url"].startswith("/public/warnings/")


def test_signal_list_follows_jurisdiction_and_roles(registry, api_for):
    mine = complaint()
    other = complaint(region="610302", contact="139")
    ids = {u: {r["id"] for r in api_for(u).get("/api/v1/risk/signals/").json()["results"]}
           for u in ("sheng", "xian", "baoji", "yanta", "shenji")}
    assert ids["sheng"] == ids["shenji"] == {mine.pk, other.pk}
    assert ids["xian"] == ids["yanta"] == {mine.pk}
    assert ids["baoji"] == {other.pk}
    for u in ("qiye", "pingtai", "jianyan"):
        assert api_for(u).get("/api/v1/risk/signals/").json()["count"] == 0
    assert api_for("baoji").get(f"/api/v1/risk/signals/{mine.pk}/").status_code == 404


def test_chinese_word_search_and_filters(registry, api_for):
    complaint()
    services.complaint_submit(title="儿童玩具小零件脱落", region="610113", reporter_contact="1", product_name="玩具")
    r = api_for("sheng").get("/api/v1/risk/signals/", {"q": "零件"}).json()
    assert [x["title"] for x in r["results"]] == ["儿童玩具小零件脱落"]
    r = api_for("sheng").get("/api/v1/risk/signals/", {"linked": "true"}).json()
    assert [x["title"] for x in r["results"]] == ["电吹风冒火花"]


def test_errors_name_the_field_in_both_languages(registry, api_for):
    r = api_for("sheng").post("/api/v1/risk/signals/", {"source_type": "media", "title": "x", "region": "610113",
                                                        "gtin": "6901234567890"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "gtin" and " / " in r.json()["errors"][0]["reason"]
    r = api_for("sheng").post("/api/v1/risk/assessments/", {"region": "610000", "scenarios": [
        {"severity": 2, "steps": ["2/1"]}]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "scenarios"
    r = api_for("pingtai").post("/api/v1/risk/warnings/", {"title": "t", "summary": "s", "level": "blue"}, format="json")
    assert r.status_code == 403


def test_import_endpoint_reports_rows(registry, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("c.json", b'{"success": {"results": [{"recall_number": "", "recall_date": "x"}]}}')
    r = api_for("sheng").post("/api/v1/risk/signals/import/", {"source": "cpsc", "file": bad}, format="multipart")
    assert r.status_code == 400 and r.json()["created"] == 0
    assert {e["field"] for e in r.json()["errors"]} >= {"recall_number", "recall_date"}


def test_risk_level_endpoint(api_for):
    r = api_for("sheng").post("/api/v1/risk/level/", {"severity": 1, "probability": "1/500"}, format="json")
    assert r.json()["level"] == "low" and r.json()["sensitivity"]["band"] == "> 1/1 000"
    r = api_for("sheng").post("/api/v1/risk/level/", {"severity": 1, "probability": "x"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "probability"


def test_subscriptions_api_and_deliveries(registry, api_for):
    r = api_for("pingtai").post("/api/v1/risk/subscriptions/", {"name": "秦风", "brands": ["秦风"]}, format="json")
    assert r.status_code == 201 and len(r.json()["secret"]) == 64
    assert api_for("qiye").get("/api/v1/risk/subscriptions/").json()["count"] == 0
    sid = r.json()["id"]
    assert api_for("pingtai").get(f"/api/v1/risk/subscriptions/{sid}/deliveries/").json() == []
    assert api_for("pingtai").delete(f"/api/v1/risk/subscriptions/{sid}/").status_code == 204


@pytest.mark.parametrize("path", ["risk/signals", "risk/assessments", "risk/alarms", "risk/warnings", "risk/responses",
                                  "risk/subscriptions"])
def test_anonymous_gets_nothing(db, path):
    assert APIClient().get(f"/api/v1/{path}/").status_code in (401, 403)
