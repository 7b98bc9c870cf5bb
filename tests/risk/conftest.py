"""Risk fixtures: a registry with a hair dryer (GTIN), a toy mouse carrying a GTIN from the
Safety Gate sample, and a Ryobi charger P113 matching the CPSC sample by brand and model."""

from __future__ import annotations

import pytest

from tests.registry.factories import BrandFactory, CategoryFactory, EnterpriseFactory, ProductFactory, make_gtin


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def registry(people):
    dryer_cat = CategoryFactory(code="103", name="电吹风", level=2)
    toy_cat = CategoryFactory(code="301", name="玩具", level=2)
    charger_cat = CategoryFactory(code="104", name="充电器", level=2)
    yanta = EnterpriseFactory(region_code="610113", name="西安测试电器有限公司",
                              organisation=people["qiye"].organisation)
    baoji = EnterpriseFactory(region_code="610302", name="宝鸡秦川玩具有限公司")
    dryer = ProductFactory(enterprise=yanta, category=dryer_cat, brand=BrandFactory(name="秦风"), name="秦风电吹风",
                           model="QF-1800", gtins=[make_gtin(7)])
    dryer.gtin_rows.create(gtin=make_gtin(7))
    toy = ProductFactory(enterprise=baoji, category=toy_cat, brand=BrandFactory(name="乐童"), name="遥控玩具老鼠",
                         model="LT-M1", gtins=["5907451324745"])
    toy.gtin_rows.create(gtin="5907451324745")
    charger = ProductFactory(enterprise=yanta, category=charger_cat, brand=BrandFactory(name="Ryobi"),
                             name="电池充电器", model="P113")
    return {"dryer": dryer, "toy": toy, "charger": charger, "yanta": yanta, "baoji": baoji}
