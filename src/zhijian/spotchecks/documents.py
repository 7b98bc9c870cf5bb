"""The announcement as documents: a spreadsheet of the result list, a printable PDF (WeasyPrint
with Debian's Noto CJK fonts) and an editable Word file. The public site and the bureau use the
same builders; a draft announcement prints its preview header and no rows (rows are frozen at
publication)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View

from zhijian.core.views import RoleRequiredMixin
from zhijian.spotchecks import selectors, services
from zhijian.spotchecks.choices import Verdict
from zhijian.spotchecks.models import Announcement, AnnouncementRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"xlsx": XLSX, "pdf": "application/pdf", "docx": DOCX}

# (heading, attribute or function of a row): the per-row fields of DOMAIN.md 1.4
ROW_COLUMNS: list[tuple[str, Any]] = [
    ("序号", "seq"),
    ("标称生产企业", "producer_name"),
    ("标称生产企业地址", "producer_address"),
    ("被抽样单位", "sampled_unit_name"),
    ("所在地区", lambda r: r.region.name),
    ("产品类别", "category_name"),
    ("产品名称", "product_name"),
    ("商标", "trademark"),
    ("规格型号", "model"),
    ("生产日期/批号", "batch"),
    ("综合判定", lambda r: r.get_verdict_display()),
    ("不合格项目", lambda r: failed_items_detail(r)),
    ("承检机构", "agency_name"),
]


# The printed list leaves out the producer's address to fit a landscape A4 page.
PRINT_COLUMNS = [c for c in ROW_COLUMNS if c[0] != "标称生产企业地址"]


def failed_items_detail(row: AnnouncementRow) -> str:
    """'发热（标准要求：≤75 K，实测值：82 K）；...' — the failed items with limit and measured value."""
    parts = []
    for item in row.failed_items or []:
        unit = f" {item.get('unit')}" if item.get("unit") else ""
        detail = []
        if item.get("limit"):
            detail.append(f"标准要求：{item['limit']}{unit if _numeric(item['limit']) else ''}")
        if item.get("measured"):
            detail.append(f"实测值：{item['measured']}{unit if _numeric(item['measured']) else ''}")
        parts.append(f"{item.get('name', '')}（{'，'.join(detail)}）" if detail else str(item.get("name", "")))
    return "；".join(parts)


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in str(text))


def cell(row: AnnouncementRow, path: Any) -> Any:
    return path(row) if callable(path) else getattr(row, path)


def header_of(announcement: Announcement) -> dict[str, Any]:
    """The frozen header once published; a live preview for a draft."""
    if announcement.header:
        return announcement.header
    tasks = list(announcement.plan.tasks.select_related("region"))
    return services.announcement_header(announcement.plan, tasks)


def rows_of(announcement: Announcement):
    return announcement.rows.select_related("region").order_by("seq")


def summary_text(announcement: Announcement, header: dict[str, Any]) -> str:
    return (f"依据{announcement.legal_basis}，{header.get('organiser', announcement.organisation.name)}组织开展了"
            f"{announcement.period}产品质量监督抽查。共抽查{header.get('enterprises', 0)}家企业生产的"
            f"{header.get('batches', 0)}批次产品，检出不合格产品{header.get('failed', 0)}批次，"
            f"不合格发现率{header.get('failure_rate', 0)}%，抽样合格率{header.get('pass_rate', 0)}%。")


def header_lines(header: dict[str, Any]) -> list[tuple[str, str]]:
    lines = [
        ("产品类别", "、".join(header.get("categories", []))),
        ("涉及地区", "、".join(header.get("regions", []))),
        ("检验依据", "、".join(header.get("standards", []))),
        ("检验项目", "、".join(header.get("test_items", []))),
        ("抽查企业数", str(header.get("enterprises", 0))),
        ("抽查批次数", str(header.get("batches", 0))),
        ("不合格批次数", str(header.get("failed", 0))),
        ("不合格发现率", f"{header.get('failure_rate', 0)}%"),
    ]
    if header.get("refused"):
        lines.append(("拒检/无法抽样", str(header["refused"])))
    return lines


# --- builders ------------------------------------------------------------------------------------

def rows_xlsx(rows, title: str, columns: list[tuple[str, Any]] | None = None) -> bytes:
    columns = columns or ROW_COLUMNS
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("抽查结果")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    fail = book.add_format({"font_color": "#C00000"})
    sheet.write(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    for col, (label, _path) in enumerate(columns):
        sheet.write(2, col, label, bold)
        sheet.set_column(col, col, 6 if col == 0 else 20)
    for n, row in enumerate(rows, start=3):
        style = fail if row.verdict == Verdict.FAIL else None
        for col, (_label, path) in enumerate(columns):
            value = cell(row, path)
            sheet.write(n, col, value if isinstance(value, int | float) else str(value), style)
    sheet.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()


def announcement_xlsx(announcement: Announcement) -> bytes:
    return rows_xlsx(rows_of(announcement), announcement.title)


def announcement_pdf(announcement: Announcement) -> bytes:
    from weasyprint import HTML

    header = header_of(announcement)
    rows = list(rows_of(announcement))
    html = render_to_string("spotchecks/announcement_print.html", {
        "a": announcement, "header": header, "summary": summary_text(announcement, header),
        "lines": header_lines(header), "columns": [label for label, _p in PRINT_COLUMNS],
        "rows": [{"cells": [cell(r, p) for _label, p in PRINT_COLUMNS], "failed": r.verdict == Verdict.FAIL}
                 for r in rows],
        "printed": timezone.localdate(),
    })
    return HTML(string=html).write_pdf()


def announcement_docx(announcement: Announcement) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    header = header_of(announcement)
    doc = Document()
    _chinese_styles(doc, qn, Pt)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    title = doc.add_heading(announcement.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if announcement.number:
        doc.add_paragraph(announcement.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(summary_text(announcement, header))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in header_lines(header):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if announcement.notes:
        doc.add_paragraph(announcement.notes)
    doc.add_heading("抽查结果名单", level=2)
    rows = list(rows_of(announcement))
    if rows:
        grid = doc.add_table(rows=1, cols=len(ROW_COLUMNS))
        grid.style = "Table Grid"
        for c, (label, _path) in enumerate(ROW_COLUMNS):
            grid.rows[0].cells[c].text = label
        for r in rows:
            cells = grid.add_row().cells
            for c, (_label, path) in enumerate(ROW_COLUMNS):
                cells[c].text = str(cell(r, path))
                if r.verdict == Verdict.FAIL and c == 10:
                    for run in cells[c].paragraphs[0].runs:
                        run.font.color.rgb = RGBColor(0xC0, 0, 0)
    else:
        doc.add_paragraph("（公告发布时冻结结果名单。）")
    signature = doc.add_paragraph(f"{announcement.organisation.name}\n{announcement.published_on or ''}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _chinese_styles(doc, qn, Pt) -> None:
    """East-Asian font on every style we use, so Word shows 宋体/黑体 instead of a fallback."""
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Heading 2", "黑体"), ("Table Grid", "宋体")):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = font
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), font)
    doc.styles["Normal"].font.size = Pt(10.5)


BUILDERS = {"xlsx": announcement_xlsx, "pdf": announcement_pdf, "docx": announcement_docx}


def download(content: bytes, fmt: str, name: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


def announcement_download(announcement: Announcement, fmt: str) -> HttpResponse:
    if fmt not in BUILDERS:
        raise Http404
    stem = f"{announcement.title[:60]}-{announcement.published_on or 'draft'}"
    return download(BUILDERS[fmt](announcement), fmt, stem, inline=fmt == "pdf")


class AnnouncementDocumentView(RoleRequiredMixin, View):
    """The bureau's downloads of an announcement in its jurisdiction (drafts print their preview)."""

    roles = selectors.BUREAU

    def get(self, request, pk: int, fmt: str):
        announcement = get_object_or_404(selectors.announcement_list(request.user), pk=pk)
        return announcement_download(announcement, fmt)
