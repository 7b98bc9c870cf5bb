import pytest
from django.test import Client

from zhijian.audit.models import AuditEntry
from zhijian.registry.models import Brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(people):
    client = Client()
    client.force_login(people["admin"])
    return client


def test_admin_pages_render(admin_client_, rice_cooker):
    for url in ("/admin/registry/enterprise/", "/admin/registry/product/", "/admin/registry/brand/",
                "/admin/registry/productcategory/", f"/admin/registry/enterprise/{rice_cooker.enterprise_id}/change/"):
        assert admin_client_.get(url).status_code == 200, url


def test_admin_saves_go_through_the_services(admin_client_, baoji_enterprise):
    response = admin_client_.post("/admin/registry/brand/add/", {
        "name": "海尔", "name_en": "Haier", "pinyin": "", "owner": baoji_enterprise.pk,
        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    brand = Brand.objects.get(name="海尔")
    assert brand.pinyin == "haier"  # filled in by brand_create
    entry = AuditEntry.objects.get(action="registry.brand.create")
    assert entry.actor_name == "admin" and entry.reason == "管理后台修改"


def test_admin_cannot_delete_registry_rows(admin_client_, baoji_enterprise):
    assert admin_client_.get(f"/admin/registry/enterprise/{baoji_enterprise.pk}/delete/").status_code == 403
