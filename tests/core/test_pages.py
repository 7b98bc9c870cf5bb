import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from zhijian.audit.models import AuditEntry
from zhijian.core.models import CalendarDay


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["admin"])
    return client


@pytest.mark.django_db
def test_region_list_filters_and_counts(client, people):
    client.force_login(people["sheng"])
    response = client.get(reverse("core:region_list"), {"level": "city"})
    page = response.content.decode()
    assert "共 10 条" in page
    assert "宝鸡市" in page


@pytest.mark.django_db
def test_region_list_export_is_real_xlsx(client, people):
    client.force_login(people["sheng"])
    response = client.get(reverse("core:region_list"), {"q": "6101", "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0][0] == "行政区划代码"
    assert all(str(r[0]).startswith("6101") for r in rows[1:])
    assert len(rows) > 10


@pytest.mark.django_db
def test_region_list_forbidden_for_enterprise(client, people):
    client.force_login(people["qiye"])
    assert client.get(reverse("core:region_list")).status_code == 403


@pytest.mark.django_db
def test_admin_adds_holiday_override_with_audit(admin_client):
    response = admin_client.post(reverse("core:calendar_create"), {"date": "2027-01-01", "name": "元旦"})
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2027, 1, 1))
    assert day.is_workday is False
    assert AuditEntry.objects.filter(action="core.calendarday.create", object_id=str(day.pk)).exists()


@pytest.mark.django_db
def test_city_staff_cannot_edit_calendar(client, people):
    client.force_login(people["xian"])
    assert client.post(reverse("core:calendar_create"), {"date": "2027-01-01"}).status_code == 403
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_regions_api_tree(api_for):
    data = api_for("xian").get("/api/v1/regions/", {"parent": "610100", "page_size": 100}).json()
    names = {r["name"] for r in data["results"]}
    assert "雁塔区" in names and data["count"] >= 10
    yangling = api_for("xian").get("/api/v1/regions/610403/").json()
    assert yangling["supervision_region"] == "6111"


@pytest.mark.django_db
def test_openapi_schema_generates(api_for):
    response = api_for("sheng").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].endswith("json") else None
    text = response.content.decode()
    assert "/api/v1/regions/" in text
    if schema:
        assert schema["openapi"].startswith("3")


@pytest.mark.django_db
def test_list_page_offers_import_only_to_those_who_may(client, people):
    client.force_login(people["xian"])
    page = client.get(reverse("registry:enterprise_list")).content.decode()
    assert "import/?entity=enterprises" in page or "entity=enterprises" in page
    client.force_login(people["pingtai"])
    response = client.get(reverse("registry:enterprise_list"))
    assert "entity=enterprises" not in response.content.decode()
