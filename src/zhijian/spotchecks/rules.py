"""The deadlines and limits of each rule set, in one place (DOMAIN.md 1.2-1.3; [M] facts are
settings: override any entry with ZHIJIAN_SPOTCHECK_RULES, a JSON object keyed like RULES).

Each deadline is (days, "calendar" | "working"): Product Quality Law and Order 18 count calendar
days (日); AQSIQ 2015 No. 57 and the publication rules count working days (工作日).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from zhijian.core.calendar import Deadline, deadline

RULES: dict[str, dict[str, Any]] = {
    "order18": {
        "objection": (15, "calendar"),           # Product Quality Law art. 15: 15 days after receipt
        "handling_start": (5, "working"),        # start post-check handling after the failing report
        "correction": (60, "calendar"),          # Order 18 art. 46
        "reinspection": (75, "calendar"),        # Order 18 art. 47
        "second_from": (60, "calendar"),         # Order 18 art. 48: 60-90 days after the announcement
        "second_to": (90, "calendar"),
        "publication": (20, "working"),          # publish results within 20 working days
        "max_extension": 0,
        "repeat_months": 6,                      # no repeat check of the same product within 6 months
        "min_samplers": 2,
    },
    "order133": {
        "objection": (15, "calendar"),
        "handling_start": (5, "working"),        # AQSIQ 2015 No. 57
        "correction": (30, "calendar"),          # rectify within 30 days
        "reinspection": (30, "calendar"),        # apply for re-inspection with the rectification report
        "second_from": (60, "calendar"),
        "second_to": (90, "calendar"),
        "publication": (20, "working"),
        "max_extension": 30,                     # one extension of at most 30 days, asked 5 days before
        "repeat_months": 6,
        "min_samplers": 2,
    },
}


def rule(rule_set: str, name: str) -> Any:
    override = getattr(settings, "SPOTCHECK_RULES", {}) or {}
    value = override.get(rule_set, {}).get(name)
    if value is not None:
        return tuple(value) if isinstance(value, list) else value
    return RULES[rule_set][name]


def due(rule_set: str, name: str, start: dt.date) -> Deadline:
    days, kind = rule(rule_set, name)
    return deadline(start, int(days), kind)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (clamped to the month's end)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)
