import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.registry.factories import EnterpriseFactory, make_gtin
from zhijian.audit.models import AuditEntry
from zhijian.core.identifiers import make_uscc
from zhijian.registry.models import BrandAlias, Enterprise, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(people):
    def make(username):
        client = Client()
        client.force_login(people[username])
        return client

    return make


def test_enterprise_list_renders_with_filters_for_a_bureau_user(login, yanta_enterprise, baoji_enterprise):
    response = login("xian").get(reverse("registry:enterprise_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "企业名录" in page and "统一社会信用代码" in page and "共 1 条" in page
    assert yanta_enterprise.name in page and baoji_enterprise.name not in page
    assert 'name="q"' in page and 'name="region"' in page and "雁塔区" in page
    response = login("sheng").get(reverse("registry:enterprise_list"), {"q": "秦川", "industry": "appliance"})
    page = response.content.decode()
    assert baoji_enterprise.name in page and yanta_enterprise.name not in page and "共 1 条" in page


def test_enterprise_export_is_a_real_xlsx(login, yanta_enterprise, baoji_enterprise):
    response = login("sheng").get(reverse("registry:enterprise_list"), {"export": "xlsx", "region": "610100"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "企业名称", "法定代表人")
    assert rows[1:] == [(yanta_enterprise.uscc, yanta_enterprise.name, "王强", "雁塔区", "家用电器", "小型", "存续", None)]


def test_product_list_search_and_export(login, rice_cooker, baoji_product):
    client = login("sheng")
    page = client.get(reverse("registry:product_list"), {"q": "电饭煲"}).content.decode()
    assert "美的电饭煲" in page and baoji_product.name not in page
    response = client.get(reverse("registry:product_list"), {"q": "电饭煲", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("美的电饭煲", "MB-FB40", "美的") and rows[1][6] == make_gtin(1)


def test_category_and_brand_lists_render_for_every_role(login, catalogue, midea):
    for username in ("sheng", "xian", "jianyan", "qiye"):
        client = login(username)
        assert "自动电饭锅" in client.get(reverse("registry:category_list")).content.decode()
        assert "Midea" in client.get(reverse("registry:brand_list")).content.decode()


def test_enterprise_detail_shows_products_and_is_404_outside_the_jurisdiction(login, rice_cooker, baoji_enterprise):
    client = login("xian")
    page = client.get(rice_cooker.enterprise.get_absolute_url()).content.decode()
    assert "美的电饭煲" in page and 'dl class="row zj-detail' in page and "编辑" in page
    uscc = rice_cooker.enterprise.uscc
    assert f"{uscc[8:16]}-{uscc[16]}" in page  # the embedded organisation code
    assert client.get(baoji_enterprise.get_absolute_url()).status_code == 404
    assert client.get(reverse("registry:enterprise_edit", args=[baoji_enterprise.pk])).status_code == 404


def test_product_detail_shows_gtins_standards_and_brand_aliases(login, rice_cooker, midea):
    BrandAlias.objects.create(brand=midea, alias="MIDEA", kind="english")
    page = login("qiye").get(rice_cooker.get_absolute_url()).content.decode()
    assert make_gtin(1) in page and "GB 4706.19-2008" in page and "MIDEA" in page
    assert login("baoji").get(rice_cooker.get_absolute_url()).status_code == 404


def test_create_enterprise_through_the_form(login):
    client = login("xian")
    data = {
        "uscc": make_uscc("610113", "MA6TG020"), "name": "西安雁塔新创电器有限公司", "legal_representative": "周敏",
        "registered_address": "西安市雁塔区丈八一路1号", "region": "610113", "industry": "appliance", "size_class": "micro",
    }
    response = client.post(reverse("registry:enterprise_create"), data)
    enterprise = Enterprise.objects.get(name="西安雁塔新创电器有限公司")
    assert response.status_code == 302 and response["Location"] == enterprise.get_absolute_url()
    assert AuditEntry.objects.filter(action="registry.enterprise.create", actor_name="xian").exists()


def test_the_form_names_a_bad_uscc_and_an_out_of_jurisdiction_region(login):
    client = login("xian")
    data = {
        "uscc": "91110000600037341L", "name": "外省企业", "legal_representative": "周敏", "registered_address": "北京",
        "region": "610113", "industry": "appliance", "size_class": "micro",
    }
    page = client.post(reverse("registry:enterprise_create"), data).content.decode()
    assert "110000" in page and not Enterprise.objects.exists()
    data.update(uscc=make_uscc("610302", "MA6TG021"), region="610302")
    assert client.post(reverse("registry:enterprise_create"), data).status_code == 403


def test_enterprise_user_edit_form_has_only_contact_fields(login, yanta_enterprise):
    client = login("qiye")
    url = reverse("registry:enterprise_edit", args=[yanta_enterprise.pk])
    page = client.get(url).content.decode()
    assert 'name="contact_phone"' in page and 'name="uscc"' not in page
    response = client.post(url, {"contact_person": "李娜", "contact_phone": "029-11112222"})
    assert response.status_code == 302
    yanta_enterprise.refresh_from_db()
    assert yanta_enterprise.contact_phone == "029-11112222"


def test_product_form_for_an_enterprise_user(login, yanta_enterprise, catalogue, midea):
    client = login("qiye")
    form = client.get(reverse("registry:product_create")).content.decode()
    assert yanta_enterprise.uscc in form
    data = {
        "enterprise": yanta_enterprise.uscc, "category": catalogue["cooker"].pk, "brand": "美的", "name": "美的电压力锅",
        "model": "MY-12", "gtins": f"{make_gtin(11)}\n{make_gtin(12)}", "declared_standards": "GB 4706.1-2005",
        "status": "in_production",
    }
    response = client.post(reverse("registry:product_create"), data)
    product = Product.objects.get(name="美的电压力锅")
    assert response.status_code == 302
    assert product.gtins == [make_gtin(11), make_gtin(12)]
    data.update(gtins="6901234567890")
    page = client.post(reverse("registry:product_edit", args=[product.pk]), data).content.decode()
    assert "商品条码校验位错误" in page


def test_brand_page_adds_and_removes_aliases(login, midea):
    client = login("sheng")
    client.post(reverse("registry:brand_alias_add", args=[midea.pk]), {"alias": "MIDEA", "kind": "english"})
    alias = BrandAlias.objects.get(brand=midea)
    assert "MIDEA" in client.get(midea.get_absolute_url()).content.decode()
    client.post(reverse("registry:brand_alias_remove", args=[midea.pk, alias.pk]))
    assert not BrandAlias.objects.exists()
    assert login("jianyan").post(reverse("registry:brand_alias_add", args=[midea.pk]), {"alias": "x", "kind": "other"}).status_code == 403


def test_category_pages(login, catalogue):
    client = login("sheng")
    page = client.get(catalogue["appliances"].get_absolute_url()).content.decode()
    assert "自动电饭锅" in page
    response = client.post(reverse("registry:category_create"), {"code": "103", "name": "电热毯", "parent": catalogue["appliances"].pk,
                                                                  "licence_required": "on", "licence_valid_to": "2018-08-01"})
    assert response.status_code == 302
    assert login("xian").get(reverse("registry:category_create")).status_code == 403


def test_list_page_query_count_is_flat(login, django_assert_max_num_queries, people):
    client = login("xian")
    for _ in range(25):
        EnterpriseFactory(region_code="610113")
    client.get(reverse("registry:enterprise_list"))  # warm the session and the menu
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:enterprise_list"), {"page_size": 25})
    assert response.status_code == 200


def test_dashboard_shows_registry_counts(login, rice_cooker):
    page = login("xian").get(reverse("home")).content.decode()
    assert "企业数" in page and "重点消费品产品数" in page
