"""In a real browser over the demo history: the province opens the analysis from the menu, the
ECharts charts draw (fed by embedded JSON, no inline script, no console error), the planted city
is flagged and its special report downloads; an anonymous visitor prints an announcement."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_province_reads_the_analysis_and_the_special_report(page, live_zhijian):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_zhijian, "sheng")
    page.click("text=统计分析")
    page.wait_for_selector("[data-chart=region][data-rendered=true]")
    for name in ("trend", "region", "category", "items", "size_stage"):
        assert page.locator(f"[data-chart={name}] canvas").count() == 1, name
    assert "显著偏高：咸阳市" in page.inner_text("[data-testid=significant]")
    assert errors == []
    with page.expect_download() as info:
        page.click("[data-testid=region-report-610400]")
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "咸阳市人民政府" in text and "显著高于" in text


def test_city_bureau_sees_only_its_counties(page, live_zhijian):
    login(page, live_zhijian, "baoji")
    page.goto(f"{live_zhijian}/spotchecks/analysis/")
    page.wait_for_selector("[data-testid=hotspots]")
    regions = page.locator("[data-testid=hotspots] tbody tr td:first-child").all_inner_texts()
    assert regions and "咸阳市" not in regions and "宝鸡市" not in regions  # its counties, not the cities


def test_anonymous_visitor_prints_an_announcement(page, live_zhijian):
    page.goto(f"{live_zhijian}/public/")
    page.click("text=抽查结果公告")
    page.locator("[data-testid=announcement-table] tbody tr a").first.click()
    page.wait_for_selector("[data-testid=announcement-header]")
    title = page.inner_text("[data-testid=announcement-title]")
    response = page.request.get(live_zhijian + page.locator("[data-testid=download-pdf]").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).replace("\n", "")
    assert title.replace(" ", "") in text.replace(" ", "")
