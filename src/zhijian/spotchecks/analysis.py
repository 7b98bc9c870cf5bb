"""Statistics of final spot-check results for the bureau (work-plan items 2, 17, 21).

Everything is computed over the caller's scoped tasks (`selectors.task_list(user)`) whose result
is final (concluded, in handling or closed), with the verdict that decided (after a re-test).

- pass rates by category, region, enterprise size and sampling stage, each with its yearly trend;
- the most frequent failed test items (the items of the deciding report, re-tested items
  replacing the original ones);
- regions whose failure rate is significantly above the rest of the jurisdiction: for each
  region one 2x2 table (region vs the rest, failed vs passed) and a one-sided Fisher exact test
  (H1: the region's odds of failure are higher), the p-values corrected for the number of
  regions tested with Benjamini-Hochberg; a region is flagged when its q-value is below alpha.
  Every region is listed with its p and q in code order: it is a test, not a ranking. Beside it,
  the same comparison within product categories (one-sided Cochran-Mantel-Haenszel, also
  BH-corrected), so that a region checking riskier products is not mistaken for a worse one;
- agency performance: turnaround from sampling to the first report (calendar days) and the
  re-test overturn rate (objections re-tested whose conclusion changed / all re-tested).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from scipy import stats

from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.registry.choices import SizeClass
from zhijian.spotchecks.choices import ItemVerdict, ObjectionStatus, Stage, TaskStatus, Verdict
from zhijian.spotchecks.models import Objection, Task, TestReport, TestResult

FINAL = (TaskStatus.CONCLUDED, TaskStatus.HANDLING, TaskStatus.CLOSED)
ALPHA = 0.05
LEVEL_BELOW = {"province": "city", "city": "county", "county": "county"}


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    category: str = ""   # a category code; a level-2 code takes its level-3 children too
    region: str = ""     # a region code; a city takes its counties

    def apply(self, tasks: QuerySet[Task]) -> QuerySet[Task]:
        if self.year_from:
            tasks = tasks.filter(plan__year__gte=self.year_from)
        if self.year_to:
            tasks = tasks.filter(plan__year__lte=self.year_to)
        if self.category:
            tasks = tasks.filter(Q(item__category__code=self.category) | Q(item__category__code__startswith=f"{self.category}."))
        if self.region:
            tasks = tasks.filter(region__pk__startswith=region_prefix(self.region, level_of(self.region)))
        return tasks

    def as_query(self) -> dict[str, Any]:
        return {k: v for k, v in (("year_from", self.year_from), ("year_to", self.year_to),
                                  ("category", self.category), ("region", self.region)) if v}


def level_of(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def final_tasks(tasks: QuerySet[Task], filters: Filters | None = None) -> QuerySet[Task]:
    tasks = tasks.filter(status__in=FINAL).exclude(verdict="")
    return (filters or Filters()).apply(tasks)


@dataclass
class Row:
    """One final result, flattened for counting."""

    id: int
    failed: bool
    year: int
    category_code: str
    category: str
    region: str
    size: str
    stage: str
    agency_id: int | None


def rows_of(tasks: QuerySet[Task]) -> list[Row]:
    values = tasks.values_list("id", "verdict", "plan__year", "item__category__code", "item__category__name",
                               "region_id", "enterprise__size_class", "stage", "agency_id")
    return [Row(i, v == Verdict.FAIL, y, cc, cn, r, s or "", st, a) for i, v, y, cc, cn, r, s, st, a in values.iterator()]


def rate(batches: int, failed: int) -> dict[str, Any]:
    return {"batches": batches, "failed": failed, "passed": batches - failed,
            "pass_rate": round(100 * (batches - failed) / batches, 1) if batches else None,
            "failure_rate": round(100 * failed / batches, 1) if batches else None}


def breakdown(rows: Iterable[Row], key: Callable[[Row], str], label: Callable[[str], str]) -> list[dict[str, Any]]:
    """Per key: batches, failed, pass and failure rate, and the same per year (the trend)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    yearly: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in rows:
        k = key(r)
        totals[k][0] += 1
        totals[k][1] += r.failed
        yearly[k][r.year][0] += 1
        yearly[k][r.year][1] += r.failed
    out = []
    for k in sorted(totals):
        n, f = totals[k]
        out.append({"key": k, "label": label(k), **rate(n, f),
                    "years": {y: rate(*yearly[k][y]) for y in sorted(yearly[k])}})
    return out


def region_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))


def grouping_level(scope_prefix: str | None, filters: Filters) -> str:
    """Regions are compared one level below the narrower of the caller's scope and the filter."""
    level = "province"
    if scope_prefix and len(scope_prefix) >= 4:
        level = "city" if len(scope_prefix) == 4 else "county"
    if filters.region:
        chosen = level_of(filters.region)
        if ["province", "city", "county"].index(chosen) > ["province", "city", "county"].index(level):
            level = chosen
    return LEVEL_BELOW[level]


def group_region(code: str, level: str) -> str:
    return f"{code[:4]}00" if level == "city" else code


# --- the significance test -----------------------------------------------------------------------

def benjamini_hochberg(p_values: list[float]) -> list[float]:
    if not p_values:
        return []
    return [float(q) for q in stats.false_discovery_control(p_values, method="bh")]


def hotspots(rows: list[Row], group: Callable[[Row], str], names: dict[str, str], alpha: float = ALPHA) -> dict[str, Any]:
    """One-sided Fisher exact test of each region against the rest, BH-corrected across regions."""
    total_n = len(rows)
    total_f = sum(r.failed for r in rows)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        counts[group(r)][0] += 1
        counts[group(r)][1] += r.failed
    tested = []
    for code in sorted(counts):
        n, f = counts[code]
        rest_n, rest_f = total_n - n, total_f - f
        if rest_n == 0:
            continue  # a region alone in the jurisdiction has nothing to be compared with
        table = [[f, n - f], [rest_f, rest_n - rest_f]]
        p = float(stats.fisher_exact(table, alternative="greater").pvalue)
        rest_rate = rest_f / rest_n
        tested.append({"code": code, "name": names.get(code, code), **rate(n, f),
                       "rest_batches": rest_n, "rest_failed": rest_f,
                       "rest_failure_rate": round(100 * rest_rate, 1),
                       "rate_ratio": round((f / n) / rest_rate, 2) if rest_rate and n else None,
                       "p_value": p})
    for row, q in zip(tested, benjamini_hochberg([t["p_value"] for t in tested]), strict=True):
        row["q_value"] = q
        row["significant"] = q < alpha and row["failure_rate"] > row["rest_failure_rate"]
    # A region that checks riskier products fails more without being worse: the same comparison
    # within each product category, pooled (Cochran-Mantel-Haenszel, one-sided), shown beside it.
    by_category: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in rows:
        cell = by_category[r.category_code][group(r)]
        cell[0] += 1
        cell[1] += r.failed
    for row in tested:
        row["p_adjusted"] = mantel_haenszel_greater(row["code"], by_category)
    adjusted = [t for t in tested if t["p_adjusted"] is not None]
    for row, q in zip(adjusted, benjamini_hochberg([t["p_adjusted"] for t in adjusted]), strict=True):
        row["q_adjusted"] = q
    for row in tested:
        row.setdefault("q_adjusted", None)
    return {"alpha": alpha, "method": "Fisher exact (one-sided) + Benjamini-Hochberg; "
                                       "category-adjusted: Cochran-Mantel-Haenszel (one-sided)", "regions": tested,
            "overall": rate(total_n, total_f), "significant": [t for t in tested if t["significant"]]}


def mantel_haenszel_greater(code: str, strata: dict[str, dict[str, list[int]]]) -> float | None:
    """One-sided CMH test (with continuity correction) that the region fails more than the rest
    within product categories: z = (sum(a - E[a]) - 1/2) / sqrt(sum Var[a]) over the categories."""
    excess, variance = 0.0, 0.0
    for groups in strata.values():
        n1, a = groups.get(code, [0, 0])
        total = sum(g[0] for g in groups.values())
        failed = sum(g[1] for g in groups.values())
        if n1 == 0 or total < 2:
            continue
        n2, passed = total - n1, total - failed
        excess += a - n1 * failed / total
        variance += n1 * n2 * failed * passed / (total * total * (total - 1))
    if variance <= 0:
        return None
    z = (excess - 0.5) / variance ** 0.5
    return float(stats.norm.sf(z))


# --- failed items --------------------------------------------------------------------------------

def final_failed_items(task_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """Per failed task: the failed items of the deciding report (re-tested items replace the originals)."""
    if not task_ids:
        return {}
    latest: dict[int, int] = {}
    for task_id, version in (TestReport.objects.filter(task_id__in=task_ids, is_retest=False)
                             .values_list("task_id", "version")):
        latest[task_id] = max(version, latest.get(task_id, 0))
    results = (TestResult.objects.filter(report__task_id__in=task_ids)
               .values_list("report__task_id", "report__is_retest", "report__version", "name", "verdict", "safety_critical"))
    original: dict[int, dict[str, tuple[str, bool]]] = defaultdict(dict)
    retested: dict[int, dict[str, str]] = defaultdict(dict)
    for task_id, is_retest, version, name, verdict, safety in results.iterator():
        if is_retest:
            retested[task_id][name] = verdict
        elif version == latest.get(task_id):
            original[task_id][name] = (verdict, safety)
    out = {}
    for task_id in task_ids:
        merged = {name: (retested[task_id].get(name, verdict), safety)
                  for name, (verdict, safety) in original[task_id].items()}
        out[task_id] = [(name, safety) for name, (verdict, safety) in merged.items() if verdict == ItemVerdict.FAIL]
    return out


def failed_items(rows: list[Row], limit: int = 15) -> list[dict[str, Any]]:
    failed_rows = [r for r in rows if r.failed]
    by_task = final_failed_items([r.id for r in failed_rows])
    counts: Counter[str] = Counter()
    safety: dict[str, bool] = {}
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    for r in failed_rows:
        for name, critical in by_task.get(r.id, []):
            counts[name] += 1
            safety[name] = safety.get(name, False) or critical
            categories[name][r.category] += 1
    n = len(failed_rows)
    return [{"name": name, "count": c, "share": round(100 * c / n, 1) if n else 0.0, "safety_critical": safety[name],
             "categories": "、".join(f"{k}({v})" for k, v in categories[name].most_common(3))}
            for name, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


# --- agencies ------------------------------------------------------------------------------------

def percentile(values: list[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 1)


def agency_performance(tasks: QuerySet[Task]) -> list[dict[str, Any]]:
    """Per testing agency of the first report: batches, failure rate, turnaround (sampling date to
    the first report's issue date, calendar days: median, mean, 90th percentile) and re-tests."""
    firsts = (TestReport.objects.filter(task__in=tasks, is_retest=False, version=1)
              .values_list("task_id", "agency_id", "agency__name", "issued_on", "task__sample__sampled_on", "task__verdict"))
    per: dict[int, dict[str, Any]] = {}
    for _task_id, agency_id, name, issued_on, sampled_on, verdict in firsts.iterator():
        a = per.setdefault(agency_id, {"agency_id": agency_id, "name": name, "days": [], "batches": 0, "failed": 0})
        a["batches"] += 1
        a["failed"] += verdict == Verdict.FAIL
        if sampled_on and issued_on:
            a["days"].append((issued_on - sampled_on).days)
    objections = (Objection.objects.filter(task__in=tasks, status__in=[ObjectionStatus.UPHELD, ObjectionStatus.OVERTURNED])
                  .values_list("task__agency_id", "status"))
    retests: dict[int, Counter[str]] = defaultdict(Counter)
    for agency_id, status in objections:
        retests[agency_id][status] += 1
    out = []
    for agency_id, a in sorted(per.items(), key=lambda kv: kv[1]["name"]):
        days = a.pop("days")
        r = retests.get(agency_id, Counter())
        done = r[ObjectionStatus.UPHELD] + r[ObjectionStatus.OVERTURNED]
        out.append({**a, "failure_rate": rate(a["batches"], a["failed"])["failure_rate"],
                    "turnaround_median": statistics.median(days) if days else None,
                    "turnaround_mean": round(statistics.fmean(days), 1) if days else None,
                    "turnaround_p90": percentile(days, 0.9),
                    "retests": done, "overturned": r[ObjectionStatus.OVERTURNED],
                    "overturn_rate": round(100 * r[ObjectionStatus.OVERTURNED] / done, 1) if done else None})
    return out


# --- everything for one page ---------------------------------------------------------------------

@dataclass
class Analysis:
    filters: Filters
    level: str
    overall: dict[str, Any]
    trend: list[dict[str, Any]]
    by_category: list[dict[str, Any]]
    by_region: list[dict[str, Any]]
    by_size: list[dict[str, Any]]
    by_stage: list[dict[str, Any]]
    failed_items: list[dict[str, Any]]
    hotspots: dict[str, Any]
    agencies: list[dict[str, Any]]
    years: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"filters": self.filters.as_query(), "region_level": self.level, "overall": self.overall,
                "trend": self.trend, "by_category": self.by_category, "by_region": self.by_region,
                "by_size": self.by_size, "by_stage": self.by_stage, "failed_items": self.failed_items,
                "hotspots": self.hotspots, "agencies": self.agencies, "years": self.years}


def analyse(tasks: QuerySet[Task], filters: Filters, scope_prefix: str | None = None, alpha: float = ALPHA) -> Analysis:
    """`tasks` is the caller's scoped queryset (selectors.task_list(user))."""
    final = final_tasks(tasks, filters)
    rows = rows_of(final)
    level = grouping_level(scope_prefix, filters)
    names = region_names({group_region(r.region, level) for r in rows})
    region_key = lambda r: group_region(r.region, level)  # noqa: E731
    sizes, stages = dict(SizeClass.choices), dict(Stage.choices)
    category_names = {r.category_code: r.category for r in rows}
    trend = breakdown(rows, lambda r: str(r.year), str)
    return Analysis(
        filters=filters, level=level, overall=rate(len(rows), sum(r.failed for r in rows)),
        trend=trend,
        by_category=breakdown(rows, lambda r: r.category_code, lambda k: category_names.get(k, k)),
        by_region=breakdown(rows, region_key, lambda k: names.get(k, k)),
        by_size=breakdown(rows, lambda r: r.size, lambda k: str(sizes.get(k, k or "—"))),
        by_stage=breakdown(rows, lambda r: r.stage, lambda k: str(stages.get(k, k))),
        failed_items=failed_items(rows),
        hotspots=hotspots(rows, region_key, names, alpha),
        agencies=agency_performance(final),
        years=sorted({r.year for r in rows}),
    )


def region_detail(tasks: QuerySet[Task], filters: Filters, scope_prefix: str | None, code: str) -> dict[str, Any]:
    """What the special report on one region needs: its test against the rest, its categories
    beside the jurisdiction's, its failed items and its failed products."""
    result = analyse(tasks, filters, scope_prefix)
    test = next((t for t in result.hotspots["regions"] if t["code"] == code), None)
    if test is None:
        raise LookupError(code)
    final = final_tasks(tasks, filters)
    mine = final.filter(region__pk__startswith=region_prefix(code, level_of(code)))
    rows = rows_of(mine)
    jurisdiction = {c["key"]: c for c in result.by_category}
    categories = [{**c, "jurisdiction_failure_rate": jurisdiction[c["key"]]["failure_rate"]}
                  for c in breakdown(rows, lambda r: r.category_code, lambda k: jurisdiction[k]["label"])]
    failed = list(mine.filter(verdict=Verdict.FAIL).select_related("enterprise", "item__category", "sample", "plan")
                  .order_by("plan__year", "item__category__code", "id"))
    items_of = final_failed_items([t.pk for t in failed])
    products = [{"year": t.plan.year, "enterprise": t.enterprise.name, "category": t.item.category.name,
                 "product": t.sample.product_name if hasattr(t, "sample") else "",
                 "trademark": t.sample.trademark if hasattr(t, "sample") else "",
                 "model": t.sample.model if hasattr(t, "sample") else "",
                 "failed_items": "、".join(name for name, _s in items_of.get(t.pk, []))} for t in failed]
    return {"analysis": result, "test": test, "categories": categories, "failed_items": failed_items(rows, limit=10),
            "products": products, "generated_on": dt.date.today()}
