"""The demo province's stand-alone double-random draws, made through the draws services so that
their commitments, beacons, witnesses and audit trail are real and every one reproduces with
`zhijian draw verify`: an enterprise draw for electric blankets and its inspector and agency
draws (drawn, with witnesses), and a toy-makers' draw committed and awaiting its public value.
(Spot-check plans make their own draws in the spot-check history.)"""

from __future__ import annotations

import random
from typing import Any

from zhijian.accounts.models import User
from zhijian.draws import selectors, services

WITNESSES = ["刘建华（省局法规处）", "陈静（社会监督员）"]


def _beacon(rng: random.Random, period: int) -> tuple[str, str]:
    digits = " ".join(str(rng.randrange(10)) for _ in range(3))
    source = f"中国福利彩票3D 第{period}期开奖号码"
    return digits, source


def build(loader: Any) -> None:
    rng = random.Random(f"draws:{loader.seed}")
    sheng = User.objects.filter(username="sheng").first()
    if sheng is None:
        loader.log("双随机抽取 / draws: no province staff login, skipped")
        return
    made = 0
    rows = selectors.enterprise_pool_rows(user=sheng, category_codes=["101.1"], strata="city", weight="supervision_weight")
    if len(rows) >= 2:
        n = max(2, min(12, len(rows) // 5))
        digits, source = _beacon(rng, 2026318)
        draw = services.draw_commit(
            acting_user=sheng, kind="enterprise", title="2026年电热毯生产企业“双随机”监督检查（检查对象）", rows=rows,
            params={"n": n, "stratified": True, "weighted": True}, region="610000", beacon_plan=source)
        services.draw_execute(acting_user=sheng, draw=draw, beacon=digits, beacon_source=source, witnesses=WITNESSES)
        made += 1
    inspectors = selectors.inspector_pool_rows(organisation_region="610000", qualification="执法证")
    if len(inspectors) >= 3:
        digits, source = _beacon(rng, 2026319)
        draw = services.draw_commit(acting_user=sheng, kind="inspector", title="2026年电热毯“双随机”监督检查（执法检查人员）",
                                    rows=inspectors, params={"n": min(4, len(inspectors) - 1)}, region="610000",
                                    beacon_plan=source)
        services.draw_execute(acting_user=sheng, draw=draw, beacon=digits, beacon_source=source, witnesses=WITNESSES)
        made += 1
    agencies = {r["id"]: r for name in ("101.1", "电热毯") for r in selectors.agency_pool_rows(category=name)}
    agencies = [agencies[k] for k in sorted(agencies)]
    if len(agencies) >= 2:
        digits, source = _beacon(rng, 2026320)
        draw = services.draw_commit(acting_user=sheng, kind="agency", title="2026年电热毯“双随机”监督检查（检验机构）",
                                    rows=agencies, params={"n": 1}, region="610000", beacon_plan=source)
        services.draw_execute(acting_user=sheng, draw=draw, beacon=digits, beacon_source=source, witnesses=WITNESSES)
        made += 1
    toys = selectors.enterprise_pool_rows(user=sheng, category_codes=["201"], strata="city")
    if len(toys) >= 2:
        services.draw_commit(acting_user=sheng, kind="enterprise", title="2026年第四季度玩具生产企业“双随机”抽查（检查对象）",
                             rows=toys, params={"n": max(1, min(10, len(toys) // 5)), "stratified": True},
                             region="610000", beacon_plan="中国福利彩票3D 第2026330期开奖号码")
        made += 1
    loader.counts["draw"] = loader.counts.get("draw", 0) + made
    loader.log(f"双随机抽取 / draws: {made}")
