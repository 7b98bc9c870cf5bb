"""A tiny demo province in the test database: logins, identifiers, inspectors, search, idempotence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from rest_framework.test import APIClient

from zhijian.accounts.models import Organisation, User
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import validate_gtin, validate_uscc
from zhijian.core.models import Region
from zhijian.core.search import search
from zhijian.demo.generate import Province
from zhijian.demo.logins import DEMO_LOGINS, DEMO_ROLES
from zhijian.demo.province import DemoAlreadyLoaded, load_province
from zhijian.demo.services import demo_is_loaded
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory, ProductGTIN

pytestmark = pytest.mark.django_db
SEED = 2016


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One tiny load shared by this module's tests, rolled back at the end. Passwords are hashed
    with the hasher the suite's autouse fixture configures for every test (tests/conftest.py)."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        before = demo_is_loaded()
        lines: list[str] = []
        result = load_province(scale="tiny", seed=SEED, out=lines.append)
        yield {"before": before, "result": result, "lines": lines}
        transaction.set_rollback(True)


def test_demo_is_loaded_flips_and_one_event_records_the_load(demo):
    assert demo["before"] is False
    assert demo_is_loaded() is True
    events = AuditEntry.objects.filter(action="demo.load")
    assert events.count() == 1
    after = events.get().after
    assert after["scale"] == "tiny" and after["seed"] == SEED
    assert after["counts"]["enterprise"] == Enterprise.objects.count() == 200
    # Bulk rows carry no per-row audit entries.
    assert not AuditEntry.objects.filter(object_type="registry.enterprise").exists()


def test_progress_is_reported_per_batch(demo):
    assert any("企业 / enterprises 200/200" in line for line in demo["lines"])


def test_same_seed_gives_the_generator_output(demo):
    expected = sorted(r.uscc for r in Province(seed=SEED, enterprises=200).enterprises())
    assert sorted(Enterprise.objects.values_list("uscc", flat=True)) == expected


def test_bureaus_for_province_cities_counties_and_yangling(demo):
    bureaus = Organisation.objects.filter(kind="bureau")
    assert bureaus.count() == 119
    counties = set(Region.objects.filter(level="county").values_list("code", flat=True))
    assert set(bureaus.filter(level="county").values_list("region_id", flat=True)) == counties
    yangling = bureaus.get(name="杨凌示范区市场监督管理局")
    assert yangling.region_id == "610403" and yangling.region.supervision_region_id == "6111"
    assert bureaus.get(name="西安市雁塔区市场监督管理局").parent.name == "西安市市场监督管理局"


@pytest.mark.parametrize(("username", "role_label", "org_name"), DEMO_LOGINS)
def test_demo_login_exists_with_its_role_and_password(demo, username, role_label, org_name):
    user = User.objects.get(username=username)
    assert user.role == DEMO_ROLES[username]
    assert user.get_role_display() == role_label
    assert user.organisation.name == org_name
    assert (user.is_superuser, user.is_staff) == ((True, True) if username == "admin" else (False, False))
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": settings.DEMO_PASSWORD},
                                format="json")
    assert response.status_code == 200, response.content


def test_enterprise_login_has_an_enterprise_with_products(demo):
    qiye = User.objects.get(username="qiye")
    own = Enterprise.objects.visible_to(qiye)
    assert [e.name for e in own] == ["西安秦华电器有限公司"]
    assert own.get().region_id == "610113"
    assert Product.objects.filter(enterprise=own.get()).count() >= 2
    agency = InspectionAgency.objects.get(organisation=User.objects.get(username="jianyan").organisation)
    assert agency.name == "陕西省产品质量监督检验研究院" and agency.region_id.startswith("6101")
    assert User.objects.get(username="pingtai").organisation.kind == "platform"


def test_every_uscc_valid_and_in_a_shaanxi_county(demo):
    counties = set(Region.objects.filter(level="county").values_list("code", flat=True))
    for uscc, region in Enterprise.objects.values_list("uscc", "region_id"):
        assert validate_uscc(uscc, known_region=counties.__contains__) == uscc
        assert uscc[2:8] == region


def test_every_gtin_valid_with_prefix_690_699(demo):
    gtins = list(ProductGTIN.objects.values_list("gtin", flat=True))
    assert len(gtins) >= Product.objects.count() > 200
    for gtin in gtins:
        assert validate_gtin(gtin) == gtin and 690 <= int(gtin[:3]) <= 699
    for product in Product.objects.all()[:50]:
        assert sorted(product.gtins) == sorted(product.gtin_rows.values_list("gtin", flat=True))


def test_catalogue_brands_and_standards(demo):
    blanket = ProductCategory.objects.get(name="电热毯", level=3)
    assert blanket.licence_required_on(dt.date(2018, 7, 31))
    assert not blanket.licence_required_on(dt.date(2018, 8, 1))
    assert blanket.ccc_required_on(dt.date(2018, 8, 1))
    key = set(ProductCategory.objects.filter(key_consumer_product=True).values_list("name", flat=True))
    assert {"电热毯", "自动电饭锅", "电子坐便器", "烟花爆竹", "儿童纸尿裤", "玩具", "婴幼儿及儿童服装", "床上用品", "家具",
            "儿童家具", "家用燃气灶具", "吸油烟机", "不锈钢厨具餐具", "食品接触用塑料制品"} <= key
    assert ProductCategory.objects.filter(focus_industrial_product=True).exists()
    midea = Brand.objects.get(name="美的")
    assert {"Midea", "meidi"} <= set(BrandAlias.objects.filter(brand=midea).values_list("alias", flat=True))
    rice = Product.objects.filter(brand=midea, name__contains="电饭煲").first()
    assert rice is not None and "GB 4706.19-2008" in rice.declared_standards


def test_every_city_has_inspectors_and_some_declared_conflicts(demo):
    for city in Region.objects.filter(level="city"):
        assert Inspector.objects.filter(region__code__startswith=city.code[:4]).exists(), city.name
    assert ConflictOfInterest.objects.filter(enterprise_name="西安秦华电器有限公司").exists()
    assert InspectionAgency.objects.count() == 12
    assert QualificationScope.objects.filter(agency__name="陕西省纤维检验局", product_category="3").exists()


def test_search_for_rice_cooker_finds_midea_products(demo):
    found = search(Product.objects.all(), "电饭煲")
    assert found.filter(brand__name="美的").exists()
    assert all("电饭煲" in p.search_text or "饭煲" in p.search_text for p in found)
    assert search(Enterprise.objects.all(), "秦华电器").filter(name="西安秦华电器有限公司").exists()


def test_loading_again_refuses_and_changes_nothing(demo):
    count = Enterprise.objects.count()
    with pytest.raises(DemoAlreadyLoaded):
        load_province(scale="tiny", seed=SEED, out=lambda _m: None)
    with pytest.raises(CommandError, match="已加载"):
        call_command("demo_load", scale="tiny")
    assert Enterprise.objects.count() == count


@pytest.mark.django_db
def test_licensed_products_carry_valid_licence_numbers(demo):
    from zhijian.core.identifiers import validate_licence_number
    from zhijian.registry.models import Product

    numbered = Product.objects.exclude(licence_number="")
    assert numbered.exists()
    for number in numbered.values_list("licence_number", flat=True)[:200]:
        assert validate_licence_number(number) == number
    assert not numbered.filter(category__licence_required=False).exists()

