"""The spot-check loop through the services: draw -> sampling -> report -> objection -> re-test ->
handling -> announcement, with the refusals each step owes the wrong party."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.spotchecks.conftest import run_draws
from zhijian.audit.models import AuditEntry
from zhijian.spotchecks import services
from zhijian.spotchecks.events import reinspection_failed, result_final
from zhijian.spotchecks.models import Task

RESULTS_FAIL = [{"name": "标志和说明", "measured": "符合", "verdict": "pass"},
                {"name": "泄漏电流", "measured": "0.42", "limit": "≤0.25", "verdict": "fail"},
                {"name": "发热", "measured": "38", "limit": "≤40", "verdict": "pass"}]
RESULTS_PASS = [dict(r, verdict="pass") for r in RESULTS_FAIL]


def _task_of(world) -> Task:
    return Task.objects.get(enterprise=world["producer"])


def _sample(people, task, user="xian", **extra):
    fields = dict(product_name="电热毯", trademark="秦暖", model="TD-1", batch_number="20260301", base_quantity=200,
                  place_type="factory", seal_numbers="FY-001/FY-002", sampled_on=dt.date(2026, 3, 10))
    fields.update(extra)
    return services.sample_record(acting_user=people[user], task=task, **fields)


def _to_report(people, world, results=RESULTS_FAIL, issued_on=dt.date(2026, 3, 20)):
    task = _task_of(world)
    services.task_notify(acting_user=people["xian"], task=task)
    _sample(people, task)
    services.sample_receive(acting_user=people["jianyan"], task=task)
    report = services.report_submit(acting_user=people["jianyan"], task=task, number="SXZJ-2026-0001",
                                    issued_on=issued_on, results=results)
    return task, report


@pytest.fixture
def drawn(people, plan):
    item = plan.items.get()
    return run_draws(people["sheng"], item)


def test_the_draw_makes_one_task_per_drawn_enterprise_with_two_inspectors(people, world, plan, drawn):
    tasks = list(Task.objects.filter(plan=plan))
    assert {t.enterprise_id for t in tasks} == {world["producer"].pk, *(e.pk for e in world["others"])}
    for task in tasks:
        names = set(task.inspectors.values_list("region_id", flat=True))
        assert task.inspectors.count() == 2
        assert "610113" not in names  # the enterprise's own county is excluded
    assert all(t.draw_id == drawn[0].pk and t.inspector_draw_id == drawn[1].pk for t in tasks)


def test_whoever_inspected_last_time_is_not_drawn_again(people, world, plan, drawn):
    task = _task_of(world)
    previous = set(task.inspectors.values_list("pk", flat=True))
    pool = services.inspector_pool(Task(plan=plan, item=task.item, enterprise=world["producer"], pk=10**6), dt.date(2026, 5, 1))
    assert previous.isdisjoint({i.pk for i in pool})


def test_failing_report_is_computed_and_cannot_be_edited_only_corrected(people, world, plan, drawn):
    task, report = _to_report(people, world)
    assert report.verdict == "fail" and task.verdict == "fail"
    assert [r.safety_critical for r in report.results.order_by("id")] == [False, True, True]
    corrected = services.report_correct(acting_user=people["jianyan"], report=report, reason="单位笔误",
                                        results=RESULTS_FAIL)
    assert corrected.version == 2 and task.reports.count() == 2
    with pytest.raises(PermissionDenied):
        services.report_correct(acting_user=people["sheng"], report=report, reason="x", results=RESULTS_FAIL)


def test_report_must_cover_every_item_of_the_rule(people, world, plan, drawn):
    task = _task_of(world)
    services.task_notify(acting_user=people["xian"], task=task)
    _sample(people, task)
    services.sample_receive(acting_user=people["jianyan"], task=task)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(acting_user=people["jianyan"], task=task, number="R1", results=RESULTS_FAIL[:2])
    assert "发热" in str(exc.value)
    task.refresh_from_db()
    assert task.status == "testing" and not task.reports.exists()  # nothing half-written


def test_objection_retest_confirms_and_handling_runs_to_the_end(people, world, plan, drawn):
    task, _report = _to_report(people, world)
    services.result_notify(acting_user=people["xian"], task=task, served_on=dt.date(2026, 3, 23))
    task.refresh_from_db()
    assert task.objection_due == dt.date(2026, 4, 7)  # 15 calendar days
    with pytest.raises(PermissionDenied):
        services.objection_file(acting_user=people["baoji"], task=task, disputed_items=["泄漏电流"], reason="x")
    objection = services.objection_file(acting_user=people["qiye"], task=task, disputed_items=["泄漏电流"],
                                        reason="样品运输受潮", filed_on=dt.date(2026, 3, 30))
    with pytest.raises(ValidationError):  # the first agency may not re-test
        services.objection_accept(acting_user=people["sheng"], objection=objection, retest_agency=world["agency"])
    services.objection_accept(acting_user=people["sheng"], objection=objection, retest_agency=world["retest_agency"])
    finals = []
    result_final.connect(lambda **kw: finals.append(kw["verdict"]), weak=False, dispatch_uid="test-final")
    try:
        with pytest.raises(PermissionDenied):  # jianyan did the first test, not the re-test
            services.retest_submit(acting_user=people["jianyan"], objection=objection, number="RT-1",
                                   results=[{"name": "泄漏电流", "measured": "0.40", "verdict": "fail"}])
        services.retest_submit(acting_user=people["sheng"], objection=objection, number="RT-1",
                               results=[{"name": "泄漏电流", "measured": "0.40", "verdict": "fail"}])
    finally:
        result_final.disconnect(dispatch_uid="test-final")
    objection.refresh_from_db()
    task.refresh_from_db()
    assert objection.status == "upheld" and task.status == "concluded" and task.verdict == "fail"
    assert finals == ["fail"]
    handling = services.handling_start(acting_user=people["sheng"], task=task, ordered_on=dt.date(2026, 4, 10))
    assert (handling.correction_due, handling.reinspection_due) == (dt.date(2026, 6, 9), dt.date(2026, 6, 24))
    services.rectification_submit(acting_user=people["qiye"], handling=handling, report="更换电源线供应商，全检出厂")
    rounds = []
    reinspection_failed.connect(lambda **kw: rounds.append(kw["round"]), weak=False, dispatch_uid="test-reinsp")
    try:
        services.reinspection_record(acting_user=people["xian"], handling=handling, verdict="fail", on=dt.date(2026, 6, 20))
        with pytest.raises(PermissionDenied):  # only the province announces
            services.handling_announce(acting_user=people["xian"], handling=handling)
        services.handling_announce(acting_user=people["sheng"], handling=handling, on=dt.date(2026, 7, 1))
        assert (handling.second_window_from, handling.second_window_to) == (dt.date(2026, 8, 30), dt.date(2026, 9, 29))
        with pytest.raises(ValidationError):
            services.second_reinspection_record(acting_user=people["xian"], handling=handling, verdict="pass",
                                                on=dt.date(2026, 8, 1))
        services.second_reinspection_record(acting_user=people["xian"], handling=handling, verdict="fail",
                                            on=dt.date(2026, 9, 1))
    finally:
        reinspection_failed.disconnect(dispatch_uid="test-reinsp")
    assert rounds == [1, 2] and handling.status == "suspended"
    services.handling_close(acting_user=people["sheng"], handling=handling)
    task.refresh_from_db()
    assert task.status == "closed"
    actions = set(AuditEntry.objects.filter(object_type="spotchecks.task", object_id=str(task.pk))
                  .values_list("action", flat=True))
    assert {"spotchecks.task.notify", "spotchecks.task.sampled", "spotchecks.task.reported",
            "spotchecks.task.objection", "spotchecks.task.concluded", "spotchecks.task.close"} <= actions


def test_objection_after_fifteen_days_is_refused(people, world, plan, drawn):
    task, _ = _to_report(people, world)
    services.result_notify(acting_user=people["xian"], task=task, served_on=dt.date(2026, 3, 23))
    task.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.objection_file(acting_user=people["qiye"], task=task, disputed_items=["泄漏电流"], reason="x",
                                filed_on=dt.date(2026, 4, 8))
    assert "2026-04-07" in str(exc.value)


def test_failing_result_is_final_only_after_the_window_and_published(people, world, plan, drawn):
    task, _ = _to_report(people, world)
    services.result_notify(acting_user=people["xian"], task=task, served_on=dt.date(2026, 3, 23))
    task.refresh_from_db()
    with pytest.raises(ValidationError):
        services.task_conclude(acting_user=people["xian"], task=task, on=dt.date(2026, 4, 7))
    services.task_conclude(acting_user=people["xian"], task=task, on=dt.date(2026, 4, 8))
    announcement = services.announcement_create(acting_user=people["sheng"], plan=plan)
    services.announcement_publish(acting_user=people["sheng"], announcement=announcement, on=dt.date(2026, 4, 20))
    row = announcement.rows.get()
    assert (row.verdict, row.failed_items_text, row.producer_name) == ("fail", "泄漏电流", world["producer"].name)
    assert announcement.header["batches"] == 1 and announcement.header["failure_rate"] == 100.0


def test_publication_waits_for_open_objection_windows(people, world, plan, drawn):
    task, _ = _to_report(people, world)
    services.result_notify(acting_user=people["xian"], task=task)
    announcement = services.announcement_create(acting_user=people["sheng"], plan=plan)
    with pytest.raises(ValidationError) as exc:
        services.announcement_publish(acting_user=people["sheng"], announcement=announcement)
    assert task.code in str(exc.value)


def test_handling_start_deadline_counts_working_days_across_the_spring_festival(people, world, plan, drawn):
    task, _ = _to_report(people, world, issued_on=dt.date(2026, 2, 12))
    # Thu 12 Feb + 5 working days: Fri 13, Sat 14 (swapped workday), holiday 15-23, Tue 24, Wed 25, Thu 26.
    assert task.handling_due == dt.date(2026, 2, 26)


def test_the_same_product_may_not_be_checked_again_within_six_months(people, world, plan, drawn):
    task = _task_of(world)
    services.task_notify(acting_user=people["xian"], task=task)
    _sample(people, task, standard=world["standard"])
    city = services.plan_create(acting_user=people["xian"], year=2026, title="西安市电热毯抽查", level="city",
                                starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 12, 31))
    item = services.plan_item_add(acting_user=people["xian"], plan=city, category=world["category"],
                                  standards=[world["standard"]], sample_quantity=4, test_quantity=2, backup_quantity=2,
                                  agency=world["agency"])
    city_task = Task.objects.create(code="T-CITY-1", plan=city, item=item, enterprise=world["producer"],
                                    region=world["producer"].region, stage="production", status="sampling")
    city_task.inspectors.set(world["inspectors"][:2])
    with pytest.raises(ValidationError) as exc:
        _sample(people, city_task, standard=world["standard"], sampled_on=dt.date(2026, 5, 1))
    assert "6个月" in str(exc.value) and task.code in str(exc.value)
    city_task.refresh_from_db()
    assert city_task.status == "sampling" and not hasattr(city_task, "sample")
    # another model is another product
    _sample(people, city_task, standard=world["standard"], model="TD-2", sampled_on=dt.date(2026, 5, 1))


def test_plans_are_made_at_the_organiser_level_only(people, world):
    with pytest.raises(ValidationError):
        services.plan_create(acting_user=people["xian"], year=2026, title="x", level="provincial",
                             starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        services.plan_create(acting_user=people["qiye"], year=2026, title="x", level="provincial",
                             starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1),
                             organisation=people["sheng"].organisation)


def test_sampling_needs_two_samplers_and_online_details(people, world, plan, drawn):
    task = _task_of(world)
    services.task_notify(acting_user=people["xian"], task=task)
    with pytest.raises(ValidationError) as exc:
        _sample(people, task, samplers="张三")
    assert "samplers" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _sample(people, task, place_type="online", seller_name="某网店")
    assert "order_number" in exc.value.error_dict
    with pytest.raises(PermissionDenied):  # Baoji may not sample in Xi'an
        _sample(people, task, user="baoji")
    sample = _sample(people, task, place_type="online", seller_name="秦云优选旗舰店", shop_name="秦云优选旗舰店",
                     order_number="2026031012345", listing_url="https://shop.example.cn/item/1")
    assert sample.seller_name != sample.labelled_producer_name


def test_refusal_is_recorded_with_its_consequence(people, world, plan, drawn):
    task = _task_of(world)
    services.task_notify(acting_user=people["xian"], task=task)
    services.task_refuse(acting_user=people["xian"], task=task, reason="企业拒绝在抽样单上签字并阻止抽样")
    task.refresh_from_db()
    assert task.status == "refused" and "第十六条" in task.refusal_consequence


def test_one_producer_may_be_drawn_for_the_factory_and_the_market(people, world):
    from zhijian.core.models import Region
    from zhijian.draws import services as draws

    sheng = people["sheng"]
    plan = services.plan_create(acting_user=sheng, year=2026, title="两环节抽查", level="provincial",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    item = services.plan_item_add(acting_user=sheng, plan=plan, category=world["category"], standards=[world["standard"]],
                                  sample_quantity=4, test_quantity=2, backup_quantity=2, agency=world["agency"],
                                  stages=["production", "circulation"])
    for stage in ("production", "circulation"):
        services.quota_set(acting_user=sheng, item=item, region=Region.objects.get(code="610100"), stage=stage, count=4)
    services.plan_activate(acting_user=sheng, plan=plan)
    draw = services.enterprise_draw_commit(acting_user=sheng, item=item)
    draws.draw_execute(acting_user=sheng, draw=draw, beacon="2026322", witnesses=["王见证"])
    stages = sorted(Task.objects.filter(item=item, enterprise=world["producer"]).values_list("stage", flat=True))
    assert stages == ["circulation", "production"]


def test_the_enterprise_draw_is_weighted_by_the_supervision_weight(people, plan):
    from zhijian.draws import services as draws
    from zhijian.draws.lottery import verify
    from zhijian.draws.services import draw_public_record

    draw = services.enterprise_draw_commit(acting_user=people["sheng"], item=plan.items.get())
    assert draw.params["weighted"] is True and draw.params["quotas"] == {"610100/production": 4}

    drawn = draws.draw_execute(acting_user=people["sheng"], draw=draw, beacon="2026323", witnesses=["王见证"])
    assert verify(draw_public_record(drawn)) == []
