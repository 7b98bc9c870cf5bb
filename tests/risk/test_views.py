"""The pages: lists with filter bar and xlsx export, details, forms; the public pages and complaint form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zhijian.risk import services
from zhijian.risk.models import Signal


@pytest.fixture
def client_for(people):
    def make(username):
        c = Client()
        c.force_login(people[username])
        return c

    return make


@pytest.mark.parametrize("name", ["signal_list", "assessment_list", "alarm_list", "warning_list", "response_list",
                                  "subscription_list", "dashboard", "signal_create", "assessment_create",
                                  "warning_create", "signal_import", "inbox", "subscription_create"])
def test_pages_render_for_sheng(registry, client_for, name):
    r = client_for("sheng").get(reverse(f"risk:{name}"))
    assert r.status_code == 200


def test_list_exports_xlsx_and_filters(registry, client_for):
    services.complaint_submit(title="电吹风冒火花", region="610113", reporter_contact="1", brand="秦风", model="QF-1800")
    c = client_for("xian")
    r = c.get(reverse("risk:signal_list"), {"q": "火花"})
    assert "电吹风冒火花" in r.content.decode() and "共 1 条" in r.content.decode()
    r = c.get(reverse("risk:signal_list"), {"export": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_platform_user_cannot_open_the_signal_database(registry, client_for):
    assert client_for("pingtai").get(reverse("risk:signal_list")).status_code == 403


def test_assessment_form_and_sensitivity_view(registry, client_for):
    s = services.complaint_submit(title="电吹风冒火花", region="610113", reporter_contact="1")
    c = client_for("sheng")
    r = c.post(reverse("risk:assessment_create") + f"?signal={s.pk}", {
        "title": "电吹风", "profile": "eu-2019-417", "s1_hazard": "烫伤", "s1_consumer": "general", "s1_severity": "1",
        "s1_steps": "1, 1/50, 1/10", "signal": s.pk})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert "低风险" in page and "敏感性分析" in page and "1/500" in page
    bad = c.post(reverse("risk:assessment_create"), {"title": "x", "profile": "eu-2019-417", "s1_hazard": "a",
                                                      "s1_severity": "2", "s1_steps": "abc"})
    assert bad.status_code == 200 and "无法识别" in bad.content.decode()


def test_import_page_shows_the_report(registry, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client_for("sheng").post(reverse("risk:signal_import"), {
        "source": "eu", "file": SimpleUploadedFile("a.csv", b"alert_number,product_name\nA12/00001/20,x\n")})
    assert "未导入任何数据" in r.content.decode() and Signal.objects.count() == 0


def test_public_complaint_form_creates_a_signal(db, people):
    c = Client()
    url = reverse("portal:complaint_create")
    assert c.get(url).status_code == 200
    r = c.post(url, {"title": "充电宝鼓包", "description": "充电时发烫鼓包", "product_name": "充电宝",
                     "hazard_type": "fire", "injuries": 0, "region": "610113", "reporter_contact": "13900000000"})
    assert r.status_code == 302
    s = Signal.objects.get()
    assert s.source_type == "complaint" and s.hazard_type == "fire" and s.region_id == "610113"
    r = c.post(url, {"title": "x", "description": "y", "product_name": "z", "hazard_type": "other", "injuries": 0,
                     "region": "610113", "reporter_contact": "1", "gtin": "123"})
    assert r.status_code == 400 and Signal.objects.count() == 1


def test_public_warning_pages_show_only_public_published_warnings(registry, people):
    from tests.risk.test_services import _red_warning

    _s, _a, w = _red_warning(people, registry)
    c = Client()
    assert w.title not in c.get(reverse("portal:warning_list")).content.decode()
    assert c.get(reverse("portal:warning_detail", args=[w.pk])).status_code == 404
    services.warning_publish(acting_user=people["sheng"], warning=w)
    assert w.title in c.get(reverse("portal:warning_list")).content.decode()
    assert "红色预警" in c.get(reverse("portal:warning_detail", args=[w.pk])).content.decode()
