"""Issue 5's browser check: qiye applies for a new licence with documents; sheng accepts, assigns
verifiers, records the on-site verification, decides and issues; the certificate PDF carries Chinese
text and its QR target shows the licence as valid; qiye files an annual report and later a renewal
that keeps the number."""

from __future__ import annotations

import io
import re

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def logout(page) -> None:
    if "/public/" in page.url:  # the public site has no logout button
        page.goto(page.url.split("/public/")[0] + "/")
    page.click("[data-testid=logout]")
    page.wait_for_load_state()


def upload_missing(page, tmp_path) -> None:
    """Upload a file for every required document still marked missing."""
    while page.locator("[data-testid^=missing-]").count():
        kind = page.locator("[data-testid^=missing-]").first.get_attribute("data-testid").removeprefix("missing-")
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(b"%PDF-1.4\n% " + kind.encode() + b"\n")
        form = page.locator("[data-testid=action-upload]")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[type=file]").set_input_files(str(path))
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "操作成功" in page.content()


def act(page, action: str, fill: dict[str, str] | None = None) -> None:
    form = page.locator(f"[data-testid=action-{action}]")
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "操作成功" in page.content(), page.locator(".alert").all_inner_texts()


def approve_through(page, *, with_verification: bool = True) -> None:
    act(page, "accept")
    assert page.inner_text("[data-testid=stage]") == "材料审查"
    act(page, "review_pass")
    if with_verification:
        assert page.inner_text("[data-testid=stage]") == "实地核查"
        act(page, "assign")
        verifiers = page.inner_text("[data-testid=verification]")
        assert verifiers.count("（SX") >= 2  # two drawn verifiers with their staff numbers
        act(page, "verify", {"report": "生产条件、检验手段、质量管理制度符合要求"})
    assert page.inner_text("[data-testid=stage]") == "待决定"
    page.locator("[data-testid=action-decide] select[name=decision]").select_option("approve")
    act(page, "decide")
    act(page, "issue")
    assert page.inner_text("[data-testid=stage]") == "已发证／已办结"


def test_licence_lifecycle_in_the_browser(page, live_zhijian, tmp_path):
    from pypdf import PdfReader

    base = live_zhijian
    # qiye applies
    login(page, base, "qiye")
    page.goto(f"{base}/licensing/applications/new/")
    page.select_option("select[name=kind]", "new")
    page.select_option("select[name=category]", label="702.1 不锈钢厨具餐具")
    page.fill("input[name=product_name]", "不锈钢电饭煲内胆")
    page.fill("textarea[name=models_covered]", "QH-NC30\nQH-NC40")
    page.fill("textarea[name=production_addresses]", "陕西省西安市雁塔区丈八街道锦业路69号")
    page.click("[data-testid=save]")
    page.wait_for_load_state()
    app_url = page.url
    assert "申请草稿已创建" in page.content() and page.inner_text("[data-testid=stage]") == "草稿"
    page.locator("[data-testid=action-submit] button").click()
    page.wait_for_load_state()
    assert "缺少必需材料" in page.content()
    upload_missing(page, tmp_path)
    act(page, "submit")
    assert page.inner_text("[data-testid=stage]") == "待受理"
    logout(page)

    # sheng approves and issues
    login(page, base, "sheng")
    page.goto(app_url)
    approve_through(page)
    number = page.inner_text("[data-testid=issued-licence]").strip()
    assert re.fullmatch(r"陕XK\d{2}-\d{3}-\d{5}", number)
    timeline = page.inner_text("[data-testid=timeline]")
    for label in ("受理", "选派核查人员", "准予许可", "发证"):
        assert label in timeline
    page.click("[data-testid=issued-licence]")
    page.wait_for_load_state()
    licence_url = page.url
    assert page.inner_text("[data-testid=status]") == "有效"
    valid_until = page.inner_text("[data-testid=valid-until]")

    # the certificate: a PDF with Chinese text, whose QR code opens the public verification page
    pdf = page.request.get(base + page.locator("[data-testid=certificate]").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    text = reader.pages[0].extract_text()
    assert "全国工业产品生产许可证" in text and number in text and "西安秦华电器有限公司" in text
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert len(set(links)) == 1 and "/public/licences/verify/" in links[0]
    page.goto(links[0])
    assert "有效 / valid" in page.inner_text("[data-testid=verify-status]")
    assert page.inner_text("[data-testid=verify-number]") == number
    logout(page)

    # qiye files the annual report
    login(page, base, "qiye")
    page.goto(licence_url)
    page.click("[data-testid=file-report]")
    page.wait_for_load_state()
    page.fill("textarea[name=spot_check_summary]", "报告期内无监督抽查不合格")
    page.fill("input[name=output_value]", "12000")
    page.click("[data-testid=save]")
    page.wait_for_load_state()
    assert "年度自查报告已报送" in page.content() and page.inner_text("[data-testid=status]") == "已报送"

    # and later applies to renew: the licence number stays
    page.goto(licence_url)
    page.click("[data-testid=renew]")
    page.wait_for_load_state()
    assert page.input_value("input[name=licence_number]") == number
    page.click("[data-testid=save]")
    page.wait_for_load_state()
    assert "延续" in page.inner_text("[data-testid=detail-title]")
    renewal_url = page.url
    upload_missing(page, tmp_path)
    act(page, "submit")
    logout(page)
    login(page, base, "sheng")
    page.goto(renewal_url)
    approve_through(page)
    assert page.inner_text("[data-testid=issued-licence]").strip() == number
    page.click("[data-testid=issued-licence]")
    page.wait_for_load_state()
    assert page.url == licence_url and page.inner_text("[data-testid=status]") == "有效"
    assert page.inner_text("[data-testid=valid-until]") > valid_until
