"""Weekly detection over signal counts: category × city, and brand where counts allow.

`run_detection` counts non-duplicate signals per ISO week (Monday, Asia/Shanghai), runs the
prospective detector (zhijian.risk.detection) for the latest complete week (or the weeks
asked for) and records each alarm as a candidate warning for an analyst (risk:alarm_list).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone

from zhijian.core.models import Region
from zhijian.risk import detection
from zhijian.risk.models import Alarm, Signal
from zhijian.risk.services import alarm_record

BRAND_MIN_SIGNALS = 30  # a brand gets its own series once it has this many signals in the history
SERIES_MIN_SIGNALS = 10


def weekly_counts(until: dt.date) -> tuple[dict[str, dict[dt.date, int]], dict[str, dict[str, str]]]:
    """{series: {monday: count}} for weeks before `until`, and each series' category/region/brand."""
    rows = (Signal.objects.filter(duplicate_of__isnull=True, received_at__lt=timezone.make_aware(
        dt.datetime.combine(until, dt.time.min))).values_list("received_at", "category_name", "region_id", "brand"))
    counts: dict[str, Counter] = defaultdict(Counter)
    meta: dict[str, dict[str, str]] = {}
    brand_rows: dict[str, list] = defaultdict(list)
    for received, category, region, brand in rows.iterator(chunk_size=5000):
        week = detection.iso_monday(timezone.localtime(received).date())
        city = (region or "610000")[:4] + "00"
        category = category or "未分类"
        key = f"{category}|{city}"
        counts[key][week] += 1
        meta.setdefault(key, {"category_name": category, "region": city, "brand": ""})
        if brand:
            brand_rows[brand].append((week, category))
    for brand, items in brand_rows.items():
        if len(items) < BRAND_MIN_SIGNALS:
            continue
        key = f"品牌:{brand}|610000"
        for week, _category in items:
            counts[key][week] += 1
        meta[key] = {"category_name": Counter(c for _w, c in items).most_common(1)[0][0], "region": "610000",
                     "brand": brand}
    series = {k: dict(v) for k, v in counts.items() if sum(v.values()) >= SERIES_MIN_SIGNALS}
    return series, meta


def run_detection(*, acting_user: Any = None, week: dt.date | None = None, weeks: int = 1,
                  method: str = detection.DEFAULT_METHOD) -> list[Alarm]:
    """Scan the `weeks` weeks ending with `week` (default: the last complete week)."""
    today = timezone.localdate()
    last = detection.iso_monday(week) if week else detection.iso_monday(today) - dt.timedelta(days=7)
    series, meta = weekly_counts(last + dt.timedelta(days=7))
    if not series:
        return []
    # every series runs to the same last week, so a quiet last week counts as 0
    for counts in series.values():
        counts.setdefault(last, 0)
    rows = detection.detect_series(series, method=method, from_week=last - dt.timedelta(weeks=weeks - 1))
    known = set(Region.objects.values_list("code", flat=True))
    alarms = []
    for row in rows:
        if not row["alarm"] or row["week"] > last:
            continue
        info = meta[row["series"]]
        region = info["region"] if info["region"] in known else "610000"
        alarm, created = alarm_record(acting_user=acting_user, series=row["series"], region=region, week=row["week"],
                                      count=row["count"], expected=row["expected"], upper=row["upper"],
                                      method=row["method"], category_name=info["category_name"], brand=info["brand"])
        if created:
            alarms.append(alarm)
    return alarms
