"""Write templates and exports with xlsxwriter (and csv): the same headers either way, so an export
re-imports unchanged and a filled-in template imports as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.utils import timezone
from xlsxwriter.utility import xl_col_to_name

from zhijian.core.importexport.resources import Column, Resource

EXPORT_LIMIT = 100_000  # like the list pages' export; larger extracts belong in a background job
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
NOTES_SHEET = "填写说明"
LISTS_SHEET = "选项"
TEMPLATE_ROWS = 2000  # data validation and text format reach this far down the template


def _formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"}),
        "required": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center",
                                     "font_color": "#C00000"}),
        "text": book.add_format({"num_format": "@"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }


def column_note(column: Column) -> str:
    """必填/选填, the format and an example: the header's comment and a line of the 填写说明 sheet."""
    parts = ["必填 / required" if column.required else "选填 / optional"]
    if column.help:
        parts.append(str(column.help))
    if column.choices:
        parts.append("可选值：" + "、".join(column.choices))
    if column.is_list:
        parts.append("多个值用英文分号 ; 分隔 / separate several values with ;")
    if column.example:
        parts.append(f"示例 / example：{column.example}")
    return "\n".join(parts)


def _write_headers(book: xlsxwriter.Workbook, sheet: Any, resource: Resource, fmt: dict[str, Any],
                   comments: bool) -> None:
    for col, column in enumerate(resource.columns):
        sheet.write_string(0, col, str(column.header), fmt["required" if column.required else "header"])
        # Text format keeps USCCs, GTINs and codes from turning into numbers (6.9E+12) in Excel.
        sheet.set_column(col, col, column.width, None if _is_typed(column) else fmt["text"])
        if comments:
            sheet.write_comment(0, col, column_note(column), {"x_scale": 2, "y_scale": 2})
    sheet.freeze_panes(1, 0)


def _is_typed(column: Column) -> bool:
    """Columns whose cells Excel may keep as dates or numbers (everything else is text)."""
    return getattr(column.parse, "__name__", "") in {"date"}


def template_xlsx(resource: Resource) -> bytes:
    """The import template: Chinese headers (required ones in red) with a comment on each, dropdowns
    for choice columns, and a 填写说明 sheet describing every column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = _formats(book)
    sheet = book.add_worksheet(str(resource.title)[:31] or resource.entity)
    _write_headers(book, sheet, resource, fmt, comments=True)
    lists = None
    for col, column in enumerate(resource.columns):
        if not column.choices:
            continue
        source: Any = column.choices
        if len(",".join(source)) > 250:  # Excel caps inline lists at 255 characters
            lists = lists or book.add_worksheet(LISTS_SHEET)
            for row, label in enumerate(column.choices):
                lists.write_string(row, col, label)
            letter = xl_col_to_name(col)
            source = f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(column.choices)}"
        sheet.data_validation(1, col, TEMPLATE_ROWS, col, {
            "validate": "list", "source": source, "ignore_blank": not column.required,
            "error_title": "输入值无效", "error_message": "请从下拉列表中选择 / choose a value from the list",
        })
    if lists is not None:
        lists.hide()
    notes = book.add_worksheet(NOTES_SHEET)
    for col, title in enumerate(("列名 / column", "是否必填 / required", "填写要求 / format", "示例 / example")):
        notes.write_string(0, col, title, fmt["header"])
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 14)
    notes.set_column(2, 2, 60)
    notes.set_column(3, 3, 30)
    for row, column in enumerate(resource.columns, start=1):
        detail = "\n".join(line for line in column_note(column).split("\n")[1:] if not line.startswith("示例"))
        notes.write_string(row, 0, str(column.header))
        notes.write_string(row, 1, "是" if column.required else "否")
        notes.write_string(row, 2, detail, fmt["wrap"])
        notes.write_string(row, 3, str(column.example))
    extra = len(resource.columns) + 2
    notes.write_string(extra, 0, "说明 / notes", fmt["header"])
    notes.write_string(extra + 1, 0, "整个文件要么全部导入，要么全部不导入：任何一行有错误时不写入任何数据，并列出错误所在的行、列和原因。")
    notes.write_string(extra + 2, 0, "The whole file imports or nothing does: any bad row stops the import and the report names its row, column and reason.")
    if resource.natural_key:
        keys = "、".join(resource.header_of(k) for k in resource.natural_key)
        notes.write_string(extra + 3, 0, f"按“{keys}”识别记录：已有则更新，没有则新增；重复导入同一文件不会产生变化。")
    book.close()
    return buffer.getvalue()


def export_rows(resource: Resource, user: Any) -> Iterable[list[Any]]:
    queryset = resource.export_queryset(user)[:EXPORT_LIMIT]
    for obj in queryset.iterator(chunk_size=2000):
        yield resource.export_row(obj)


def export_xlsx(resource: Resource, user: Any) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    fmt = _formats(book)
    sheet = book.add_worksheet(str(resource.title)[:31] or resource.entity)
    _write_headers(book, sheet, resource, fmt, comments=False)
    for row, values in enumerate(export_rows(resource, user), start=1):
        for col, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))
    book.close()
    return buffer.getvalue()


def export_csv(resource: Resource, user: Any) -> bytes:
    """UTF-8 with a BOM, which Excel on Chinese Windows needs to show the headers correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.header) for c in resource.columns])
    for values in export_rows(resource, user):
        writer.writerow([str(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def download_names(resource: Resource, kind: str, suffix: str) -> tuple[str, str]:
    """(Chinese file name, ASCII fallback) for a template or an export."""
    if kind == "template":
        return f"{resource.title}导入模板.{suffix}", f"{resource.entity}-template.{suffix}"
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    return f"{resource.title}导出-{stamp}.{suffix}", f"{resource.entity}-{stamp}.{suffix}"


def content_disposition(resource: Resource, kind: str, suffix: str) -> str:
    from urllib.parse import quote

    name, fallback = download_names(resource, kind, suffix)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
