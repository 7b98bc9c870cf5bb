"""Safety Gate, CPSC and 12315 imports: linked signals, idempotent, all-or-nothing with a report."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.registry.factories import make_gtin
from zhijian.risk.importers import import_signals
from zhijian.risk.models import Signal


def test_safety_gate_sample_creates_linked_signals(registry, people, shared_data):
    data = (shared_data / "recalls" / "eu_safety_gate_alerts.csv").read_bytes()
    report = import_signals(acting_user=people["sheng"], source="eu", data=data)
    assert report.ok, report.errors[:3]
    assert report.rows == 463
    # 110 sparse national rows share content with official rows: the rest are distinct alerts
    assert report.created == Signal.objects.filter(source_type="eu_safety_gate").count() > 300
    toy = Signal.objects.get(external_ref="A12/01699/23")
    assert toy.product == registry["toy"] and toy.link_method == "gtin" and toy.enterprise == registry["baoji"]
    assert report.linked >= 1 and report.warnings  # ASINs and bad check digits are reported, not fatal
    again = import_signals(acting_user=people["sheng"], source="eu", data=data)
    assert again.ok and again.created == 0 and again.existing == report.rows  # every row now known


def test_cpsc_api_sample_links_by_brand_and_model(registry, people, shared_data):
    data = (shared_data / "recalls" / "cpsc_recalls_api_v1_2013_sample.json").read_bytes()
    report = import_signals(acting_user=people["sheng"], source="cpsc", data=data)
    assert report.ok and report.created == 50
    ryobi = Signal.objects.get(source_type="us_cpsc", external_ref="14014")
    assert ryobi.product == registry["charger"] and ryobi.link_method == "brand_model"
    assert ryobi.hazard_type == "fire"


def test_cpsc_normalised_csv_keeps_cpsc_rows_only(registry, people, shared_data):
    data = (shared_data / "recalls" / "us_recalls_2026.csv").read_bytes()
    report = import_signals(acting_user=people["sheng"], source="cpsc", data=data)
    assert report.ok and report.created == 197 and report.skipped == 508 - 197


def test_malformed_file_imports_nothing_and_says_where(registry, people, shared_data):
    lines = (shared_data / "recalls" / "eu_safety_gate_alerts.csv").read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    # row 5 of the file: a broken alert number; a later row: an impossible date
    broken = rows[3].replace(rows[3].split(",")[1], "A12-BROKEN", 1)
    text = header + "".join(rows[:3]) + broken + "".join(rows[4:20])
    report = import_signals(acting_user=people["sheng"], source="eu", data=text.encode())
    assert not report.ok and report.created == 0
    assert {"row": 5, "field": "alert_number"} == {k: report.errors[0][k] for k in ("row", "field")}
    assert Signal.objects.count() == 0
    missing = import_signals(acting_user=people["sheng"], source="eu", data=b"alert_number,brand\nA12/00001/20,x\n")
    assert not missing.ok and "product_name" in missing.errors[0]["field"]


def test_cpsc_json_with_a_bad_date_imports_nothing(registry, people):
    doc = b'{"success": {"results": [{"recall_number": "1", "recall_date": "2013-11-05", "descriptions": ["a"]},' \
          b' {"recall_number": "2", "recall_date": "05.11.2013x", "descriptions": ["b"]}]}}'
    report = import_signals(acting_user=people["sheng"], source="cpsc", data=doc)
    assert not report.ok and report.errors[0]["row"] == 2 and report.errors[0]["field"] == "recall_date"
    assert Signal.objects.count() == 0
    assert not import_signals(acting_user=people["sheng"], source="cpsc", data=b"{not json").ok


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["投诉单号", "登记时间", "投诉标题", "问题描述", "产品名称", "品牌", "规格型号", "商品条码", "区划代码",
                  "伤害人数", "联系电话"])
    for r in rows:
        sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_12315_complaints_xlsx(registry, people):
    good = _xlsx([
        ["12315-0001", "2025-03-04 10:00:00", "电吹风漏电", "使用时手麻", "电吹风", "秦风", "QF-1800", make_gtin(7), "610113", 1, "139"],
        ["12315-0002", "2025-03-05", "", "插头发热", "电吹风", "", "", "", "610302", "", ""],
    ])
    report = import_signals(acting_user=people["xian"], source="12315", data=good)
    assert not report.ok and report.errors[0]["field"] == "region"  # Xi'an may not write a Baoji complaint
    assert not Signal.objects.exists()
    report = import_signals(acting_user=people["sheng"], source="12315", data=good)
    assert report.ok and report.created == 2 and report.linked == 1
    s = Signal.objects.get(external_ref="12315-0001")
    assert s.product == registry["dryer"] and s.injuries == 1 and s.hazard_type == "electric"
    bad = _xlsx([["12315-0003", "昨天", "", "", "", "", "", "123", "999999", -1, ""]])
    report = import_signals(acting_user=people["sheng"], source="12315", data=bad)
    fields = {e["field"] for e in report.errors}
    assert {"登记时间", "问题描述", "区划代码", "商品条码", "伤害人数"} <= fields
    assert not Signal.objects.filter(external_ref="12315-0003").exists()


def test_foreign_imports_are_for_the_province(registry, people, shared_data):
    data = (shared_data / "recalls" / "cpsc_recalls_api_v1_2013_sample.json").read_bytes()
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        import_signals(acting_user=people["xian"], source="cpsc", data=data)
