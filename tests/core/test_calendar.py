import datetime as dt

import pytest

from zhijian.core.calendar import add_calendar_days, add_working_days
from zhijian.core.models import CalendarDay


@pytest.mark.django_db
def test_working_days_skip_national_day_holiday():
    # 2025-09-30 + 5 working days: 1-8 October are holidays, Saturday 11 October is a swapped workday,
    # so the days counted are 9, 10, 11, 13 and 14 October.
    deadline = add_working_days(dt.date(2025, 9, 30), 5)
    assert deadline.due == dt.date(2025, 10, 14)
    assert not deadline.warning


@pytest.mark.django_db
def test_unknown_year_falls_back_with_warning():
    deadline = add_working_days(dt.date(2027, 12, 30), 3)
    assert deadline.due == dt.date(2028, 1, 4)
    assert "2028" in deadline.warning or "2027" in deadline.warning


@pytest.mark.django_db
def test_override_table_wins():
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), is_workday=False, name="元旦")
    deadline = add_working_days(dt.date(2026, 12, 31), 1)
    assert deadline.due == dt.date(2027, 1, 4)


def test_calendar_days():
    assert add_calendar_days(dt.date(2026, 11, 24), 15).due == dt.date(2026, 12, 9)
