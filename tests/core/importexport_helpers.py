"""Build real spreadsheet files for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

CALENDAR_HEADERS = ["日期", "是否工作日", "说明"]
GOOD_CALENDAR_ROWS = [
    ["2027-10-01", "否", "国庆节"],
    ["2027-10-02", "否", "国庆节"],
    ["2027-09-26", "是", "国庆节调休上班"],
]


def xlsx_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = CALENDAR_HEADERS,
               above: Sequence[Sequence[Any]] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in above:
        sheet.append(list(line))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = CALENDAR_HEADERS,
              encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
