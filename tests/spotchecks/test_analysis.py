"""The bureau's analysis against figures worked out by hand from a planted history.

The history (100 final batches, 15 failed):

| year | county (city)        | category | size   | stage       | batches | failed | agency, days to report |
|------|----------------------|----------|--------|-------------|---------|--------|------------------------|
| 2024 | 610113 雁塔 (西安)   | 电热毯   | small  | production  | 10      | 1      | 省院, 20               |
| 2024 | 610113 雁塔 (西安)   | 电饭锅   | large  | circulation | 10      | 0      | 省院, 20               |
| 2024 | 610302 渭滨 (宝鸡)   | 电热毯   | small  | production  | 10      | 6      | 宝鸡所, 30             |
| 2024 | 610402 秦都 (咸阳)   | 电饭锅   | medium | circulation | 10      | 1      | 省院, 20               |
| 2025 | 610113 雁塔 (西安)   | 电热毯   | small  | production  | 10      | 1      | 省院, 20               |
| 2025 | 610113 雁塔 (西安)   | 电饭锅   | large  | circulation | 10      | 0      | 省院, 20               |
| 2025 | 610302 渭滨 (宝鸡)   | 电热毯   | small  | production  | 10      | 4      | 宝鸡所, 30             |
| 2025 | 610402 秦都 (咸阳)   | 电饭锅   | medium | circulation | 10      | 0      | 省院, 20               |
| 2025 | 610502 临渭 (渭南)   | 电热毯   | micro  | online      | 20      | 2      | 宝鸡所, 10             |

Failed items: every 宝鸡 failure fails 泄漏电流, 4 of them also 发热, the others 标志和说明. One
宝鸡 failure disputed 发热 and the re-test passed it (upheld: still failing on 泄漏电流); one
西安 2025 电热毯 batch more failed 发热 first and the re-test overturned it (final: pass), so
101 batches are final; a 102nd, still in its objection window, is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from math import comb, erfc, sqrt

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIRequestFactory, force_authenticate

from tests.spotchecks.publication_helpers import (
    agency_for,
    category_with_items,
    enterprise,
    final_task,
    make_plan,
    retest,
)
from zhijian.spotchecks import analysis, selectors
from zhijian.spotchecks.analysis_views import AnalysisViewSet
from zhijian.spotchecks.models import Task

# (year, county, category, size, stage, batches, failed, agency, days)
HISTORY = [
    (2024, "610113", "9901", "small", "production", 10, 1, "province", 20),
    (2024, "610113", "9902", "large", "circulation", 10, 0, "province", 20),
    (2024, "610302", "9901", "small", "production", 10, 6, "baoji", 30),
    (2024, "610402", "9902", "medium", "circulation", 10, 1, "province", 20),
    (2025, "610113", "9901", "small", "production", 10, 1, "province", 20),
    (2025, "610113", "9902", "large", "circulation", 10, 0, "province", 20),
    (2025, "610302", "9901", "small", "production", 10, 4, "baoji", 30),
    (2025, "610402", "9902", "medium", "circulation", 10, 0, "province", 20),
    (2025, "610502", "9901", "micro", "online", 20, 2, "baoji", 10),
]


@pytest.fixture
def history(people):
    sheng = people["sheng"]
    blanket = category_with_items("9901", "电热毯", "GB 4706.8-2008")
    cooker = category_with_items("9902", "电饭锅", "GB 4706.19-2008")
    agencies = {"province": agency_for(blanket[0], cooker[0], organisation=people["jianyan"].organisation),
                "baoji": agency_for(blanket[0], cooker[0], name="宝鸡市质量技术检验所（测试）", region="610300")}
    items = {year: make_plan(sheng, [blanket, cooker], agencies["province"], year=year)[1] for year in (2024, 2025)}
    baoji_failures = 0
    for year, county, category, size, stage, batches, failed, agency, days in HISTORY:
        for n in range(batches):
            fails = n < failed
            if county == "610302" and fails:
                baoji_failures += 1
                bad = ["泄漏电流", "发热"] if baoji_failures <= 4 else ["泄漏电流"]
            else:
                bad = ["标志和说明"] if fails else []
            sampled = dt.date(year, 4, 1)
            task = final_task(items[year][category], enterprise(county, size), verdict="fail" if fails else "pass",
                              failed=bad, stage=stage, sampled_on=sampled, issued_on=sampled + dt.timedelta(days=days),
                              agency=agencies[agency])
            if county == "610302" and baoji_failures == 1 and fails and n == 0:
                # disputed 发热, re-tested on the backup sample: passes; the product still fails (泄漏电流)
                retest(task, agency=agencies["province"], verdicts={"发热": "pass"}, issued_on=dt.date(year, 6, 1),
                       objection_status="upheld")
    # the overturned one: 西安 2025 电热毯, first failing 发热, final pass after the re-test
    xian_2025 = items[2025]["9901"]
    overturned = final_task(xian_2025, enterprise("610113", "small"), verdict="fail", failed=["发热"],
                            sampled_on=dt.date(2025, 4, 1), issued_on=dt.date(2025, 4, 21), agency=agencies["province"])
    retest(overturned, agency=agencies["baoji"], verdicts={"发热": "pass"}, issued_on=dt.date(2025, 6, 1),
           objection_status="overturned")
    Task.objects.filter(pk=overturned.pk).update(verdict="pass")  # one more batch: 101 final, 15 failed
    # a result not yet final (objection window open) is left out everywhere
    final_task(xian_2025, enterprise("610113"), verdict="fail", failed=["发热"], status="reported")
    return {"agencies": agencies, "items": items, "overturned": overturned}


def upper_tail(total: int, failures: int, drawn: int, observed: int) -> float:
    """P(X >= observed), X hypergeometric: the one-sided Fisher p-value, by hand."""
    return sum(comb(failures, k) * comb(total - failures, drawn - k)
               for k in range(observed, min(failures, drawn) + 1)) / comb(total, drawn)


def bh(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg by its definition: q_(i) = min over j >= i of p_(j) * m / j."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


def cmh_greater(strata: list[tuple[int, int, int, int]]) -> float:
    """One-sided CMH with continuity correction, by its textbook formula; each stratum is
    (region batches, region failed, all batches, all failed)."""
    excess = variance = 0.0
    for n1, a, n, m in strata:
        excess += a - n1 * m / n
        variance += n1 * (n - n1) * m * (n - m) / (n * n * (n - 1))
    z = (excess - 0.5) / sqrt(variance)
    return 0.5 * erfc(z / sqrt(2))


def run(user, **filters):
    return analysis.analyse(selectors.task_list(user), analysis.Filters(**filters),
                            None if user.scope.everything else user.scope.region_prefix)


def by_key(rows):
    return {r["key"]: r for r in rows}


def test_rates_by_category_region_size_stage_and_year(history, people):
    a = run(people["sheng"])
    # the overturned batch adds one pass: 101 final batches, 15 failed
    assert a.overall == {"batches": 101, "failed": 15, "passed": 86, "pass_rate": 85.1, "failure_rate": 14.9}
    cat = by_key(a.by_category)
    assert (cat["9901"]["batches"], cat["9901"]["failed"], cat["9901"]["pass_rate"]) == (61, 14, 77.0)
    assert (cat["9902"]["batches"], cat["9902"]["failed"], cat["9902"]["pass_rate"]) == (40, 1, 97.5)
    region = by_key(a.by_region)
    assert a.level == "city"
    assert {k: (r["label"], r["batches"], r["failed"]) for k, r in region.items()} == {
        "610100": ("西安市", 41, 2), "610300": ("宝鸡市", 20, 10), "610400": ("咸阳市", 20, 1), "610500": ("渭南市", 20, 2)}
    size = by_key(a.by_size)
    assert {k: (r["batches"], r["pass_rate"]) for k, r in size.items()} == {
        "small": (41, 70.7), "large": (20, 100.0), "medium": (20, 95.0), "micro": (20, 90.0)}
    assert str(size["micro"]["label"]) == "微型"
    stage = by_key(a.by_stage)
    assert {k: (r["batches"], r["failed"]) for k, r in stage.items()} == {
        "production": (41, 12), "circulation": (40, 1), "online": (20, 2)}
    # yearly trend: 2024 32/40 = 80.0 %, 2025 54/61 = 88.5 %; 宝鸡 60.0 % then 40.0 % failing
    assert [(t["key"], t["pass_rate"]) for t in a.trend] == [("2024", 80.0), ("2025", 88.5)]
    assert region["610300"]["years"][2024]["failure_rate"] == 60.0
    assert region["610300"]["years"][2025]["failure_rate"] == 40.0
    assert a.years == [2024, 2025]


def test_hotspot_test_flags_the_planted_city_with_p_and_q_values(history, people):
    a = run(people["sheng"])
    h = a.hotspots
    counts = {"610100": (41, 2), "610300": (20, 10), "610400": (20, 1), "610500": (20, 2)}
    expected_p = {code: upper_tail(101, 15, n, f) for code, (n, f) in counts.items()}
    expected_q = dict(zip(expected_p, bh(list(expected_p.values())), strict=True))
    assert [t["code"] for t in h["regions"]] == ["610100", "610300", "610400", "610500"]  # code order, not a ranking
    for t in h["regions"]:
        assert t["p_value"] == pytest.approx(expected_p[t["code"]], rel=1e-9)
        assert t["q_value"] == pytest.approx(expected_q[t["code"]], rel=1e-9)
    baoji = next(t for t in h["regions"] if t["code"] == "610300")
    assert 1e-5 < expected_p["610300"] < 2e-5  # 10 of 20 against 5 of 81 elsewhere
    assert (baoji["failure_rate"], baoji["rest_failure_rate"], baoji["rate_ratio"]) == (50.0, 6.2, 8.1)
    assert [t["code"] for t in h["significant"]] == ["610300"]
    # within categories (电热毯 61 batches 14 failed; 电饭锅 40 and 1): 宝鸡 checked only 电热毯
    adjusted = {"610100": cmh_greater([(21, 2, 61, 14), (20, 0, 40, 1)]), "610300": cmh_greater([(20, 10, 61, 14)]),
                "610400": cmh_greater([(20, 1, 40, 1)]), "610500": cmh_greater([(20, 2, 61, 14)])}
    for t in h["regions"]:
        assert t["p_adjusted"] == pytest.approx(adjusted[t["code"]], rel=1e-9)
    assert baoji["p_adjusted"] < 0.001 and baoji["q_adjusted"] == pytest.approx(4 * adjusted["610300"], rel=1e-9)
    # 渭南 fails 10.0 % (2 of 20) against 16.0 % (13 of 81) elsewhere: not significant
    weinan = next(t for t in h["regions"] if t["code"] == "610500")
    assert weinan["failure_rate"] == 10.0 and not weinan["significant"]


def test_city_bureau_sees_its_own_region_and_compares_its_counties(history, people):
    a = run(people["baoji"])
    assert a.overall["batches"] == 20 and a.overall["failed"] == 10
    assert a.level == "county"
    assert [r["key"] for r in a.by_region] == ["610302"]
    assert a.hotspots["regions"] == []  # one county alone has no rest to be compared with
    assert {g["name"] for g in a.agencies} == {"宝鸡市质量技术检验所（测试）"}
    xian = run(people["xian"])
    assert (xian.overall["batches"], xian.overall["failed"]) == (41, 2)


def test_filters_year_category_region(history, people):
    sheng = people["sheng"]
    assert run(sheng, year_from=2025).overall["batches"] == 61
    assert run(sheng, year_to=2024).overall == {"batches": 40, "failed": 8, "passed": 32, "pass_rate": 80.0,
                                                "failure_rate": 20.0}
    assert run(sheng, category="9902").overall["batches"] == 40
    by_city = run(sheng, region="610300")
    assert by_city.overall["batches"] == 20 and by_city.level == "county"


def test_most_frequent_failed_items_use_the_deciding_report(history, people):
    items = run(people["sheng"]).failed_items
    # 泄漏电流: the 10 宝鸡 failures; 标志和说明: 西安 2 + 咸阳 1 + 渭南 2; 发热: 4 planted, 1 re-tested to pass
    assert [(i["name"], i["count"], i["share"], i["safety_critical"]) for i in items] == [
        ("泄漏电流", 10, 66.7, True), ("标志和说明", 5, 33.3, False), ("发热", 3, 20.0, True)]
    assert items[0]["categories"] == "电热毯(10)"


def test_agency_turnaround_and_overturn_rate(history, people):
    agencies = {g["name"]: g for g in run(people["sheng"]).agencies}
    province = agencies["陕西省产品质量监督检验研究院（测试）"]
    baoji = agencies["宝鸡市质量技术检验所（测试）"]
    # 省院: 61 batches, all 20 days; its one re-tested objection was overturned
    assert (province["batches"], province["turnaround_median"], province["turnaround_p90"]) == (61, 20, 20.0)
    assert (province["retests"], province["overturned"], province["overturn_rate"]) == (1, 1, 100.0)
    # 宝鸡所: 20 batches at 30 days and 20 at 10 days: median 20, mean 20.0, 90th percentile 30
    assert (baoji["batches"], baoji["turnaround_median"], baoji["turnaround_mean"], baoji["turnaround_p90"]) == (
        40, 20.0, 20.0, 30.0)
    assert (baoji["retests"], baoji["overturned"], baoji["overturn_rate"]) == (1, 0, 0.0)
    assert baoji["failure_rate"] == 30.0  # 12 of 40


def test_analysis_page_charts_tables_and_no_inline_script(history, people):
    client = Client()
    client.force_login(people["sheng"])
    response = client.get(reverse("spotchecks:analysis"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="analysis-charts"' in html and 'data-chart="region"' in html
    assert "vendor/echarts/echarts.min.js" in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    assert "显著偏高：宝鸡市" in html
    assert reverse("spotchecks:analysis_region_report", args=["610300"]) in html
    charts = response.context["charts"]
    assert charts["region"]["series"][0]["data"][1] == {"value": 50.0, "itemStyle": {"color": "#c23531"}}


def test_analysis_page_roles(history, people):
    client = Client()
    assert client.get(reverse("spotchecks:analysis")).status_code == 302
    for username, status in (("qiye", 403), ("jianyan", 403), ("xian", 200), ("shenji", 200)):
        client.force_login(people[username])
        assert client.get(reverse("spotchecks:analysis")).status_code == status, username


def test_analysis_export_xlsx(history, people):
    client = Client()
    client.force_login(people["sheng"])
    response = client.get(reverse("spotchecks:analysis"), {"export": "xlsx", "year_from": 2024})
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in r] for r in book["地区显著性检验"].iter_rows(min_row=2)]
    assert [(r[1], r[2], r[3], r[9]) for r in rows] == [("西安市", 41, 2, "否"), ("宝鸡市", 20, 10, "是"),
                                                       ("咸阳市", 20, 1, "否"), ("渭南市", 20, 2, "否")]


def test_region_special_report_docx(history, people):
    client = Client()
    client.force_login(people["sheng"])
    response = client.get(reverse("spotchecks:analysis_region_report", args=["610300"]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于宝鸡市产品质量监督抽查情况的专题报告" in text
    assert "宝鸡市人民政府：" in text
    assert "共被抽查产品20批次，不合格10批次，不合格发现率50.0%" in text
    assert "单侧Fisher精确检验" in text and "Benjamini–Hochberg" in text
    assert "显著高于辖区内其余地区" in text
    categories, items, products = doc.tables
    assert [c.text for c in categories.rows[1].cells] == ["电热毯", "20", "10", "50.0%", "23.0%"]  # 14 of 61
    assert items.rows[1].cells[0].text == "泄漏电流"
    assert len(products.rows) == 11  # heading + the 10 failed batches
    assert client.get(reverse("spotchecks:analysis_region_report", args=["610400"])).status_code == 200
    assert "未显著高于" in "\n".join(p.text for p in Document(io.BytesIO(
        client.get(reverse("spotchecks:analysis_region_report", args=["610400"])).content)).paragraphs)


def test_region_report_outside_jurisdiction_is_404(history, people):
    client = Client()
    client.force_login(people["xian"])
    assert client.get(reverse("spotchecks:analysis_region_report", args=["610300"])).status_code == 404


def test_api_returns_the_same_figures_scoped(history, people):
    view = AnalysisViewSet.as_view({"get": "list"})
    factory = APIRequestFactory()
    request = factory.get("/api/v1/spotchecks/analysis/", {"year_from": 2025})
    force_authenticate(request, people["sheng"])
    data = view(request).data
    assert data["overall"]["batches"] == 61
    assert [t["code"] for t in data["hotspots"]["significant"]] == ["610300"]
    request = factory.get("/api/v1/spotchecks/analysis/")
    force_authenticate(request, people["baoji"])
    assert view(request).data["overall"] == {"batches": 20, "failed": 10, "passed": 10, "pass_rate": 50.0,
                                             "failure_rate": 50.0}
    request = factory.get("/api/v1/spotchecks/analysis/")
    force_authenticate(request, people["qiye"])
    response = view(request)
    assert response.status_code == 403 and "/" in str(response.data["detail"])
    request = factory.get("/api/v1/spotchecks/analysis/", {"year_from": 2026, "year_to": 2024})
    force_authenticate(request, people["sheng"])
    assert view(request).status_code == 400


def test_api_is_routed_under_api_v1(history, people):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(people["baoji"])
    body = api.get("/api/v1/spotchecks/analysis/").json()
    assert body["overall"]["batches"] == 20
    api.force_authenticate(people["pingtai"])
    assert api.get("/api/v1/spotchecks/analysis/").status_code == 403
