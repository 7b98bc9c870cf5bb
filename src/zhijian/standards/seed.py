"""Seeding the standards catalogue of the 10 key consumer products from the shipped CSVs.

Works on the model classes it is given, so the data migration can pass its historical models
(which lack `SearchableMixin.save`: the search text is therefore computed here). Idempotent on
the natural keys (standard number; standard + test-item name).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhijian.core.identifiers import validate_standard_number
from zhijian.core.search import search_text

DATA = Path(__file__).resolve().parent / "data"
STANDARDS_CSV = DATA / "standards.csv"
TEST_ITEMS_CSV = DATA / "test_items.csv"
VERIFY_MARK = "待核实"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def standard_note(row: dict[str, str]) -> str:
    """The role and source remark of the list; statements still to check carry 待核实 (verify)."""
    note = f"用途 / role: {row['role']}; {row['note']}".strip("; ")
    if "verify" in row["note"] or "[M]" in row["note"]:
        note = f"{VERIFY_MARK}: {note}"
    return note


def standard_defaults(row: dict[str, str]) -> dict[str, Any]:
    products = [p for p in row["products"].split("|") if p]
    return {
        "title": row["title"],
        "nature": row["nature"],
        "status": row["status"],
        "issued_on": _date(row["issued_on"]),
        "effective_on": _date(row["effective_on"]),
        "withdrawn_on": _date(row["withdrawn_on"]),
        "products": products,
        "note": standard_note(row),
        "source_url": row["source_url"],
        "search_text": search_text(validate_standard_number(row["number"]), row["title"], "、".join(products)),
    }


def test_item_defaults(row: dict[str, str], order: int) -> dict[str, Any]:
    return {
        "clause": row["clause"],
        "unit": row["unit"],
        "limit_min": _decimal(row["limit_min"]),
        "limit_max": _decimal(row["limit_max"]),
        "limit_text": row["limit_text"],
        "safety_critical": row["safety_critical"] == "1",
        "method": row["method"],
        "note": row["note"],
        "sort_order": order,
    }


def seed_catalogue(Standard, TestItem) -> dict[str, int]:
    """Create or update every shipped standard and test item; returns counts."""
    standard_rows = read_rows(STANDARDS_CSV)
    by_number = {}
    created = 0
    for row in standard_rows:
        number = validate_standard_number(row["number"])
        standard, was_created = Standard.objects.update_or_create(number=number, defaults=standard_defaults(row))
        by_number[number] = standard
        created += was_created
    for row in standard_rows:  # second pass: the replacement may come later in the file
        if row["replaced_by"]:
            standard = by_number[validate_standard_number(row["number"])]
            Standard.objects.filter(pk=standard.pk).update(
                replaced_by=by_number[validate_standard_number(row["replaced_by"])]
            )
    items_created, order_of = 0, {}
    for row in read_rows(TEST_ITEMS_CSV):
        standard = by_number[validate_standard_number(row["standard_number"])]
        order_of[standard.pk] = order_of.get(standard.pk, 0) + 1
        _item, was_created = TestItem.objects.update_or_create(
            standard=standard, name=row["name"], defaults=test_item_defaults(row, order_of[standard.pk])
        )
        items_created += was_created
    return {
        "standards": len(by_number), "standards_created": created,
        "test_items": sum(order_of.values()), "test_items_created": items_created,
    }
