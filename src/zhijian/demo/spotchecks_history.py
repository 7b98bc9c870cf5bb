"""The demo province's spot-check history, 2024-2026: provincial plans for the 10 key consumer
products (two batches in 2026) and for the focus industrial products, some city plans, tasks for
enterprises drawn from the directory, samples, test reports with per-item results, objections
and re-tests, post-check handling and the published announcements with their frozen rows.

Rows are written in bulk (the load's one `demo.load` event counts them), but each record is what
the services would have written on the day: the task's state is the last step of its timeline
that has happened by today, every deadline comes from `spotchecks.rules.due`, the announcement's
header is `services.announcement_header` and its rows follow `announcement_publish`. When the
draws app's table exists, every plan item's enterprises come from a real draw made with
`draws.lottery` (a typed lottery value, committed pool and parameters), so `zhijian draw verify`
reproduces it; otherwise the tasks carry no draw.

Planted for the analysis pages: an overall failure rate of about 8-15 %, improving year on year;
咸阳市 fails about three times as often as the rest (the significance test must flag it).
Kept clear of the browser test's flow: the anchor enterprises (qiye's 西安秦华电器有限公司 and the
other logins' companies) are never drawn, and nothing is sampled in 西安 in 2026.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone

from zhijian.accounts.models import Organisation, User
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.agencies.models import category_matches as scope_covers
from zhijian.core.models import Region
from zhijian.demo import vocab
from zhijian.demo.searchtext import quick_search_text, search_values
from zhijian.registry.models import Product, ProductCategory
from zhijian.spotchecks import services
from zhijian.spotchecks.choices import AnnouncementStatus, HandlingStatus, ObjectionStatus, PlanStatus, TaskStatus
from zhijian.spotchecks.models import (
    Announcement,
    AnnouncementRow,
    Handling,
    Objection,
    Plan,
    PlanItem,
    Quota,
    ResultNotice,
    Sample,
    Task,
    TestReport,
    TestResult,
)
from zhijian.spotchecks.rules import due as rule_due
from zhijian.standards.models import Standard, TestItem

YEARS = (2024, 2025, 2026)
PROVINCE = "610000"
XIAN = "610100"
HOT_CITY = "610400"   # 咸阳市: planted with about three times the failure rate of the others
CITIES = ("610100", "610200", "610300", "610400", "610500", "610600", "610700", "610800", "610900", "611000")
# Level-3 categories of the 10 key consumer products (DOMAIN 7) and of the focus industrial products.
KEY = ("101.1", "101.2", "101.3", "102.1", "201.1", "201.2", "202.1", "203.1", "203.2", "203.3", "204.1", "301.1",
       "301.2", "302.1", "302.2", "401.6", "702.1")
FOCUS = ("103.1", "402.1", "403.1", "501.1", "501.2", "601.1", "601.2")
PER_STRATUM = {"tiny": 2, "small": 2, "medium": 3, "large": 4}
# Failure probability by category (published national and provincial checks, DOMAIN 7; [M] otherwise).
RISK = {"101.1": 0.15, "102.1": 0.13, "401.6": 0.09, "204.1": 0.1, "302.2": 0.11, "203.1": 0.07, "201.2": 0.08,
        "103.1": 0.1, "501.1": 0.08}
BASE_RISK = 0.055
YEAR_FACTOR = {2024: 1.15, 2025: 1.0, 2026: 0.85}
STAGE_FACTOR = {"production": 1.0, "circulation": 1.15, "online": 1.4}
SIZE_FACTOR = {"large": 0.6, "medium": 0.85, "small": 1.1, "micro": 1.35}
# Test items that fail most in published checks (DOMAIN 7): weighted up when a batch fails.
TYPICAL = {"电源连接和外部软线", "非正常工作", "标志和说明", "接地措施", "输入功率和电流", "熄火保护装置", "干烟气中一氧化碳浓度",
           "纤维含量", "pH值", "甲醛含量", "使用说明", "甲醛释放量", "小零件", "增塑剂", "渗透性能", "药种", "引燃时间",
           "导体电阻", "绝缘厚度", "重量偏差", "总养分", "三氧化硫", "结构安全", "色牢度"}
# Items of the focus products' standards the standards seed does not list: (name, unit, requirement, safety).
FOCUS_ITEMS: dict[str, list[tuple[str, str, str, bool]]] = {
    "GB/T 5023.3-2008": [("导体电阻", "Ω/km", "≤ 标准规定值", True), ("绝缘厚度", "mm", "平均值≥ 标称值", True),
                         ("绝缘老化前抗张强度", "MPa", "≥12.5", False), ("标志", "", "标志连续、清晰", False)],
    "GB/T 12706.1-2020": [("导体电阻", "Ω/km", "≤ 标准规定值", True), ("绝缘厚度", "mm", "平均值≥ 标称值", True)],
    "GB 175-2023": [("三氧化硫", "%", "≤3.5", False), ("氧化镁", "%", "≤6.0", False), ("凝结时间", "min", "初凝≥45",
                     False), ("安定性", "", "沸煮法合格", True), ("强度", "MPa", "符合强度等级要求", True)],
    "GB/T 1499.2-2018": [("屈服强度", "MPa", "≥400", True), ("抗拉强度", "MPa", "≥540", True),
                         ("断后伸长率", "%", "≥16", False), ("重量偏差", "%", "±5", False), ("弯曲性能", "", "无裂纹", True)],
    "GB/T 15063-2020": [("总养分", "%", "≥ 标明值", False), ("水溶性磷占有效磷百分率", "%", "≥60", False),
                        ("水分", "%", "≤2.0", False), ("氯离子", "%", "≤3.0", False)],
    "GB/T 2440-2017": [("总氮", "%", "≥46.0", False), ("缩二脲", "%", "≤1.5", False), ("水分", "%", "≤1.0", False)],
    "GB/T 534-2014": [("硫酸含量", "%", "≥92.5", False), ("灰分", "%", "≤0.10", False), ("铁含量", "%", "≤0.010", False)],
    "GB/T 338-2011": [("甲醇含量", "%", "≥99.85", False), ("水分", "%", "≤0.10", False)],
    "GB 12463-2009": [("跌落试验", "", "无渗漏", True), ("气密试验", "kPa", "无泄漏", True), ("堆码试验", "", "无变形", False)],
    "GB 17927.1-2011": [("抗香烟引燃特性", "", "不应出现阴燃或有焰燃烧", True), ("标识", "", "符合要求", False)],
}
SAMPLING = {"101.2": (4, 2), "302.1": (1, 1), "302.2": (1, 1), "204.1": (6, 6), "402.1": (1, 1), "403.1": (2, 2)}
SHOPS = ("人民商场", "华润万家", "永辉超市", "家电城", "百货大楼", "购物广场", "国美电器", "苏宁易购直营店", "开元商城")
ONLINE_SHOPS = ("官方旗舰店", "家居专营店", "母婴专营店", "品质生活馆", "优选直营店")
WITNESSES = ("王建国（纪检监察室）", "李秀英（法规科）", "张卫东（消费者代表）", "刘晓燕（人大代表）")
REFUSALS = ("企业以“负责人不在”为由拒绝抽样", "企业拒绝在抽样单上签字盖章并拒绝封样")
UNABLE = ("企业已停产，成品库无待销产品", "待销产品批量低于细则规定的最低抽样基数", "企业已搬迁，原址无生产经营活动")


@lru_cache(maxsize=4096)
def due(rule_set: str, name: str, start: dt.date):
    """`spotchecks.rules.due`, remembered: the same start gives the same deadline within a load."""
    return rule_due(rule_set, name, start)


def _draws():
    """The draws app when its table exists (it ships with its migration), else None."""
    try:
        from zhijian.draws import lottery
        from zhijian.draws.models import Draw
    except ImportError:
        return None
    with connection.cursor() as cursor:
        if Draw._meta.db_table not in connection.introspection.table_names(cursor):
            return None
    return lottery, Draw


@dataclass
class Timeline:
    """One task's planned steps; what has happened is what lies on or before today."""

    notified: dt.date
    sampled: dt.date
    received: dt.date
    issued: dt.date
    served: dt.date
    verdict: str
    failed_items: list[str]
    refusal: str = ""
    unable: str = ""
    objection: dict[str, Any] = field(default_factory=dict)
    concluded: dt.date | None = None
    final_verdict: str = ""
    handling: dict[str, Any] = field(default_factory=dict)
    closed: dt.date | None = None


class History:
    def __init__(self, loader: Any, users: dict[str, User]):
        self.loader = loader
        self.rng = random.Random(f"spotchecks:{loader.seed}")
        self.today = timezone.localdate()
        self.users = users
        self.draws = _draws()
        self.per_stratum = PER_STRATUM.get(loader.scale, 3)
        self.text = quick_search_text  # the quick column finds what the exact one finds (demo/searchtext.py)
        self.regions = {r.code: r for r in Region.objects.filter(level__in=["province", "city"])}
        self.county_names = dict(Region.objects.values_list("code", "name"))
        self.bureaus = {(o.region_id, o.level): o for o in Organisation.objects.filter(kind="bureau")}
        self.categories = {c.code: c for c in ProductCategory.objects.filter(code__in=KEY + FOCUS)}
        self.report_seq = 0
        self.announcement_seq: dict[str, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self._load_reference()

    # --- reference data ---------------------------------------------------------------------------
    def _load_reference(self) -> None:
        products = (Product.objects.filter(category__code__in=list(self.categories), enterprise__status="existing",
                                           enterprise__organisation__isnull=True)
                    .order_by("enterprise_id", "id")
                    .values("id", "name", "model", "licence_number", "brand__name", "category__code", "enterprise_id",
                            "enterprise__name", "enterprise__region_id", "enterprise__uscc", "enterprise__size_class",
                            "enterprise__production_address", "enterprise__registered_address",
                            "enterprise__supervision_weight"))
        self.producers: dict[str, dict[int, dict]] = defaultdict(dict)  # category -> enterprise id -> first product
        for p in products:
            self.producers[p["category__code"]].setdefault(p["enterprise_id"], p)
        self.standards: dict[str, list[Standard]] = {}
        numbers = {n for code in self.categories for n in vocab.CATEGORY_STANDARDS.get(code, [])}
        by_number = {s.number: s for s in Standard.objects.filter(number__in=numbers)}
        self._add_focus_items(by_number)
        items = defaultdict(list)
        for item in TestItem.objects.filter(standard__in=by_number.values()).order_by("standard_id", "sort_order", "id"):
            items[item.standard_id].append(item)
        self.items: dict[str, list[TestItem]] = {}
        for code in self.categories:
            stds = [by_number[n] for n in vocab.CATEGORY_STANDARDS.get(code, []) if n in by_number]
            test_items = [i for s in stds for i in items[s.pk]]
            unique = list({i.name: i for i in test_items}.values())  # a report names each item once
            if stds and unique:
                self.standards[code], self.items[code] = stds, unique
        scopes = list(QualificationScope.objects.filter(agency__status="valid")
                      .values_list("agency_id", "product_category", "valid_from", "valid_to"))
        self.agencies = {a.pk: a for a in InspectionAgency.objects.filter(status="valid")}
        self.scopes = scopes
        self.speed = {pk: self.rng.randint(16, 34) for pk in sorted(self.agencies)}
        self.inspectors = list(Inspector.objects.filter(active=True).order_by("id")
                               .values("id", "name", "region_id", "cert_valid_to"))
        self.inspectors_by_city: dict[str, list[dict]] = defaultdict(list)
        for i in self.inspectors:
            self.inspectors_by_city[i["region_id"][:4]].append(i)
        self.conflicts = set(ConflictOfInterest.objects.filter(withdrawn_on__isnull=True)
                             .values_list("inspector_id", "enterprise_uscc"))

    def _add_focus_items(self, by_number: dict[str, Standard]) -> None:
        have = set(TestItem.objects.filter(standard__number__in=list(FOCUS_ITEMS)).values_list("standard__number", flat=True))
        rows = []
        for number, specs in FOCUS_ITEMS.items():
            standard = by_number.get(number)
            if standard is None or number in have:
                continue
            rows += [TestItem(standard=standard, name=name, unit=unit, limit_text=text, safety_critical=safety,
                              sort_order=n, note="演示数据补充 / added by the demo loader")
                     for n, (name, unit, text, safety) in enumerate(specs)]
        self.loader._bulk(TestItem, rows)

    def qualified(self, code: str, on: dt.date) -> list[int]:
        return sorted({a for a, cat, start, end in self.scopes
                       if scope_covers(cat, code) and start <= on and (end is None or end >= on) and a in self.agencies})

    def user_of(self, organisation: Organisation | None) -> User:
        for user in self.users.values():
            if organisation is not None and user.organisation_id == organisation.pk:
                return user
        return self.users.get("sheng") or self.users.get("admin") or next(iter(self.users.values()))

    # --- plans ---------------------------------------------------------------------------------------
    def plan_specs(self) -> list[dict[str, Any]]:
        key = [c for c in KEY if c in self.items and self.producers.get(c)]
        focus = [c for c in FOCUS if c in self.items and self.producers.get(c)]
        specs = []
        for year in YEARS:
            cities = [c for c in CITIES if not (year == 2026 and c == XIAN)]
            shuffled = self.rng.sample(key, len(key))
            first, second = shuffled[: (len(key) + 1) // 2], shuffled[(len(key) + 1) // 2:]
            org = self.bureaus[(PROVINCE, "province")]
            specs.append({"year": year, "level": "provincial", "org": org, "batch": "第一批", "categories": first,
                          "title": f"{year}年陕西省重点消费品质量省级监督抽查（第一批）", "cities": cities,
                          "starts": dt.date(year, 3, 1), "ends": dt.date(year, 8, 31)})
            specs.append({"year": year, "level": "provincial", "org": org, "batch": "", "categories": focus,
                          "title": f"{year}年陕西省重点工业产品质量省级监督抽查", "cities": cities,
                          "starts": dt.date(year, 4, 1), "ends": dt.date(year, 10, 31)})
            specs.append({"year": year, "level": "provincial", "org": org, "batch": "第二批", "categories": second,
                          "title": f"{year}年陕西省重点消费品质量省级监督抽查（第二批）", "cities": cities,
                          "starts": dt.date(year, 9, 1), "ends": dt.date(year, 12, 31)})
            for city in {2024: ("610100", "610300"), 2025: ("610100", "610400"), 2026: ("610300", "610500")}[year]:
                bureau = self.bureaus.get((city, "city"))
                if bureau is None:
                    continue
                # a city checks what the province does not check in the same half-year (Order 18 art. 12)
                chosen = self.rng.sample(second, min(4, len(second)))
                specs.append({"year": year, "level": "city", "org": bureau, "batch": "",
                              "categories": chosen, "title": f"{year}年{self.regions[city].name}产品质量市级监督抽查",
                              "cities": [city], "starts": dt.date(year, 3, 15), "ends": dt.date(year, 8, 31)})
        return [s for s in specs if s["starts"] <= self.today]

    def build(self) -> None:
        """In phases, each one bulk write per table: plans, items (rules, quotas), draws, tasks, records."""
        specs = self.plan_specs()
        plans = [self.plan(spec) for spec in specs]
        self.loader._bulk(Plan, plans)
        staged = [staged for plan, spec in zip(plans, specs, strict=True) for code in spec["categories"]
                  if (staged := self.plan_item(plan, code, spec["cities"])) is not None]
        self.loader._bulk(PlanItem, [s["item"] for s in staged])
        through_s, through_t, quotas = PlanItem.standards.through, PlanItem.test_items.through, []
        self.loader._bulk(through_s, [through_s(planitem_id=s["item"].pk, standard_id=std.pk) for s in staged
                                      for std in self.standards[s["code"]]], "planitem_standards")
        self.loader._bulk(through_t, [through_t(planitem_id=s["item"].pk, testitem_id=t.pk) for s in staged
                                      for t in self.items[s["code"]]], "planitem_test_items")
        for s in staged:
            quotas += [Quota(item=s["item"], region_id=city, stage=stage, count=n)
                       for (city, stage), n in sorted(s["quotas"].items())]
        self.loader._bulk(Quota, quotas)
        for s in staged:
            s["draw"], s["selected"] = self.draw(s)
        if self.draws is not None:
            self.loader._bulk(self.draws[1], [s["draw"] for s in staged])
        tasks_of: dict[int, list] = defaultdict(list)
        for s in staged:
            tasks_of[s["item"].plan_id] += self.tasks(s)
        all_tasks = [entry for plan in plans for entry in tasks_of[plan.pk]]
        self.write_tasks(all_tasks)
        closed = [plan.pk for plan in plans
                  if tasks_of[plan.pk] and all(t.status == TaskStatus.CLOSED for t, *_ in tasks_of[plan.pk])]
        Plan.objects.filter(pk__in=closed).update(status=PlanStatus.CLOSED)
        self.announce(plans, tasks_of)

    def plan(self, spec: dict[str, Any]) -> Plan:
        org, year = spec["org"], spec["year"]
        plan = Plan(year=year, batch=spec["batch"], title=spec["title"], level=spec["level"], organisation=org,
                    region_id=org.region_id, rule_set="order18", budget=Decimal(self.rng.randint(40, 400) * 10_000),
                    starts_on=spec["starts"], ends_on=spec["ends"], status=PlanStatus.ACTIVE,
                    created_by=self.user_of(org),
                    description=f"依据《产品质量法》和市场监管总局令第18号组织实施；演示数据（{year}年）。")
        plan.search_text = self.text(*search_values(Plan, {"title": plan.title, "batch": plan.batch,
                                                           "description": plan.description}))
        return plan

    def plan_item(self, plan: Plan, code: str, cities: list[str]) -> dict[str, Any] | None:
        category = self.categories[code]
        agencies = self.qualified(code, plan.starts_on)
        if not agencies:
            return None
        local = [a for a in agencies if self.agencies[a].region_id[:4] == plan.region_id[:4]]
        agency_id = self.rng.choice(local if plan.level == "city" and local else agencies)
        test_n, backup_n = SAMPLING.get(code, (2, 2))
        # quotas: one sampling stage per city; strata are "<city>/<stage>"
        by_city: dict[str, list[dict]] = defaultdict(list)
        for p in self.producers[code].values():
            by_city[f"{p['enterprise__region_id'][:4]}00"].append(p)
        quotas, rows = {}, []
        for city in cities:
            pool = by_city.get(city, [])
            if not pool:
                continue
            stage = self.rng.choices(["production", "circulation", "online"], weights=[6, 3, 1])[0]
            wanted = self.per_stratum * (2 if plan.level == "city" else 1) + (1 if city == HOT_CITY else 0)
            quotas[(city, stage)] = min(len(pool), wanted)  # 咸阳 is checked more after its bad results
            rows += [{"id": f"{p['enterprise_id']}@{stage}", "label": p["enterprise__name"], "stratum": f"{city}/{stage}",
                      "weight": str(p["enterprise__supervision_weight"])} for p in pool]
        if not quotas:
            return None
        item = PlanItem(plan=plan, category=category, sample_quantity=test_n + backup_n, test_quantity=test_n,
                        backup_quantity=backup_n, min_batch_base=10 * test_n, agency_id=agency_id,
                        stages=sorted({s for _c, s in quotas}), sample_budget=Decimal(self.rng.randint(2, 40) * 50))
        return {"item": item, "code": code, "quotas": quotas, "rows": rows, "agency_id": agency_id,
                "drawn_on": plan.starts_on + dt.timedelta(days=self.rng.randint(3, 10))}

    def tasks(self, s: dict[str, Any]) -> list:
        item, plan = s["item"], s["item"].plan
        out = []
        for n, row_id in enumerate(s["selected"], start=1):
            enterprise_id, stage = row_id.split("@")
            p = self.producers[s["code"]][int(enterprise_id)]
            task = Task(code=f"SC{plan.year}-{plan.pk:04d}-{item.pk:03d}-{n:04d}", plan=plan, item=item,
                        enterprise_id=int(enterprise_id), region_id=p["enterprise__region_id"], stage=stage,
                        agency_id=s["agency_id"], draw=s["draw"])
            out.append((task, p, self.timeline(plan, s["code"], p, stage, s["drawn_on"], s["agency_id"]), item))
        return out

    def draw(self, s: dict[str, Any]):
        """A real draw when the draws app is there; otherwise the same selection rule without a record."""
        item, rows, on = s["item"], s["rows"], s["drawn_on"]
        plan, creator = item.plan, item.plan.created_by
        quotas = {f"{c}/{st}": n for (c, st), n in s["quotas"].items()}
        if self.draws is None:
            rng = random.Random(f"{self.loader.seed}:{item.pk}")
            selected = []
            for stratum, n in sorted(quotas.items()):
                ids = sorted(r["id"] for r in rows if r["stratum"] == stratum)
                selected += rng.sample(ids, n)
            return None, selected
        lottery, Draw = self.draws
        pool = lottery.Pool.from_rows(rows)
        committed = lottery.commit(pool, {"quotas": quotas})
        issue = (on - dt.date(on.year, 1, 1)).days + 1
        beacon = f"{on.year}{issue:03d} 福彩3D {self.rng.randint(0, 9)} {self.rng.randint(0, 9)} {self.rng.randint(0, 9)}"
        record = lottery.execute(committed, pool, lottery.normalise_beacon(beacon))
        committed_at = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=2), dt.time(9, 30)))
        drawn_at = timezone.make_aware(dt.datetime.combine(on, dt.time(21, 40)))
        labels = pool.labels or [""] * len(pool)
        draw = Draw(
            kind="enterprise", title=f"{plan.title} · {item.category.name} 检查对象抽取"[:200], region_id=plan.region_id,
            organisation=plan.organisation, subject_type=services.SUBJECT_ITEM, subject_id=item.pk, status="drawn",
            rows=[{"id": i, "label": lab, "stratum": st, "weight": w}
                  for i, st, w, lab in zip(pool.ids, pool.strata, pool.weights, labels, strict=True)],
            params=committed["params"], allocation=committed["allocation"], pool_size=len(pool),
            pool_sha256=committed["pool_sha256"], algorithm=lottery.ALGORITHM, algorithm_version=lottery.VERSION,
            commitment=committed["commitment"], beacon_plan=f"中国福利彩票3D 第{on.year}{issue:03d}期开奖号码",
            committed_by=creator, committed_at=committed_at, beacon=beacon, beacon_source="中国福利彩票3D开奖号码",
            witnesses=self.rng.sample(WITNESSES, 2), seed=record["seed"], result=record["result"],
            selected=record["selected"], drawn_by=creator, drawn_at=drawn_at)
        return draw, [i for ids in record["result"].values() for i in ids]

    # --- one task's timeline -------------------------------------------------------------------------
    def timeline(self, plan: Plan, code: str, p: dict, stage: str, drawn_on: dt.date, agency_id: int) -> Timeline:
        rng = self.rng
        notified = drawn_on + dt.timedelta(days=rng.randint(2, 12))
        sampled = notified + dt.timedelta(days=rng.randint(3, 60))
        received = sampled + dt.timedelta(days=rng.randint(1, 3))
        issued = sampled + dt.timedelta(days=max(7, self.speed[agency_id] + rng.randint(-6, 10)))
        served = issued + dt.timedelta(days=rng.randint(2, 7))
        city = f"{p['enterprise__region_id'][:4]}00"
        risk = RISK.get(code, BASE_RISK) * YEAR_FACTOR[plan.year] * STAGE_FACTOR[stage]
        risk *= SIZE_FACTOR.get(p["enterprise__size_class"], 1.0) * (3.5 if city == HOT_CITY else 1.0)
        t = Timeline(notified, sampled, received, issued, served, "fail" if rng.random() < min(risk, 0.8) else "pass", [])
        roll = rng.random()
        if roll < 0.025 and stage == "production":
            t.refusal = rng.choice(REFUSALS)
            return t
        if roll < 0.05 and stage == "production":
            t.unable = rng.choice(UNABLE)
            return t
        t.failed_items = self.failed_items(code) if t.verdict == "fail" else []
        objection_due = due(plan.rule_set, "objection", served).due
        t.final_verdict = t.verdict
        if t.verdict == "fail" and rng.random() < 0.3:
            filed = served + dt.timedelta(days=rng.randint(3, 12))
            if rng.random() < 0.25:
                decided = filed + dt.timedelta(days=rng.randint(3, 7))
                t.objection = {"filed": filed, "status": ObjectionStatus.REJECTED, "decided": decided,
                               "reason": "异议材料未说明具体理由且未在规定时间内补正"}
                # final once both the window has closed and the objection was decided
                t.concluded = max(objection_due, decided) + dt.timedelta(days=rng.randint(1, 5))
            else:
                decided = filed + dt.timedelta(days=rng.randint(3, 7))
                overturned = rng.random() < 0.2
                retest_on = decided + dt.timedelta(days=rng.randint(12, 25))
                t.objection = {"filed": filed, "decided": decided, "retest": retest_on,
                               "status": ObjectionStatus.OVERTURNED if overturned else ObjectionStatus.UPHELD}
                t.concluded = retest_on
                t.final_verdict = "pass" if overturned else "fail"
        if t.concluded is None:
            t.concluded = (objection_due + dt.timedelta(days=rng.randint(1, 5)) if t.verdict == "fail"
                           else served + dt.timedelta(days=rng.randint(1, 3)))
        if t.final_verdict == "fail":
            t.handling = self.handling_plan(plan, t.concluded, city)
            t.closed = t.handling.get("closed")
        else:
            t.closed = t.concluded + dt.timedelta(days=rng.randint(5, 30))
        return t

    def failed_items(self, code: str) -> list[str]:
        items = self.items[code]
        weights = [6 if i.name in TYPICAL else 2 if i.safety_critical else 1 for i in items]
        k = min(len(items), self.rng.choices([1, 2, 3], weights=[70, 25, 5])[0])
        chosen: list[str] = []
        while len(chosen) < k:
            name = self.rng.choices(items, weights=weights)[0].name
            if name not in chosen:
                chosen.append(name)
        return chosen

    def handling_plan(self, plan: Plan, concluded: dt.date, city: str) -> dict[str, Any]:
        rng = self.rng
        ordered = concluded + dt.timedelta(days=rng.randint(1, 4))
        h: dict[str, Any] = {"ordered": ordered, "correction_due": due(plan.rule_set, "correction", ordered).due,
                             "reinspection_due": due(plan.rule_set, "reinspection", ordered).due}
        stalls = plan.year == 2026 and city != XIAN and rng.random() < 0.15  # overdue cases for the worklists
        if stalls:
            return h
        h["rectified"] = ordered + dt.timedelta(days=rng.randint(20, 55))
        h["reinspected"] = min(h["rectified"] + dt.timedelta(days=rng.randint(5, 15)), h["reinspection_due"])
        if rng.random() < 0.85:
            h["verdict"] = "pass"
            h["closed"] = h["reinspected"] + dt.timedelta(days=rng.randint(2, 10))
            return h
        h["verdict"] = "fail"
        h["announced"] = h["reinspected"] + dt.timedelta(days=rng.randint(10, 20))
        h["second_from"] = due(plan.rule_set, "second_from", h["announced"]).due
        h["second_to"] = due(plan.rule_set, "second_to", h["announced"]).due
        h["second"] = h["second_from"] + dt.timedelta(days=rng.randint(0, 25))
        h["second_verdict"] = "pass" if rng.random() < 0.6 else "fail"
        h["referred"] = h["second_verdict"] == "fail"
        h["closed"] = h["second"] + dt.timedelta(days=rng.randint(3, 10))
        return h

    # --- writing ------------------------------------------------------------------------------------
    def write_tasks(self, tasks: list) -> None:
        today = self.today
        samples, notices, objections, handlings, links = [], [], [], [], []
        report_results: list[tuple[TestReport, list[TestResult]]] = []
        for task, p, t, item in tasks:
            self.set_state(task.plan, task, t)
            sample = self.sample(task, p, t, item, task.plan.created_by) if t.sampled <= today and not (t.refusal or t.unable) else None
            task.search_text = self.text(*search_values(Task, {
                "code": task.code, "enterprise.name": p["enterprise__name"],
                "sample.product_name": sample.product_name if sample else "",
                "sample.trademark": sample.trademark if sample else "", "sample.model": sample.model if sample else ""}))
            task._demo = (p, t, item, sample)
        self.loader._bulk(Task, [t for t, *_ in tasks])
        for task, _p, t, _item in tasks:
            p, t, item, sample = task._demo
            links += [Task.inspectors.through(task_id=task.pk, inspector_id=i) for i in task._inspectors]
            if sample is None:
                continue
            sample.task = task
            samples.append(sample)
            if t.issued > today:
                continue
            report = TestReport(task=task, agency_id=task.agency_id, number=self.report_number(task), issued_on=t.issued,
                                verdict=t.verdict, submitted_by=self.user_of(self.agencies[task.agency_id].organisation))
            first = self.results(item, t.failed_items)
            task._results = {r.name: r for r in first}
            report_results.append((report, first))
            if t.served <= today:
                notices += self.notices(task, sample, t.served)
            o = t.objection
            if o and o["filed"] <= today:
                decided = o["decided"] <= today
                status = o["status"] if decided else ObjectionStatus.FILED
                retest_agency = None
                if decided and o["status"] != ObjectionStatus.REJECTED:
                    others = [a for a in self.qualified(item.category.code, o["decided"]) if a != task.agency_id]
                    retest_agency = others[0] if others else task.agency_id
                    o["retest_agency"] = retest_agency
                    if not o.get("retest") or o["retest"] > today:
                        status = ObjectionStatus.RETESTING
                objections.append(Objection(
                    task=task, filed_by=task.plan.created_by, filed_on=o["filed"], disputed_items=list(t.failed_items),
                    reason="对不合格项目的检验结果有异议，申请对备用样品复检", status=status,
                    decision_reason=o.get("reason", "") if decided else "", retest_agency_id=retest_agency,
                    decided_on=o["decided"] if decided else None))
                if retest_agency and o.get("retest") and o["retest"] <= today:
                    overturned = o["status"] == ObjectionStatus.OVERTURNED
                    retest = TestReport(task=task, agency_id=retest_agency, number=f"{self.report_number(task)}-F",
                                        is_retest=True, issued_on=o["retest"], verdict="pass" if overturned else "fail",
                                        submitted_by=self.user_of(self.agencies[retest_agency].organisation))
                    again = self.results(item, [] if overturned else t.failed_items, only=t.failed_items)
                    task._results.update({r.name: r for r in again})
                    report_results.append((retest, again))
            if t.handling and t.handling["ordered"] <= today and task.status in (TaskStatus.HANDLING, TaskStatus.CLOSED):
                handlings.append(self.handling(task, sample, t.handling))
        self.loader._bulk(Task.inspectors.through, links, "task_inspectors")
        self.loader._bulk(Sample, samples)
        self.loader._bulk(TestReport, [r for r, _ in report_results])
        results = []
        for report, rows in report_results:
            for r in rows:
                r.report = report
            results += rows
        self.loader._bulk(TestResult, results)
        self.loader._bulk(ResultNotice, notices)
        self.loader._bulk(Objection, objections)
        self.loader._bulk(Handling, handlings)

    def set_state(self, plan: Plan, task: Task, t: Timeline) -> None:
        """The state the workflow would have reached by today."""
        today = self.today
        task._inspectors = self.pick_inspectors(plan, task)
        if t.notified > today:
            task.status = TaskStatus.DRAWN
            return
        task.notified_on = t.notified
        if t.refusal or t.unable:
            if t.sampled > today:
                task.status = TaskStatus.NOTIFIED
                return
            task.status = TaskStatus.REFUSED if t.refusal else TaskStatus.UNABLE
            task.refusal_reason = t.refusal or t.unable
            task.refusal_consequence = ("依据《产品质量法》第十六条，拒绝依法抽查的，按不合格处理并移送立案查处" if t.refusal else "")
            if t.sampled + dt.timedelta(days=30) <= today:
                task.status, task.closed_on = TaskStatus.CLOSED, t.sampled + dt.timedelta(days=30)
            return
        steps = [(t.sampled, TaskStatus.SAMPLED), (t.received, TaskStatus.TESTING), (t.issued, TaskStatus.REPORTED)]
        task.status = TaskStatus.NOTIFIED
        for day, status in steps:
            if day <= today:
                task.status = status
        if t.issued > today:
            return
        task.verdict = t.verdict
        if t.verdict == "fail":
            task.handling_due = due(plan.rule_set, "handling_start", t.issued).due
        if t.served > today:
            return
        task.result_notified_on = t.served
        task.objection_due = due(plan.rule_set, "objection", t.served).due
        o = t.objection
        if o and o["filed"] <= today:
            task.status = TaskStatus.OBJECTION
            if o["decided"] <= today:
                task.status = TaskStatus.REPORTED if o["status"] == ObjectionStatus.REJECTED else TaskStatus.RETEST
        if t.concluded > today:
            return
        task.status, task.concluded_on, task.verdict = TaskStatus.CONCLUDED, t.concluded, t.final_verdict
        if t.handling and t.handling["ordered"] <= today:
            task.status = TaskStatus.HANDLING
        if t.closed and t.closed <= today:
            task.status, task.closed_on = TaskStatus.CLOSED, t.closed

    def pick_inspectors(self, plan: Plan, task: Task) -> list[int]:
        """Two inspectors of the enterprise's city (else of the plan's jurisdiction), none from its own
        county, none with a declared conflict (the rules of services.inspector_pool)."""
        uscc = self.producers[task.item.category.code][task.enterprise_id]["enterprise__uscc"]

        def eligible(candidates):
            return [i for i in candidates if i["region_id"] != task.region_id and (i["id"], uscc) not in self.conflicts]

        pool = eligible(self.inspectors_by_city.get(task.region_id[:4], []))
        if len(pool) < 2:
            prefix = plan.region_id[:2] if plan.level == "provincial" else plan.region_id[:4]
            pool = eligible([i for i in self.inspectors if i["region_id"].startswith(prefix)])
        chosen = self.rng.sample(pool, 2) if len(pool) >= 2 else pool
        task._samplers = "、".join(i["name"] for i in chosen)
        return [i["id"] for i in chosen]

    def sample(self, task: Task, p: dict, t: Timeline, item: PlanItem, creator: User) -> Sample:
        rng = self.rng
        county = self.county_names.get(task.region_id, "")
        place = {"production": "factory", "circulation": "market", "online": "online"}[task.stage]
        batch = t.sampled - dt.timedelta(days=rng.randint(15, 200))
        sample = Sample(
            product_id=p["id"], product_name=p["name"], trademark=p["brand__name"] or "", model=p["model"] or "—",
            standard=self.standards[item.category.code][0], batch_number=batch.strftime("%Y%m%d") + f"-{rng.randint(1, 9)}",
            production_date=batch, quantity=item.sample_quantity, test_quantity=item.test_quantity,
            backup_quantity=item.backup_quantity, base_quantity=item.min_batch_base + rng.randint(20, 2000),
            unit_price=Decimal(rng.randint(10, 3000)), place_type=place,
            labelled_producer_id=task.enterprise_id, labelled_producer_name=p["enterprise__name"],
            labelled_producer_address=p["enterprise__production_address"] or p["enterprise__registered_address"],
            sealed=True, seal_numbers=f"FT{t.sampled:%Y%m%d}{rng.randint(100, 999)}", sampled_on=t.sampled,
            samplers=task._samplers or "抽样人员甲、抽样人员乙", recorded_by=creator)
        if place == "factory":
            sample.place_address = sample.labelled_producer_address
        elif place == "market":
            sample.seller_name = f"{county}{rng.choice(SHOPS)}"
            sample.seller_address = f"{county}{rng.choice(vocab.ROAD_WORDS)}路{rng.randint(1, 300)}号"
            sample.place_address = sample.seller_address
        else:
            shop = f"{sample.trademark or p['enterprise__name'][:4]}{rng.choice(ONLINE_SHOPS)}"
            sample.seller_name = sample.shop_name = shop
            sample.order_number = f"{t.sampled:%Y%m%d}{rng.randint(10**9, 10**10 - 1)}"
            sample.listing_url = f"https://shop.example.cn/item/{rng.randint(10**8, 10**9 - 1)}"
        return sample

    def report_number(self, task: Task) -> str:
        if not hasattr(task, "_report_number"):
            self.report_seq += 1
            task._report_number = f"{task.plan.year}JD{task.agency_id:02d}-{self.report_seq:05d}"
        return task._report_number

    def results(self, item: PlanItem, failed: list[str], only: list[str] | None = None) -> list[TestResult]:
        rows = []
        for test_item in self.items[item.category.code]:
            if only is not None and test_item.name not in only:
                continue
            bad = test_item.name in failed
            limit = _limit(test_item)
            measured = _measured(test_item, bad, self.rng)
            rows.append(TestResult(test_item=test_item, name=test_item.name, limit=limit, measured=measured,
                                   unit=test_item.unit, verdict="fail" if bad else "pass",
                                   safety_critical=test_item.safety_critical))
        return rows

    def notices(self, task: Task, sample: Sample, served: dt.date) -> list[ResultNotice]:
        out = [ResultNotice(task=task, party="sampled", recipient_name=sample.seller_name or sample.labelled_producer_name,
                            served_on=served)]
        if sample.seller_name:
            out.append(ResultNotice(task=task, party="producer", recipient_name=sample.labelled_producer_name,
                                    served_on=served))
        return out

    def handling(self, task: Task, sample: Sample, h: dict[str, Any]) -> Handling:
        today = self.today
        row = Handling(task=task, rule_set="order18", ordered_on=h["ordered"], correction_due=h["correction_due"],
                       reinspection_due=h["reinspection_due"], status=HandlingStatus.ORDERED,
                       licence_flag=bool(self.producers[task.item.category.code][task.enterprise_id]["licence_number"]))
        if h.get("rectified") and h["rectified"] <= today:
            row.status, row.rectified_on = HandlingStatus.RECTIFIED, h["rectified"]
            row.rectification_report = "已查明原因（原材料进货检验缺失、关键工序控制不严），召回并处置库存不合格品，完成工艺整改和人员培训。"
        if h.get("reinspected") and h["reinspected"] <= today:
            row.reinspected_on, row.reinspection_verdict = h["reinspected"], h["verdict"]
            if h["verdict"] == "pass":
                row.status = HandlingStatus.REINSPECTED
        if h.get("announced") and h["announced"] <= today:
            row.status, row.announced_on = HandlingStatus.ANNOUNCED, h["announced"]
            row.second_window_from, row.second_window_to = h["second_from"], h["second_to"]
        if h.get("second") and h["second"] <= today:
            row.second_reinspected_on, row.second_verdict = h["second"], h["second_verdict"]
            if h["second_verdict"] == "fail":
                row.status, row.suspended_on = HandlingStatus.SUSPENDED, h["second"]
                row.referred_for_penalty = True
                row.note = "再次复查仍不合格，责令停业整顿并移送立案查处"
            else:
                row.status = HandlingStatus.REINSPECTED
        if h.get("closed") and h["closed"] <= today:
            row.status, row.closed_on = HandlingStatus.CLOSED, h["closed"]
        return row

    # --- announcements -------------------------------------------------------------------------------
    def announce(self, plans: list[Plan], tasks_of: dict[int, list]) -> None:
        """A plan is announced once every tested task's result is final (as announcement_publish
        requires); the header is the service's own, computed over the plan's tasks as stored."""
        ready = []
        for plan in plans:
            tested = [(task, task._demo) for task, *_ in tasks_of[plan.pk]
                      if not (task._demo[1].refusal or task._demo[1].unable)]
            if not tested or any(task.status not in services.FINAL_STATES for task, _ in tested):
                continue  # results still open: the announcement waits
            publish_on = max(d[1].concluded for _t, d in tested) + dt.timedelta(days=self.rng.randint(8, 20))
            if publish_on <= self.today:
                ready.append((plan, tested, publish_on))
        if not ready:
            return
        ids = [plan.pk for plan, _t, _d in ready]
        stored = defaultdict(list)
        for task in Task.objects.filter(plan_id__in=ids).select_related("region").order_by("id"):
            stored[task.plan_id].append(task)
        prefetched = {p.pk: p for p in Plan.objects.filter(pk__in=ids).select_related("organisation").prefetch_related(
            "items__category", "items__standards", "items__test_items")}
        announcements, rows_of = [], []
        for plan, tested, publish_on in ready:
            org = plan.organisation
            short = "陕" if plan.level == "provincial" else self.regions[org.region_id].name[:2]
            self.announcement_seq[short + str(plan.year)] += 1
            header = services.announcement_header(prefetched[plan.pk], stored[plan.pk])
            a = Announcement(plan=plan, organisation=org, region_id=plan.region_id,
                             number=f"{short}市监抽〔{plan.year}〕{self.announcement_seq[short + str(plan.year)]}号",
                             title=f"{org.name}关于{plan.title}结果的公告", period=f"{plan.year}年{plan.batch}",
                             legal_basis="《中华人民共和国产品质量法》、《产品质量监督抽查管理暂行办法》（市场监管总局令第18号）",
                             notes="对抽查中发现的不合格产品，已责令生产者、销售者立即停止生产、销售同一产品，限期整改，并依法组织复查。",
                             status=AnnouncementStatus.PUBLISHED, published_on=publish_on, header=header,
                             created_by=plan.created_by)
            a.search_text = self.text(*search_values(Announcement, {"title": a.title, "number": a.number}))
            announcements.append(a)
            rows_of.append(tested)
        self.loader._bulk(Announcement, announcements)
        rows = []
        for a, tested in zip(announcements, rows_of, strict=True):
            rows += self.announcement_rows(a, tested)
        self.loader._bulk(AnnouncementRow, rows)

    def announcement_rows(self, a: Announcement, tested: list) -> list[AnnouncementRow]:
        rows = []
        for seq, (task, (p, t, item, sample)) in enumerate(tested, start=1):
            reports = self.final_items(task)
            row = AnnouncementRow(
                announcement=a, task=task, seq=seq, producer_name=sample.labelled_producer_name,
                producer_address=sample.labelled_producer_address,
                sampled_unit_name=sample.seller_name or p["enterprise__name"], region_id=task.region_id,
                category_name=item.category.name, product_name=sample.product_name, trademark=sample.trademark,
                model=sample.model, batch=sample.batch_number, verdict=task.verdict, failed_items=reports,
                failed_items_text="、".join(f["name"] for f in reports),
                agency_name=self.agencies[(t.objection.get("retest_agency") or task.agency_id)].name, year=task.plan.year)
            row.search_text = self.text(*search_values(AnnouncementRow, {
                "producer_name": row.producer_name, "sampled_unit_name": row.sampled_unit_name,
                "product_name": row.product_name, "trademark": row.trademark, "model": row.model,
                "failed_items_text": row.failed_items_text}))
            rows.append(row)
        return rows

    def final_items(self, task: Task) -> list[dict[str, str]]:
        """The failed items of the deciding results (re-tested items replacing the first ones)."""
        if task.verdict != "fail":
            return []
        return [{"name": r.name, "limit": r.limit, "measured": r.measured, "unit": r.unit}
                for r in task._results.values() if r.verdict == "fail"]


def _limit(item: TestItem) -> str:
    if item.limit_text:
        return item.limit_text
    if item.limit_min is not None and item.limit_max is not None:
        return f"{item.limit_min}~{item.limit_max}"
    if item.limit_max is not None:
        return f"≤{item.limit_max}"
    if item.limit_min is not None:
        return f"≥{item.limit_min}"
    return "符合标准要求"


def _measured(item: TestItem, bad: bool, rng: random.Random) -> str:
    if item.limit_max is not None:
        top = float(item.limit_max)
        return f"{top * (1.1 + rng.random() * 0.6) if bad else top * (0.3 + rng.random() * 0.6):.2f}"
    if item.limit_min is not None:
        low = float(item.limit_min)
        return f"{low * (0.5 + rng.random() * 0.4) if bad else low * (1.05 + rng.random() * 0.5):.2f}"
    return "不符合标准要求" if bad else "符合标准要求"


def build(loader: Any) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["sheng", "xian", "baoji", "jianyan", "admin"])}
    if not users:
        loader.log("监督抽查历史：无演示账号，跳过 / spot-check history skipped: no demo logins to record it")
        return
    started = time.process_time()
    history = History(loader, users)
    history.build()
    cpu = time.process_time() - started
    tasks = Task.objects.filter(plan__year__in=YEARS)
    final = tasks.filter(status__in=services.FINAL_STATES).exclude(verdict="")
    failed = final.filter(verdict="fail").count()
    n = final.count()
    loader.log(f"监督抽查 / spot checks: {tasks.count()} tasks, {n} final, {failed} failed "
               f"({100 * failed / n if n else 0:.1f} %), draws: {'yes' if history.draws else 'no'}, {cpu:.1f} s CPU")
