"""A failed spot-check result becomes a risk signal (spotchecks.events.result_final)."""

from __future__ import annotations

from tests.registry.factories import EnterpriseFactory
from tests.spotchecks.publication_helpers import agency_for, category_with_items, final_task, make_plan
from zhijian.risk.models import Signal
from zhijian.spotchecks.events import result_final
from zhijian.spotchecks.models import Task


def test_failed_result_creates_one_signal_and_passed_none(people):
    category, standard = category_with_items("103", "电吹风", "GB 4706.15-2008")
    agency = agency_for(category)
    _plan, items = make_plan(people["sheng"], [(category, standard)], agency)
    enterprise = EnterpriseFactory(region_code="610113", name="西安风行电器有限公司")
    failed = final_task(items["103"], enterprise, verdict="fail", failed=["泄漏电流"], trademark="风行", model="FX-1")
    passed = final_task(items["103"], EnterpriseFactory(region_code="610302"), verdict="pass")
    result_final.send(sender=Task, task=failed, verdict="fail")
    result_final.send(sender=Task, task=failed, verdict="fail")  # repeated: idempotent
    result_final.send(sender=Task, task=passed, verdict="pass")
    signal = Signal.objects.get()
    assert signal.source_type == "spot_check" and signal.external_ref == f"spotcheck:{failed.code}"
    assert signal.enterprise == enterprise and signal.uscc == enterprise.uscc and signal.link_method == "uscc"
    assert signal.region_id == "610113" and signal.category_name == "电吹风" and signal.brand == "风行"
