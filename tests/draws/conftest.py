import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def directory(people):
    """Enterprises making electric blankets (401.6 under 401) in Xi'an, Yanta and Baoji, one of them
    licensed, one dissolved, one making only another product; inspectors with a conflict and an
    expired certificate; two agencies of which one qualified."""
    from tests.agencies.factories import AgencyFactory, ConflictFactory, InspectorFactory, ScopeFactory
    from tests.registry.factories import CategoryFactory, EnterpriseFactory, ProductFactory
    from zhijian.accounts.models import Organisation
    from zhijian.core.models import Region

    parent = CategoryFactory(code="401", name="家用电器", level=2)
    blanket = CategoryFactory(code="401.6", name="电热毯", level=3, parent=parent)
    other = CategoryFactory(code="402", name="家具", level=2)
    enterprises = {}
    for key, region, weight in [("xa1", "610102", "1"), ("xa2", "610104", "2"), ("yt1", "610113", "1"),
                                ("yt2", "610113", "3"), ("bj1", "610302", "1"), ("bj2", "610303", "1.5")]:
        enterprises[key] = EnterpriseFactory(region_code=region, name=f"测试电热毯厂{key}",
                                             supervision_weight=Decimal(weight))
        ProductFactory(enterprise=enterprises[key], category=blanket)
    enterprises["gone"] = EnterpriseFactory(region_code="610102", name="已注销电热毯厂", status="deregistered")
    ProductFactory(enterprise=enterprises["gone"], category=blanket)
    enterprises["sofa"] = EnterpriseFactory(region_code="610102", name="沙发厂")
    ProductFactory(enterprise=enterprises["sofa"], category=other)
    ProductFactory(enterprise=enterprises["xa2"], category=blanket, licence_number="")
    licensed = ProductFactory(enterprise=enterprises["bj1"], category=blanket)
    type(licensed).objects.filter(pk=licensed.pk).update(licence_number="XK61-001-00001")

    xian_bureau = Organisation.objects.get(name="西安市市场监督管理局")
    yanta_bureau = Organisation.objects.get(name="西安市雁塔区市场监督管理局")
    inspectors = {
        "xa1": InspectorFactory(name="王一", staff_number="XA0001", organisation=xian_bureau),
        "xa2": InspectorFactory(name="王二", staff_number="XA0002", organisation=xian_bureau),
        "xa3": InspectorFactory(name="王三", staff_number="XA0003", organisation=xian_bureau),
        "yt1": InspectorFactory(name="李一", staff_number="YT0001", organisation=yanta_bureau),
        "old": InspectorFactory(name="赵过期", staff_number="XA0009", organisation=xian_bureau,
                                cert_valid_to=dt.date(2020, 1, 1)),
        "bj1": InspectorFactory(name="张宝", staff_number="BJ0001",
                                organisation=Organisation.objects.get(name="宝鸡市市场监督管理局")),
    }
    ConflictFactory(inspector=inspectors["xa2"], enterprise_uscc=enterprises["yt1"].uscc,
                    enterprise_name=enterprises["yt1"].name)
    qualified = AgencyFactory(name="西安电器检测中心")
    ScopeFactory(agency=qualified, product_category="401", valid_from=dt.date(2020, 1, 1))
    second = AgencyFactory(name="宝鸡电器检测中心", region=Region.objects.get(code="610300"))
    ScopeFactory(agency=second, product_category="401.6", valid_from=dt.date(2022, 1, 1))
    lapsed = AgencyFactory(name="过期检测中心")
    ScopeFactory(agency=lapsed, product_category="电热毯", valid_from=dt.date(2018, 1, 1), valid_to=dt.date(2021, 1, 1))
    return {"enterprises": enterprises, "inspectors": inspectors, "agencies": {"ok": qualified, "lapsed": lapsed},
            "blanket": blanket}


@pytest.fixture
def simple_rows():
    return [{"id": f"E{i:03d}", "label": f"企业{i}", "stratum": ["610100", "610300"][i % 2], "weight": str(1 + i % 3)}
            for i in range(20)]
