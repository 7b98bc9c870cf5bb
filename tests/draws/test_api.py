"""/api/v1/draws/: scoped list and detail, commit, enterprise-draw, execute, cancel, record."""

from __future__ import annotations

import pytest

from zhijian.draws import lottery, services

pytestmark = pytest.mark.django_db
URL = "/api/v1/draws/"
BEACON = "福彩3D 第2026320期 3 5 7"


def test_commit_execute_record_over_the_api(api_for, simple_rows):
    api = api_for("xian")
    created = api.post(f"{URL}commit/", {"kind": "enterprise", "title": "API 抽取", "rows": simple_rows,
                                         "params": {"n": 4, "stratified": True, "weighted": True}, "region": "610100",
                                         "beacon_plan": "福彩3D 第2026320期"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "committed" and len(body["commitment"]) == 64 and body["pool_size"] == 20
    executed = api.post(f"{URL}{body['id']}/execute/", {"beacon": BEACON, "witnesses": ["张三", "李四"]}, format="json")
    assert executed.status_code == 200, executed.json()
    assert executed.json()["status"] == "drawn" and sum(len(v) for v in executed.json()["result"].values()) == 4
    record = api.get(f"{URL}{body['id']}/record/").json()
    assert lottery.verify(record) == [] and record["witnesses"] == ["张三", "李四"]
    again = api.post(f"{URL}{body['id']}/execute/", {"beacon": "x"}, format="json")
    assert again.status_code == 400 and "不能重复抽取" in again.json()["detail"]
    listed = api.get(URL, {"status": "drawn", "kind": "enterprise"}).json()
    assert listed["count"] == 1 and "rows" not in listed["results"][0]


def test_enterprise_draw_endpoint(api_for, directory):
    api = api_for("sheng")
    response = api.post(f"{URL}enterprise-draw/", {"title": "电热毯抽查", "category_codes": ["401"],
                                                   "quotas": {"610100": 2, "610300": 1}, "weight": "supervision_weight"},
                        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["allocation"] == {"610100": 2, "610300": 1}
    too_many = api.post(f"{URL}enterprise-draw/", {"title": "x", "category_codes": ["401"], "quotas": {"610300": 9}},
                        format="json")
    assert too_many.status_code == 400
    assert too_many.json()["errors"][0]["field"] == "params" and "610300" in too_many.json()["detail"]


def test_errors_are_bilingual_and_name_the_field(api_for, simple_rows):
    api = api_for("xian")
    bad = api.post(f"{URL}commit/", {"kind": "enterprise", "title": "x", "rows": [*simple_rows, {"id": "E001"}],
                                     "params": {"n": 2}, "region": "610100"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "rows" and "E001" in bad.json()["detail"] and " / " in bad.json()["detail"]
    draw = api.post(f"{URL}commit/", {"kind": "enterprise", "title": "x", "rows": simple_rows, "params": {"n": 2},
                                      "region": "610100"}, format="json").json()
    empty = api.post(f"{URL}{draw['id']}/execute/", {"beacon": "   "}, format="json")
    assert empty.status_code == 400
    cancelled = api.post(f"{URL}{draw['id']}/cancel/", {"reason": "参数有误"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


@pytest.mark.parametrize("user, status", [("baoji", 404), ("yanta", 404), ("qiye", 404), ("jianyan", 404),
                                          ("shenji", 403), ("sheng", 200)])
def test_execute_outside_jurisdiction_or_role(people, api_for, simple_rows, user, status):
    draw = services.draw_commit(acting_user=people["xian"], kind="enterprise", title="西安抽取", rows=simple_rows,
                                params={"n": 2}, region="610100")
    response = api_for(user).post(f"{URL}{draw.pk}/execute/", {"beacon": BEACON}, format="json")
    assert response.status_code == status
    draw.refresh_from_db()
    assert draw.status == ("drawn" if status == 200 else "committed")


@pytest.mark.parametrize("user", ["qiye", "jianyan", "pingtai", "baoji"])
def test_commit_refused_outside_role_or_region(api_for, simple_rows, user):
    response = api_for(user).post(f"{URL}commit/", {"kind": "enterprise", "title": "x", "rows": simple_rows,
                                                    "params": {"n": 2}, "region": "610100"}, format="json")
    assert response.status_code == 403


def test_list_scoped(people, api_for, simple_rows):
    services.draw_commit(acting_user=people["xian"], kind="enterprise", title="西安", rows=simple_rows, params={"n": 1},
                         region="610100")
    services.draw_commit(acting_user=people["baoji"], kind="inspector", title="宝鸡", rows=simple_rows, params={"n": 1},
                         region="610300", subject_type="spotchecks.task", subject_id=3)
    titles = lambda u, **q: sorted(d["title"] for d in api_for(u).get(URL, q).json()["results"])  # noqa: E731
    assert titles("sheng") == ["宝鸡", "西安"] and titles("xian") == ["西安"] and titles("baoji") == ["宝鸡"]
    assert titles("qiye") == [] and titles("shenji") == ["宝鸡", "西安"]
    assert titles("sheng", subject_type="spotchecks.task", subject_id=3) == ["宝鸡"]
    assert titles("sheng", region="610100") == ["西安"] and titles("sheng", kind="inspector") == ["宝鸡"]
