"""Cell parsers: each turns one spreadsheet cell into a Python value or raises CellError.

Spreadsheets arrive with numbers where text was meant (a GTIN typed into Excel becomes a float),
dates as date objects, strings or Excel serial numbers, and full-width punctuation; the parsers
absorb all of that so resources only declare what a column means.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import translation

from zhijian.core.identifiers import IdentifierError

Parser = Callable[[Any], Any]
LIST_SEPARATORS = re.compile(r"[;；\n]+")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "t", "√", "✓", "班", "工作日"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "f", "×", "休", "休息日"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be read; `zh` and `en` give the reason in both languages."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


def text_of(value: Any) -> str:
    """The text a person sees in the cell: 6.901234567892e12 is '6901234567892', spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    # No NFKC here: it would turn the full-width colon of 第1部分：通用要求 into ":" and change the text.
    return str(value).strip()


def _halfwidth(value: Any) -> str:
    """Numbers and dates typed with full-width digits (２０２７年) read like half-width ones."""
    return unicodedata.normalize("NFKC", text_of(value))


def is_blank(value: Any) -> bool:
    return text_of(value) == ""


def text(max_length: int | None = None) -> Parser:
    def parse(value: Any) -> str:
        result = text_of(value)
        if max_length is not None and len(result) > max_length:
            raise CellError(f"长度不能超过{max_length}个字符", f"must be at most {max_length} characters")
        return result

    parse.blank = ""  # type: ignore[attr-defined]
    return parse


def identifier(validator: Callable[[str], str]) -> Parser:
    """A core.identifiers validator (USCC, GTIN, licence, region, standard number)."""

    def parse(value: Any) -> str:
        try:
            return validator(text_of(value))
        except IdentifierError as exc:
            raise CellError(exc.zh, exc.en) from exc

    parse.blank = ""  # type: ignore[attr-defined]
    return parse


def integer(minimum: int | None = None, maximum: int | None = None) -> Parser:
    def parse(value: Any) -> int:
        raw = _halfwidth(value).replace(",", "")
        try:
            number = int(decimal.Decimal(raw))
            if decimal.Decimal(raw) != number:
                raise ValueError(raw)
        except (decimal.InvalidOperation, ValueError):
            raise CellError("应为整数", "must be a whole number") from None
        if minimum is not None and number < minimum:
            raise CellError(f"不能小于{minimum}", f"must be at least {minimum}")
        if maximum is not None and number > maximum:
            raise CellError(f"不能大于{maximum}", f"must be at most {maximum}")
        return number

    return parse


def decimal_number(places: int | None = None) -> Parser:
    def parse(value: Any) -> decimal.Decimal:
        raw = _halfwidth(value).replace(",", "")
        try:
            number = decimal.Decimal(raw)
        except decimal.InvalidOperation:
            raise CellError("应为数字", "must be a number") from None
        if not number.is_finite():
            raise CellError("应为数字", "must be a number")
        return number.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else number

    return parse


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def date(value: Any) -> dt.date:
    """A date cell: a real date, 2026-01-01, 2026/1/1, 2026年1月1日, 20260101 or an Excel serial."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = _halfwidth(value).split(" ")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise CellError("日期格式应为 YYYY-MM-DD", "date must look like YYYY-MM-DD")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = _halfwidth(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("应填写“是”或“否”", "must be 是 (yes) or 否 (no)")


boolean.choice_labels = ["是", "否"]  # type: ignore[attr-defined]  # the template's dropdown


def choice(choices: Iterable[tuple[Any, Any]]) -> Parser:
    """A TextChoices column: the cell may hold the Chinese label or the stored value.

    Spreadsheets are Chinese documents whatever language the importing user's screen is in, so
    labels are always taken in zh-hans (not in whatever language was active when this module
    happened to be imported)."""
    with translation.override("zh-hans"):
        pairs = [(str(value), str(label)) for value, label in choices]

    def parse(value: Any) -> str:
        raw = text_of(value)
        for stored, label in pairs:
            if raw in (stored, label):
                return stored
        allowed = "、".join(label for _v, label in pairs)
        raise CellError(f"应为以下之一：{allowed}", f"must be one of: {allowed}")

    parse.choice_labels = [label for _v, label in pairs]  # type: ignore[attr-defined]
    parse.blank = ""  # type: ignore[attr-defined]
    return parse


def many(item: Parser | None = None) -> Parser:
    """A list in one cell, separated by ; or ； or line breaks (GTINs, brand aliases)."""
    item = item or text()

    def parse(value: Any) -> list[Any]:
        parts = [part.strip() for part in LIST_SEPARATORS.split(text_of(value)) if part.strip()]
        out: list[Any] = []
        for position, part in enumerate(parts, start=1):
            try:
                parsed = item(part)
            except CellError as exc:
                raise CellError(f"第{position}项“{part}”：{exc.zh}", f"item {position} ({part}): {exc.en}") from exc
            if parsed not in out:
                out.append(parsed)
        return out

    parse.is_list = True  # type: ignore[attr-defined]
    return parse


def display(value: Any) -> Any:
    """How a stored value is written back into a cell, so that an export re-imports unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return ";".join(str(display(v)) for v in value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value
