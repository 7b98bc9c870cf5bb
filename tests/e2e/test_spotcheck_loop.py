"""Issue 4's browser check: the whole spot-check loop as its users do it.

sheng makes a plan and runs both draws with typed beacons; xian samples; jianyan submits a failing
report; qiye objects; the re-test confirms; the handling steps run; the announcement is published
and an anonymous visitor finds the failed product on the public site."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

PRODUCER = "西安秦华电器有限公司"


def logout(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_load_state()


def ok(page) -> None:
    """The last action succeeded: no error message on the page."""
    page.wait_for_load_state()
    errors = page.locator(".alert-danger, [data-testid=field-error]").all_inner_texts()
    assert not errors, errors


def draw_with_beacon(page, beacon: str) -> None:
    page.wait_for_selector("[data-testid=commitment]")
    assert re.fullmatch(r"[0-9a-f]{64}", page.inner_text("[data-testid=commitment]").strip())
    page.fill("[data-testid=execute-form] [name=beacon]", beacon)
    page.fill("[data-testid=execute-form] [name=beacon_source]", "中国福利彩票3D")
    page.fill("[data-testid=execute-form] [name=witnesses]", "王见证、李公证")
    page.click("[data-testid=execute]")
    ok(page)
    page.wait_for_selector("[data-testid=result-table]")


def test_the_whole_spot_check_loop(page, live_zhijian):
    base = live_zhijian
    page.set_default_timeout(15000)
    today = dt.date.today()
    # --- sheng: plan, rule, quota, draws -----------------------------------------------------------
    login(page, base, "sheng")
    page.goto(f"{base}/spotchecks/plans/new/")
    page.fill("[name=title]", "电热毯产品质量省级监督抽查（浏览器测试）")
    page.fill("[name=starts_on]", f"{today.year}-01-01")
    page.fill("[name=ends_on]", f"{today.year}-12-31")
    page.click("button[type=submit]")
    ok(page)
    plan_url = page.url
    form = page.locator("[data-testid=item-form]")
    form.locator("[name=category]").select_option(label="101.1 电热毯")
    form.locator("[name=standards]").select_option(label="GB 4706.8-2008 家用和类似用途电器的安全 电热毯、电热垫及类似柔性发热器具的特殊要求")
    form.locator("[name=agency]").select_option(label="陕西省产品质量监督检验研究院")
    form.locator("button").click()
    ok(page)
    quota = page.locator("[data-testid=quota-form]")
    quota.locator("[name=region]").select_option(value="610113")
    quota.locator("[name=stage]").select_option(value="production")
    quota.locator("[name=count]").fill("5")  # every electric-blanket maker in Yanta
    quota.locator("button").click()
    ok(page)
    page.click("[data-testid=activate]")
    ok(page)
    page.click("[data-testid=draw-enterprises]")
    draw_with_beacon(page, "2026320 5 8 1")
    assert PRODUCER in page.inner_text("[data-testid=result-table]")
    page.goto(plan_url)
    page.click("[data-testid=draw-inspectors]")
    draw_with_beacon(page, "2026321 0 2 7")
    page.goto(f"{base}/spotchecks/tasks/?q={PRODUCER}")
    page.locator("[data-testid=result-table] tbody tr a").first.click()
    page.wait_for_load_state()
    task_url = page.url
    assert page.inner_text("[data-testid=inspectors]").count("、") >= 1  # two inspectors drawn
    logout(page)

    # --- xian: notice and sampling -------------------------------------------------------------------
    login(page, base, "xian")
    page.goto(task_url)
    page.click("text=下达抽查通知")
    ok(page)
    page.click("[data-testid=record-sample]")
    page.fill("[name=batch_number]", f"{today:%Y%m}01")
    page.fill("[name=seal_numbers]", "FY-2026-001/FY-2026-002")
    page.click("[data-testid=submit]")
    ok(page)
    assert page.inner_text("[data-testid=task-status]") == "已抽样"
    logout(page)

    # --- jianyan: receives the sample and submits a failing report -----------------------------------
    login(page, base, "jianyan")
    page.goto(task_url)
    page.click("[data-testid=receive]")
    ok(page)
    page.click("[data-testid=submit-report]")
    page.fill("[name=number]", "SXZJ-E2E-0001")
    rows = page.locator("[data-testid=result-row]")
    for i in range(rows.count()):
        rows.nth(i).locator("[data-testid=measured]").fill("符合")
        rows.nth(i).locator("[data-testid=verdict]").select_option("pass")
    rows.nth(0).locator("[data-testid=measured]").fill("0.42 mA")
    rows.nth(0).locator("[data-testid=verdict]").select_option("fail")
    failed_item = rows.nth(0).locator("td").first.inner_text().split(" ")[0].strip()
    page.click("[data-testid=submit]")
    ok(page)
    assert page.inner_text("[data-testid=task-verdict]") == "不合格"
    logout(page)

    # --- xian serves the result; qiye objects --------------------------------------------------------
    login(page, base, "xian")
    page.goto(task_url)
    page.click("[data-testid=notify-result]")
    ok(page)
    logout(page)
    login(page, base, "qiye")
    page.goto(task_url)
    page.click("[data-testid=file-objection]")
    page.fill("[name=reason]", "样品运输途中受潮，申请对备用样品复检")
    page.click("[data-testid=submit]")
    ok(page)
    objection_url = page.url
    logout(page)

    # --- sheng accepts, the Baoji centre's paper re-test is recorded and confirms ---------------------
    login(page, base, "sheng")
    page.goto(objection_url)
    page.locator("[data-testid=accept-form] select").select_option(label="宝鸡市产品质量检验检测中心")
    page.click("[data-testid=accept]")
    ok(page)
    page.goto(task_url)
    page.click("[data-testid=submit-retest]")
    page.fill("[name=number]", "BJZJ-FJ-0001")
    rows = page.locator("[data-testid=result-row]")
    assert rows.count() == 1  # only the disputed item is re-tested
    rows.nth(0).locator("[data-testid=measured]").fill("0.40 mA")
    rows.nth(0).locator("[data-testid=verdict]").select_option("fail")
    page.click("[data-testid=submit]")
    ok(page)
    assert page.inner_text("[data-testid=task-status]") == "结论已定"
    page.goto(objection_url)
    assert page.inner_text("[data-testid=objection-status]") == "复检维持原结论"

    # --- handling: order, rectification, re-inspection, close ---------------------------------------
    page.goto(task_url)
    page.click("[data-testid=start-handling]")
    ok(page)
    handling_url = page.url
    logout(page)
    login(page, base, "qiye")
    page.goto(handling_url)
    page.fill("[data-testid=rectify-form] [name=report]", "已停止销售同型号产品，更换电源线供应商，对库存产品全检。")
    page.click("[data-testid=rectify]")
    ok(page)
    logout(page)
    login(page, base, "xian")
    page.goto(handling_url)
    page.locator("[data-testid=handling-actions] [name=verdict]").first.select_option("pass")
    page.click("[data-testid=reinspect]")
    ok(page)
    logout(page)
    login(page, base, "sheng")
    page.goto(handling_url)
    page.click("[data-testid=close-handling]")
    ok(page)
    assert page.inner_text("[data-testid=handling-status]") == "已办结"

    # --- announcement ----------------------------------------------------------------------------------
    page.goto(plan_url)
    page.click("[data-testid=create-announcement]")
    ok(page)
    page.click("[data-testid=publish]")
    ok(page)
    assert page.inner_text("[data-testid=announcement-status]") == "已发布"
    logout(page)

    # --- an anonymous visitor finds the failed product -------------------------------------------------
    page.goto(f"{base}/public/")
    page.click("text=抽查结果公告")
    page.click("[data-testid=result-search]")
    page.fill("[name=q]", "秦华")
    page.click("[data-testid=search]")
    page.wait_for_load_state()
    table = page.inner_text("[data-testid=result-table]")
    assert PRODUCER in table and "不合格" in table and failed_item in table
