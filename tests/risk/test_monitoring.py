"""Weekly detection over signals: a planted surge in one category and city raises an alarm that an
analyst confirms (a draft warning) or dismisses with a reason; the command runs it."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from zhijian.risk import services
from zhijian.risk.models import Alarm, Signal


def _history(weeks=150, surge_week=149, base=4, surge=25):
    rng = random.Random(3)
    monday = dt.date(2023, 1, 2)
    rows = []
    for w in range(weeks):
        n = sum(1 for _ in range(base * 2) if rng.random() < 0.5) + (surge if w == surge_week else 0)
        day = monday + dt.timedelta(weeks=w, days=2)
        for i in range(n):
            rows.append(Signal(source_type="complaint", title=f"电吹风投诉{w}-{i}", region_id="610113",
                               category_name="电吹风", received_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10)))))
    Signal.objects.bulk_create(rows)
    return monday + dt.timedelta(weeks=surge_week)


def test_surge_raises_one_alarm_and_analyst_decides(people):
    week = _history()
    call_command("risk_detect", "--week", week.isoformat(), "--weeks", "4")
    alarms = list(Alarm.objects.all())
    assert [(a.series, a.week, a.region_id) for a in alarms] == [("电吹风|610100", week, "610100")]
    alarm = alarms[0]
    assert alarm.count > alarm.upper > alarm.expected
    call_command("risk_detect", "--week", week.isoformat(), "--weeks", "4")
    assert Alarm.objects.count() == 1  # idempotent
    with pytest.raises(ValidationError):
        services.alarm_decide(acting_user=people["xian"], alarm=alarm, decision="dismiss", reason="")
    services.alarm_decide(acting_user=people["xian"], alarm=alarm, decision="confirm", reason="同一型号集中投诉")
    alarm.refresh_from_db()
    assert alarm.status == "confirmed" and alarm.warning is not None and alarm.warning.status == "draft"
    assert alarm.warning.issuer == people["xian"].organisation


def test_quiet_history_raises_no_alarm(people):
    week = _history(surge=0)
    call_command("risk_detect", "--week", week.isoformat(), "--weeks", "8")
    assert Alarm.objects.count() == 0


def test_alarm_api_and_page(people, api_for, client):
    week = _history()
    call_command("risk_detect", "--week", week.isoformat())
    alarm = Alarm.objects.get()
    assert api_for("baoji").get("/api/v1/risk/alarms/").json()["count"] == 0
    r = api_for("xian").post(f"/api/v1/risk/alarms/{alarm.pk}/decide/", {"decision": "dismiss", "reason": "促销导致咨询增多"},
                             format="json")
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    client.force_login(people["xian"])
    assert "促销导致咨询增多" in client.get(f"/risk/alarms/{alarm.pk}/").content.decode()
