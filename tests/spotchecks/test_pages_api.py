"""The loop through real HTTP requests: pages for bureau, agency and enterprise users, the REST API
with token auth for the agency, and the jurisdiction each role is held to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.spotchecks.conftest import run_draws
from zhijian.accounts.services import token_issue
from zhijian.audit.models import AuditEntry
from zhijian.spotchecks import services
from zhijian.spotchecks.models import Task

FAIL = [{"name": "标志和说明", "measured": "符合", "verdict": "pass"},
        {"name": "泄漏电流", "measured": "0.42", "limit": "≤0.25", "unit": "mA", "verdict": "fail"},
        {"name": "发热", "measured": "38", "verdict": "pass"}]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def task(people, world, plan):
    run_draws(people["sheng"], plan.items.get())
    return Task.objects.get(enterprise=world["producer"])


def test_bureau_pages_render_with_the_plan_and_its_draws(people, plan, task):
    client = login(people["sheng"])
    page = client.get(f"/spotchecks/plans/{plan.pk}/").content.decode()
    assert "2026年电热毯产品质量省级监督抽查" in page and "检查对象抽取" in page
    listing = client.get("/spotchecks/tasks/", {"plan": plan.pk}).content.decode()
    assert task.code in listing and "共 4 条" in listing
    export = client.get("/spotchecks/tasks/", {"plan": plan.pk, "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_sampling_report_and_objection_through_the_pages(people, world, task):
    xian = login(people["xian"])
    assert xian.post(f"/spotchecks/tasks/{task.pk}/do/notify/").status_code == 302
    form = {"product_name": "电热毯", "trademark": "秦暖", "model": "TD-1", "batch_number": "20260301",
            "test_quantity": 2, "backup_quantity": 2, "base_quantity": 100, "unit_price": 80, "place_type": "factory",
            "seal_numbers": "FY-1", "sampled_on": "2026-03-10", "samplers": "张三"}
    page = xian.post(f"/spotchecks/tasks/{task.pk}/sample/", form).content.decode()
    assert "抽样人员不得少于2名" in page  # the error names the field and the reason
    form["samplers"] = "张三、李四"
    assert xian.post(f"/spotchecks/tasks/{task.pk}/sample/", form).status_code == 302
    agency = login(people["jianyan"])
    assert agency.post(f"/spotchecks/tasks/{task.pk}/do/receive/").status_code == 302
    post = {"number": "SXZJ-1"}
    for i, r in enumerate(FAIL):
        post.update({f"measured_{i}": r["measured"], f"verdict_{i}": r["verdict"], f"limit_{i}": r.get("limit", "")})
    assert agency.post(f"/spotchecks/tasks/{task.pk}/report/", post).status_code == 302
    task.refresh_from_db()
    assert task.status == "reported" and task.verdict == "fail"
    assert xian.post(f"/spotchecks/tasks/{task.pk}/do/notify_result/").status_code == 302
    notice = login(people["qiye"]).get(f"/spotchecks/tasks/{task.pk}/notice/sampled/").content.decode()
    assert "检验结果通知书" in notice and "泄漏电流" in notice and "15日内" in notice
    receipt = task.notices.get(party="sampled")
    assert receipt.read_at is not None  # the addressee's opening is the read receipt, audited
    assert AuditEntry.objects.filter(action="spotchecks.resultnotice.read", object_id=str(receipt.pk)).count() == 1
    xian.get(f"/spotchecks/tasks/{task.pk}/notice/sampled/")
    assert AuditEntry.objects.filter(action="spotchecks.resultnotice.read").count() == 1
    qiye = login(people["qiye"])
    response = qiye.post(f"/spotchecks/tasks/{task.pk}/objection/", {"disputed_items": ["泄漏电流"], "reason": "复检"})
    assert response.status_code == 302
    assert task.objections.get().status == "filed"


def test_other_jurisdictions_and_parties_see_nothing(people, task):
    assert login(people["baoji"]).get(f"/spotchecks/tasks/{task.pk}/").status_code == 404
    assert login(people["pingtai"]).get("/spotchecks/tasks/").status_code == 403
    assert login(people["qiye"]).get(f"/spotchecks/tasks/{task.pk}/").status_code == 200  # the drawn producer
    api = APIClient()
    api.force_authenticate(people["baoji"])
    assert api.get("/api/v1/spotchecks/tasks/").json()["count"] == 0
    api.force_authenticate(people["yanta"])
    assert api.get("/api/v1/spotchecks/tasks/").json()["count"] == 4


def test_agency_submits_its_report_with_a_token(people, world, task):
    services.task_notify(acting_user=people["xian"], task=task)
    services.sample_record(acting_user=people["xian"], task=task, product_name="电热毯", model="TD-1",
                           batch_number="B1", base_quantity=100, place_type="factory", seal_numbers="F1",
                           samplers="张三、李四")
    key = token_issue(acting_user=people["jianyan"]).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post(f"/api/v1/spotchecks/tasks/{task.pk}/receive/").status_code == 200
    bad = api.post(f"/api/v1/spotchecks/tasks/{task.pk}/report/", {"number": "R1", "results": FAIL[:1]}, format="json")
    assert bad.status_code == 400 and "泄漏电流" in bad.json()["detail"]
    ok = api.post(f"/api/v1/spotchecks/tasks/{task.pk}/report/", {"number": "R1", "results": FAIL}, format="json")
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["verdict"] == "fail" and body["reports"][0]["results"][1]["safety_critical"] is True
    again = api.post(f"/api/v1/spotchecks/tasks/{task.pk}/report/", {"number": "R2", "results": FAIL}, format="json")
    assert again.status_code == 400  # a submitted report is not replaced; corrections are new versions
    fixed = api.post(f"/api/v1/spotchecks/tasks/{task.pk}/correct-report/",
                     {"reason": "单位更正", "results": FAIL}, format="json")
    assert fixed.status_code == 200 and [r["version"] for r in fixed.json()["reports"]] == [1, 2]


def test_plan_api_creates_items_quotas_and_commits_a_draw(people, world):
    api = APIClient()
    api.force_authenticate(people["sheng"])
    plan = api.post("/api/v1/spotchecks/plans/", {"year": 2026, "title": "API 计划", "level": "provincial",
                                                 "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, format="json").json()
    item = api.post(f"/api/v1/spotchecks/plans/{plan['id']}/items/", {
        "category": "9901", "standards": ["GB 99908-2026"], "sample_quantity": 4, "test_quantity": 2,
        "backup_quantity": 3, "agency": world["agency"].pk}, format="json")
    assert item.status_code == 400 and "sample_quantity" in item.json()["detail"]
    item = api.post(f"/api/v1/spotchecks/plans/{plan['id']}/items/", {
        "category": "9901", "standards": ["GB 99908-2026"], "sample_quantity": 4, "test_quantity": 2,
        "backup_quantity": 2, "agency": world["agency"].pk}, format="json").json()["items"][0]
    api.post(f"/api/v1/spotchecks/plans/{plan['id']}/quotas/", {"item": item["id"], "region": "610100",
                                                               "stage": "production", "count": 2}, format="json")
    assert api.post(f"/api/v1/spotchecks/plans/{plan['id']}/activate/").json()["status"] == "active"
    draw = api.post(f"/api/v1/spotchecks/plans/{plan['id']}/draw-enterprises/", {"item": item["id"]}, format="json")
    assert draw.status_code == 201 and len(draw.json()["commitment"]) == 64


def test_public_results_need_no_login(people, world, task):
    services.task_notify(acting_user=people["xian"], task=task)
    services.sample_record(acting_user=people["xian"], task=task, product_name="电热毯", trademark="秦暖", model="TD-1",
                           batch_number="B1", base_quantity=100, place_type="factory", seal_numbers="F1",
                           samplers="张三、李四")
    services.sample_receive(acting_user=people["jianyan"], task=task)
    services.report_submit(acting_user=people["jianyan"], task=task, number="R1", results=FAIL)
    services.result_notify(acting_user=people["xian"], task=task, served_on=dt.date(2026, 3, 1))
    services.task_conclude(acting_user=people["xian"], task=task, on=dt.date(2026, 3, 20))
    announcement = services.announcement_create(acting_user=people["sheng"], plan=task.plan)
    assert APIClient().get("/api/v1/public/spotcheck-results/").json()["count"] == 0  # drafts are not public
    services.announcement_publish(acting_user=people["sheng"], announcement=announcement)
    rows = APIClient().get("/api/v1/public/spotcheck-results/", {"q": "秦暖"}).json()
    assert rows["count"] == 1 and rows["results"][0]["failed_items"][0]["name"] == "泄漏电流"


def test_plans_are_read_by_bureaus_below_and_higher_level_plans_by_all_bureaus(people, world, plan):
    city = services.plan_create(acting_user=people["baoji"], year=2026, title="宝鸡市电热毯抽查", level="city",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    api = APIClient()
    seen = {}
    for username in ("sheng", "xian", "baoji", "yanta", "shenji", "qiye", "jianyan"):
        api.force_authenticate(people[username])
        response = api.get("/api/v1/spotchecks/plans/")
        seen[username] = {r["id"] for r in response.json()["results"]} if response.status_code == 200 else None
    assert seen["sheng"] == seen["shenji"] == {plan.pk, city.pk}
    assert seen["baoji"] == {plan.pk, city.pk}
    assert seen["xian"] == seen["yanta"] == {plan.pk}  # the provincial plan, never Baoji's own
    assert not seen["qiye"] and not seen["jianyan"]  # plans are internal to the bureaus
    api.force_authenticate(people["xian"])
    assert api.get(f"/api/v1/spotchecks/plans/{city.pk}/").status_code == 404


def test_home_page_shows_each_party_its_spot_check_desk(people, task):
    assert "在办抽查任务" in login(people["xian"]).get("/").content.decode()
    qiye = login(people["qiye"]).get("/").content.decode()
    assert "涉及本企业的抽查" in qiye
    agency = login(people["jianyan"]).get("/").content.decode()
    assert "待检验任务" in agency
