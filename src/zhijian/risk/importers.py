"""Imports of risk information from public formats, all-or-nothing per file.

  eu      EU Safety Gate alerts, CSV in the official export schema (alert_number, product_name,
          brand, product_category, model_type_number, barcode, risk_type, ...) including the
          sparse national rows (no alert number: keyed by a hash of name and pictures)
  cpsc    US CPSC recalls: the recalls API JSON (recall_number, manufacturers, upcs, hazards, ...)
          or a normalised CSV (id, title, date, description, url, brand, hazard, source), whose
          non-CPSC rows (FDA, NHTSA) are skipped
  12315   complaints exported from the 12315/12365 platform as xlsx (投诉单号, 登记时间, ...)

Every row is read and checked first; if any row or field is wrong nothing is written and the
report lists each problem by row number and field. Re-importing a file creates nothing new:
signals are keyed by source and external reference.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.core.identifiers import IdentifierError, validate_gtin, validate_uscc
from zhijian.risk.choices import HazardType, SourceType
from zhijian.risk.models import Signal
from zhijian.risk.permissions import STAFF

SOURCES = ("eu", "cpsc", "12315")
PROVINCE = "610000"


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    created: int = 0
    existing: int = 0
    skipped: int = 0
    linked: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    signal_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, zh: str, en: str) -> None:
        self.errors.append({"row": row, "field": column, "message": f"{zh} / {en}"})

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "ok": self.ok, "rows": self.rows, "created": self.created,
                "existing": self.existing, "skipped": self.skipped, "linked": self.linked,
                "errors": self.errors, "warnings": self.warnings}


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() in ("", "None", "null", "NULL")


def _text(value: Any, limit: int = 10_000) -> str:
    return "" if _blank(value) else str(value).strip()[:limit]


def _hazard(text: str) -> str:
    t = (text or "").lower()
    for key, words in (
        (HazardType.ELECTRIC, ("electric", "shock", "触电", "电击", "漏电")),
        (HazardType.FIRE, ("fire", "burn", "heat", "火灾", "起火", "烫", "燃")),
        (HazardType.CHOKING, ("chok", "suffocat", "ingest", "swallow", "窒息", "吞")),
        (HazardType.CHEMICAL, ("chemical", "toxic", "lead", "phthalate", "化学", "超标", "甲醛")),
        (HazardType.STRANGULATION, ("strangul", "勒")),
        (HazardType.INJURY, ("injur", "laceration", "cut", "fall", "impact", "伤", "划", "夹")),
    ):
        if any(w in t for w in words):
            return key
    return HazardType.OTHER


def _gtins(report: ImportReport, row: int, column: str, cell: Any) -> tuple[str, list[str]]:
    """First valid GTIN and the list of all codes in a cell holding one or several codes."""
    if _blank(cell):
        return "", []
    codes = [c for c in re.split(r"[\s,;/]+", str(cell)) if c]
    valid = []
    for code in codes:
        if not code.isdigit():  # e.g. a marketplace ASIN given as the barcode: kept, not linked
            report.warnings.append({"row": row, "field": column, "message": f"{code}: 不是商品条码（保留在来源数据中 / not a GTIN, kept in origin）"})
            continue
        try:
            valid.append(validate_gtin(code))
        except IdentifierError as exc:
            report.warnings.append({"row": row, "field": column, "message": f"{code}: {exc}（保留在来源数据中 / kept in origin）"})
    return (valid[0] if valid else ""), codes


def _url(report: ImportReport, row: int, column: str, cell: Any) -> str:
    """A link as given, its missing slash put back ("https:/www..."); otherwise dropped with a warning."""
    from django.core.validators import URLValidator

    text = re.sub(r"^(https?):/(?!/)", r"\1://", _text(cell, 500))
    if not text:
        return ""
    try:
        URLValidator()(text)
    except ValidationError:
        report.warnings.append({"row": row, "field": column, "message": f"{text}: 链接无效，未保存 / invalid link dropped"})
        return ""
    return text


def _date(report: ImportReport, row: int, column: str, cell: Any, required: bool = False) -> dt.datetime | None:
    if _blank(cell):
        if required:
            report.error(row, column, "日期不能为空", "date is required")
        return None
    if isinstance(cell, dt.datetime):
        value = cell
    elif isinstance(cell, dt.date):
        value = dt.datetime.combine(cell, dt.time(9))
    else:
        text = str(cell).strip()
        value = None
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d. %m. %Y", "%d/%m/%Y", "%Y/%m/%d",
                    "%Y-%m-%d %H:%M"):
            try:
                value = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if value is None:
            report.error(row, column, f"无法识别的日期“{text}”", f"unreadable date {text!r}")
            return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# --- readers: rows -> signal field dicts -----------------------------------------------------------

EU_REQUIRED = ("alert_number", "product_name", "brand", "product_category", "barcode", "risk_type", "published_on")


def read_eu(data: bytes, report: ImportReport) -> list[dict]:
    text = data.decode("utf-8-sig", errors="strict")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in EU_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        report.error(1, ",".join(missing), "缺少必需的列", f"missing required columns {missing}")
        return []
    out = []
    for n, r in enumerate(reader, start=2):
        report.rows += 1
        name = _text(r.get("product_name"), 200)
        if not name:
            report.error(n, "product_name", "产品名称不能为空", "product_name is required")
            continue
        ref = _text(r.get("alert_number"), 80)
        if not ref:  # a sparse national row: keyed by its content
            ref = "N-" + hashlib.sha256((name + "|" + _text(r.get("images"))).encode()).hexdigest()[:16]
        elif not re.fullmatch(r"[A-Z]{1,4}\d{0,2}/\d{3,6}/\d{2}", ref):
            report.error(n, "alert_number", f"通报编号格式错误“{ref}”", f"malformed alert number {ref!r}")
        gtin, codes = _gtins(report, n, "barcode", r.get("barcode"))
        published = _date(report, n, "published_on", r.get("published_on"))
        risk = _text(r.get("risk_type"), 200)
        description = "\n".join(x for x in (_text(r.get("product_description")), _text(r.get("risk_description")),
                                            _text(r.get("production_dates"))) if x)
        out.append({
            "external_ref": ref, "title": f"[Safety Gate] {name}" + (f" — {risk}" if risk else ""),
            "product_name": name, "brand": _text(r.get("brand"), 100), "model": _text(r.get("model_type_number"), 200),
            "gtin": gtin, "category_name": _text(r.get("product_category"), 100),
            "country": _text(r.get("country_of_origin"), 60), "hazard_type": _hazard(risk),
            "description": description, "url": _url(report, n, "case_url", r.get("case_url")),
            "received_at": published, "attachments": [u for u in _text(r.get("images")).split(",") if u.startswith("http")][:10],
            "origin": {k: v for k, v in r.items() if not _blank(v) and k != "images"} | ({"barcodes": codes} if codes else {}),
        })
    return out


CPSC_CSV_REQUIRED = ("id", "title", "date", "description", "url", "brand", "hazard", "source")


def read_cpsc(data: bytes, report: ImportReport) -> list[dict]:
    text = data.decode("utf-8-sig", errors="strict").lstrip()
    if text.startswith("{") or text.startswith("["):
        return _read_cpsc_json(text, report)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CPSC_CSV_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        report.error(1, ",".join(missing), "缺少必需的列", f"missing required columns {missing}")
        return []
    out = []
    for n, r in enumerate(reader, start=2):
        report.rows += 1
        if _text(r.get("source")).upper() != "CPSC":
            report.skipped += 1
            continue
        ref = _text(r.get("id"), 80)
        title = _text(r.get("title"), 300)
        if not ref:
            report.error(n, "id", "召回编号不能为空", "id is required")
        if not title:
            report.error(n, "title", "标题不能为空", "title is required")
        when = _date(report, n, "date", r.get("date"), required=True)
        hazard = _text(r.get("hazard"))
        out.append({"external_ref": ref, "title": f"[CPSC] {title}"[:300], "product_name": _text(r.get("brand"), 200),
                    "description": "\n".join(x for x in (_text(r.get("description")), hazard) if x),
                    "hazard_type": _hazard(hazard + " " + title), "received_at": when, "country": "United States",
                    "url": _url(report, n, "url", r.get("url")), "origin": {k: v for k, v in r.items() if not _blank(v)}})
    return out


def _read_cpsc_json(text: str, report: ImportReport) -> list[dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        report.error(exc.lineno, "json", f"JSON 格式错误：{exc.msg}", f"invalid JSON: {exc.msg}")
        return []
    results = doc.get("success", {}).get("results") if isinstance(doc, dict) else doc
    if not isinstance(results, list):
        report.error(1, "results", "缺少 results 列表", "no results list")
        return []
    out = []
    for n, r in enumerate(results, start=1):
        report.rows += 1
        if not isinstance(r, dict):
            report.error(n, "results", "记录应为对象", "a record must be an object")
            continue
        ref = _text(r.get("recall_number"), 80)
        if not ref:
            report.error(n, "recall_number", "召回编号不能为空", "recall_number is required")
        when = _date(report, n, "recall_date", r.get("recall_date"), required=True)
        descriptions = [str(d) for d in r.get("descriptions") or []]
        manufacturers = [str(m) for m in r.get("manufacturers") or []]
        types = [str(t) for t in r.get("product_types") or []]
        hazards = [str(h) for h in r.get("hazards") or []]
        if not descriptions and not types:
            report.error(n, "descriptions", "缺少产品描述", "descriptions or product_types are required")
        gtin, codes = _gtins(report, n, "upcs", " ".join(str(u) for u in (r.get("upcs") or [])))
        model = ""
        match = re.search(r"\b([A-Z]{1,5}\d{2,6}[A-Z0-9\-]*)\b", " ".join(descriptions))
        if match:
            model = match.group(1)
        brand = manufacturers[0] if manufacturers else ""
        title = f"[CPSC] {brand} {types[0] if types else ''}".strip()
        out.append({"external_ref": ref, "title": title[:300], "product_name": (types[0] if types else "")[:200],
                    "brand": brand[:100], "model": model[:200], "gtin": gtin, "category_name": (types[0] if types else "")[:100],
                    "description": "\n".join(descriptions + hazards), "hazard_type": _hazard(" ".join(hazards)),
                    "received_at": when, "country": ", ".join(str(c) for c in r.get("countries") or [])[:60],
                    "url": _url(report, n, "recall_url", r.get("recall_url")), "origin": r | ({"upcs": codes} if codes else {})})
    return out


COMPLAINT_COLUMNS = {
    "投诉单号": "external_ref", "登记时间": "received_at", "问题描述": "description", "投诉标题": "title",
    "产品名称": "product_name", "品牌": "brand", "规格型号": "model", "商品条码": "gtin", "被投诉企业": "enterprise_name",
    "统一社会信用代码": "uscc", "区划代码": "region", "伤害人数": "injuries", "危害类型": "hazard",
    "产品类别": "category_name", "投诉人": "reporter_name", "联系电话": "reporter_contact",
}
COMPLAINT_REQUIRED = ("投诉单号", "登记时间", "问题描述", "区划代码")


def read_12315(data: bytes, report: ImportReport) -> list[dict]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not an xlsx at all
        report.error(1, "file", "不是有效的 xlsx 文件", f"not a valid xlsx file ({type(exc).__name__})")
        return []
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    missing = [c for c in COMPLAINT_REQUIRED if c not in header]
    if missing:
        report.error(1, "、".join(missing), "缺少必需的列", f"missing required columns {missing}")
        return []
    from zhijian.core.models import Region

    known = set(Region.objects.values_list("code", flat=True))
    out = []
    for n, values in enumerate(rows, start=2):
        if all(_blank(v) for v in values):
            continue
        report.rows += 1
        r = {COMPLAINT_COLUMNS[h]: v for h, v in zip(header, values, strict=False) if h in COMPLAINT_COLUMNS}
        ref = _text(r.get("external_ref"), 80)
        if not ref:
            report.error(n, "投诉单号", "投诉单号不能为空", "complaint number is required")
        when = _date(report, n, "登记时间", r.get("received_at"), required=True)
        description = _text(r.get("description"))
        if not description:
            report.error(n, "问题描述", "问题描述不能为空", "description is required")
        region = _text(r.get("region"))
        if region.endswith(".0"):
            region = region[:-2]
        if region not in known:
            report.error(n, "区划代码", f"行政区划代码不存在“{region}”", f"unknown region code {region!r}")
        gtin = ""
        if not _blank(r.get("gtin")):
            try:
                gtin = validate_gtin(_text(r.get("gtin")).removesuffix(".0"))
            except IdentifierError as exc:
                report.error(n, "商品条码", exc.zh if hasattr(exc, "zh") else str(exc), str(exc))
        uscc = ""
        if not _blank(r.get("uscc")):
            try:
                uscc = validate_uscc(_text(r.get("uscc")))
            except IdentifierError as exc:
                report.error(n, "统一社会信用代码", str(exc), "invalid USCC")
        injuries = 0
        if not _blank(r.get("injuries")):
            try:
                injuries = int(float(str(r.get("injuries"))))
                if injuries < 0:
                    raise ValueError
            except ValueError:
                report.error(n, "伤害人数", "伤害人数应为非负整数", "injuries must be a non-negative whole number")
        title = _text(r.get("title"), 300) or (description[:60] if description else "")
        out.append({"external_ref": ref, "received_at": when, "description": description, "title": title,
                    "product_name": _text(r.get("product_name"), 200), "brand": _text(r.get("brand"), 100),
                    "model": _text(r.get("model"), 200), "gtin": gtin, "uscc": uscc,
                    "enterprise_name": _text(r.get("enterprise_name"), 200), "region": region,
                    "category_name": _text(r.get("category_name"), 100), "injuries": injuries,
                    "hazard_type": _hazard(" ".join((_text(r.get("hazard")), title, description))),
                    "reporter_name": _text(r.get("reporter_name"), 50), "reporter_contact": _text(r.get("reporter_contact"), 60)})
    return out


READERS = {"eu": (read_eu, SourceType.EU_SAFETY_GATE), "cpsc": (read_cpsc, SourceType.US_CPSC),
           "12315": (read_12315, SourceType.COMPLAINT)}


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


def import_signals(*, acting_user: Any, source: str, data: bytes, filename: str = "") -> ImportReport:
    """Read, check and (only if every row is right) create the signals in one transaction."""
    from zhijian.audit.services import log_event
    from zhijian.risk.services import signal_create

    if source not in READERS:
        raise ValidationError({"source": f"未知的导入来源 / unknown import source {source!r} (choose {SOURCES})"})
    if acting_user is not None and not ((acting_user.has_role(*STAFF) and acting_user.scope.covers_region(PROVINCE))
                                        or (source == "12315" and acting_user.has_role(*STAFF))):
        raise PermissionDenied("无权导入该来源 / may not import this source")
    reader, source_type = READERS[source]
    report = ImportReport(source=source)
    try:
        rows = reader(data, report)
    except UnicodeDecodeError as exc:
        report.error(1, "file", "文件不是 UTF-8 编码", f"file is not UTF-8 ({exc.reason})")
        rows = []
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for i, fields in enumerate(rows, start=1):
                ref = fields.get("external_ref")
                if ref and Signal.objects.filter(source_type=source_type, external_ref=ref).exists():
                    report.existing += 1
                    continue
                region = fields.pop("region", PROVINCE)
                title = fields.pop("title") or fields.get("product_name") or ref
                if fields.get("received_at") is None:
                    fields.pop("received_at")
                try:
                    signal = signal_create(acting_user=acting_user, source_type=source_type, title=title,
                                           region=region, **fields)
                except ValidationError as exc:
                    for name, messages in getattr(exc, "message_dict", {"row": exc.messages}).items():
                        report.error(i, name, "；".join(messages), "rejected by validation")
                    continue
                except PermissionDenied as exc:
                    report.error(i, "region", str(exc), "outside your jurisdiction")
                    continue
                report.created += 1
                report.linked += bool(signal.product_id or signal.enterprise_id)
                report.signal_ids.append(signal.pk)
            if report.errors:
                raise ImportRejected(report)
            log_event(acting_user=acting_user, event="risk.signal.import", object_type="risk.signal",
                      new={k: v for k, v in report.as_dict().items() if k not in ("errors", "warnings")},
                      reason=filename)
    except ImportRejected:
        report.created = report.linked = 0
        report.signal_ids = []
    return report
