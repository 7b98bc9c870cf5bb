"""The public site's spot-check pages: only published announcements, header statistics as
published, the result search by product, enterprise, brand, region, year and verdict, the xlsx
download, and no login anywhere."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.spotchecks.publication_helpers import agency_for, category_with_items, enterprise, final_task, make_plan
from zhijian.spotchecks import services


@pytest.fixture
def published(people):
    """Five final results in Xi'an and Baoji, two failed; announced; a second plan left in draft."""
    sheng = people["sheng"]
    blanket = category_with_items("9901", "电热毯", "GB 4706.8-2008")
    agency = agency_for(blanket[0])
    plan, items = make_plan(sheng, [blanket], agency, year=2025, title="2025年电热毯产品质量省级监督抽查")
    item = items["9901"]
    qinhua = enterprise("610113", name="西安秦华测试电器有限公司")
    final_task(item, qinhua, verdict="fail", failed=["泄漏电流"], trademark="秦暖", model="TD-9")
    final_task(item, enterprise("610113"), verdict="pass", trademark="暖阳")
    final_task(item, enterprise("610302", name="宝鸡渭滨测试电器厂"), verdict="fail", failed=["发热", "标志和说明"],
               trademark="渭暖", seller_name="宝鸡百货商场")
    final_task(item, enterprise("610302"), verdict="pass", trademark="渭暖")
    final_task(item, enterprise("610303"), verdict="pass", trademark="秦暖")
    announcement = services.announcement_create(acting_user=sheng, plan=plan, number="陕市监抽〔2025〕1号")
    services.announcement_publish(acting_user=sheng, announcement=announcement, on=dt.date(2025, 6, 30))
    draft_plan, draft_items = make_plan(sheng, [blanket], agency, year=2026, title="2026年电热毯草稿计划")
    final_task(draft_items["9901"], enterprise("610113"), verdict="fail", failed=["发热"], trademark="草稿牌")
    draft = services.announcement_create(acting_user=sheng, plan=draft_plan, title="尚未发布的公告")
    return {"announcement": announcement, "draft": draft}


def test_announcement_list_shows_only_published_and_needs_no_login(published):
    response = Client().get(reverse("portal:announcement_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published["announcement"].title in html
    assert "尚未发布的公告" not in html
    assert "共 1 条" in html
    assert "/api/v1/public/spotcheck-results/" in html  # the JSON API is linked, not duplicated


def test_announcement_list_search_by_title_words_and_year(published):
    client = Client()
    assert "共 1 条" in client.get(reverse("portal:announcement_list"), {"q": "电热毯"}).content.decode()
    assert "共 0 条" in client.get(reverse("portal:announcement_list"), {"q": "电饭锅"}).content.decode()
    assert "共 0 条" in client.get(reverse("portal:announcement_list"), {"year": 2026}).content.decode()


def test_announcement_detail_shows_header_statistics_and_rows(published):
    a = published["announcement"]
    html = Client().get(reverse("portal:announcement_detail", args=[a.pk])).content.decode()
    # 5 batches by 5 enterprises, 2 failed: failure rate 2/5 = 40.0 %, pass rate 60.0 %
    assert "共抽查5家企业生产的5批次产品，检出不合格产品2批次，不合格发现率40.0%，抽样合格率60.0%" in html
    assert "GB 4706.8-2008" in html and "雁塔区" in html and "渭滨区" in html
    assert "陕市监抽〔2025〕1号" in html
    assert "共 5 批次，不合格 2 批次" in html
    # the failed items with the limit and the measured value (DOMAIN 1.4)
    assert "泄漏电流（标准要求：≤0.25 mA，实测值：0.41 mA）" in html
    assert "宝鸡百货商场" in html  # the sampled seller is listed apart from the labelled producer
    failed_only = Client().get(reverse("portal:announcement_detail", args=[a.pk]), {"verdict": "fail"}).content.decode()
    assert failed_only.count("badge text-bg-danger") == 2
    assert "暖阳" not in failed_only


def test_draft_announcement_is_not_public(published):
    client = Client()
    assert client.get(reverse("portal:announcement_detail", args=[published["draft"].pk])).status_code == 404
    assert client.get(reverse("portal:announcement_download", args=[published["draft"].pk, "pdf"])).status_code == 404


@pytest.mark.parametrize(("params", "expected"), [
    ({}, 5),
    ({"verdict": "fail"}, 2),
    ({"enterprise": "秦华"}, 1),
    ({"enterprise": "宝鸡百货"}, 1),              # the sampled seller counts as an enterprise too
    ({"trademark": "秦暖"}, 2),
    ({"region": "610300"}, 3),                   # a city selects its counties
    ({"region": "610302"}, 2),
    ({"year": 2025}, 5),
    ({"year": 2026}, 0),                         # the 2026 results are in a draft only
    ({"category": "电热毯"}, 5),
    ({"q": "泄漏电流"}, 1),                      # failed items are searchable
])
def test_result_search(published, params, expected):
    html = Client().get(reverse("portal:result_list"), params).content.decode()
    assert f"共 {expected} 条" in html


def test_result_search_pages_twenty_rows(published, people):
    sheng = people["sheng"]
    cooker = category_with_items("9902", "电饭锅", "GB 4706.19-2008")
    plan, items = make_plan(sheng, [cooker], agency_for(cooker[0], name="另一检验机构"), year=2024, title="2024年电饭锅抽查")
    for _ in range(21):
        final_task(items["9902"], enterprise("610402"), verdict="pass", trademark="咸阳牌")
    announcement = services.announcement_create(acting_user=sheng, plan=plan)
    services.announcement_publish(acting_user=sheng, announcement=announcement, on=dt.date(2024, 9, 1))
    html = Client().get(reverse("portal:result_list")).content.decode()
    assert "共 26 条" in html and "1 / 2" in html
    page2 = Client().get(reverse("portal:result_list"), {"page": 2}).content.decode()
    assert page2.count("<tr class=") == 6


def test_result_export_xlsx_follows_the_filter(published):
    response = Client().get(reverse("portal:result_list"), {"verdict": "fail", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(values) == 2
    assert {v[2] for v in values} == {"西安秦华测试电器有限公司", "宝鸡渭滨测试电器厂"}
    assert all(v[11] == "不合格" for v in values)


def test_index_lists_the_announcements_section(published):
    html = Client().get(reverse("portal:index")).content.decode()
    assert reverse("portal:announcement_list") in html


def test_public_pages_make_few_queries(published, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:result_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:announcement_detail", args=[published["announcement"].pk]))
