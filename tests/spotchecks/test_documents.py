"""An announcement as documents: the printable PDF renders Chinese (read back from the PDF), the
Word file is editable and complete, the spreadsheet holds the frozen rows; the public gets them
for published announcements only, the bureau within its jurisdiction (drafts as a preview)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.spotchecks.publication_helpers import agency_for, category_with_items, enterprise, final_task, make_plan
from zhijian.spotchecks import documents, services


@pytest.fixture
def announcement(people):
    sheng = people["sheng"]
    blanket = category_with_items("9901", "电热毯", "GB 4706.8-2008")
    plan, items = make_plan(sheng, [blanket], agency_for(blanket[0]), year=2025, title="2025年电热毯产品质量省级监督抽查")
    final_task(items["9901"], enterprise("610113", name="西安秦华测试电器有限公司"), verdict="fail", failed=["泄漏电流"],
               trademark="秦暖", model="TD-9")
    final_task(items["9901"], enterprise("610302", name="宝鸡渭滨测试电器厂"), verdict="pass", trademark="渭暖")
    final_task(items["9901"], enterprise("610302"), verdict="pass", trademark="渭暖")
    a = services.announcement_create(acting_user=sheng, plan=plan, number="陕市监抽〔2025〕7号",
                                     notes="对不合格产品，已责令企业停止生产销售并限期整改。")
    services.announcement_publish(acting_user=sheng, announcement=a, on=dt.date(2025, 6, 30))
    return a


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_renders_chinese_text(announcement):
    response = Client().get(reverse("portal:announcement_download", args=[announcement.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content).replace("\n", "").replace(" ", "")
    # Chinese glyphs survive (a missing CJK font yields no extractable Chinese text)
    assert "关于2025年电热毯产品质量省级监督抽查结果的公告" in text
    assert "西安秦华测试电器有限公司" in text
    assert "不合格发现率33.3%" in text  # 1 of 3 batches
    assert "泄漏电流" in text and "陕市监抽〔2025〕7号" in text
    reader = PdfReader(io.BytesIO(response.content))
    names = " ".join(str(page["/Resources"]["/Font"][k].get_object()["/BaseFont"])
                     for page in reader.pages for k in page["/Resources"]["/Font"])
    assert "CJK" in names


def test_docx_is_editable_and_complete(announcement):
    response = Client().get(reverse("portal:announcement_download", args=[announcement.pk, "docx"]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert announcement.title in text
    assert "共抽查3家企业生产的3批次产品，检出不合格产品1批次" in text
    assert "已责令企业停止生产销售" in text
    header, rows = doc.tables
    assert ["检验依据", "GB 4706.8-2008"] in [[c.text for c in r.cells] for r in header.rows]
    lines = [[c.text for c in r.cells] for r in rows.rows]
    assert lines[0][:4] == ["序号", "标称生产企业", "标称生产企业地址", "被抽样单位"]
    assert len(lines) == 4
    failed = [line for line in lines if line[10] == "不合格"]
    assert len(failed) == 1 and failed[0][1] == "西安秦华测试电器有限公司"
    assert failed[0][11].startswith("泄漏电流（标准要求：≤0.25 mA")


def test_xlsx_holds_the_frozen_rows(announcement):
    response = Client().get(reverse("portal:announcement_download", args=[announcement.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == announcement.title
    assert [c.value for c in sheet[3]][:2] == ["序号", "标称生产企业"]
    assert sheet.max_row == 6  # title, blank, heading, 3 rows


def test_unknown_format_is_404(announcement):
    assert Client().get(f"/public/spotchecks/announcements/{announcement.pk}/download.exe").status_code == 404


def test_bureau_downloads_within_jurisdiction(announcement, people):
    client = Client()
    url = reverse("spotchecks:announcement_download", args=[announcement.pk, "docx"])
    assert client.get(url).status_code == 302  # login first
    client.force_login(people["xian"])  # a city bureau does not see the provincial announcement
    assert client.get(url).status_code == 404
    client.force_login(people["qiye"])
    assert client.get(url).status_code == 403
    client.force_login(people["sheng"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == documents.DOCX
    assert "attachment" in response["Content-Disposition"]


def test_bureau_prints_a_draft_as_a_preview(people):
    sheng = people["sheng"]
    blanket = category_with_items("9901", "电热毯", "GB 4706.8-2008")
    plan, items = make_plan(sheng, [blanket], agency_for(blanket[0]), year=2026)
    final_task(items["9901"], enterprise("610113"), verdict="fail", failed=["发热"])
    draft = services.announcement_create(acting_user=sheng, plan=plan, title="草稿公告预览")
    client = Client()
    client.force_login(sheng)
    response = client.get(reverse("spotchecks:announcement_download", args=[draft.pk, "pdf"]))
    text = pdf_text(response.content).replace("\n", "").replace(" ", "")
    assert "草稿公告预览" in text and "检出不合格产品1批次" in text and "草稿" in text
    assert Client().get(reverse("portal:announcement_download", args=[draft.pk, "pdf"])).status_code == 404


def test_downloads_include_renders_for_the_bureau_page(announcement):
    from django.template.loader import render_to_string

    html = render_to_string("spotchecks/_announcement_downloads.html", {"object": announcement})
    for fmt in ("pdf", "docx", "xlsx"):
        assert reverse("spotchecks:announcement_download", args=[announcement.pk, fmt]) in html
    assert reverse("portal:announcement_detail", args=[announcement.pk]) in html
