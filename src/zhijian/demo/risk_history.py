"""The demo province's risk history: three years of weekly complaints per product category and
city with two planted emerging problems (one 20 weeks ago, warned about and closed; one in the last
complete week, an open alarm for the analyst), the weekly detector's alarms over the last half
year, assessments, warnings with their response tasks (reported, and one overdue and escalated),
and a platform's subscription.

Complaints are bulk rows (their search column written by demo.searchtext); detection, decisions,
assessments, warnings and reports go through the services, so their audit trail is real. Small
on purpose: a few thousand signals, about a second or two at tiny and small scale."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from django.db.models import Count
from django.utils import timezone

from zhijian.accounts.models import Organisation, User
from zhijian.demo.searchtext import quick_search_text
from zhijian.registry.models import Product, ProductCategory
from zhijian.risk import detection, services
from zhijian.risk.models import Alarm, Assessment, Signal, Warning

WEEKS = 156
CITIES = ["610100", "610300", "610400", "610500"]
COMPLAINTS = {
    "electric": ("使用时漏电，手有麻感", "插头发热冒烟"),
    "fire": ("充电时外壳发烫起火", "电源线过热熔化"),
    "injury": ("边缘锋利划伤手指", "支架断裂夹伤"),
    "chemical": ("异味刺鼻，疑似有害物质超标", "表面涂层脱落"),
    "other": ("质量差，使用一周即损坏", "与宣传不符"),
}
BASE = {"tiny": 0.35, "small": 0.45, "medium": 0.6, "large": 0.8}


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build(loader: Any) -> None:
    rng = random.Random(f"risk:{loader.seed}")
    users = {u.username: u for u in User.objects.filter(username__in=["sheng", "xian", "baoji", "pingtai"])}
    if "sheng" not in users:
        loader.log("风险监测历史：无演示账号，跳过 / risk history skipped: no demo logins")
        return
    sheng = users["sheng"]
    cats = list(ProductCategory.objects.filter(key_consumer_product=True)
                .annotate(n=Count("products")).filter(n__gt=0).order_by("code")[:4])
    if not cats:
        loader.log("风险监测历史：无重点消费品，跳过 / risk history skipped: no key consumer products")
        return
    today = timezone.localdate()
    last = detection.iso_monday(today) - dt.timedelta(days=7)
    first = last - dt.timedelta(weeks=WEEKS - 1)
    counties = {c: [r for r in Organisation.objects.filter(kind="bureau", level="county", region__pk__startswith=c[:4])
                    .values_list("region_id", flat=True)] or [c] for c in CITIES}
    products = {c.pk: list(Product.objects.filter(category=c).select_related("brand", "enterprise").order_by("id")[:20])
                for c in cats}
    base = BASE.get(loader.scale, 1.0)
    past_week = WEEKS - 20  # a surge 20 weeks ago in Xi'an, first category
    planted = {(cats[0].pk, "610100", past_week): 14, (cats[-1].pk, "610300", WEEKS - 1): 12}
    rows = []
    for cat in cats:
        summer = cat.code[-1:] in "13579"
        for city in CITIES:
            level = base * (2.0 if city == "610100" else 1.0)
            for w in range(WEEKS):
                season = 1 + 0.35 * math.cos(2 * math.pi * (w % 52 - (28 if summer else 2)) / 52)
                mu = level * season * (1 + 0.002 * w)
                n = sum(1 for _ in range(int(mu * 4) + 1) if rng.random() < mu / (int(mu * 4) + 1))
                n += planted.get((cat.pk, city, w), 0)
                week = first + dt.timedelta(weeks=w)
                for _ in range(n):
                    rows.append(_complaint(rng, cat, city, counties[city], week, products[cat.pk],
                                           surge=(cat.pk, city, w) in planted))
    signals = loader._bulk(Signal, rows, "risk_signal")
    # the weekly detector over the last half year, as if it had run every Monday
    alarms = services_run_detection(last)
    confirmed = False
    for alarm in sorted(alarms, key=lambda a: a.week):
        if alarm.week == last:
            continue  # this week's alarms wait for the analyst
        near = abs((alarm.week - (first + dt.timedelta(weeks=past_week))).days) <= 21
        planted_hit = near and alarm.category_name == cats[0].name and alarm.region_id == "610100"
        if planted_hit and not confirmed:
            services.alarm_decide(acting_user=sheng, alarm=alarm, decision="confirm",
                                  reason="同一品牌型号集中投诉，已转风险评估")
            confirmed = True
        elif near and confirmed and alarm.category_name == cats[0].name:
            services.alarm_decide(acting_user=sheng, alarm=alarm, decision="dismiss",
                                  reason="与已确认的异常为同一事件，已并入处置")
        elif alarm.status == "open":
            services.alarm_decide(acting_user=sheng, alarm=alarm, decision="dismiss",
                                  reason="季节性波动，经核实无集中质量问题")
    _warnings(loader, rng, users, cats, signals, first, past_week)
    loader.log(f"风险监测 / risk: {len(signals)} signals, {Alarm.objects.count()} alarms, "
               f"{Assessment.objects.count()} assessments, {Warning.objects.count()} warnings")


def services_run_detection(last: dt.date) -> list[Alarm]:
    from zhijian.risk.monitoring import run_detection

    return run_detection(acting_user=None, week=last, weeks=26)


def _complaint(rng, cat, city, counties, week, products, surge: bool) -> Signal:
    product = products[0] if surge and products else (rng.choice(products) if products and rng.random() < 0.6 else None)
    hazard = "electric" if surge else rng.choice(list(COMPLAINTS))
    text = rng.choice(COMPLAINTS[hazard])
    brand = product.brand.name if product is not None and product.brand_id else ""
    model = product.model if product is not None else ""
    title = f"{brand}{cat.name}{text}"[:300]
    region = rng.choice(counties)
    received = _aware(week + dt.timedelta(days=rng.randrange(7)), 8 + rng.randrange(10))
    signal = Signal(source_type="complaint", received_at=received, title=title, description=f"消费者反映：{text}。",
                    product_name=cat.name, brand=brand, model=model, category_name=cat.name, category=cat,
                    product=product, enterprise=product.enterprise if product is not None else None,
                    enterprise_name=product.enterprise.name if product is not None else "",
                    uscc=product.enterprise.uscc if product is not None else "", region_id=region,
                    hazard_type=hazard, injuries=1 if hazard in ("electric", "fire") and rng.random() < 0.2 else 0,
                    status="linked" if product is not None else "new", link_method="brand_model" if product else "",
                    reporter_contact=f"1{rng.randrange(3, 9)}{rng.randrange(10**8, 10**9)}")
    signal.search_text = quick_search_text(title, signal.description, cat.name, brand, model, signal.enterprise_name)
    return signal


def _warnings(loader, rng, users, cats, signals, first, past_week) -> None:
    sheng = users["sheng"]
    xian_org = users["xian"].organisation if "xian" in users else None
    pingtai_org = users["pingtai"].organisation if "pingtai" in users else None
    baoji_org = users["baoji"].organisation if "baoji" in users else None
    surge_week = first + dt.timedelta(weeks=past_week)
    past = [s for s in signals if s.category_id == cats[0].pk and s.hazard_type == "electric" and s.product_id
            and s.region_id.startswith("6101") and s.received_at.date() >= surge_week]
    if not past or xian_org is None:
        return
    # 1. the planted past problem: assessed serious, red warning, both recipients report, closed
    s1 = past[0]
    a1 = services.assessment_create(
        acting_user=sheng, title=f"{s1.brand}{s1.model}{cats[0].name}触电风险", signal=s1, conclusion="绝缘结构不符合标准，存在触电风险",
        scenarios=[{"hazard": "电击", "consumer": "general", "severity": 4, "steps": ["1/20", "1/50"]},
                   {"hazard": "电击", "consumer": "children", "severity": 4, "steps": ["1/20", "1/20"]}])
    recipients = [o for o in (xian_org, pingtai_org) if o is not None]
    w1 = services.warning_create(
        acting_user=sheng, title=f"关于{s1.brand}{s1.model}{cats[0].name}存在触电风险的消费警示", summary=a1.conclusion,
        consumer_advice="已购买的消费者请立即停止使用，联系销售者退货。", assessment=a1, public=True,
        scope={"categories": [cats[0].name], "brands": [s1.brand], "models": [s1.model]},
        measures=["stop_sale", "take_down", "consumer_advice"], recipients=recipients)
    services.warning_publish(acting_user=sheng, warning=w1, today=surge_week + dt.timedelta(days=10))
    for task in w1.tasks.select_related("organisation"):
        user = users["pingtai"] if task.organisation == pingtai_org else users["xian"]
        services.task_report(acting_user=user, task=task, found=True, measures_taken=["take_down" if user.username == "pingtai" else "stop_sale"],
                             units_withdrawn=rng.randrange(20, 300), note="已完成排查处置")
    _backdate(s1, a1, w1, surge_week, assess_days=3, warn_days=1, close_days=6)
    # 2. a high risk in another category: orange warning; Xi'an reported, Baoji overdue and escalated
    recent = sorted(signals, key=lambda s: s.received_at, reverse=True)
    others = [s for s in recent if s.category_id == cats[1 % len(cats)].pk and s.product_id][:1]
    if others and baoji_org is not None:
        s2 = others[0]
        a2 = services.assessment_create(acting_user=sheng, title=f"{s2.brand}{cats[1 % len(cats)].name}过热风险", signal=s2,
                                        scenarios=[{"hazard": "灼烫", "severity": 2, "steps": ["1/10", "1/50"]}],
                                        conclusion="长时间使用外壳温升过高")
        w2 = services.warning_create(acting_user=sheng, title=f"关于{s2.brand}{cats[1 % len(cats)].name}过热风险的通报",
                                     summary=a2.conclusion, assessment=a2, kind="internal",
                                     scope={"categories": [cats[1 % len(cats)].name], "brands": [s2.brand]},
                                     measures=["inspect"], recipients=[xian_org, baoji_org])
        start = timezone.localdate() - dt.timedelta(days=21)
        services.warning_publish(acting_user=sheng, warning=w2, today=start)
        xian_task = w2.tasks.get(organisation=xian_org)
        services.task_report(acting_user=users["xian"], task=xian_task, found=False, note="辖区内未发现该批次产品")
        services.tasks_escalate(acting_user=None, today=timezone.localdate())
        _backdate(s2, a2, w2, start - dt.timedelta(days=5), assess_days=4, warn_days=1, close_days=None)
    # 3. a medium risk still in draft
    thirds = [s for s in recent if s.category_id == cats[-1].pk][:1]
    if thirds:
        a3 = services.assessment_create(acting_user=sheng, title=f"{cats[-1].name}标识不规范", signal=thirds[0],
                                        scenarios=[{"hazard": "误用", "severity": 2, "steps": ["1/100", "1/50"]}])
        services.warning_create(acting_user=sheng, title=f"{cats[-1].name}消费提示（草稿）", summary="标识说明不完整",
                                assessment=a3, public=True, recipients=[xian_org])
    if pingtai_org is not None:
        services.subscription_create(acting_user=users["pingtai"], name=f"{cats[0].name}风险预警", categories=[cats[0].code])


def _backdate(signal, assessment, warning, received_day, *, assess_days, warn_days, close_days) -> None:
    """History written today carries today's times: move it to when it happened, so the dashboard's
    time-to-assess, time-to-warn and time-to-close show realistic figures."""
    received = _aware(received_day, 9)
    Signal.objects.filter(pk=signal.pk).update(received_at=received)
    assessed = received + dt.timedelta(days=assess_days, hours=3)
    Assessment.objects.filter(pk=assessment.pk).update(assessed_at=assessed)
    published = assessed + dt.timedelta(days=warn_days, hours=2)
    closed = published + dt.timedelta(days=close_days, hours=5) if close_days is not None else None
    Warning.objects.filter(pk=warning.pk).update(published_at=published,
                                                  **({"closed_at": closed} if closed is not None else {}))
