"""The spot-check link (条例 Art. 54): a licensed product still failing at re-inspection opens
revocation proceedings against its producer's licence; revoking closes them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.spotchecks.conftest import plan, run_draws, world  # noqa: F401 - the spot-check fixtures
from zhijian.licensing import services
from zhijian.licensing.models import Licence, RevocationProceeding
from zhijian.spotchecks.events import reinspection_failed
from zhijian.spotchecks.models import Task

pytestmark = pytest.mark.django_db


def test_reinspection_failure_opens_revocation_proceedings(people, world, plan):  # noqa: F811
    run_draws(people["sheng"], plan.items.get())
    task = Task.objects.filter(plan=plan).select_related("enterprise").first()
    producer = task.enterprise
    today = dt.date.today()
    licence = Licence.objects.create(
        number=services.licence_number_for(producer.uscc, "101.1"), holder=producer, holder_name=producer.name,
        region=producer.region, category=world["category"], product_name="电热毯", production_addresses=["西安"],
        issued_on=today - dt.timedelta(days=100), valid_until=today + dt.timedelta(days=1000))
    other = Task.objects.filter(plan=plan).exclude(enterprise=producer).first()
    reinspection_failed.send(sender=Task, task=task, handling=None, round=1)
    reinspection_failed.send(sender=Task, task=task, handling=None, round=2)  # the same task: one proceeding
    if other is not None:
        reinspection_failed.send(sender=Task, task=other, handling=None, round=1)  # no licence: nothing opens
    proceedings = list(RevocationProceeding.objects.all())
    assert [(p.licence_id, p.trigger, p.source) for p in proceedings] == [
        (licence.pk, "reinspection_failed", f"spotchecks.task:{task.pk}")]
    services.proceeding_close(acting_user=people["sheng"], proceeding=proceedings[0], revoke=True,
                              reason="整改后复查仍不合格")
    licence.refresh_from_db()
    assert licence.status == "revoked" and "第54条" in licence.status_basis
    assert RevocationProceeding.objects.get().status == "revoked"
