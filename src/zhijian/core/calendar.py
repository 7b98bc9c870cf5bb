"""Working-day calendar for regulatory deadlines.

chinesecalendar knows official holidays and swapped workdays only up to its last published
year; an override table (CalendarDay) edited by the administrator takes precedence, and for a
year nobody has entered we fall back to Monday-Friday and say so on every deadline it touches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    kind: str  # "calendar" or "working"
    days: int
    assumed_years: tuple[int, ...] = ()  # years computed with the Monday-Friday fallback

    @property
    def warning(self) -> str:
        if not self.assumed_years:
            return ""
        years = "、".join(str(y) for y in self.assumed_years)
        return f"{years}年节假日安排尚未录入，按周一至周五推算 / holidays for {years} not entered; Monday-Friday assumed"


def _overrides() -> dict[dt.date, bool]:
    from zhijian.core.models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_workday"))


@lru_cache(maxsize=1)
def _known_years() -> tuple[int, int]:
    years = sorted(d.year for d in chinese_calendar.holidays)
    return years[0], years[-1]


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> tuple[bool, bool]:
    """(is it a working day, was it assumed by the weekday fallback)."""
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day], False
    first, last = _known_years()
    if first <= day.year <= last:
        return chinese_calendar.is_workday(day), False
    return day.weekday() < 5, True


def add_calendar_days(start: dt.date, days: int) -> Deadline:
    return Deadline(due=start + dt.timedelta(days=days), kind="calendar", days=days)


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (start itself not counted)."""
    overrides = _overrides()
    assumed: set[int] = set()
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        workday, guessed = is_workday(day, overrides)
        if guessed:
            assumed.add(day.year)
        if workday:
            counted += 1
    return Deadline(due=day, kind="working", days=days, assumed_years=tuple(sorted(assumed)))


def deadline(start: dt.date, days: int, kind: str) -> Deadline:
    if kind == "working":
        return add_working_days(start, days)
    if kind == "calendar":
        return add_calendar_days(start, days)
    raise ValueError(f"unknown deadline kind {kind!r}")
