"""Every write of the risk app: atomic, checked against role and jurisdiction, audited."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.accounts.models import Organisation
from zhijian.audit.services import audited_delete, audited_save, log_event
from zhijian.core.calendar import add_working_days
from zhijian.core.identifiers import IdentifierError, validate_gtin, validate_uscc
from zhijian.core.models import Region
from zhijian.registry.models import Brand, Enterprise, Product, ProductCategory, ProductGTIN
from zhijian.risk import matrix
from zhijian.risk.choices import (
    AlarmStatus,
    Measure,
    SignalStatus,
    SourceType,
    TaskStatus,
    WarningKind,
    WarningLevel,
    WarningStatus,
)
from zhijian.risk.models import Alarm, Assessment, InboxItem, ResponseTask, Signal, Subscription, Warning
from zhijian.risk.permissions import ISSUERS, STAFF, SUBSCRIBERS, may_answer, require

# Risk level -> warning colour; configurable with settings.RISK_WARNING_LEVELS (GB/T 35253 grading is [M]).
DEFAULT_WARNING_LEVELS = {"serious": "red", "high": "orange", "medium": "yellow", "low": "blue"}
# Working days a recipient has to report back, by warning colour (settings.RISK_RESPONSE_DAYS).
DEFAULT_RESPONSE_DAYS = {"red": 3, "orange": 5, "yellow": 10, "blue": 15}

SIGNAL_FIELDS = frozenset({
    "description", "product_name", "brand", "model", "gtin", "uscc", "enterprise_name", "category_name",
    "country", "hazard_type", "injuries", "reporter_name", "reporter_contact", "url", "attachments", "origin",
    "external_ref", "received_at", "category", "product",
})


def warning_level_for(risk_level: str) -> str:
    mapping = {**DEFAULT_WARNING_LEVELS, **getattr(settings, "RISK_WARNING_LEVELS", {})}
    return mapping[risk_level]


def response_days_for(level: str) -> int:
    return {**DEFAULT_RESPONSE_DAYS, **getattr(settings, "RISK_RESPONSE_DAYS", {})}[level]


def _err(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError({field: f"{zh} / {en}"})


def _region(value: Region | str | None, field: str = "region") -> Region:
    if isinstance(value, Region):
        return value
    region = Region.objects.filter(code=str(value or "").strip()).first()
    if region is None:
        raise _err(field, "行政区划代码不存在", f"unknown region code {value!r}")
    return region


def _clean_identifiers(fields: dict[str, Any]) -> None:
    for name, validator in (("gtin", validate_gtin), ("uscc", validate_uscc)):
        value = str(fields.get(name) or "").strip()
        if value:
            try:
                fields[name] = validator(value)
            except IdentifierError as exc:
                raise ValidationError({name: str(exc)}) from exc


def _norm(text: str) -> str:
    return re.sub(r"[\s\-_/·.]+", "", (text or "")).lower()


# --- signals -----------------------------------------------------------------------------------

def find_links(signal: Signal) -> tuple[Product | None, Enterprise | None, str]:
    """The registry product and enterprise a signal is about: by GTIN, then USCC, then brand+model."""
    if signal.gtin:
        row = ProductGTIN.objects.select_related("product__enterprise").filter(gtin=signal.gtin).first()
        if row is not None:
            return row.product, row.product.enterprise, "gtin"
    enterprise = Enterprise.objects.filter(uscc=signal.uscc).first() if signal.uscc else None
    if signal.brand and signal.model:
        brand_ids = set(Brand.objects.filter(name__iexact=signal.brand.strip()).values_list("id", flat=True))
        brand_ids |= set(Brand.objects.filter(aliases__alias__iexact=signal.brand.strip()).values_list("id", flat=True))
        if brand_ids:
            wanted = _norm(signal.model)
            candidates = Product.objects.select_related("enterprise").filter(brand_id__in=brand_ids)
            if enterprise is not None:
                candidates = candidates.filter(enterprise=enterprise)
            for product in candidates.only("id", "model", "enterprise", "category"):
                if product.model and _norm(product.model) == wanted:
                    return product, product.enterprise, "brand_model"
    if enterprise is not None:
        return None, enterprise, "uscc"
    return None, None, ""


def find_duplicate(signal: Signal) -> Signal | None:
    """An earlier signal reporting the same thing: same source and the same product identity
    (GTIN, or brand+model) from the same reporter (complaints) or with the same title (others)."""
    qs = Signal.objects.filter(source_type=signal.source_type, duplicate_of__isnull=True).exclude(pk=signal.pk)
    if signal.gtin:
        qs = qs.filter(gtin=signal.gtin)
    elif signal.brand and signal.model:
        qs = qs.filter(brand__iexact=signal.brand, model__iexact=signal.model)
    else:
        return None
    if signal.source_type == SourceType.COMPLAINT:
        if not signal.reporter_contact:
            return None
        qs = qs.filter(reporter_contact=signal.reporter_contact)
    else:
        qs = qs.filter(title=signal.title)
    return qs.order_by("received_at", "id").first()


def _apply_links(signal: Signal) -> None:
    if signal.product_id:  # the source named the registry product itself (a spot-check sample)
        product, enterprise, method = signal.product, signal.product.enterprise, "source"
    else:
        product, enterprise, method = find_links(signal)
    if product is not None:
        signal.product = product
        signal.category = signal.category or product.category
        if not signal.category_name:
            signal.category_name = product.category.name
    if enterprise is not None:
        signal.enterprise = enterprise
        signal.enterprise_name = signal.enterprise_name or enterprise.name
        signal.uscc = signal.uscc or enterprise.uscc
    signal.link_method = method
    if method and signal.status == SignalStatus.NEW:
        signal.status = SignalStatus.LINKED
    if signal.category is None and signal.category_name:
        signal.category = ProductCategory.objects.filter(name=signal.category_name).first()


@transaction.atomic
def signal_create(*, acting_user: Any, source_type: str, title: str, region: Region | str, reason: str = "",
                  **fields: Any) -> Signal:
    """A new signal, linked to the registry and checked for duplicates. An external reference
    already recorded for the same source returns the existing signal unchanged (idempotent)."""
    region = _region(region)
    require(acting_user, STAFF, region.code)
    unknown = set(fields) - SIGNAL_FIELDS
    if unknown:
        raise ValidationError({n: "不能通过此操作填写 / cannot be set here" for n in sorted(unknown)})
    if source_type not in SourceType.values:
        raise _err("source_type", "未知的信息来源", f"unknown source type {source_type!r}")
    if not (title or "").strip():
        raise _err("title", "标题不能为空", "title is required")
    _clean_identifiers(fields)
    ref = str(fields.get("external_ref") or "").strip()
    if ref:
        existing = Signal.objects.filter(source_type=source_type, external_ref=ref).first()
        if existing is not None:
            return existing
    fields.setdefault("received_at", timezone.now())
    signal = Signal(source_type=source_type, title=title.strip()[:300], region=region, **fields)
    _apply_links(signal)
    duplicate = find_duplicate(signal)
    if duplicate is not None:
        signal.duplicate_of = duplicate
        signal.status = SignalStatus.DUPLICATE
    return audited_save(signal, acting_user=acting_user, reason=reason)


@transaction.atomic
def complaint_submit(*, title: str, region: Region | str, description: str = "", product_name: str = "",
                     brand: str = "", model: str = "", gtin: str = "", injuries: int = 0, hazard_type: str = "other",
                     reporter_name: str = "", reporter_contact: str = "") -> Signal:
    """The public complaint form (no login): the only write the portal may make."""
    if not (reporter_contact or "").strip():
        raise _err("reporter_contact", "请填写联系方式", "a contact is required")
    return signal_create(
        acting_user=None, source_type=SourceType.COMPLAINT, title=title, region=region, description=description,
        product_name=product_name, brand=brand, model=model, gtin=gtin, injuries=injuries or 0,
        hazard_type=hazard_type or "other", reporter_name=reporter_name, reporter_contact=reporter_contact,
        reason="公众投诉 / public complaint",
    )


@transaction.atomic
def signal_link(*, acting_user: Any, signal: Signal, product: Product | None = None,
                enterprise: Enterprise | None = None, reason: str = "") -> Signal:
    """Link a signal to a registry product (and its enterprise) by hand."""
    require(acting_user, STAFF, signal.region_id)
    if product is None and enterprise is None:
        raise _err("product", "请选择产品或企业", "choose a product or an enterprise")
    old = {"product": signal.product_id, "enterprise": signal.enterprise_id}
    if product is not None:
        signal.product = product
        signal.enterprise = product.enterprise
        signal.category = product.category
        signal.category_name = product.category.name
        signal.brand = signal.brand or (product.brand.name if product.brand_id else "")
        signal.model = signal.model or product.model
    elif enterprise is not None:
        signal.enterprise = enterprise
    signal.enterprise_name = signal.enterprise.name if signal.enterprise_id else signal.enterprise_name
    signal.uscc = signal.enterprise.uscc if signal.enterprise_id else signal.uscc
    signal.link_method = "manual"
    if signal.status == SignalStatus.NEW:
        signal.status = SignalStatus.LINKED
    audited_save(signal, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="risk.signal.link", instance=signal, old=old,
              new={"product": signal.product_id, "enterprise": signal.enterprise_id}, reason=reason)
    return signal


@transaction.atomic
def signal_close(*, acting_user: Any, signal: Signal, reason: str) -> Signal:
    require(acting_user, STAFF, signal.region_id)
    if not reason.strip():
        raise _err("reason", "请填写办结理由", "a reason is required")
    old = signal.status
    signal.status = SignalStatus.CLOSED
    audited_save(signal, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="risk.signal.close", instance=signal, old=old, new=signal.status,
              reason=reason)
    return signal


# --- assessments -------------------------------------------------------------------------------

def _clean_scenarios(scenarios: Iterable[dict]) -> list[dict]:
    out = []
    for i, sc in enumerate(scenarios or [], start=1):
        try:
            severity = int(sc.get("severity"))
        except (TypeError, ValueError):
            raise _err("scenarios", f"情景{i}：严重程度应为1-4", f"scenario {i}: severity must be 1-4") from None
        if severity not in (1, 2, 3, 4):
            raise _err("scenarios", f"情景{i}：严重程度应为1-4", f"scenario {i}: severity must be 1-4")
        steps = [str(s).strip() for s in (sc.get("steps") or []) if str(s).strip()]
        if not steps:
            raise _err("scenarios", f"情景{i}：至少填写一个步骤概率", f"scenario {i}: at least one step probability")
        for s in steps:
            try:
                p = matrix.parse_probability(s)
            except ValueError:
                raise _err("scenarios", f"情景{i}：无法识别的概率“{s}”", f"scenario {i}: unreadable probability {s!r}") from None
            if not 0 <= p <= 1:
                raise _err("scenarios", f"情景{i}：概率应在0到1之间", f"scenario {i}: probability must be in [0, 1]")
        out.append({"hazard": str(sc.get("hazard") or "").strip(), "consumer": sc.get("consumer") or "general",
                    "severity": severity, "steps": steps, "description": str(sc.get("description") or "").strip()})
    if not out:
        raise _err("scenarios", "至少需要一个伤害情景", "at least one injury scenario is needed")
    return out


@transaction.atomic
def assessment_create(*, acting_user: Any, title: str, scenarios: list[dict], profile: str = matrix.DEFAULT_PROFILE,
                      signal: Signal | None = None, product: Product | None = None, region: Region | str | None = None,
                      conclusion: str = "") -> Assessment:
    region = _region(region if region is not None else (signal.region if signal else None))
    require(acting_user, STAFF, region.code)
    try:
        prof = matrix.get_profile(profile)
    except ValueError as exc:
        raise ValidationError({"profile": str(exc)}) from exc
    cleaned = _clean_scenarios(scenarios)
    result = matrix.assess(cleaned, prof)
    product = product or (signal.product if signal else None)
    assessment = Assessment(
        title=(title or "").strip() or (signal.title if signal else ""), signal=signal, product=product,
        region=region, profile=prof.code, profile_version=prof.version, scenarios=cleaned, result=result,
        level=result["level"], result_hash=result["hash"], conclusion=conclusion,
        assessed_by=acting_user if getattr(acting_user, "pk", None) else None, assessed_at=timezone.now(),
    )
    if not assessment.title:
        raise _err("title", "评估对象不能为空", "title is required")
    audited_save(assessment, acting_user=acting_user)
    log_event(acting_user=acting_user, event="risk.assessment.result", instance=assessment,
              new={"level": assessment.level, "hash": assessment.result_hash, "profile": prof.version})
    if signal is not None and signal.status in (SignalStatus.NEW, SignalStatus.LINKED):
        signal.status = SignalStatus.ASSESSED
        audited_save(signal, acting_user=acting_user)
    return assessment


def assessment_reproduce(assessment: Assessment) -> dict:
    """Recompute from the stored inputs with the stored profile: same level and hash, or not."""
    result = matrix.assess(assessment.scenarios, assessment.profile)
    return {"level": result["level"], "hash": result["hash"], "profile_version": result["profile_version"],
            "matches": result["hash"] == assessment.result_hash and result["profile_version"] == assessment.profile_version}


# --- alarms ------------------------------------------------------------------------------------

@transaction.atomic
def alarm_decide(*, acting_user: Any, alarm: Alarm, decision: str, reason: str = "") -> Alarm:
    """Confirm an alarm (a draft warning is prepared for it) or dismiss it with a reason."""
    require(acting_user, STAFF, alarm.region_id)
    if alarm.status != AlarmStatus.OPEN:
        raise _err("status", "该异常信号已研判", "the alarm has already been decided")
    if decision not in ("confirm", "dismiss"):
        raise _err("decision", "请选择确认或排除", "decision must be confirm or dismiss")
    if decision == "dismiss" and not reason.strip():
        raise _err("reason", "排除时必须填写理由", "a reason is required to dismiss")
    old = alarm.status
    alarm.status = AlarmStatus.CONFIRMED if decision == "confirm" else AlarmStatus.DISMISSED
    alarm.reason = reason
    alarm.decided_by = acting_user if getattr(acting_user, "pk", None) else None
    alarm.decided_at = timezone.now()
    if decision == "confirm":
        issuer = _issuer_for(acting_user, alarm.region)
        what = " ".join(x for x in (alarm.brand, alarm.category_name) if x) or alarm.series
        warning = Warning(
            title=f"{alarm.region.name}{what}风险信息异常增多（{alarm.week:%Y-%m-%d}周）"[:300],
            level=WarningLevel.BLUE, region=issuer.region, issuer=issuer,
            summary=f"监测序列“{alarm.series}”本周 {alarm.count} 条，期望 {alarm.expected:.1f}，阈值 {alarm.upper:.0f}。{reason}",
            scope={"categories": [alarm.category_name] if alarm.category_name else [],
                   "brands": [alarm.brand] if alarm.brand else [], "regions": [alarm.region_id]},
            measures=[Measure.INSPECT], kind=WarningKind.INTERNAL, response_days=response_days_for("blue"),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audited_save(warning, acting_user=acting_user)
        alarm.warning = warning
    audited_save(alarm, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event=f"risk.alarm.{decision}", instance=alarm, old=old, new=alarm.status,
              reason=reason)
    return alarm


@transaction.atomic
def alarm_record(*, acting_user: Any, series: str, region: Region | str, week: dt.date, count: int, expected: float,
                 upper: float, method: str, category_name: str = "", brand: str = "") -> tuple[Alarm, bool]:
    """Store one detector alarm (idempotent on series and week)."""
    region = _region(region)
    require(acting_user, STAFF, region.code)
    existing = Alarm.objects.filter(series=series, week=week).first()
    if existing is not None:
        return existing, False
    alarm = Alarm(series=series, region=region, week=week, count=count, expected=expected, upper=upper,
                  method=method, category_name=category_name, brand=brand)
    return audited_save(alarm, acting_user=acting_user), True


# --- warnings ----------------------------------------------------------------------------------

def _issuer_for(user: Any, region: Region) -> Organisation:
    org = getattr(user, "organisation", None)
    if org is not None and org.kind == "bureau":
        return org
    bureau = (Organisation.objects.filter(kind="bureau", region_id=region.code).first()
              or Organisation.objects.filter(kind="bureau", level="province").first())
    if bureau is None:
        raise _err("issuer", "找不到发布单位", "no issuing bureau found")
    return bureau


SCOPE_KEYS = ("categories", "brands", "models", "gtins", "batches", "regions")


def _clean_scope(scope: dict | None) -> dict:
    out: dict[str, list[str]] = {}
    for key in SCOPE_KEYS:
        values = (scope or {}).get(key) or []
        if isinstance(values, str):
            values = re.split(r"[,，、;；\n]+", values)
        values = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if key == "gtins":
            cleaned = []
            for v in values:
                try:
                    cleaned.append(validate_gtin(v))
                except IdentifierError as exc:
                    raise ValidationError({"scope": f"gtins: {exc}"}) from exc
            values = cleaned
        out[key] = values
    return out


WARNING_FIELDS = frozenset({"kind", "consumer_advice", "public", "response_days", "signal", "assessment", "scope",
                            "measures", "risk_level", "level"})


@transaction.atomic
def warning_create(*, acting_user: Any, title: str, summary: str, recipients: Iterable[Organisation] = (),
                   **fields: Any) -> Warning:
    """A draft warning. Level defaults to the colour the risk level maps to."""
    unknown = set(fields) - WARNING_FIELDS
    if unknown:
        raise ValidationError({n: "不能通过此操作填写 / cannot be set here" for n in sorted(unknown)})
    org = getattr(acting_user, "organisation", None)
    if acting_user is not None and (org is None or org.kind != "bureau"):
        raise PermissionDenied("只有监管部门可以发布预警 / only bureaus issue warnings")
    region = org.region if org is not None else Region.objects.filter(level="province").first()
    require(acting_user, ISSUERS, region.code)
    assessment = fields.get("assessment")
    risk_level = fields.pop("risk_level", "") or (assessment.level if assessment else "")
    level = fields.pop("level", "") or (warning_level_for(risk_level) if risk_level else "")
    if level not in WarningLevel.values:
        raise _err("level", "请选择预警级别", "choose a warning level")
    measures = [m for m in (fields.pop("measures", None) or []) if m]
    bad = [m for m in measures if m not in Measure.values]
    if bad:
        raise _err("measures", "未知的措施", f"unknown measures {bad}")
    scope = _clean_scope(fields.pop("scope", None))
    if "response_days" not in fields or not fields.get("response_days"):
        fields["response_days"] = response_days_for(level)
    if not (title or "").strip():
        raise _err("title", "预警标题不能为空", "title is required")
    if not (summary or "").strip():
        raise _err("summary", "风险描述不能为空", "summary is required")
    if assessment is not None and fields.get("signal") is None:
        fields["signal"] = assessment.signal
    warning = Warning(title=title.strip(), summary=summary.strip(), level=level, risk_level=risk_level,
                      region=region, issuer=org if org is not None else _issuer_for(None, region), scope=scope,
                      measures=measures, created_by=acting_user if getattr(acting_user, "pk", None) else None,
                      **fields)
    audited_save(warning, acting_user=acting_user)
    recipients = list(recipients)
    _check_recipients(recipients)
    warning.recipients.set(recipients)
    log_event(acting_user=acting_user, event="risk.warning.recipients", instance=warning,
              new=sorted(o.pk for o in recipients))
    return warning


def _check_recipients(recipients: list[Organisation]) -> None:
    for org in recipients:
        if org.kind not in ("bureau", "platform", "enterprise", "association"):
            raise _err("recipients", f"“{org.name}”不能接收预警", f"{org.name} cannot receive warnings")


@transaction.atomic
def warning_update(*, acting_user: Any, instance: Warning, recipients: Iterable[Organisation] | None = None,
                   **fields: Any) -> Warning:
    require(acting_user, ISSUERS, instance.region_id)
    if instance.status != WarningStatus.DRAFT:
        raise _err("status", "只有草稿可以修改", "only a draft can be edited")
    for key in ("title", "summary", "kind", "consumer_advice", "public", "response_days", "level"):
        if key in fields and fields[key] not in (None, ""):
            setattr(instance, key, fields[key])
    if "scope" in fields:
        instance.scope = _clean_scope(fields["scope"])
    if "measures" in fields:
        instance.measures = [m for m in fields["measures"] if m]
    audited_save(instance, acting_user=acting_user)
    if recipients is not None:
        recipients = list(recipients)
        _check_recipients(recipients)
        instance.recipients.set(recipients)
        log_event(acting_user=acting_user, event="risk.warning.recipients", instance=instance,
                  new=sorted(o.pk for o in recipients))
    return instance


@transaction.atomic
def warning_publish(*, acting_user: Any, warning: Warning, today: dt.date | None = None) -> Warning:
    """Publish: one response task per recipient organisation with a working-day deadline, inbox
    items for the recipients, and deliveries to every matching subscription (sent after commit)."""
    require(acting_user, ISSUERS, warning.region_id)
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    if warning.status != WarningStatus.DRAFT:
        raise _err("status", "只有草稿可以发布", "only a draft can be published")
    recipients = list(warning.recipients.all())
    if not recipients and not warning.public:
        raise _err("recipients", "请至少选择一个接收单位或向社会公开", "choose a recipient or make it public")
    today = today or timezone.localdate()
    dl = add_working_days(today, warning.response_days)
    old = warning.status
    warning.status = WarningStatus.PUBLISHED
    warning.published_at = timezone.now()
    audited_save(warning, acting_user=acting_user)
    for org in recipients:
        task = ResponseTask(warning=warning, organisation=org, due=dl.due, deadline_note=dl.warning[:200])
        audited_save(task, acting_user=acting_user)
        audited_save(InboxItem(organisation=org, warning=warning, subject=f"【{warning.get_level_display()}】{warning.title}"[:300]),
                     acting_user=acting_user)
    log_event(acting_user=acting_user, event="risk.warning.publish", instance=warning, old=old, new=warning.status,
              reason=f"{len(recipients)} tasks due {dl.due.isoformat()}")
    from zhijian.risk.subscriptions import dispatch_warning

    dispatch_warning(warning, acting_user=acting_user)
    if not recipients:
        _maybe_close(warning, acting_user)
    return warning


def _maybe_close(warning: Warning, acting_user: Any) -> None:
    if warning.status != WarningStatus.PUBLISHED:
        return
    if warning.tasks.exclude(status=TaskStatus.DONE).exists():
        return
    warning.status = WarningStatus.CLOSED
    warning.closed_at = timezone.now()
    audited_save(warning, acting_user=acting_user)
    log_event(acting_user=acting_user, event="risk.warning.close", instance=warning, old=WarningStatus.PUBLISHED,
              new=WarningStatus.CLOSED, reason="全部处置任务已反馈 / all response tasks reported")


@transaction.atomic
def task_report(*, acting_user: Any, task: ResponseTask, found: bool, measures_taken: Iterable[str] = (),
                units_withdrawn: int = 0, note: str = "") -> ResponseTask:
    """A recipient reports back (like a Safety Gate follow-up); the warning closes when all have."""
    task = ResponseTask.objects.select_for_update().select_related("warning").get(pk=task.pk)
    if acting_user is not None and not may_answer(acting_user, task):
        raise PermissionDenied("只有承办单位可以反馈 / only the addressed organisation may report")
    if task.status == TaskStatus.DONE:
        raise _err("status", "该任务已反馈", "the task has already been reported")
    if task.warning.status != WarningStatus.PUBLISHED:
        raise _err("status", "预警未处于发布状态", "the warning is not published")
    measures = [m for m in measures_taken if m]
    bad = [m for m in measures if m not in Measure.values]
    if bad:
        raise _err("measures_taken", "未知的措施", f"unknown measures {bad}")
    try:
        units = int(units_withdrawn or 0)
    except (TypeError, ValueError):
        raise _err("units_withdrawn", "数量应为整数", "units must be a whole number") from None
    if units < 0:
        raise _err("units_withdrawn", "数量不能为负", "units cannot be negative")
    if units and not found:
        raise _err("units_withdrawn", "未发现涉及产品时数量应为0", "units must be 0 when the product was not found")
    task.found = bool(found)
    task.measures_taken = measures
    task.units_withdrawn = units
    task.note = note
    task.status = TaskStatus.DONE
    task.reported_at = timezone.now()
    task.reported_by = acting_user if getattr(acting_user, "pk", None) else None
    audited_save(task, acting_user=acting_user)
    log_event(acting_user=acting_user, event="risk.task.report", instance=task, old=TaskStatus.OPEN,
              new={"found": task.found, "units_withdrawn": units, "measures": measures})
    _maybe_close(task.warning, acting_user)
    return task


def next_level(org: Organisation) -> Organisation | None:
    """Who chases an overdue task: county -> city -> province bureau; a platform, enterprise or
    association -> the city bureau of its region."""
    code = org.region_id or ""
    if org.kind == "bureau":
        if org.level == "county":
            target = (code[:4] + "00", "city")
        elif org.level == "city":
            target = (code[:2] + "0000", "province")
        else:
            return None
    else:
        target = (code[:4] + "00", "city")
    found = Organisation.objects.filter(kind="bureau", region_id=target[0], level=target[1]).first()
    if found is None and target[1] == "city":
        found = Organisation.objects.filter(kind="bureau", level="province").first()
    return found


@transaction.atomic
def tasks_escalate(*, acting_user: Any = None, today: dt.date | None = None) -> list[ResponseTask]:
    """Escalate every open task past its deadline one level up (again each day it stays overdue
    beyond a further response period). Idempotent within a day."""
    today = today or timezone.localdate()
    escalated = []
    for task in ResponseTask.objects.select_related("organisation", "escalated_to", "warning").filter(
            status=TaskStatus.OPEN, due__lt=today, warning__status=WarningStatus.PUBLISHED):
        current = task.escalated_to or task.organisation
        if task.escalated_at and timezone.localdate(task.escalated_at) >= today:
            continue
        if task.escalation_level and (today - task.due).days < task.escalation_level * max(task.warning.response_days, 1):
            continue
        target = next_level(current) if task.escalation_level else next_level(task.organisation)
        if target is None:
            continue
        old = {"level": task.escalation_level, "to": task.escalated_to_id}
        task.escalation_level += 1
        task.escalated_to = target
        task.escalated_at = timezone.now()
        audited_save(task, acting_user=acting_user, reason="逾期未反馈 / overdue")
        audited_save(InboxItem(organisation=target, warning=task.warning,
                               subject=f"【督办】{task.organisation.name} 逾期未反馈：{task.warning.title}"[:300]),
                     acting_user=acting_user)
        log_event(acting_user=acting_user, event="risk.task.escalate", instance=task, old=old,
                  new={"level": task.escalation_level, "to": target.pk}, reason="逾期未反馈 / overdue")
        escalated.append(task)
    return escalated


# --- subscriptions -----------------------------------------------------------------------------

SUBSCRIPTION_FIELDS = frozenset({"categories", "brands", "gtins", "usccs", "webhook_url", "inbox", "active", "name"})


def _clean_subscription(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for key in ("categories", "brands", "gtins", "usccs"):
        values = out.get(key) or []
        if isinstance(values, str):
            values = re.split(r"[,，、;；\n]+", values)
        values = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        validator = {"gtins": validate_gtin, "usccs": validate_uscc}.get(key)
        if validator:
            try:
                values = [validator(v) for v in values]
            except IdentifierError as exc:
                raise ValidationError({key: str(exc)}) from exc
        out[key] = values
    return out


@transaction.atomic
def subscription_create(*, acting_user: Any, name: str, organisation: Organisation | None = None,
                        **fields: Any) -> Subscription:
    unknown = set(fields) - SUBSCRIPTION_FIELDS
    if unknown:
        raise ValidationError({n: "不能通过此操作填写 / cannot be set here" for n in sorted(unknown)})
    organisation = organisation or getattr(acting_user, "organisation", None)
    if organisation is None:
        raise _err("organisation", "请选择订阅单位", "choose the subscribing organisation")
    if acting_user is not None:
        if not acting_user.has_role(*SUBSCRIBERS):
            raise PermissionDenied("无权订阅预警 / may not subscribe")
        if not acting_user.has_role("administrator") and organisation.pk != acting_user.organisation_id:
            raise PermissionDenied("只能为本单位订阅 / only for your own organisation")
    fields = _clean_subscription(fields)
    if not any(fields.get(k) for k in ("categories", "brands", "gtins", "usccs")):
        raise _err("categories", "请至少填写一个订阅条件", "give at least one category, brand, GTIN or USCC")
    sub = Subscription(organisation=organisation, name=(name or "").strip() or "订阅", secret=secrets.token_hex(32),
                       **fields)
    return audited_save(sub, acting_user=acting_user)


@transaction.atomic
def subscription_update(*, acting_user: Any, instance: Subscription, **fields: Any) -> Subscription:
    if acting_user is not None and not acting_user.has_role("administrator") and \
            instance.organisation_id != acting_user.organisation_id:
        raise PermissionDenied("只能修改本单位的订阅 / only your own organisation's subscriptions")
    unknown = set(fields) - SUBSCRIPTION_FIELDS
    if unknown:
        raise ValidationError({n: "不能通过此操作填写 / cannot be set here" for n in sorted(unknown)})
    for key, value in _clean_subscription(fields).items():
        setattr(instance, key, value)
    return audited_save(instance, acting_user=acting_user)


@transaction.atomic
def subscription_delete(*, acting_user: Any, instance: Subscription) -> None:
    if acting_user is not None and not acting_user.has_role("administrator") and \
            instance.organisation_id != acting_user.organisation_id:
        raise PermissionDenied("只能删除本单位的订阅 / only your own organisation's subscriptions")
    audited_delete(instance, acting_user=acting_user)


@transaction.atomic
def inbox_mark_read(*, acting_user: Any, item: InboxItem) -> InboxItem:
    if acting_user is not None and item.organisation_id != acting_user.organisation_id:
        raise PermissionDenied("只能处理本单位的消息 / only your own organisation's messages")
    if item.read_at is None:
        item.read_at = timezone.now()
        audited_save(item, acting_user=acting_user)
    return item
