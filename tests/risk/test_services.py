"""Signals, assessments, warnings, response tasks and escalation through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.registry.factories import make_gtin
from zhijian.audit.models import AuditEntry
from zhijian.risk import services
from zhijian.risk.models import InboxItem, ResponseTask, Signal


def complaint(**extra):
    data = {"title": "电吹风使用中冒火花", "region": "610113", "description": "吹风机手柄处冒火花并有焦味",
            "product_name": "电吹风", "brand": "秦风", "model": "QF-1800", "reporter_contact": "13800000000"}
    data.update(extra)
    return services.complaint_submit(**data)


def test_public_complaint_is_linked_by_brand_and_model_and_audited(registry):
    s = complaint()
    assert s.source_type == "complaint" and s.region_id == "610113"
    assert s.product == registry["dryer"] and s.enterprise == registry["yanta"]
    assert s.link_method == "brand_model" and s.status == "linked" and s.category_name == "电吹风"
    assert AuditEntry.objects.filter(action="risk.signal.create", object_id=str(s.pk)).exists()


def test_link_by_gtin_first_and_bad_gtin_refused(registry):
    s = complaint(brand="", model="", gtin=make_gtin(7))
    assert s.product == registry["dryer"] and s.link_method == "gtin"
    with pytest.raises(ValidationError) as exc:
        complaint(gtin="6901234567890")
    assert "gtin" in exc.value.message_dict


def test_same_reporter_same_product_is_a_duplicate(registry):
    first = complaint()
    again = complaint(title="又冒火花了")
    other = complaint(reporter_contact="13900000000")
    assert again.duplicate_of == first and again.status == "duplicate"
    assert other.duplicate_of is None


def test_complaint_needs_a_contact(db, people):
    with pytest.raises(ValidationError) as exc:
        complaint(reporter_contact="")
    assert "reporter_contact" in exc.value.message_dict


def test_manual_link_respects_jurisdiction(registry, people):
    s = complaint(brand="无名", model="X")
    assert s.product is None
    with pytest.raises(PermissionDenied):
        services.signal_link(acting_user=people["baoji"], signal=s, product=registry["dryer"])
    services.signal_link(acting_user=people["xian"], signal=s, product=registry["dryer"], reason="核实")
    s.refresh_from_db()
    assert s.product == registry["dryer"] and s.link_method == "manual"


SERIOUS = [{"hazard": "电击", "consumer": "general", "severity": 4, "steps": ["1/10", "1/100"]},
           {"hazard": "烫伤", "consumer": "children", "severity": 2, "steps": ["1/1000"]}]


def test_assessment_is_scenario_based_and_reproducible(registry, people):
    s = complaint()
    a = services.assessment_create(acting_user=people["sheng"], title="", scenarios=SERIOUS, signal=s)
    assert a.level == "serious" and a.title == s.title
    assert [x["level"] for x in a.result["scenarios"]] == ["serious", "medium"]
    assert a.profile_version == "eu-2019-417/1" and len(a.result_hash) == 64
    assert services.assessment_reproduce(a)["matches"]
    a.scenarios[0]["severity"] = 1  # tampering with the stored inputs shows
    assert not services.assessment_reproduce(a)["matches"]
    s.refresh_from_db()
    assert s.status == "assessed"


@pytest.mark.parametrize("bad, field_text", [
    ([{"severity": 5, "steps": ["1/2"]}], "严重程度"),
    ([{"severity": 2, "steps": []}], "步骤概率"),
    ([{"severity": 2, "steps": ["abc"]}], "无法识别"),
    ([{"severity": 2, "steps": ["3/2"]}], "0到1"),
    ([], "至少需要"),
])
def test_assessment_refuses_bad_scenarios(registry, people, bad, field_text):
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(acting_user=people["sheng"], title="x", scenarios=bad, region="610000")
    assert field_text in " ".join(exc.value.message_dict["scenarios"])


def _red_warning(people, registry):
    s = complaint()
    a = services.assessment_create(acting_user=people["sheng"], title="", scenarios=SERIOUS, signal=s)
    w = services.warning_create(
        acting_user=people["sheng"], title="秦风QF-1800电吹风存在触电风险", summary="手柄处绝缘不良", assessment=a,
        scope={"brands": ["秦风"], "models": ["QF-1800"], "gtins": [make_gtin(7)]}, measures=["stop_sale", "take_down"],
        recipients=[people["xian"].organisation, people["pingtai"].organisation], public=True)
    return s, a, w


def test_warning_flow_publish_report_close(registry, people, django_capture_on_commit_callbacks):
    _s, _a, w = _red_warning(people, registry)
    assert w.level == "red" and w.risk_level == "serious" and w.status == "draft" and w.response_days == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.warning_publish(acting_user=people["sheng"], warning=w, today=dt.date(2025, 9, 26))
    w.refresh_from_db()
    tasks = {t.organisation_id: t for t in w.tasks.all()}
    assert set(tasks) == {people["xian"].organisation_id, people["pingtai"].organisation_id}
    # 3 working days after Friday 2025-09-26: Sunday 28 is a swapped working day before the
    # National Day holiday, then Mon 29 and Tue 30 -> due 2025-09-30 (core.calendar)
    assert {t.due for t in tasks.values()} == {dt.date(2025, 9, 30)}
    assert InboxItem.objects.filter(warning=w).count() == 2
    with pytest.raises(PermissionDenied):
        services.task_report(acting_user=people["baoji"], task=tasks[people["xian"].organisation_id], found=False)
    with pytest.raises(ValidationError):
        services.task_report(acting_user=people["pingtai"], task=tasks[people["pingtai"].organisation_id],
                             found=False, units_withdrawn=5)
    services.task_report(acting_user=people["xian"], task=tasks[people["xian"].organisation_id], found=True,
                         measures_taken=["stop_sale"], units_withdrawn=120, note="责令停售")
    w.refresh_from_db()
    assert w.status == "published"
    services.task_report(acting_user=people["pingtai"], task=tasks[people["pingtai"].organisation_id], found=True,
                         measures_taken=["take_down"], units_withdrawn=37)
    w.refresh_from_db()
    assert w.status == "closed" and w.closed_at is not None
    assert AuditEntry.objects.filter(action="risk.warning.close", object_id=str(w.pk)).exists()
    with pytest.raises(ValidationError):
        services.task_report(acting_user=people["xian"], task=tasks[people["xian"].organisation_id], found=False)


def test_only_bureaus_issue_warnings(registry, people):
    with pytest.raises(PermissionDenied):
        services.warning_create(acting_user=people["pingtai"], title="t", summary="s", level="blue")
    with pytest.raises(PermissionDenied):
        services.warning_create(acting_user=people["yanta"], title="t", summary="s", level="blue")


def test_warning_level_mapping_is_configurable(registry, people, settings):
    settings.RISK_WARNING_LEVELS = {"serious": "orange"}
    _s, _a, w = _red_warning(people, registry)
    assert w.level == "orange"


def test_overdue_tasks_escalate_to_the_next_level(registry, people):
    from tests.factories import bureau

    _s, _a, w = _red_warning(people, registry)
    yanta_org = people["yanta"].organisation
    w.recipients.add(yanta_org)
    services.warning_publish(acting_user=people["sheng"], warning=w, today=dt.date(2025, 3, 3))
    due = ResponseTask.objects.filter(warning=w).first().due
    assert services.tasks_escalate(today=due) == []  # not overdue on the due day
    later = services.tasks_escalate(today=due + dt.timedelta(days=1))
    by_org = {t.organisation_id: t for t in later}
    assert by_org[yanta_org.pk].escalated_to == people["xian"].organisation  # county -> city
    assert by_org[people["xian"].organisation_id].escalated_to == people["sheng"].organisation  # city -> province
    assert by_org[people["pingtai"].organisation_id].escalated_to == people["xian"].organisation  # platform -> its city
    assert services.tasks_escalate(today=due + dt.timedelta(days=1)) == []  # once a day
    assert InboxItem.objects.filter(subject__startswith="【督办】").count() == 3
    assert bureau  # the helper exists for other tests


def test_signal_create_refuses_other_regions(registry, people):
    with pytest.raises(PermissionDenied):
        services.signal_create(acting_user=people["baoji"], source_type="media", title="报道", region="610113")
    s = services.signal_create(acting_user=people["xian"], source_type="media", title="报道", region="610113",
                               external_ref="M-1")
    again = services.signal_create(acting_user=people["xian"], source_type="media", title="报道", region="610113",
                                   external_ref="M-1")
    assert again.pk == s.pk and Signal.objects.count() == 1
