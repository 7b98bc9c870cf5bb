import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.registry.factories import BrandFactory, EnterpriseFactory, ProductFactory, make_gtin
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.core.models import Region
from zhijian.core.search import search
from zhijian.registry import selectors, services
from zhijian.registry.models import BrandAlias, Enterprise, Product, ProductGTIN

pytestmark = pytest.mark.django_db

VALID = {
    "name": "西安秦岭电器有限公司",
    "legal_representative": "刘洋",
    "registered_address": "西安市雁塔区科技路10号",
    "industry": "appliance",
    "size_class": "medium",
}


def create(user, region="610113", body="MA6TG001", **extra):
    data = {**VALID, **extra}
    code = getattr(region, "code", region)
    return services.enterprise_create(acting_user=user, uscc=make_uscc(code, body), region=region, **data)


def message(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


# --- enterprises -------------------------------------------------------------------------------

def test_province_staff_registers_an_enterprise_and_the_audit_log_has_it(people):
    enterprise = create(people["sheng"], established_on=dt.date(2012, 3, 1))
    assert enterprise.region_id == "610113"
    entry = AuditEntry.objects.get(object_type="registry.enterprise", object_id=str(enterprise.pk))
    assert entry.action == "registry.enterprise.create"
    assert entry.actor_name == "sheng"
    assert entry.after["uscc"] == enterprise.uscc
    assert entry.region_code == "610113"


def test_region_accepts_a_code_or_a_region_row(people):
    enterprise = create(people["sheng"], region=Region.objects.get(code="610302"), body="MA6TG002")
    assert enterprise.region_id == "610302"


def test_real_out_of_province_uscc_is_well_formed_but_its_region_is_not_in_our_table(people):
    # Sinopec's real code (DOMAIN 6): checksums pass, but 110000 is Beijing, not a Shaanxi division.
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(acting_user=people["sheng"], uscc="91110000600037341L", region="610113", **VALID)
    assert "110000" in message(exc, "uscc")
    assert "not a known administrative division" in message(exc, "uscc")


def test_uscc_with_a_wrong_check_character_is_refused_in_both_languages(people):
    good = make_uscc("610113", "MA6TG001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(acting_user=people["sheng"], uscc=bad, region="610113", **VALID)
    assert "校验码" in message(exc, "uscc") and "check character" in message(exc, "uscc")


def test_a_uscc_is_registered_once(people):
    create(people["sheng"])
    with pytest.raises(ValidationError) as exc:
        create(people["sheng"])
    assert "已登记" in message(exc, "uscc")


def test_unknown_region_is_refused(people):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(acting_user=people["sheng"], uscc=make_uscc("610113", "MA6TG001"), region="619999", **VALID)
    assert "619999" in message(exc, "region")


def test_legacy_registration_number_is_checked_and_its_prefix_must_be_a_region(people):
    enterprise = create(people["sheng"], registration_number="610113400012347")
    assert enterprise.registration_number == "610113400012347"
    with pytest.raises(ValidationError) as exc:
        create(people["sheng"], body="MA6TG002", registration_number="610113400012348")
    assert "校验位" in message(exc, "registration_number")
    with pytest.raises(ValidationError) as exc:
        create(people["sheng"], body="MA6TG003", registration_number="110000400012340")
    assert "110000" in message(exc, "registration_number")


@pytest.mark.parametrize(("username", "region", "allowed"), [
    ("admin", "610302", True),
    ("sheng", "610302", True),
    ("xian", "610113", True),
    ("xian", "610302", False),
    ("baoji", "610302", True),
    ("baoji", "610113", False),
    ("yanta", "610113", True),
    ("yanta", "610112", False),
    ("jianyan", "610113", False),
    ("qiye", "610113", False),
    ("pingtai", "610113", False),
    ("shenji", "610113", False),
])
def test_who_may_register_where(people, username, region, allowed):
    if allowed:
        assert create(people[username], region=region).region_id == region
    else:
        with pytest.raises(PermissionDenied):
            create(people[username], region=region)
        assert not Enterprise.objects.exists()


def test_xian_staff_cannot_change_or_move_a_baoji_enterprise(people, baoji_enterprise, yanta_enterprise):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(acting_user=people["xian"], instance=baoji_enterprise, name="改名")
    with pytest.raises(PermissionDenied):
        services.enterprise_update(acting_user=people["xian"], instance=yanta_enterprise, region="610302")
    baoji_enterprise.refresh_from_db()
    assert baoji_enterprise.name == "宝鸡秦川家电有限公司"


def test_enterprise_user_edits_only_its_own_contact_fields(people, yanta_enterprise, baoji_enterprise):
    qiye = people["qiye"]
    services.enterprise_update(acting_user=qiye, instance=yanta_enterprise, contact_phone="029-12345678", name=yanta_enterprise.name)
    yanta_enterprise.refresh_from_db()
    assert yanta_enterprise.contact_phone == "029-12345678"
    with pytest.raises(PermissionDenied):
        services.enterprise_update(acting_user=qiye, instance=yanta_enterprise, name="别的名字")
    with pytest.raises(PermissionDenied):
        services.enterprise_update(acting_user=qiye, instance=baoji_enterprise, contact_phone="0917-1234567")


def test_update_is_audited_with_before_and_after(people, yanta_enterprise):
    services.enterprise_update(acting_user=people["xian"], instance=yanta_enterprise, legal_representative="陈静", reason="变更登记")
    entry = AuditEntry.objects.filter(action="registry.enterprise.update").get()
    assert entry.before["legal_representative"] == "王强"
    assert entry.after["legal_representative"] == "陈静"
    assert entry.reason == "变更登记"


def test_status_changes_follow_the_declared_transitions(people, yanta_enterprise):
    with pytest.raises(ValidationError):
        services.enterprise_update(acting_user=people["xian"], instance=yanta_enterprise, status="revoked")
    services.enterprise_set_status(acting_user=people["xian"], instance=yanta_enterprise, status="deregistered", reason="申请注销")
    yanta_enterprise.refresh_from_db()
    assert yanta_enterprise.status == "deregistered"
    event = AuditEntry.objects.get(action="registry.enterprise.status")
    assert event.before == {"status": "existing"} and event.after == {"status": "deregistered"}
    with pytest.raises(ValidationError) as exc:
        services.enterprise_set_status(acting_user=people["xian"], instance=yanta_enterprise, status="operating")
    assert "注销" in message(exc, "status")
    with pytest.raises(PermissionDenied):
        services.enterprise_set_status(acting_user=people["qiye"], instance=yanta_enterprise, status="existing")


def test_renaming_an_enterprise_refreshes_its_products_search_text(people, rice_cooker):
    services.enterprise_update(acting_user=people["sheng"], instance=rice_cooker.enterprise, name="西安长安厨电有限公司")
    assert list(search(Product.objects.all(), "长安厨电")) == [rice_cooker]


# --- catalogue ---------------------------------------------------------------------------------

def test_catalogue_is_kept_by_the_province(people):
    top = services.category_create(acting_user=people["sheng"], code="4", name="建筑和装饰装修材料")
    sanitary = services.category_create(acting_user=people["sheng"], code="401", name="卫生陶瓷", parent=top)
    seat = services.category_create(
        acting_user=people["sheng"], code="401.6", name="电子坐便器", parent=sanitary, key_consumer_product=True
    )
    assert (top.level, sanitary.level, seat.level) == (1, 2, 3)
    with pytest.raises(ValidationError):
        services.category_create(acting_user=people["sheng"], code="401.6.1", name="第四级", parent=seat)
    with pytest.raises(ValidationError) as exc:
        services.category_create(acting_user=people["sheng"], code="502", name="错挂", parent=top)
    assert "401" not in message(exc, "code") and "4" in message(exc, "code")
    with pytest.raises(PermissionDenied):
        services.category_create(acting_user=people["xian"], code="5", name="市局不能建")


def test_electric_blanket_moves_from_licence_to_ccc_on_2018_08_01(people):
    blanket = services.category_create(
        acting_user=people["sheng"], code="102", name="电热毯", licence_required=True,
        licence_valid_to=dt.date(2018, 8, 1), ccc_required=True, ccc_valid_from=dt.date(2018, 8, 1),
    )
    assert blanket.licence_required_on(dt.date(2018, 7, 31))
    assert not blanket.licence_required_on(dt.date(2018, 8, 1))
    assert blanket.ccc_required_on(dt.date(2018, 8, 1))
    assert list(selectors.categories_requiring_licence(dt.date(2016, 6, 1))) == [blanket]
    assert list(selectors.categories_requiring_licence(dt.date(2020, 1, 1))) == []
    with pytest.raises(ValidationError):
        services.category_update(acting_user=people["sheng"], instance=blanket, licence_valid_from=dt.date(2019, 1, 1))


# --- brands ------------------------------------------------------------------------------------

def test_brand_pinyin_is_filled_in_and_aliases_feed_the_screening_table(people):
    brand = services.brand_create(acting_user=people["sheng"], name="美的", name_en="Midea")
    assert brand.pinyin == "meide"
    services.brand_alias_add(acting_user=people["sheng"], brand=brand, alias="MIDEA", kind="english")
    typo = services.brand_alias_add(acting_user=people["sheng"], brand=brand, alias="美的牌", kind="typo")
    with pytest.raises(ValidationError):
        services.brand_alias_add(acting_user=people["sheng"], brand=brand, alias="MIDEA", kind="english")
    assert selectors.brand_alias_table() == [{"brand": "美的", "aliases": ["Midea", "meide", "MIDEA", "美的牌"]}]
    services.brand_alias_remove(acting_user=people["sheng"], alias=typo)
    assert not BrandAlias.objects.filter(alias="美的牌").exists()
    actions = list(AuditEntry.objects.filter(object_type__startswith="registry.brand").values_list("action", flat=True))
    assert sorted(actions) == sorted([
        "registry.brand.create", "registry.brandalias.create", "registry.brandalias.create", "registry.brandalias.delete",
    ])


def test_local_staff_may_not_touch_brands_of_enterprises_elsewhere(people, baoji_enterprise):
    brand = BrandFactory(name="秦川", owner=baoji_enterprise)
    with pytest.raises(PermissionDenied):
        services.brand_alias_add(acting_user=people["xian"], brand=brand, alias="Qinchuan")
    with pytest.raises(PermissionDenied):
        services.brand_create(acting_user=people["jianyan"], name="检验所品牌")
    services.brand_alias_add(acting_user=people["baoji"], brand=brand, alias="Qinchuan", kind="english")


def test_renaming_a_brand_refreshes_product_search(people, rice_cooker, midea):
    services.brand_update(acting_user=people["sheng"], instance=midea, name="美的集团")
    midea.refresh_from_db()
    assert midea.pinyin == "meidejituan"
    assert list(search(Product.objects.all(), "集团")) == [rice_cooker]


# --- products ----------------------------------------------------------------------------------

def test_product_with_gtins_and_standards(people, yanta_enterprise, catalogue, midea):
    product = services.product_create(
        acting_user=people["qiye"], enterprise=yanta_enterprise, category=catalogue["cooker"], brand=midea,
        name="美的电饭煲", model="MB-FB40", gtins=[make_gtin(7), "６９" + make_gtin(8)[2:]],
        declared_standards=["GB 4706.1—2005", "gb 4706.19-2008"],
    )
    assert product.gtins == [make_gtin(7), make_gtin(8)]
    assert product.declared_standards == ["GB 4706.1-2005", "GB 4706.19-2008"]
    assert set(ProductGTIN.objects.values_list("gtin", flat=True)) == {make_gtin(7), make_gtin(8)}
    assert selectors.product_by_gtin(people["xian"], make_gtin(8)) == product
    assert selectors.product_by_gtin(people["baoji"], make_gtin(8)) is None
    assert AuditEntry.objects.get(action="registry.product.create").organisation_id == people["qiye"].organisation_id

    services.product_update(acting_user=people["qiye"], instance=product, gtins=[make_gtin(8)])
    assert list(ProductGTIN.objects.values_list("gtin", flat=True)) == [make_gtin(8)]


def test_bad_gtin_and_standard_are_named(people, yanta_enterprise, catalogue):
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            acting_user=people["sheng"], enterprise=yanta_enterprise, category=catalogue["cooker"], name="电饭煲",
            gtins=[make_gtin(1), "6901234567890"],
        )
    assert "第2个商品条码" in message(exc, "gtins") and "check digit" in message(exc, "gtins")
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            acting_user=people["sheng"], enterprise=yanta_enterprise, category=catalogue["cooker"], name="电饭煲",
            declared_standards=["企业标准"],
        )
    assert "执行标准" in message(exc, "declared_standards")


def test_a_gtin_belongs_to_one_product(people, rice_cooker, catalogue):
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            acting_user=people["sheng"], enterprise=rice_cooker.enterprise, category=catalogue["cooker"], name="另一款电饭煲",
            gtins=[rice_cooker.gtins[0]],
        )
    assert "已属于其他产品" in message(exc, "gtins")


def test_enterprise_user_writes_only_its_own_products(people, baoji_enterprise, baoji_product, catalogue):
    with pytest.raises(PermissionDenied):
        services.product_create(acting_user=people["qiye"], enterprise=baoji_enterprise, category=catalogue["cable"], name="电缆")
    with pytest.raises(PermissionDenied):
        services.product_update(acting_user=people["qiye"], instance=baoji_product, name="改名")
    with pytest.raises(PermissionDenied):
        services.product_update(acting_user=people["xian"], instance=baoji_product, name="改名")
    with pytest.raises(PermissionDenied):
        services.product_update(acting_user=people["jianyan"], instance=baoji_product, name="改名")


def test_enterprise_user_cannot_move_its_product_to_another_enterprise(people, rice_cooker, baoji_enterprise):
    with pytest.raises(PermissionDenied):
        services.product_update(acting_user=people["qiye"], instance=rice_cooker, enterprise=baoji_enterprise)


def test_dashboard_counts_stay_inside_the_jurisdiction(people, rice_cooker, baoji_product):
    ProductFactory(enterprise=rice_cooker.enterprise, category=rice_cooker.category, name="电压力锅")

    def cards(username):
        return {c["label"]: c["value"] for c in selectors.dashboard_cards(people[username])}

    assert cards("sheng") == {"企业数": 2, "产品数": 3, "重点消费品产品数": 2, "许可证管理类产品": 1}
    assert cards("xian") == {"企业数": 1, "产品数": 2, "重点消费品产品数": 2, "许可证管理类产品": 0}
    assert cards("baoji") == {"企业数": 1, "产品数": 1, "重点消费品产品数": 0, "许可证管理类产品": 1}
    assert cards("jianyan")["企业数"] == 0
    assert all(c["url"].startswith("/registry/") for c in selectors.dashboard_cards(people["sheng"]))


def test_the_planner_friendly_scope_is_the_same_as_visible_to(people, yanta_enterprise, baoji_enterprise):
    EnterpriseFactory(region_code="610112")
    EnterpriseFactory(region_code="610100")
    for user in people.values():
        expected = set(Enterprise.objects.visible_to(user).values_list("id", flat=True))
        assert set(selectors.enterprise_list(user).values_list("id", flat=True)) == expected, user.username


def test_the_planner_friendly_product_scope_is_the_same_as_visible_to(people, rice_cooker, baoji_product):
    ProductFactory(enterprise=EnterpriseFactory(region_code="610112"), category=rice_cooker.category)
    for user in people.values():
        expected = set(Product.objects.visible_to(user).values_list("id", flat=True))
        assert set(selectors.product_list(user).values_list("id", flat=True)) == expected, user.username
