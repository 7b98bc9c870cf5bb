"""Registry fixtures: one enterprise in Yanta (Xi'an, linked to the `qiye` login) and one in Baoji."""

from __future__ import annotations

import pytest

from tests.registry.factories import BrandFactory, CategoryFactory, EnterpriseFactory, ProductFactory, make_gtin


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The `people` fixture sets nine passwords; argon2 makes that seconds per test on a busy machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def yanta_enterprise(people):
    return EnterpriseFactory(
        region_code="610113", name="西安测试电器有限公司", organisation=people["qiye"].organisation,
        legal_representative="王强", contact_person="李娜", contact_phone="029-88886666",
    )


@pytest.fixture
def baoji_enterprise(people):
    return EnterpriseFactory(region_code="610302", name="宝鸡秦川家电有限公司", legal_representative="赵敏")


@pytest.fixture
def catalogue(db):
    appliances = CategoryFactory(code="1", name="家用电器", level=1)
    cooker = CategoryFactory(
        code="101", name="自动电饭锅", level=2, parent=appliances, key_consumer_product=True, ccc_required=True
    )
    cable = CategoryFactory(code="2", name="电线电缆", level=1, licence_required=True, focus_industrial_product=True)
    return {"appliances": appliances, "cooker": cooker, "cable": cable}


@pytest.fixture
def midea(db):
    return BrandFactory(name="美的", name_en="Midea", pinyin="meide")


@pytest.fixture
def rice_cooker(yanta_enterprise, catalogue, midea):
    product = ProductFactory(
        enterprise=yanta_enterprise, category=catalogue["cooker"], brand=midea, name="美的电饭煲", model="MB-FB40",
        gtins=[make_gtin(1)], declared_standards=["GB 4706.19-2008"],
    )
    product.gtin_rows.create(gtin=make_gtin(1))
    return product


@pytest.fixture
def baoji_product(baoji_enterprise, catalogue):
    return ProductFactory(enterprise=baoji_enterprise, category=catalogue["cable"], brand=None, name="聚氯乙烯绝缘电缆", model="BV 2.5")
