"""The demo province's spot-check history is what the services would have written: states match
the timelines, deadlines come from the rules, announcements carry the service's header and the
deciding results, every plan item's enterprises come from a draw that `zhijian draw verify`
reproduces; the analysis finds the planted city; the browser test's ground is left free."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from zhijian.audit.models import AuditEntry
from zhijian.demo import spotchecks_history as history
from zhijian.demo.province import load_province
from zhijian.draws import lottery
from zhijian.draws import services as draws
from zhijian.registry.models import Enterprise
from zhijian.spotchecks import analysis, services
from zhijian.spotchecks.models import Announcement, Handling, Objection, Plan, Task
from zhijian.spotchecks.models import TestReport as Report
from zhijian.spotchecks.rules import due

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], DEMO_ENABLED=True)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        result = load_province(scale="tiny", seed=2016, out=lambda _m: None)
        yield result
        transaction.set_rollback(True)


def test_three_years_of_plans_for_key_and_focus_products(demo):
    plans = Plan.objects.all()
    assert sorted({p.year for p in plans}) == [2024, 2025, 2026]
    assert {p.level for p in plans} == {"provincial", "city"}
    codes = set(Task.objects.values_list("item__category__code", flat=True))
    assert {"101.1", "102.1"} <= codes                      # key consumer products
    assert codes & set(history.FOCUS)                       # focus industrial products
    assert Task.objects.count() > 200
    counts = demo["counts"]
    assert counts["task"] == Task.objects.count() and counts["announcementrow"] > 100


def test_the_browser_tests_ground_is_left_free(demo):
    anchors = Enterprise.objects.filter(organisation__isnull=False)
    assert anchors.filter(name="西安秦华电器有限公司").exists()
    assert not Task.objects.filter(enterprise__in=anchors).exists()
    assert not Task.objects.filter(plan__year=2026, region__pk__startswith="6101").exists()
    assert not Plan.objects.filter(year=2026, region_id="610100").exists()


def test_states_and_deadlines_follow_the_rules(demo):
    today = dt.date.today()
    tasks = Task.objects.select_related("plan").prefetch_related("reports")
    for task in tasks:
        first = next((r for r in task.reports.all() if not r.is_retest and r.version == 1), None)
        if task.status in services.FINAL_STATES and not task.refusal_reason:
            assert task.verdict and first is not None and task.concluded_on <= today
        if task.result_notified_on:
            assert task.objection_due == due(task.plan.rule_set, "objection", task.result_notified_on).due
        if first is not None and first.verdict == "fail":
            assert task.handling_due == due(task.plan.rule_set, "handling_start", first.issued_on).due
        if task.status in ("refused", "unable") or (task.status == "closed" and task.refusal_reason):
            assert task.refusal_reason and not Report.objects.filter(task=task).exists()
        assert task.inspectors.count() == 2
    for h in Handling.objects.select_related("task"):
        assert h.task.verdict == "fail" and h.task.status in ("handling", "closed")
        assert h.correction_due == due("order18", "correction", h.ordered_on).due
        assert h.reinspection_due == due("order18", "reinspection", h.ordered_on).due
        if h.announced_on:
            assert h.second_window_from == due("order18", "second_from", h.announced_on).due
        assert (h.status == "closed") == (h.task.status == "closed")
    failed_final = Task.objects.filter(status__in=services.FINAL_STATES, verdict="fail")
    assert failed_final.filter(status__in=["handling", "closed"]).count() == Handling.objects.count()


def test_objections_and_retests(demo):
    objections = Objection.objects.select_related("task")
    assert objections.exists()
    for o in objections:
        retest = o.task.reports.filter(is_retest=True).first()
        if o.status in ("upheld", "overturned"):
            assert retest is not None and retest.agency_id == o.retest_agency_id != o.task.agency_id
            assert {r.name for r in retest.results.all()} == set(o.disputed_items)  # only the disputed items
            assert o.task.verdict == ("pass" if o.status == "overturned" else "fail")
            assert o.task.current_report == retest
        else:
            assert retest is None
        if o.decided_on and o.task.concluded_on:
            assert o.filed_on <= o.decided_on <= o.task.concluded_on
        assert o.filed_on <= o.task.objection_due


def test_announcements_match_what_the_service_publishes(demo):
    announcements = Announcement.objects.select_related("plan")
    assert announcements.count() >= 6 and all(a.status == "published" for a in announcements)
    for a in announcements:
        tasks = list(a.plan.tasks.select_related("region").order_by("id"))
        assert a.header == services.announcement_header(a.plan, tasks)
        final = [t for t in tasks if t.verdict]
        rows = list(a.rows.order_by("seq"))
        assert [r.task_id for r in rows] == [t.pk for t in final]
        for row in rows:
            task = row.task
            report = task.current_report
            expected = sorted(r.name for r in report.results.all() if r.verdict == "fail")
            if report.is_retest:
                expected = sorted(f["name"] for f in services._final_failed(task))
            assert sorted(f["name"] for f in row.failed_items) == (expected if row.verdict == "fail" else [])
            assert row.agency_name == report.agency.name
            assert a.published_on >= task.concluded_on


def test_every_plan_draw_reproduces(demo):
    tasks = Task.objects.select_related("draw")
    assert all(t.draw_id for t in tasks)
    by_draw: dict[int, set[str]] = {}
    for t in tasks:
        by_draw.setdefault(t.draw_id, set()).add(f"{t.enterprise_id}@{t.stage}")
    for t in {t.draw for t in tasks}:
        record = draws.draw_public_record(t)
        assert lottery.verify(record, expected_commitment=t.commitment) == [], t.title
        assert set(t.selected) == by_draw[t.pk]
        assert t.subject_type == services.SUBJECT_ITEM


def test_analysis_flags_the_planted_city(demo):
    a = analysis.analyse(Task.objects.all(), analysis.Filters())
    assert 8.0 <= a.overall["failure_rate"] <= 15.0
    assert [t["code"] for t in a.hotspots["significant"]] == [history.HOT_CITY]
    assert a.failed_items and a.agencies
    assert sorted(a.years) == [2024, 2025, 2026]


def test_one_audit_event_for_the_whole_load(demo):
    assert not AuditEntry.objects.filter(object_type__startswith="spotchecks.").exists()
    assert AuditEntry.objects.filter(action="demo.load").count() == 1


def test_public_pages_show_the_history(demo):
    client = Client()
    html = client.get(reverse("portal:announcement_list")).content.decode()
    assert "陕西省市场监督管理局关于2024年陕西省重点消费品质量省级监督抽查（第一批）结果的公告" in html
    failed = client.get(reverse("portal:result_list"), {"verdict": "fail"}).content.decode()
    assert "不合格" in failed and "共 0 条" not in failed
