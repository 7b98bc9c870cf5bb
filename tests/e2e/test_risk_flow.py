"""Issue 6's browser check: a complaint arrives through the public form; sheng links it to a
product, assesses it as serious and issues a red warning to Xi'an and a platform; xian and
pingtai report back; the warning closes; the public warning page shows it."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def logout(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_load_state()


def report_back(page, base: str, username: str, warning_url: str, units: str, measure: str) -> None:
    login(page, base, username)
    page.goto(warning_url)
    page.click("[data-testid=report-task]")
    page.wait_for_selector("[data-testid=report-form]")
    page.select_option("#id_found", "1")
    page.check(f"input[name=measures_taken][value={measure}]")
    page.fill("#id_units_withdrawn", units)
    page.fill("#id_note", f"{username} 已处置")
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_load_state()
    assert "已反馈" in page.inner_text("[data-testid=status]")
    logout(page)


def test_complaint_to_red_warning_to_closed(page, live_zhijian, tmp_path):
    base = live_zhijian
    token = f"E2E{int(time.time()) % 100000:05d}"
    title = f"电吹风使用中冒火花触电{token}"

    # 1. the public complaint form (no login)
    page.goto(f"{base}/public/")
    page.click("text=投诉举报")
    page.wait_for_selector("[data-testid=complaint-form]")
    page.fill("#id_title", title)
    page.fill("#id_description", "插上电源后手柄处冒火花，手有麻感")
    page.fill("#id_product_name", "电吹风")
    page.fill("#id_brand", "秦华")
    page.fill("#id_model", "QH-1800")
    page.select_option("#id_hazard_type", "electric")
    page.fill("#id_injuries", "1")
    page.select_option("#id_region", "610113")
    page.fill("#id_reporter_name", "张女士")
    page.fill("#id_reporter_contact", "13800001234")
    page.click("[data-testid=complaint-form] button[type=submit]")
    page.wait_for_load_state()
    assert "投诉已受理" in page.content()

    # 2. sheng finds it in the risk database and links it to a registry product
    login(page, base, "sheng")
    page.goto(f"{base}/risk/signals/?q={token}")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    page.wait_for_selector("[data-testid=product-search]")
    page.fill("[data-testid=product-search]", "秦华")
    page.click("text=查询")
    page.wait_for_selector("[data-testid=candidates] button")
    page.locator("[data-testid=candidates] button").first.click()
    page.wait_for_load_state()
    linked = page.inner_text("[data-testid=linked-product]")
    assert linked.strip() not in ("", "—")

    # 3. assesses it: one scenario, severity 4, probability 1/10 x 1/100 -> serious
    page.click("[data-testid=assess]")
    page.wait_for_selector("[data-testid=assessment-form]")
    page.fill("#id_s1_hazard", "电击")
    page.select_option("#id_s1_consumer", "general")
    page.select_option("#id_s1_severity", "4")
    page.fill("#id_s1_steps", "1/10, 1/100")
    page.click("[data-testid=assessment-form] button[type=submit]")
    page.wait_for_selector("[data-testid=level]")
    assert page.inner_text("[data-testid=level]").strip() == "严重风险"
    assert "一致" in page.inner_text("[data-testid=reproduced]")
    assert page.locator("[data-testid=sensitivity] table").count() == 1

    # 4. issues a red warning to Xi'an and the platform, public
    page.click("[data-testid=issue-warning]")
    page.wait_for_selector("#id_recipients")
    assert page.input_value("#id_level") == "red"
    page.fill("#id_consumer_advice", "请立即停止使用，拔下电源")
    page.check("input[name=measures][value=stop_sale]")
    page.check("input[name=measures][value=take_down]")
    page.check("#id_public")
    labels = page.locator("#id_recipients option").all_inner_texts()
    wanted = [x for x in labels if x.endswith("西安市市场监督管理局") or x.endswith("陕西秦云优选电子商务有限公司")]
    assert len(wanted) == 2
    page.select_option("#id_recipients", label=wanted)
    page.click("form button[type=submit]")
    page.wait_for_selector("[data-testid=publish]")
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    assert "已发布" in page.inner_text("[data-testid=status]")
    assert page.locator("[data-testid=tasks] tbody tr").count() == 2
    warning_url = page.url
    logout(page)

    # 5. xian and pingtai report back
    report_back(page, base, "xian", warning_url, "120", "stop_sale")
    report_back(page, base, "pingtai", warning_url, "37", "take_down")

    # 6. the warning has closed, with its reach
    login(page, base, "sheng")
    page.goto(warning_url)
    assert "已办结" in page.inner_text("[data-testid=status]")
    assert page.inner_text("[data-testid=units]").strip() == "157"
    page.goto(f"{base}/risk/dashboard/")
    assert re.search(r"\d", page.inner_text("[data-testid=time-to-close]"))
    logout(page)

    # 7. the public warning page shows it
    page.goto(f"{base}/public/")
    page.click("text=消费警示与召回")
    page.wait_for_selector("[data-testid=public-warnings]")
    page.locator("[data-testid=public-warnings] a", has_text=token).first.click()
    page.wait_for_selector("[data-testid=public-warning]")
    text = page.inner_text("[data-testid=public-warning]")
    assert "红色预警" in text and token in text and "已办结" in text and "157" in text
    page.screenshot(path=str(tmp_path / "public-warning.png"))
