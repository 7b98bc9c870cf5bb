"""A small province for the spot-check loop: one category with its standard and items, producers
in Yanta and Baoji, two qualified agencies (jianyan's and a re-test one), six Xi'an inspectors."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.agencies.factories import AgencyFactory, InspectorFactory, ScopeFactory
from tests.registry.factories import BrandFactory, CategoryFactory, EnterpriseFactory, ProductFactory
from zhijian.core.models import Region
from zhijian.spotchecks import services
from zhijian.standards.models import Standard, TestItem


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(people):
    category = CategoryFactory(code="9901", name="电热毯")
    standard = Standard.objects.create(number="GB 99908-2026", title="电热毯安全要求（测试标准）",
                                       nature="mandatory")
    items = [TestItem.objects.create(standard=standard, name=name, safety_critical=safety, unit=unit, sort_order=n)
             for n, (name, safety, unit) in enumerate([("标志和说明", False, ""), ("泄漏电流", True, "mA"),
                                                       ("发热", True, "K")])]
    agency = AgencyFactory(name="陕西省产品质量监督检验研究院（测试）", organisation=people["jianyan"].organisation)
    ScopeFactory(agency=agency, product_category="电热毯")
    retest_agency = AgencyFactory(name="宝鸡市质量技术检验所（测试）", region=Region.objects.get(code="610300"))
    ScopeFactory(agency=retest_agency, product_category="电热毯")
    brand = BrandFactory(name="秦暖")
    producer = EnterpriseFactory(name="西安测试电器有限公司（生产）", region_code="610113",
                                 organisation=people["qiye"].organisation)
    ProductFactory(enterprise=producer, category=category, brand=brand, name="电热毯", model="TD-1")
    others = [EnterpriseFactory(region_code="610113") for _ in range(3)]
    for e in others:
        ProductFactory(enterprise=e, category=category, brand=brand, name="电热毯")
    inspectors = [InspectorFactory(region=Region.objects.get(code=code)) for code in
                  ("610102", "610103", "610104", "610111", "610112", "610113")]
    return {"category": category, "standard": standard, "items": items, "agency": agency, "retest_agency": retest_agency,
            "producer": producer, "others": others, "inspectors": inspectors, "brand": brand}


@pytest.fixture
def plan(people, world):
    sheng = people["sheng"]
    plan = services.plan_create(acting_user=sheng, year=2026, title="2026年电热毯产品质量省级监督抽查", level="provincial",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31), batch="第一批")
    item = services.plan_item_add(acting_user=sheng, plan=plan, category=world["category"], standards=[world["standard"]],
                                  sample_quantity=4, test_quantity=2, backup_quantity=2, agency=world["agency"])
    services.quota_set(acting_user=sheng, item=item, region=Region.objects.get(code="610100"), stage="production", count=4)
    services.plan_activate(acting_user=sheng, plan=plan)
    return plan


def run_draws(user, item):
    from zhijian.draws import services as draws

    draw = services.enterprise_draw_commit(acting_user=user, item=item)
    draws.draw_execute(acting_user=user, draw=draw, beacon="2026320 福彩3D 5 8 1", witnesses=["王见证"])
    inspector_draw = services.inspector_draw_commit(acting_user=user, item=item)
    draws.draw_execute(acting_user=user, draw=inspector_draw, beacon="2026321 福彩3D 0 2 7", witnesses=["王见证"])
    return draw, inspector_draw
