"""Issue 2's browser check: log in as xian, search enterprises, open one."""

import re

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_xian_searches_enterprises_and_opens_one(page, live_zhijian, tmp_path):
    login(page, live_zhijian, "xian")
    assert "西安市市场监督管理局" in page.content()
    page.click("text=企业名录")
    page.wait_for_selector("[data-testid=result-table]")
    total_all = page.inner_text("[data-testid=total]")
    rows = page.locator("[data-testid=result-table] tbody tr")
    first_name = rows.first.locator("td").nth(2).inner_text().strip()
    word = first_name[2:4]  # two characters from inside the name, not its start
    page.fill("input[name=q]", word)
    page.click("[data-testid=search]")
    page.wait_for_load_state()
    total_found = page.inner_text("[data-testid=total]")
    assert total_found != "共 0 条"
    assert int(re.findall(r"\d+", total_found)[0]) <= int(re.findall(r"\d+", total_all)[0])
    names = page.locator("[data-testid=result-table] tbody tr td:nth-child(3)").all_inner_texts()
    assert names and all(word in name for name in names)
    for uscc in page.locator("[data-testid=result-table] tbody tr td:nth-child(2)").all_inner_texts():
        assert uscc.strip()[2:6] == "6101"  # registered in Xi'an: within xian's jurisdiction
    page.locator("[data-testid=result-table] tbody tr").first.locator("a").first.click()
    page.wait_for_load_state()
    assert "统一社会信用代码" in page.content()
    page.screenshot(path=str(tmp_path / "enterprise.png"))
    assert first_name[:2] in page.content() or word in page.content()


def test_baoji_enterprise_is_not_reachable_for_xian(page, live_zhijian):
    login(page, live_zhijian, "baoji")
    page.click("text=企业名录")
    page.wait_for_selector("[data-testid=result-table]")
    href = page.locator("[data-testid=result-table] tbody tr").first.locator("a").first.get_attribute("href")
    page.click("[data-testid=logout]")
    login(page, live_zhijian, "xian")
    response = page.goto(f"{live_zhijian}{href}")
    assert response.status == 404
