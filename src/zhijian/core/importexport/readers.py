"""Read xlsx (openpyxl, read-only), legacy xls (python-calamine) and csv into numbered rows.

Row numbers are the ones Excel shows (1-based, counting blank rows), so that a report saying
"第 5 行" points at the row the user sees. CSV files from Chinese government systems are often
GBK/GB18030 rather than UTF-8: we try UTF-8 (with or without BOM) first, then GB18030.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

MAX_ROWS = 1_000_000
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound document (BIFF8 .xls)


class ReaderError(ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass
class Table:
    """The first worksheet: (Excel row number, cell values) for every row, blanks included."""

    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    file_format: str = ""
    encoding: str = ""


def detect_format(file_name: str, data: bytes) -> str:
    """xlsx, xls or csv, from the content first (people rename files) and the extension second."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    suffix = PurePath(file_name or "").suffix.lower().lstrip(".")
    if suffix in {"csv", "txt", "tsv"}:
        return "csv"
    if suffix in {"xlsx", "xlsm", "xls"}:
        raise ReaderError("文件已损坏或不是有效的 Excel 文件", "the file is damaged or not a real Excel file")
    if b"\x00" in data[:4096]:
        raise ReaderError("不支持的文件格式，请上传 xlsx、xls 或 csv", "unsupported file: upload xlsx, xls or csv")
    return "csv"


def read_table(file_name: str, data: bytes) -> Table:
    if not data:
        raise ReaderError("文件为空", "the file is empty")
    kind = detect_format(file_name, data)
    reader = {"xlsx": read_xlsx, "xls": read_xls, "csv": read_csv}[kind]
    table = reader(data)
    table.file_format = kind
    if len(table.rows) > MAX_ROWS:
        raise ReaderError(f"文件超过 {MAX_ROWS} 行", f"the file has more than {MAX_ROWS} rows")
    return table


def read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReaderError("无法读取 xlsx 文件（文件损坏或格式不符）", "cannot read the xlsx file (damaged or not xlsx)") from exc
    try:
        sheet = book.worksheets[0]
        # Some generators write a wrong <dimension> (e.g. "A1"); read what the sheet really holds.
        sheet.reset_dimensions()
        rows = [(number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return Table(rows=rows)


def read_xls(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise ReaderError("无法读取 xls 文件（文件损坏或格式不符）", "cannot read the xls file (damaged or not xls)") from exc
    return Table(rows=[(number, list(row)) for number, row in enumerate(values, start=1)])


ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (BOM or not) when it decodes cleanly, else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReaderError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 csv", "unknown text encoding: save the csv as UTF-8 or GBK")


def read_csv(data: bytes) -> Table:
    content, encoding = decode(data)
    sample = content[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        # Excel opens each record as one row, even one whose quoted cell holds a line break.
        rows: list[tuple[int, list[Any]]] = [(number, values) for number, values in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ReaderError(f"csv 格式错误：{exc}", f"malformed csv: {exc}") from exc
    return Table(rows=rows, encoding="utf-8" if encoding == "utf-8-sig" else encoding)
