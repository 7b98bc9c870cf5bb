import pytest

from tests.registry.factories import EnterpriseFactory, ProductFactory, make_gtin
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.registry.models import Enterprise, Product

pytestmark = pytest.mark.django_db

ENTERPRISES = "/api/v1/enterprises/"
PRODUCTS = "/api/v1/products/"
CATEGORIES = "/api/v1/product-categories/"
BRANDS = "/api/v1/brands/"


def enterprise_payload(**extra):
    return {
        "uscc": make_uscc("610113", "MA6TG010"), "name": "西安雁塔电器有限公司", "legal_representative": "孙磊",
        "registered_address": "西安市雁塔区电子二路5号", "region": "610113", "industry": "appliance",
        "size_class": "small", **extra,
    }


def error_for(response, field):
    return " ".join(e["reason"] for e in response.json()["errors"] if e["field"] == field)


def ids(response):
    return {row["id"] for row in response.json()["results"]}


# --- jurisdiction ------------------------------------------------------------------------------

@pytest.mark.parametrize(("username", "sees_yanta", "sees_baoji"), [
    ("admin", True, True), ("sheng", True, True), ("shenji", True, True),
    ("xian", True, False), ("yanta", True, False), ("baoji", False, True),
    ("qiye", True, False), ("jianyan", False, False), ("pingtai", False, False),
])
def test_enterprise_list_and_detail_follow_the_jurisdiction(api_for, username, sees_yanta, sees_baoji,
                                                            yanta_enterprise, baoji_enterprise):
    client = api_for(username)
    listed = ids(client.get(ENTERPRISES))
    assert (yanta_enterprise.pk in listed) is sees_yanta
    assert (baoji_enterprise.pk in listed) is sees_baoji
    assert client.get(f"{ENTERPRISES}{baoji_enterprise.pk}/").status_code == (200 if sees_baoji else 404)
    assert client.get(f"{ENTERPRISES}{yanta_enterprise.pk}/").status_code == (200 if sees_yanta else 404)


@pytest.mark.parametrize(("username", "sees_yanta", "sees_baoji"), [
    ("sheng", True, True), ("xian", True, False), ("baoji", False, True), ("qiye", True, False), ("pingtai", False, False),
])
def test_product_list_and_detail_follow_the_jurisdiction(api_for, username, sees_yanta, sees_baoji, rice_cooker, baoji_product):
    client = api_for(username)
    listed = ids(client.get(PRODUCTS))
    assert (rice_cooker.pk in listed) is sees_yanta
    assert (baoji_product.pk in listed) is sees_baoji
    assert client.get(f"{PRODUCTS}{baoji_product.pk}/").status_code == (200 if sees_baoji else 404)


def test_xian_cannot_patch_a_baoji_enterprise(api_for, baoji_enterprise):
    response = api_for("xian").patch(f"{ENTERPRISES}{baoji_enterprise.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 404
    baoji_enterprise.refresh_from_db()
    assert baoji_enterprise.name == "宝鸡秦川家电有限公司"


def test_xian_cannot_move_its_enterprise_to_baoji(api_for, yanta_enterprise):
    response = api_for("xian").patch(f"{ENTERPRISES}{yanta_enterprise.pk}/", {"region": "610302"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_read_only_roles_get_403_on_writes(api_for, yanta_enterprise):
    for username in ("jianyan", "pingtai", "shenji"):
        client = api_for(username)
        assert client.post(ENTERPRISES, enterprise_payload(), format="json").status_code == 403
    # The auditor sees the enterprise but may not change it.
    response = api_for("shenji").patch(f"{ENTERPRISES}{yanta_enterprise.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    assert not Enterprise.objects.filter(name="西安雁塔电器有限公司").exists()


def test_enterprise_user_patches_its_contact_phone_but_not_its_name(api_for, yanta_enterprise):
    client = api_for("qiye")
    response = client.patch(f"{ENTERPRISES}{yanta_enterprise.pk}/", {"contact_phone": "029-66668888"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["contact_phone"] == "029-66668888"
    assert client.patch(f"{ENTERPRISES}{yanta_enterprise.pk}/", {"name": "改名"}, format="json").status_code == 403


# --- identifiers at the boundary ---------------------------------------------------------------

def test_create_enterprise_and_read_it_back(api_for):
    response = api_for("xian").post(ENTERPRISES, enterprise_payload(registration_number="610113400012347"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region"] == "610113" and body["region_name"].endswith("雁塔区")
    assert body["status"] == "existing" and body["status_display"] == "存续"
    assert body["organisation_code"] == f"{body['uscc'][8:16]}-{body['uscc'][16]}"
    assert AuditEntry.objects.filter(action="registry.enterprise.create", object_id=str(body["id"])).exists()


def test_bad_uscc_is_a_400_naming_the_field_and_reason(api_for):
    good = make_uscc("610113", "MA6TG010")
    response = api_for("sheng").post(ENTERPRISES, enterprise_payload(uscc=good[:-1] + ("1" if good[-1] != "1" else "2")), format="json")
    assert response.status_code == 400
    reason = error_for(response, "uscc")
    assert "校验码错误" in reason and "check character does not match" in reason


def test_out_of_province_uscc_is_a_400(api_for):
    response = api_for("sheng").post(ENTERPRISES, enterprise_payload(uscc="91110000600037341L"), format="json")
    assert response.status_code == 400
    assert "110000" in error_for(response, "uscc")


def test_unknown_region_is_a_400(api_for):
    response = api_for("sheng").post(ENTERPRISES, enterprise_payload(region="619999"), format="json")
    assert response.status_code == 400
    reason = error_for(response, "region")
    assert "619999" in reason and "unknown" in reason
    response = api_for("sheng").post(ENTERPRISES, enterprise_payload(region="61A"), format="json")
    assert "6位数字" in error_for(response, "region")


def test_bad_registration_number_is_a_400(api_for):
    response = api_for("sheng").post(ENTERPRISES, enterprise_payload(registration_number="610113400012348"), format="json")
    assert response.status_code == 400
    assert "校验位错误" in error_for(response, "registration_number")


def test_bad_gtin_is_a_400_naming_the_item(api_for, yanta_enterprise, catalogue):
    payload = {"enterprise": yanta_enterprise.pk, "category": catalogue["cooker"].pk, "name": "电饭煲",
               "gtins": [make_gtin(3), "6901234567890"]}
    response = api_for("qiye").post(PRODUCTS, payload, format="json")
    assert response.status_code == 400
    reason = error_for(response, "gtins.1")
    assert "商品条码校验位错误" in reason and "GTIN check digit does not match" in reason
    assert not Product.objects.exists()


def test_bad_licence_number_is_a_400_naming_the_field(api_for, yanta_enterprise, catalogue):
    payload = {"enterprise": yanta_enterprise.pk, "category": catalogue["cooker"].pk, "name": "电饭煲",
               "licence_number": "XK16-204-0039"}
    response = api_for("qiye").post(PRODUCTS, payload, format="json")
    assert response.status_code == 400
    reason = error_for(response, "licence_number")
    assert "生产许可证编号格式" in reason and "production licence number" in reason
    assert not Product.objects.exists()


def test_licence_number_is_normalised(api_for, yanta_enterprise, catalogue):
    payload = {"enterprise": yanta_enterprise.pk, "category": catalogue["cooker"].pk, "name": "电饭煲",
               "licence_number": "（陕）ＸＫ１６－２０４－００３９７"}
    response = api_for("qiye").post(PRODUCTS, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["licence_number"] == "陕XK16-204-00397"


def test_create_product_through_the_api(api_for, yanta_enterprise, catalogue, midea):
    payload = {"enterprise": yanta_enterprise.pk, "category": catalogue["cooker"].pk, "brand": midea.pk,
               "name": "美的智能电饭煲", "model": "MB-HS4075", "gtins": [make_gtin(4)],
               "declared_standards": ["GB 4706.1–2005"]}
    response = api_for("qiye").post(PRODUCTS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["declared_standards"] == ["GB 4706.1-2005"]
    assert body["brand_name"] == "美的" and body["key_consumer_product"] is True
    assert ids(api_for("qiye").get(PRODUCTS, {"gtin": make_gtin(4)})) == {body["id"]}


def test_enterprise_user_cannot_create_products_for_others(api_for, baoji_enterprise, catalogue):
    payload = {"enterprise": baoji_enterprise.pk, "category": catalogue["cable"].pk, "name": "电缆"}
    response = api_for("qiye").post(PRODUCTS, payload, format="json")
    # An enterprise outside the caller's view does not exist for it.
    assert response.status_code == 400
    assert error_for(response, "enterprise")


# --- search ------------------------------------------------------------------------------------

def test_search_finds_a_rice_cooker_inside_the_brand_name_and_by_pinyin_initials(api_for, rice_cooker, baoji_product):
    client = api_for("sheng")
    assert ids(client.get(PRODUCTS, {"q": "电饭煲"})) == {rice_cooker.pk}
    assert ids(client.get(PRODUCTS, {"q": "美的"})) == {rice_cooker.pk}
    assert ids(client.get(PRODUCTS, {"q": "mddfb"})) == {rice_cooker.pk}
    assert ids(client.get(PRODUCTS, {"q": "电缆"})) == {baoji_product.pk}
    assert ids(api_for("baoji").get(PRODUCTS, {"q": "电饭煲"})) == set()


def test_enterprise_search_and_filters(api_for, yanta_enterprise, baoji_enterprise):
    client = api_for("sheng")
    assert ids(client.get(ENTERPRISES, {"q": "秦川"})) == {baoji_enterprise.pk}
    assert ids(client.get(ENTERPRISES, {"q": "bjqc"})) == {baoji_enterprise.pk}
    assert ids(client.get(ENTERPRISES, {"q": yanta_enterprise.uscc})) == {yanta_enterprise.pk}
    assert ids(client.get(ENTERPRISES, {"region": "610300"})) == {baoji_enterprise.pk}
    assert ids(client.get(ENTERPRISES, {"region": "610113"})) == {yanta_enterprise.pk}
    assert ids(client.get(ENTERPRISES, {"status": "revoked"})) == set()


def test_product_category_filter_includes_descendants(api_for, rice_cooker, baoji_product, catalogue):
    client = api_for("sheng")
    assert ids(client.get(PRODUCTS, {"category": catalogue["appliances"].pk})) == {rice_cooker.pk}
    assert ids(client.get(PRODUCTS, {"key_consumer_product": "true"})) == {rice_cooker.pk}
    assert ids(client.get(PRODUCTS, {"licence_required": "true"})) == {baoji_product.pk}


# --- speed -------------------------------------------------------------------------------------

def test_enterprise_list_query_count_does_not_grow_with_rows(api_for, django_assert_max_num_queries, people):
    client = api_for("xian")
    for n in range(30):
        EnterpriseFactory(region_code="610113" if n % 2 else "610112")
    with django_assert_max_num_queries(2):  # the count and the page; no per-row queries
        response = client.get(ENTERPRISES, {"page_size": 50})
    assert response.json()["count"] == 30


def test_product_list_query_count_does_not_grow_with_rows(api_for, django_assert_max_num_queries, rice_cooker):
    for n in range(20):
        ProductFactory(enterprise=rice_cooker.enterprise, category=rice_cooker.category, gtins=[make_gtin(100 + n)])
    with django_assert_max_num_queries(2):
        response = api_for("xian").get(PRODUCTS, {"page_size": 50})
    assert response.json()["count"] == 21


# --- catalogue and brands ----------------------------------------------------------------------

def test_catalogue_is_readable_by_everyone_and_written_by_the_province(api_for, catalogue):
    assert api_for("jianyan").get(CATEGORIES).json()["count"] == 3
    assert api_for("pingtai").post(CATEGORIES, {"code": "3", "name": "玩具"}, format="json").status_code == 403
    assert api_for("xian").post(CATEGORIES, {"code": "3", "name": "玩具"}, format="json").status_code == 403
    response = api_for("sheng").post(CATEGORIES, {"code": "301", "name": "塑胶玩具", "parent": catalogue["appliances"].pk}, format="json")
    assert response.status_code == 400 and error_for(response, "code")
    response = api_for("sheng").post(
        CATEGORIES, {"code": "102", "name": "电热毯", "parent": catalogue["appliances"].pk, "licence_required": True,
                     "licence_valid_to": "2018-08-01", "ccc_required": True, "ccc_valid_from": "2018-08-01"}, format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["level"] == 2 and response.json()["licence_required_today"] is False


def test_brand_with_aliases_through_the_api(api_for):
    client = api_for("sheng")
    response = client.post(BRANDS, {"name": "九阳", "name_en": "Joyoung"}, format="json")
    assert response.status_code == 201, response.json()
    brand = response.json()
    assert brand["pinyin"] == "jiuyang"
    alias = client.post(f"{BRANDS}{brand['id']}/aliases/", {"alias": "JOYOUNG", "kind": "english"}, format="json")
    assert alias.status_code == 201
    assert client.get(f"{BRANDS}{brand['id']}/").json()["aliases"] == [{"id": alias.json()["id"], "alias": "JOYOUNG", "kind": "english"}]
    assert api_for("jianyan").get(BRANDS, {"q": "joyoung"}).json()["count"] == 1
    assert api_for("jianyan").post(f"{BRANDS}{brand['id']}/aliases/", {"alias": "九羊"}, format="json").status_code == 403
    assert client.delete(f"{BRANDS}{brand['id']}/aliases/{alias.json()['id']}/").status_code == 204


def test_set_status_action(api_for, yanta_enterprise):
    client = api_for("yanta")
    response = client.post(f"{ENTERPRISES}{yanta_enterprise.pk}/set-status/", {"status": "revoked", "reason": "吊销营业执照"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    response = client.post(f"{ENTERPRISES}{yanta_enterprise.pk}/set-status/", {"status": "operating"}, format="json")
    assert response.status_code == 400 and error_for(response, "status")
