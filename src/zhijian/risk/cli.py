"""`zhijian detect ...` and `zhijian risk level ...` (pure: no Django).

  zhijian detect --counts C.csv --out O.csv [--method nbscan|farrington] [--from YYYY-MM-DD] [--alpha A]
      C.csv: series, week (ISO Monday), count.  O.csv: series, week, count, expected, upper,
      alarm (0/1), method — one row per series and evaluated week; each week's decision uses
      only that week and earlier ones.
  zhijian risk level --severity S --probability P [--profile eu-2019-417]
      P as 1/500, 0.002 or 0.2%; prints the level (serious/high/medium/low).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import defaultdict


def _detect(args: list[str]) -> int:
    from zhijian.risk import detection

    ap = argparse.ArgumentParser(prog="zhijian detect", description="prospective outbreak detection on weekly counts")
    ap.add_argument("--counts", required=True, help="CSV with columns series, week, count")
    ap.add_argument("--out", required=True, help="output CSV")
    ap.add_argument("--method", default=detection.DEFAULT_METHOD, choices=detection.METHODS)
    ap.add_argument("--from", dest="from_week", type=dt.date.fromisoformat, default=None,
                    help="first week to evaluate (YYYY-MM-DD); default: every week with enough history")
    ap.add_argument("--alpha", type=float, default=detection.Settings().alpha)
    ns = ap.parse_args(args)
    series: dict[str, dict[dt.date, int]] = defaultdict(dict)
    with open(ns.counts, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"series", "week", "count"} - set(reader.fieldnames or [])
        if missing:
            print(f"缺少列 / missing columns: {sorted(missing)}", file=sys.stderr)
            return 2
        for n, row in enumerate(reader, start=2):
            try:
                week = dt.date.fromisoformat(row["week"].strip())
                count = int(float(row["count"]))
            except ValueError:
                print(f"第{n}行格式错误 / line {n}: bad week or count: {row}", file=sys.stderr)
                return 2
            if count < 0:
                print(f"第{n}行计数为负 / line {n}: negative count", file=sys.stderr)
                return 2
            monday = detection.iso_monday(week)
            series[row["series"]][monday] = series[row["series"]].get(monday, 0) + count
    rows = detection.detect_series(dict(series), method=ns.method, from_week=ns.from_week,
                                   settings=detection.Settings(alpha=ns.alpha))
    with open(ns.out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["series", "week", "count", "expected", "upper", "alarm", "method"])
        for r in rows:
            writer.writerow([r["series"], r["week"].isoformat(), r["count"], f"{r['expected']:.4f}",
                             f"{r['upper']:.0f}", r["alarm"], r["method"]])
    alarms = sum(r["alarm"] for r in rows)
    print(f"{len(series)} series, {len(rows)} series-weeks evaluated, {alarms} alarms -> {ns.out}", file=sys.stderr)
    return 0


def _level(args: list[str]) -> int:
    from zhijian.risk import matrix

    ap = argparse.ArgumentParser(prog="zhijian risk level", description="risk level from severity and probability")
    ap.add_argument("--severity", type=int, required=True, choices=[1, 2, 3, 4])
    ap.add_argument("--probability", required=True, help="1/500, 0.002 or 0.2%%")
    ap.add_argument("--profile", default=matrix.DEFAULT_PROFILE, choices=sorted(matrix.PROFILES))
    ap.add_argument("--explain", action="store_true", help="also print the band and the sensitivity grid")
    ns = ap.parse_args(args)
    try:
        p = matrix.parse_probability(ns.probability)
        level = matrix.risk_level(ns.severity, p, ns.profile)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(level)
    if ns.explain:
        s = matrix.sensitivity(ns.severity, p, ns.profile)
        print(f"band {s['band']}; profile {matrix.get_profile(ns.profile).version}")
        for row in s["grid"]:
            print(f"severity {row['severity']}: " + "  ".join(f"x{c['factor']:g}={c['level']}" for c in row["cells"]))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["detect"]:
        return _detect(args[1:])
    if args[:2] == ["risk", "level"]:
        return _level(args[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
