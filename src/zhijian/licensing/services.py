"""Every write of the licensing app: one transaction, jurisdiction and role checked, audited.

Application steps follow APPLICATION_WORKFLOW; each step leaves a timeline row (ApplicationStep)
and a typed audit event, and sets the time limit of the stage it opens (core.calendar, working
or calendar days as the rule in RuleSet.deadlines says)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from zhijian.agencies.models import InspectionAgency, Inspector
from zhijian.agencies.selectors import drawable_inspectors, qualified_agencies
from zhijian.audit.services import audited_delete, audited_save, log_event
from zhijian.core.calendar import deadline
from zhijian.core.identifiers import IdentifierError, validate_licence_number
from zhijian.licensing import rules as rule_engine
from zhijian.licensing import selectors
from zhijian.licensing.catalogue import seed_rows
from zhijian.licensing.choices import (
    ApplicationKind,
    CampaignItemResult,
    ChangeKind,
    Decision,
    DocumentKind,
    LicenceStatus,
    Procedure,
    ProceedingStatus,
    Stage,
    TestResult,
    VerificationResult,
)
from zhijian.licensing.models import (
    AnnualReport,
    Application,
    ApplicationDocument,
    ApplicationStep,
    Campaign,
    CampaignItem,
    CatalogueEntry,
    Licence,
    LicenceStatusChange,
    OverCapacityListing,
    ProductTest,
    Reminder,
    RevocationProceeding,
    RuleSet,
    Verification,
)
from zhijian.licensing.permissions import AUTHORITY, SUPERVISORS, require, require_enterprise
from zhijian.licensing.workflows import APPLICATION_WORKFLOW, LICENCE_BASIS, LICENCE_WORKFLOW
from zhijian.registry.models import Enterprise, ProductCategory

FALSE_COMMITMENT_BASIS = "国发〔2018〕33号、行政许可法第69条：虚假承诺，撤销许可"
PROVINCE_ABBREVIATION = getattr(settings, "LICENSING_PROVINCE_ABBREVIATION", "陕")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    ApplicationKind.NEW: (DocumentKind.APPLICATION_FORM, DocumentKind.BUSINESS_LICENCE,
                          DocumentKind.PRODUCTION_CONDITIONS, DocumentKind.QUALITY_MANUAL, DocumentKind.TEST_REPORT),
    ApplicationKind.CHANGE: (DocumentKind.APPLICATION_FORM, DocumentKind.CHANGE_EVIDENCE),
    ApplicationKind.RENEWAL: (DocumentKind.APPLICATION_FORM, DocumentKind.PRODUCTION_CONDITIONS,
                              DocumentKind.TEST_REPORT),
    ApplicationKind.CANCELLATION: (DocumentKind.APPLICATION_FORM,),
    ApplicationKind.REPLACEMENT: (DocumentKind.APPLICATION_FORM, DocumentKind.LOSS_STATEMENT),
}


def required_documents(app: Application) -> list[str]:
    kinds = list(REQUIRED_DOCUMENTS[app.kind])
    if app.procedure == Procedure.COMMITMENT and app.kind in (ApplicationKind.NEW, ApplicationKind.RENEWAL):
        kinds.append(DocumentKind.COMMITMENT)
    if app.restructuring:
        kinds.append(DocumentKind.RESTRUCTURING)
    return kinds


def missing_documents(app: Application) -> list[str]:
    have = set(app.documents.values_list("kind", flat=True))
    return [k for k in required_documents(app) if k not in have]


def _today() -> dt.date:
    return timezone.localdate()


def _err(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError({field: f"{zh} / {en}"})


# --- rules, catalogue, over-capacity list ------------------------------------------------------------

RULE_FIELDS = frozenset({
    "refuse_over_capacity", "priority_restructuring", "exempt_onsite_no_relocation",
    "restructuring_late_renewal_days", "revocation_bar_years", "renewal_window_months", "validity_years",
    "verifier_min", "verifier_max", "verifier_qualification", "deadlines",
})


@transaction.atomic
def rules_update(*, acting_user: Any, reason: str = "", **fields: Any) -> RuleSet:
    require(acting_user, AUTHORITY, "610000")
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValidationError({name: "不能通过此操作修改 / cannot be changed here" for name in sorted(unknown)})
    ruleset = selectors.rules()
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    for name, value in fields.items():
        setattr(ruleset, name, value)
    if ruleset.verifier_min < 2 or ruleset.verifier_max > 4 or ruleset.verifier_min > ruleset.verifier_max:
        raise _err("verifier_min", "核查人员应为2至4名（条例第15条）", "2 to 4 verifiers (regulation Art. 15)")
    for stage, value in (ruleset.deadlines or {}).items():
        if not isinstance(value, list | tuple) or len(value) < 2 or value[1] not in ("working", "calendar"):
            raise _err("deadlines", f"时限“{stage}”格式应为 [天数, working|calendar, 依据]",
                       f"deadline {stage} must be [days, working|calendar, basis]")
    return audited_save(ruleset, acting_user=acting_user, reason=reason)


@transaction.atomic
def catalogue_seed(*, acting_user: Any = None) -> int:
    """Load the dated catalogue of DOMAIN 3.3 once (idempotent on code, name and start)."""
    created = 0
    for row in seed_rows():
        exists = CatalogueEntry.objects.filter(category_code=row["category_code"], name=row["name"],
                                               valid_from=row["valid_from"]).exists()
        if not exists:
            audited_save(CatalogueEntry(**row), acting_user=acting_user, reason="许可目录初始数据 / catalogue seed")
            created += 1
    return created


CATALOGUE_FIELDS = frozenset({"category_code", "name", "valid_from", "valid_to", "issuing_level", "procedure",
                              "product_test_required", "food_related", "over_capacity_industry", "basis", "note"})


@transaction.atomic
def catalogue_entry_save(*, acting_user: Any, instance: CatalogueEntry | None = None, reason: str = "",
                         **fields: Any) -> CatalogueEntry:
    require(acting_user, AUTHORITY, "610000")
    unknown = set(fields) - CATALOGUE_FIELDS
    if unknown:
        raise ValidationError({name: "不能通过此操作修改 / cannot be changed here" for name in sorted(unknown)})
    entry = instance or CatalogueEntry()
    for name, value in fields.items():
        setattr(entry, name, value)
    if entry.valid_to and entry.valid_to <= entry.valid_from:
        raise _err("valid_to", "停止日期应晚于实施日期", "valid_to must be after valid_from")
    return audited_save(entry, acting_user=acting_user, reason=reason)


@transaction.atomic
def over_capacity_add(*, acting_user: Any, enterprise: Enterprise, industry: str, listed_on: dt.date, basis: str,
                      reason: str = "") -> OverCapacityListing:
    require(acting_user, AUTHORITY, enterprise.region_id)
    entry = OverCapacityListing(enterprise=enterprise, industry=industry, listed_on=listed_on, basis=basis)
    audited_save(entry, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="licensing.over_capacity.list", instance=entry,
              new={"enterprise": enterprise.uscc, "industry": industry, "listed_on": listed_on}, reason=reason)
    return entry


@transaction.atomic
def over_capacity_remove(*, acting_user: Any, instance: OverCapacityListing, removed_on: dt.date | None = None,
                         reason: str = "") -> OverCapacityListing:
    entry = OverCapacityListing.objects.select_for_update().select_related("enterprise").get(pk=instance.pk)
    require(acting_user, AUTHORITY, entry.enterprise.region_id)
    if entry.removed_on:
        raise _err("removed_on", "已移出名单", "already removed from the list")
    entry.removed_on = removed_on or _today()
    return audited_save(entry, acting_user=acting_user, reason=reason)


# --- applications ----------------------------------------------------------------------------------

def _next_reference(on: dt.date) -> str:
    prefix = f"XKSQ{on:%Y}"
    last = (Application.objects.filter(reference__startswith=prefix).order_by("-reference")
            .values_list("reference", flat=True).first())
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _clean_list(values: Iterable[str] | str | None) -> list[str]:
    import re

    if values is None:
        return []
    items = re.split(r"[\n;；]+", values) if isinstance(values, str) else list(values)
    return list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def _step(app: Application, *, action: str, label: str, actor: Any, old: str = "", note: str = "",
          public: bool = True) -> ApplicationStep:
    step = ApplicationStep(application=app, action=action, label=label, from_stage=old, to_stage=app.stage,
                           actor=actor if getattr(actor, "pk", None) else None, on=_today(), note=note,
                           due=app.stage_due, public=public)
    step.save()
    return step


def _set_due(app: Application, stage_rule: str | None, start: dt.date | None, extra_days: int = 0) -> None:
    if stage_rule is None or start is None:
        app.stage_due, app.stage_due_kind, app.stage_due_basis, app.stage_due_warning = None, "", "", ""
        return
    days, kind, basis = selectors.rules().deadline_rule(stage_rule)
    result = deadline(start, days + extra_days, kind)
    app.stage_due, app.stage_due_kind, app.stage_due_basis = result.due, kind, basis
    app.stage_due_warning = result.warning[:200]


def _move(app: Application, transition: str, user: Any, *, label: str = "", note: str = "",
          reason: str = "") -> ApplicationStep:
    old, new = APPLICATION_WORKFLOW.apply(app, transition, user)
    audited_save(app, acting_user=user, reason=reason or note)
    log_event(acting_user=user, event=f"licensing.application.{transition}", instance=app,
              old={"stage": old}, new={"stage": new, "due": app.stage_due}, reason=reason or note)
    t = APPLICATION_WORKFLOW.transitions[transition]
    return _step(app, action=transition, label=label or str(t.label), actor=user, old=old, note=note)


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "enterprise", "category", "licence", "region").get(pk=app.pk)


def _check_list_text(value: Any, field: str) -> list[str]:
    items = _clean_list(value)
    for item in items:
        if len(item) > 255:
            raise _err(field, "单项过长（最多255字）", "an item is longer than 255 characters")
    return items


@transaction.atomic
def application_create(*, acting_user: Any, kind: str, category: ProductCategory | None = None,
                       enterprise: Enterprise | None = None, licence: Licence | None = None,
                       product_name: str = "", models_covered: Iterable[str] | str | None = None,
                       production_addresses: Iterable[str] | str | None = None, change_kind: str = "",
                       new_holder_name: str = "", new_residence: str = "", restructuring: bool = False, relocating: bool = False,
                       procedure: str = "", applicant_note: str = "", licence_number: str = "",
                       reason: str = "") -> Application:
    """A draft application by the enterprise's user (or the bureau on its behalf, or the system)."""
    if kind not in ApplicationKind.values:
        raise _err("kind", "申请类型无效", "unknown application kind")
    if licence is None and licence_number:
        try:
            number = validate_licence_number(licence_number)
        except IdentifierError as exc:
            raise ValidationError({"licence_number": str(exc)}) from exc
        licence = Licence.objects.filter(number=number).first()
        if licence is None:
            raise _err("licence_number", f"许可证 {number} 不存在", f"licence {number} does not exist")
    if kind != ApplicationKind.NEW:
        if licence is None:
            raise _err("licence", "变更、延续、注销、补领须指明原许可证", "name the licence to change, renew, cancel or replace")
        enterprise = enterprise or licence.holder
        if licence.holder_id != enterprise.pk:
            raise _err("licence", "该许可证不属于申请企业", "the licence belongs to another enterprise")
        category = category or licence.category
        product_name = product_name or licence.product_name
        if models_covered is None:
            models_covered = licence.models_covered
        if production_addresses is None:
            production_addresses = licence.production_addresses
        if kind != ApplicationKind.CANCELLATION and licence.status not in (LicenceStatus.VALID, LicenceStatus.EXPIRED):
            raise _err("licence", f"许可证状态为“{licence.get_status_display()}”，不能办理",
                       f"the licence is {licence.status}: this application is not possible")
    if enterprise is None:
        enterprises = list(selectors.own_enterprises(acting_user)[:2])
        if len(enterprises) != 1:
            raise _err("enterprise", "请选择申请企业", "choose the applying enterprise")
        enterprise = enterprises[0]
    if acting_user is not None and acting_user.has_role("enterprise_user"):
        require_enterprise(acting_user, enterprise)
    else:
        require(acting_user, SUPERVISORS, enterprise.region_id)
    if category is None:
        raise _err("category", "请选择产品类别", "choose the product category")
    on = _today()
    index = selectors.CatalogueIndex()
    entry = index.entry(category, on)
    if kind == ApplicationKind.NEW and not index.required(category, on):
        raise _err("category", f"“{category.name}”现不属于生产许可证管理目录，无需申请",
                   f"{category.code} is not in the licence catalogue on {on}: no licence needed")
    if kind == ApplicationKind.NEW and Licence.objects.filter(
            holder=enterprise, category=category, status=LicenceStatus.VALID).exists():
        raise _err("category", "该企业已持有该产品的有效许可证，请办理变更或延续",
                   "the enterprise already holds a valid licence for this product: apply for a change or renewal")
    allowed = {Procedure.VERIFY_FIRST}
    if entry is not None and entry.procedure == Procedure.COMMITMENT:
        allowed.add(Procedure.COMMITMENT)
    procedure = procedure or Procedure.VERIFY_FIRST
    if procedure not in allowed:
        raise _err("procedure", "该产品不实行告知承诺，须先核后证", "this product is licensed only after verification")
    addresses = _check_list_text(production_addresses, "production_addresses")
    if kind in (ApplicationKind.NEW, ApplicationKind.RENEWAL) and not addresses:
        raise _err("production_addresses", "请填写生产地址", "give at least one production address")
    if kind == ApplicationKind.CHANGE and change_kind not in (ChangeKind.NAME, ChangeKind.ADDRESS, ChangeKind.PRODUCTION):
        raise _err("change_kind", "请选择变更事项", "choose what changes")
    if change_kind == ChangeKind.NAME and not new_holder_name.strip():
        raise _err("new_holder_name", "请填写变更后的企业名称", "give the new enterprise name")
    if change_kind == ChangeKind.ADDRESS and not new_residence.strip():
        raise _err("new_residence", "请填写变更后的住所", "give the new registered address")
    app = Application(
        reference=_next_reference(on), kind=kind, enterprise=enterprise, region_id=enterprise.region_id,
        licence=licence, category=category, product_name=(product_name or category.name).strip()[:200],
        models_covered=_check_list_text(models_covered, "models_covered"), production_addresses=addresses,
        change_kind=change_kind if kind == ApplicationKind.CHANGE else "", new_holder_name=new_holder_name.strip(),
        new_residence=new_residence.strip()[:255],
        restructuring=bool(restructuring), relocating=bool(relocating), applicant_note=applicant_note,
        procedure=procedure, issuing_level=entry.issuing_level if entry else "provincial",
        product_test_required=bool(entry and entry.product_test_required and procedure == Procedure.VERIFY_FIRST
                                   and kind in (ApplicationKind.NEW, ApplicationKind.RENEWAL)),
    )
    audited_save(app, acting_user=acting_user, reason=reason)
    _step(app, action="create", label="创建申请", actor=acting_user, public=True)
    return app


def _require_draft_owner(user: Any, app: Application) -> None:
    if user is not None and user.has_role("enterprise_user"):
        require_enterprise(user, app.enterprise)
    else:
        require(user, SUPERVISORS, app.region_id)


@transaction.atomic
def document_upload(*, acting_user: Any, application: Application, kind: str, file: Any,
                    reason: str = "") -> ApplicationDocument:
    app = _lock(application)
    _require_draft_owner(acting_user, app)
    if app.stage not in (Stage.DRAFT, Stage.SUBMITTED, Stage.REVIEW) and kind != DocumentKind.VERIFICATION_REPORT:
        raise _err("file", "该环节不能再上传材料", "documents can no longer be added at this stage")
    if kind not in DocumentKind.values:
        raise _err("kind", "材料类型无效", "unknown document kind")
    if file is None or not getattr(file, "name", ""):
        raise _err("file", "请选择文件", "choose a file")
    size = getattr(file, "size", 0) or 0
    if size == 0:
        raise _err("file", "文件为空", "the file is empty")
    if size > MAX_UPLOAD_BYTES:
        raise _err("file", "文件超过20MB", "the file is larger than 20 MB")
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = str(file.name).replace("\\", "/").rsplit("/", 1)[-1][:200]
    doc = ApplicationDocument(application=app, kind=kind, original_name=name, size=size, sha256=digest.hexdigest(),
                              uploaded_by=acting_user if getattr(acting_user, "pk", None) else None)
    doc.file.save(name, file, save=False)
    transaction.on_commit(lambda: None)
    audited_save(doc, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="licensing.document.upload", instance=app,
              new={"kind": kind, "name": name, "sha256": doc.sha256, "size": size}, reason=reason)
    return doc


@transaction.atomic
def document_remove(*, acting_user: Any, document: ApplicationDocument, reason: str = "") -> None:
    app = _lock(document.application)
    _require_draft_owner(acting_user, app)
    if app.stage != Stage.DRAFT:
        raise _err("file", "已提交的材料不能删除", "submitted documents cannot be removed")
    audited_delete(document, acting_user=acting_user, reason=reason)


def _apply_findings(app: Application, findings: list[rule_engine.Finding]) -> None:
    app.rule_notes = [f.as_dict() for f in findings]
    codes = {f.code for f in findings}
    app.priority = "priority" in codes
    app.onsite_exempt = "onsite_exempt" in codes
    app.late_renewal_tolerated = "late_renewal_tolerated" in codes


def _refuse_if_blocked(findings: list[rule_engine.Finding]) -> None:
    blocked = rule_engine.blocking(findings)
    if blocked:
        raise ValidationError({"__all__": [str(f) for f in blocked]})


@transaction.atomic
def application_submit(*, acting_user: Any, application: Application, reason: str = "") -> Application:
    """Submit a draft: every required document present, no blocking rule; the acceptance limit starts."""
    app = _lock(application)
    _require_draft_owner(acting_user, app)
    APPLICATION_WORKFLOW.check(app, "submit", acting_user)
    missing = missing_documents(app)
    if missing:
        labels = "、".join(str(DocumentKind(k).label) for k in missing)
        raise ValidationError({"documents": f"缺少必需材料：{labels} / required documents missing: {', '.join(missing)}"})
    findings = rule_engine.evaluate(app, selectors.rules(), _today())
    _refuse_if_blocked(findings)
    _apply_findings(app, findings)
    app.submitted_on = _today()
    _set_due(app, "acceptance", app.submitted_on)
    notes = "；".join(f.zh for f in findings)
    _move(app, "submit", acting_user, note=notes, reason=reason)
    return app


@transaction.atomic
def application_withdraw(*, acting_user: Any, application: Application, reason: str = "") -> Application:
    app = _lock(application)
    if acting_user is not None and not acting_user.has_role("enterprise_user"):
        raise PermissionDenied("只有申请企业可以撤回申请 / only the applicant may withdraw")
    require_enterprise(acting_user, app.enterprise)
    app.closed_on = _today()
    _set_due(app, None, None)
    _move(app, "withdraw", acting_user, note=reason, reason=reason)
    return app


@transaction.atomic
def application_accept(*, acting_user: Any, application: Application, note: str = "") -> Application:
    """受理: the blocking rules are checked again; the review and verification limits start."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    APPLICATION_WORKFLOW.check(app, "accept", acting_user)
    missing = missing_documents(app)
    if missing:
        raise ValidationError({"documents": "材料不齐全，应告知补正或不予受理 / documents missing: "
                                            + ", ".join(missing)})
    findings = rule_engine.evaluate(app, selectors.rules(), app.submitted_on or _today())
    _refuse_if_blocked(findings)
    _apply_findings(app, findings)
    app.accepted_on = _today()
    _set_due(app, "verification" if app.kind == ApplicationKind.NEW else "decision", app.accepted_on)
    _move(app, "accept", acting_user, note=note)
    return app


@transaction.atomic
def application_refuse(*, acting_user: Any, application: Application, reason: str) -> Application:
    """不予受理 with the reasons (a rule's explanation is the usual one)."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    if not reason.strip():
        raise _err("reason", "请填写不予受理的理由", "give the reasons for refusing")
    app.refusal_reason = reason.strip()
    app.closed_on = _today()
    _set_due(app, None, None)
    _move(app, "refuse", acting_user, note=reason, reason=reason)
    return app


def _route_after_review(app: Application) -> str:
    if app.kind in (ApplicationKind.CANCELLATION, ApplicationKind.REPLACEMENT):
        return "review_to_decision"
    if app.kind == ApplicationKind.CHANGE and app.change_kind in (ChangeKind.NAME, ChangeKind.ADDRESS):
        return "review_to_decision"
    if app.onsite_exempt:
        return "review_to_testing" if app.product_test_required else "review_to_decision"
    if app.procedure == Procedure.COMMITMENT:
        return "review_to_decision"  # the on-site review follows the licence (post-licence review)
    return "review_to_verification"


@transaction.atomic
def application_review(*, acting_user: Any, application: Application, passed: bool, note: str = "") -> Application:
    """Document review (材料审查): on to verification, testing or the decision, or rejected with reasons."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    if not passed:
        if not note.strip():
            raise _err("note", "请填写审查不通过的理由", "give the reasons")
        app.decision, app.decision_reason, app.decided_on, app.closed_on = Decision.REJECT, note, _today(), _today()
        _set_due(app, None, None)
        _move(app, "review_fail", acting_user, note=note)
        return app
    route = _route_after_review(app)
    if route == "review_to_verification":
        _set_due(app, "verification", app.accepted_on)
    elif route == "review_to_testing":
        _set_due(app, "sample_delivery", _today())
    else:
        _set_due(app, "decision", app.accepted_on, app.testing_days)
    extra = ""
    if app.onsite_exempt:
        extra = "免于实地核查：兼并重组不涉及迁址、不新发证（2016年工作要点第13项）"
    elif app.procedure == Procedure.COMMITMENT and route == "review_to_decision" and app.kind == ApplicationKind.NEW:
        extra = "告知承诺：发证后限期现场审查"
    _move(app, route, acting_user, note="；".join(x for x in (note, extra) if x))
    return app


def verifier_pool(user: Any, app: Application, on: dt.date | None = None) -> list[Inspector]:
    """Active inspectors with the verifier certificate, valid law-enforcement certificate, no conflict
    with the applicant, within the caller's reach."""
    ruleset = selectors.rules()
    return list(drawable_inspectors(user, enterprise_uscc=app.enterprise.uscc,
                                    qualification=ruleset.verifier_qualification, on_date=on or _today()))


def _draws_available() -> bool:
    try:
        from zhijian.draws import services as draw_services
    except ImportError:
        return False
    return hasattr(draw_services, "draw_commit") and hasattr(draw_services, "draw_execute")


@transaction.atomic
def verification_assign(*, acting_user: Any, application: Application, inspectors: Iterable[Inspector] | None = None,
                        n: int | None = None, scheduled_on: dt.date | None = None, note: str = "",
                        beacon: str = "") -> Verification:
    """Assign 2-4 certified verifiers (条例 Art. 15-16): named by the official, or drawn at random
    from the qualified pool (the draws app when it is installed, else a seeded pick recorded here)."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    if app.stage != Stage.VERIFICATION:
        raise _err("stage", "只有实地核查环节可以选派核查人员", "verifiers are assigned in the verification stage")
    ruleset = selectors.rules()
    pool = {i.pk: i for i in verifier_pool(acting_user, app)}
    verification, _created = Verification.objects.get_or_create(application=app)
    if verification.performed_on:
        raise _err("verifiers", "已完成核查，不能更换核查人员", "the verification is done: verifiers can no longer change")
    if inspectors is not None:
        chosen = list(inspectors)
        outside = [i for i in chosen if i.pk not in pool]
        if outside:
            names = "、".join(i.name for i in outside)
            raise _err("verifiers", f"{names} 不在合格核查人员库中（须持核查员证、执法证有效、无利益冲突）",
                       "a chosen verifier is not in the qualified pool")
        drawn_by = "指定 / named by the official"
        draw_id = None
    else:
        count = n or ruleset.verifier_min
        if count > len(pool):
            raise _err("verifiers", f"合格核查人员仅 {len(pool)} 名，不足 {count} 名",
                       f"only {len(pool)} qualified verifiers, {count} needed")
        chosen, drawn_by, draw_id = _draw_verifiers(acting_user, app, list(pool.values()), count, beacon)
    if not ruleset.verifier_min <= len(chosen) <= ruleset.verifier_max:
        raise _err("verifiers", f"核查人员应为{ruleset.verifier_min}至{ruleset.verifier_max}名（条例第15条）",
                   f"{ruleset.verifier_min} to {ruleset.verifier_max} verifiers are required (regulation Art. 15)")
    verification.verifiers.set(chosen)
    verification.drawn_by = drawn_by[:200]
    verification.draw_id = draw_id
    verification.scheduled_on = scheduled_on
    audited_save(verification, acting_user=acting_user, reason=note)
    names = [f"{i.name}（{i.staff_number}）" for i in chosen]
    log_event(acting_user=acting_user, event="licensing.verification.assign", instance=app,
              new={"verifiers": [i.staff_number for i in chosen], "drawn_by": drawn_by, "draw": draw_id}, reason=note)
    _step(app, action="assign_verifiers", label="选派核查人员", actor=acting_user, old=app.stage,
          note="、".join(names) + f"（{drawn_by}）")
    return verification


def _draw_verifiers(user: Any, app: Application, pool: list[Inspector], count: int,
                    beacon: str = "") -> tuple[list[Inspector], str, int | None]:
    """The public random value is the official's (or a fresh random one); the demo passes its seed."""
    beacon = beacon or secrets.token_hex(16)
    if _draws_available():
        from zhijian.draws import services as draw_services

        rows = [{"id": str(i.pk), "label": f"{i.name}（{i.staff_number}）", "stratum": i.region_id[:4], "weight": 1}
                for i in sorted(pool, key=lambda i: i.pk)]
        draw = draw_services.draw_commit(
            acting_user=user, kind="verifier", title=f"{app.reference} 实地核查人员抽取", rows=rows,
            params={"n": count}, region=app.region, subject_type="licensing.application", subject_id=app.pk)
        draw = draw_services.draw_execute(acting_user=user, draw=draw, beacon=beacon,
                                          beacon_source="licensing.verification_assign")
        picked = _draw_picked_ids(draw)
        by_id = {i.pk: i for i in pool}
        return [by_id[pk] for pk in picked if pk in by_id], f"双随机抽取 / draw #{draw.pk}", draw.pk
    seed = beacon[:16]
    chosen = random.Random(f"{app.reference}:{seed}").sample(sorted(pool, key=lambda i: i.pk), count)
    return chosen, f"从合格核查人员库随机选派（种子 {seed}）/ random pick from the qualified pool", None


def _draw_picked_ids(draw: Any) -> list[int]:
    """The ids the draw selected, in drawing order (the draws app stores them as strings)."""
    return [int(x) for x in (getattr(draw, "selected", None) or [])]


@transaction.atomic
def verification_record(*, acting_user: Any, application: Application, performed_on: dt.date, result: str,
                        report: str, samples_sealed: bool = False) -> Application:
    """The verifiers' report: pass goes on (to testing when required), fail rejects with the reasons."""
    app = _lock(application)
    require(acting_user, SUPERVISORS, app.region_id)
    if app.stage != Stage.VERIFICATION:
        raise _err("stage", "当前不在实地核查环节", "the application is not in the verification stage")
    verification = Verification.objects.filter(application=app).first()
    ruleset = selectors.rules()
    if verification is None or verification.verifiers.count() < ruleset.verifier_min:
        raise _err("verifiers", "请先选派核查人员", "assign the verifiers first")
    if result not in VerificationResult.values:
        raise _err("result", "核查结论无效", "unknown verification result")
    if not report.strip():
        raise _err("report", "请填写核查报告", "the verification report is required")
    if performed_on > _today() or (app.accepted_on and performed_on < app.accepted_on):
        raise _err("performed_on", "核查日期应在受理之后且不晚于今天", "the verification date must lie between acceptance and today")
    verification.performed_on, verification.result, verification.report = performed_on, result, report
    if samples_sealed:
        verification.samples_sealed_on = performed_on
    audited_save(verification, acting_user=acting_user)
    if result == VerificationResult.FAIL:
        app.decision, app.decision_reason, app.decided_on, app.closed_on = Decision.REJECT, report, _today(), _today()
        _set_due(app, None, None)
        _move(app, "verification_fail", acting_user, note=report)
    elif app.product_test_required:
        _set_due(app, "sample_delivery", verification.samples_sealed_on or performed_on)
        _move(app, "verification_to_testing", acting_user, note=report)
    else:
        _set_due(app, "decision", app.accepted_on, app.testing_days)
        _move(app, "verification_to_decision", acting_user, note=report)
    return app


@transaction.atomic
def product_test_record(*, acting_user: Any, application: Application, agency: InspectionAgency,
                        delivered_on: dt.date, reported_on: dt.date, report_number: str, result: str,
                        note: str = "") -> Application:
    """The qualified agency's test: its days do not count towards the 60-day decision limit (Art. 24)."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    if app.stage != Stage.TESTING:
        raise _err("stage", "当前不在产品检验环节", "the application is not in the testing stage")
    if not qualified_agencies(app.category.code, delivered_on).filter(pk=agency.pk).exists() and \
            not qualified_agencies(app.category.name, delivered_on).filter(pk=agency.pk).exists():
        raise _err("agency", f"{agency.name} 不具备该产品的检验资质", "the agency is not qualified for this product")
    if reported_on < delivered_on:
        raise _err("reported_on", "报告日期不能早于送样日期", "the report date is before delivery")
    if result not in TestResult.values:
        raise _err("result", "检验结论无效", "unknown test result")
    test, _created = ProductTest.objects.get_or_create(application=app, defaults={"agency": agency})
    test.agency, test.delivered_on, test.reported_on = agency, delivered_on, reported_on
    test.report_number, test.result, test.note = report_number, result, note
    audited_save(test, acting_user=acting_user)
    app.testing_days = (reported_on - delivered_on).days + 1
    if result == TestResult.FAIL:
        app.decision, app.decision_reason, app.decided_on, app.closed_on = Decision.REJECT, note or report_number, _today(), _today()
        _set_due(app, None, None)
        _move(app, "testing_fail", acting_user, note=f"{agency.name} {report_number}")
    else:
        _set_due(app, "decision", app.accepted_on, app.testing_days)
        _move(app, "testing_pass", acting_user, note=f"{agency.name} {report_number}：检验用时{app.testing_days}天不计入决定期限")
    return app


@transaction.atomic
def application_decide(*, acting_user: Any, application: Application, decision: str, reason: str = "") -> Application:
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    if decision not in Decision.values:
        raise _err("decision", "许可决定无效", "unknown decision")
    if decision == Decision.REJECT and not reason.strip():
        raise _err("reason", "不予许可应说明理由", "a refusal needs its reasons")
    app.decision, app.decision_reason, app.decided_on = decision, reason, _today()
    if decision == Decision.APPROVE:
        _set_due(app, "certificate", app.decided_on)
        _move(app, "approve", acting_user, note=reason)
    else:
        app.closed_on = _today()
        _set_due(app, None, None)
        _move(app, "reject", acting_user, note=reason)
    return app


def licence_number_for(uscc: str, category_code: str, province: str = PROVINCE_ABBREVIATION) -> str:
    """The provincial XK number: industry and product codes from the category, the serial from the
    enterprise (the demo province numbers its products the same way); the next free serial if taken."""
    top, _, rest = category_code.partition(".")
    industry = 10 + int(top) % 90
    product = int((top + rest.replace(".", ""))[-3:])
    serial = int(uscc[8:16], 36) % 100_000
    for step in range(100_000):
        number = f"{province}XK{industry:02d}-{product:03d}-{(serial + step) % 100_000:05d}"
        if not Licence.objects.filter(number=number).exists():
            return number
    raise RuntimeError("no free licence serial")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _record_status(licence: Licence, old: str, new: str, basis: str, reason: str, user: Any, on: dt.date) -> None:
    LicenceStatusChange.objects.create(licence=licence, old_status=old, new_status=new, changed_on=on, basis=basis,
                                       reason=reason, actor=user if getattr(user, "pk", None) else None)


@transaction.atomic
def application_issue(*, acting_user: Any, application: Application, note: str = "") -> Licence:
    """Issue the certificate (or finish a cancellation): the licence is created or updated; a renewal,
    change or replacement keeps its number (实施办法 Art. 27)."""
    app = _lock(application)
    require(acting_user, AUTHORITY, app.region_id)
    APPLICATION_WORKFLOW.check(app, "issue", acting_user)
    today = _today()
    ruleset = selectors.rules()
    if app.kind == ApplicationKind.NEW:
        licence = Licence(
            number=licence_number_for(app.enterprise.uscc, app.category.code), holder=app.enterprise,
            holder_name=app.enterprise.name, region_id=app.region_id, category=app.category,
            product_name=app.product_name, models_covered=app.models_covered, residence=app.enterprise.registered_address,
            production_addresses=app.production_addresses, issuing_level=app.issuing_level, procedure=app.procedure,
            issued_on=today, valid_until=_add_years(today, ruleset.validity_years) - dt.timedelta(days=1),
        )
        if app.procedure == Procedure.COMMITMENT:
            licence.post_review_due = deadline(today, *ruleset.deadline_rule("post_licence_review")[:2]).due
        audited_save(licence, acting_user=acting_user, reason=note)
        _record_status(licence, "", LicenceStatus.VALID, "条例第24条：准予许可，颁发证书", note, acting_user, today)
        event = "licensing.licence.issue"
    else:
        licence = Licence.objects.select_for_update().get(pk=app.licence_id)
        old_status = licence.status
        if app.kind == ApplicationKind.CANCELLATION:
            LICENCE_WORKFLOW.apply(licence, "cancel", acting_user)
            licence.status_changed_on, licence.status_basis = today, "条例第31条：企业申请注销"
            _record_status(licence, old_status, licence.status, licence.status_basis, note, acting_user, today)
            event = "licensing.licence.cancel"
        else:
            if app.kind == ApplicationKind.RENEWAL:
                LICENCE_WORKFLOW.apply(licence, "renew", acting_user)
                base = max(licence.valid_until, today)
                licence.valid_until = _add_years(base, ruleset.validity_years)
                licence.issued_on = today
                licence.production_addresses = app.production_addresses or licence.production_addresses
                licence.models_covered = app.models_covered or licence.models_covered
                if old_status != LicenceStatus.VALID:
                    licence.status_changed_on, licence.status_basis = today, LICENCE_BASIS["renew"]
                _record_status(licence, old_status, LicenceStatus.VALID, LICENCE_BASIS["renew"],
                               note or app.reference, acting_user, today)
            elif app.kind == ApplicationKind.CHANGE:
                if app.change_kind == ChangeKind.NAME:
                    licence.holder_name = app.new_holder_name
                elif app.change_kind == ChangeKind.PRODUCTION:
                    licence.production_addresses = app.production_addresses or licence.production_addresses
                    licence.models_covered = app.models_covered or licence.models_covered
                elif app.change_kind == ChangeKind.ADDRESS:
                    licence.residence = app.new_residence
            licence.certificate_version += 1
            event = f"licensing.licence.{app.kind}"
        audited_save(licence, acting_user=acting_user, reason=note)
    app.issued_licence = licence
    app.closed_on = today
    _set_due(app, None, None)
    log_event(acting_user=acting_user, event=event, instance=licence,
              new={"number": licence.number, "application": app.reference, "valid_until": licence.valid_until,
                   "status": licence.status}, reason=note)
    _move(app, "issue", acting_user, note=f"{licence.number}" + (f"；{note}" if note else ""))
    return licence


# --- licences --------------------------------------------------------------------------------------

@transaction.atomic
def licence_change_status(*, acting_user: Any, licence: Licence, transition: str, basis: str = "",
                          reason: str = "", on: dt.date | None = None) -> Licence:
    """暂停 / 恢复 / 吊销 / 撤销 / 注销 / 到期, each with its legal basis on record."""
    lic = Licence.objects.select_for_update().get(pk=licence.pk)
    require(acting_user, AUTHORITY, lic.region_id)
    if transition in ("revoke", "withdraw", "suspend") and not reason.strip():
        raise _err("reason", "请填写事实和理由", "give the facts and reasons")
    old, new = LICENCE_WORKFLOW.apply(lic, transition, acting_user)
    on = on or _today()
    lic.status_changed_on = on
    lic.status_basis = (basis or LICENCE_BASIS.get(transition, ""))[:200]
    audited_save(lic, acting_user=acting_user, reason=reason)
    _record_status(lic, old, new, lic.status_basis, reason, acting_user, on)
    log_event(acting_user=acting_user, event=f"licensing.licence.{transition}", instance=lic,
              old={"status": old}, new={"status": new, "basis": lic.status_basis}, reason=reason)
    if transition == "revoke":
        for proceeding in RevocationProceeding.objects.filter(licence=lic, status=ProceedingStatus.OPEN):
            proceeding.status, proceeding.closed_on = ProceedingStatus.REVOKED, on
            audited_save(proceeding, acting_user=acting_user, reason=reason)
    return lic


@transaction.atomic
def licences_expire(*, acting_user: Any = None, on: dt.date | None = None) -> int:
    """The nightly job: valid licences past their validity become expired (条例 Art. 25)."""
    on = on or _today()
    count = 0
    for lic in Licence.objects.filter(status=LicenceStatus.VALID, valid_until__lt=on):
        licence_change_status(acting_user=acting_user, licence=lic, transition="expire", on=lic.valid_until + dt.timedelta(days=1),
                              reason="有效期届满 / validity ended")
        count += 1
    return count


@transaction.atomic
def licence_post_review_record(*, acting_user: Any, licence: Licence, performed_on: dt.date, passed: bool,
                               report: str) -> Licence:
    """The on-site review after a licence granted on commitment; a false commitment leads to 撤销."""
    lic = Licence.objects.select_for_update().get(pk=licence.pk)
    require(acting_user, SUPERVISORS, lic.region_id)
    if lic.procedure != Procedure.COMMITMENT or lic.post_review_done_on:
        raise _err("post_review", "该许可证无待办的发证后现场审查", "no post-licence review is pending for this licence")
    if not report.strip():
        raise _err("report", "请填写审查报告", "the review report is required")
    lic.post_review_done_on = performed_on
    audited_save(lic, acting_user=acting_user, reason=report)
    log_event(acting_user=acting_user, event="licensing.licence.post_review", instance=lic,
              new={"passed": passed, "performed_on": performed_on}, reason=report)
    if not passed:
        if acting_user is None or acting_user.has_role(*AUTHORITY):
            licence_change_status(acting_user=acting_user, licence=lic, transition="withdraw",
                                  basis=FALSE_COMMITMENT_BASIS, reason=report)
        else:  # the reviewing city or county bureau refers it to the licensing authority
            proceeding_open(acting_user=acting_user, licence=lic, trigger="false_commitment",
                            source=f"licensing.post_review:{lic.pk}", note=report)
    return lic


# --- annual reports --------------------------------------------------------------------------------

@transaction.atomic
def annual_report_file(*, acting_user: Any, licence: Licence, year: int, conditions_changed: bool = False,
                       changes: str = "", output_value: Any = None, sales_value: Any = None,
                       spot_check_summary: str = "", file: Any = None, reason: str = "") -> AnnualReport:
    lic = Licence.objects.select_related("holder").get(pk=licence.pk)
    require_enterprise(acting_user, lic.holder) if acting_user is not None and acting_user.has_role("enterprise_user") \
        else require(acting_user, SUPERVISORS, lic.region_id)
    today = _today()
    if year > today.year or year < lic.issued_on.year:
        raise _err("year", f"报告年度应在 {lic.issued_on.year} 至 {today.year} 之间",
                   f"the report year must lie between {lic.issued_on.year} and {today.year}")
    if lic.status not in (LicenceStatus.VALID, LicenceStatus.SUSPENDED):
        raise _err("licence", "许可证已失效，无需报送", "the licence is no longer in force")
    if conditions_changed and not changes.strip():
        raise _err("changes", "生产条件有变化的，请说明变化情况", "describe what changed")
    existing = AnnualReport.objects.filter(licence=lic, year=year).first()
    if existing and existing.status != "returned":
        raise _err("year", f"{year}年度报告已报送", f"the {year} report is already filed")
    report = existing or AnnualReport(licence=lic, year=year)
    report.filed_on, report.conditions_changed, report.changes = today, conditions_changed, changes
    report.output_value, report.sales_value, report.spot_check_summary = output_value, sales_value, spot_check_summary
    report.status = "filed"
    if file is not None:
        report.file.save(str(file.name).rsplit("/", 1)[-1][:100], file, save=False)
    audited_save(report, acting_user=acting_user, reason=reason)
    log_event(acting_user=acting_user, event="licensing.annual_report.file", instance=report,
              new={"licence": lic.number, "year": year}, reason=reason)
    if conditions_changed:
        log_event(acting_user=acting_user, event="licensing.annual_report.conditions_changed", instance=lic,
                  new={"year": year, "changes": changes},
                  reason="生产条件变化，应在1个月内申请变更（实施办法第29条）/ a change application is due within one month")
    return report


@transaction.atomic
def annual_report_review(*, acting_user: Any, report: AnnualReport, accepted: bool, note: str = "") -> AnnualReport:
    rep = AnnualReport.objects.select_for_update().select_related("licence").get(pk=report.pk)
    require(acting_user, SUPERVISORS, rep.licence.region_id)
    if rep.status != "filed":
        raise _err("status", "该报告不在待审核状态", "the report is not awaiting review")
    if not accepted and not note.strip():
        raise _err("note", "退回补正请说明理由", "say why the report is returned")
    old = rep.status
    rep.status = "accepted" if accepted else "returned"
    rep.reviewed_by = acting_user if getattr(acting_user, "pk", None) else None
    rep.reviewed_on, rep.review_note = _today(), note
    audited_save(rep, acting_user=acting_user, reason=note)
    log_event(acting_user=acting_user, event="licensing.annual_report.review", instance=rep,
              old={"status": old}, new={"status": rep.status}, reason=note)
    return rep


@transaction.atomic
def annual_reminders_send(*, acting_user: Any, year: int, on: dt.date | None = None) -> list[Reminder]:
    """Remind every licensee whose report for `year` is missing: in-app always, by e-mail when SMTP
    is configured (settings.EMAIL_HOST) and the enterprise's login users have addresses."""
    require(acting_user, SUPERVISORS, getattr(getattr(acting_user, "organisation", None), "region_id", "610000")
            if acting_user is not None else None)
    on = on or _today()
    sent = []
    smtp = (bool(getattr(settings, "EMAIL_HOST", "")) and getattr(settings, "EMAIL_HOST", "") != "localhost") \
        or getattr(settings, "EMAIL_BACKEND", "").endswith("locmem.EmailBackend")
    for lic in selectors.missing_annual_reports(acting_user, year, on):
        if Reminder.objects.filter(licence=lic, topic="annual_report", year=year).exists():
            continue
        message = (f"贵单位许可证 {lic.number}（{lic.product_name}）{year}年度自查报告尚未报送，请及时登录平台报送"
                   f"（条例第38条）。/ The {year} self-inspection report for licence {lic.number} is missing.")
        emails = []
        if smtp and lic.holder.organisation_id:
            from zhijian.accounts.models import User

            emails = list(User.objects.filter(organisation_id=lic.holder.organisation_id, is_active=True)
                          .exclude(email="").values_list("email", flat=True))
        reminder = Reminder(licence=lic, topic="annual_report", year=year, message=message, sent_on=on,
                            emailed_to=", ".join(emails)[:200])
        audited_save(reminder, acting_user=acting_user)
        if emails:
            transaction.on_commit(lambda m=message, to=emails: send_mail(
                "年度自查报告提醒 / annual self-inspection report reminder", m, None, to, fail_silently=True))
        sent.append(reminder)
    log_event(acting_user=acting_user, event="licensing.annual_report.remind", new={"year": year, "count": len(sent)})
    return sent


# --- post-licence supervision ------------------------------------------------------------------------

def _prefix(region_code: str) -> str:
    from zhijian.core.jurisdiction import region_prefix
    from zhijian.core.models import Region

    level = Region.objects.filter(code=region_code).values_list("level", flat=True).first() or "county"
    return region_prefix(region_code, level)


@transaction.atomic
def campaign_create(*, acting_user: Any, name: str, category: ProductCategory, region: Any, started_on: dt.date,
                    due_on: dt.date, basis: str = "") -> Campaign:
    """An inspection campaign covering every valid licensee of the category in the region (item 11)."""
    region_code = getattr(region, "code", region)
    require(acting_user, SUPERVISORS, region_code)
    if due_on < started_on:
        raise _err("due_on", "完成期限不能早于开始日期", "the due date is before the start")
    campaign = Campaign(name=name.strip(), category=category, region_id=region_code, started_on=started_on,
                        due_on=due_on, basis=basis or "2016年产品质量监督工作要点第11项")
    audited_save(campaign, acting_user=acting_user)
    licences = Licence.objects.filter(status__in=(LicenceStatus.VALID, LicenceStatus.SUSPENDED),
                                      region__pk__startswith=_prefix(region_code))
    code = category.code
    licences = [lic for lic in licences.select_related("category")
                if lic.category.code == code or lic.category.code.startswith(code + ".")]
    if not licences:
        raise _err("category", "该类别在辖区内没有有效许可证", "no valid licence of this category in the region")
    CampaignItem.objects.bulk_create([CampaignItem(campaign=campaign, licence=lic) for lic in licences])
    log_event(acting_user=acting_user, event="licensing.campaign.create", instance=campaign,
              new={"category": code, "licences": len(licences)})
    return campaign


@transaction.atomic
def campaign_item_record(*, acting_user: Any, item: CampaignItem, result: str, inspected_on: dt.date,
                         note: str = "") -> CampaignItem:
    it = CampaignItem.objects.select_for_update().select_related("licence", "campaign").get(pk=item.pk)
    require(acting_user, SUPERVISORS, it.licence.region_id)
    if result not in CampaignItemResult.values or result == CampaignItemResult.PENDING:
        raise _err("result", "检查结果无效", "unknown result")
    if result != CampaignItemResult.COMPLIANT and not note.strip():
        raise _err("note", "请说明检查发现的问题", "describe what was found")
    it.result, it.inspected_on, it.note = result, inspected_on, note
    audited_save(it, acting_user=acting_user, reason=note)
    if result == CampaignItemResult.REVOKE:
        proceeding_open(acting_user=acting_user, licence=it.licence, trigger="campaign",
                        source=f"licensing.campaign:{it.campaign_id}", note=note)
    return it


@transaction.atomic
def proceeding_open(*, acting_user: Any, licence: Licence, trigger: str, source: str = "",
                    note: str = "") -> RevocationProceeding:
    if acting_user is not None:
        require(acting_user, SUPERVISORS, licence.region_id)
    existing = RevocationProceeding.objects.filter(licence=licence, source=source, status=ProceedingStatus.OPEN).first()
    if existing:
        return existing
    proceeding = RevocationProceeding(licence=licence, trigger=trigger, source=source[:100], opened_on=_today(),
                                      note=note)
    audited_save(proceeding, acting_user=acting_user, reason=note)
    log_event(acting_user=acting_user, event="licensing.proceeding.open", instance=licence,
              new={"trigger": trigger, "source": source}, reason=note)
    return proceeding


@transaction.atomic
def proceeding_close(*, acting_user: Any, proceeding: RevocationProceeding, revoke: bool, reason: str,
                     basis: str = "") -> RevocationProceeding:
    p = RevocationProceeding.objects.select_for_update().select_related("licence").get(pk=proceeding.pk)
    require(acting_user, AUTHORITY, p.licence.region_id)
    if p.status != ProceedingStatus.OPEN:
        raise _err("status", "该程序已结案", "the proceeding is closed")
    if not reason.strip():
        raise _err("reason", "请填写理由", "give the reasons")
    if revoke and p.trigger == "false_commitment":
        licence_change_status(acting_user=acting_user, licence=p.licence, transition="withdraw", reason=reason,
                              basis=basis or FALSE_COMMITMENT_BASIS)
        p.status, p.closed_on = ProceedingStatus.REVOKED, _today()
        return audited_save(p, acting_user=acting_user, reason=reason)
    if revoke:
        licence_change_status(acting_user=acting_user, licence=p.licence, transition="revoke", reason=reason,
                              basis=basis or ("条例第54条：监督抽查不合格，整改后复查仍不合格" if p.trigger == "reinspection_failed"
                                              else "条例第49条：出租、出借、转让许可证" if p.trigger == "licence_trading"
                                              else LICENCE_BASIS["revoke"]))
        p.refresh_from_db()
        return p
    p.status, p.closed_on, p.note = ProceedingStatus.CLOSED, _today(), (p.note + "\n" + reason).strip()
    return audited_save(p, acting_user=acting_user, reason=reason)


@transaction.atomic
def supervision_draw(*, acting_user: Any, category: ProductCategory, n: int, region: Any = None) -> dict[str, Any]:
    """Double-random check among licensees of a category (work-plan item 8): the draws app when installed."""
    region_code = getattr(region, "code", region) or "610000"
    require(acting_user, AUTHORITY | {"city_staff"}, region_code)
    code = category.code
    licences = [lic for lic in Licence.objects.filter(status=LicenceStatus.VALID).select_related("category", "holder")
                if (lic.category.code == code or lic.category.code.startswith(code + "."))
                and lic.region_id.startswith(_prefix(region_code))]
    if n < 1 or n > len(licences):
        raise _err("n", f"抽取数量应在1至{len(licences)}之间", f"n must lie between 1 and {len(licences)}")
    if not _draws_available():
        raise _err("draws", "双随机抽取模块尚未安装", "the draws module is not installed")
    from zhijian.core.models import Region
    from zhijian.draws import services as draw_services

    rows = [{"id": str(lic.pk), "label": f"{lic.holder_name} {lic.number}", "stratum": lic.region_id[:4],
             "weight": float(lic.holder.supervision_weight)} for lic in sorted(licences, key=lambda x: x.pk)]
    draw = draw_services.draw_commit(acting_user=acting_user, kind="licensee", title=f"{category.name}获证企业双随机检查",
                                     rows=rows, params={"n": n}, region=Region.objects.get(code=region_code),
                                     subject_type="licensing.category", subject_id=category.pk)
    return {"draw": draw, "licences": len(licences)}


@transaction.atomic
def campaign_from_draw(*, acting_user: Any, draw: Any) -> Campaign | None:
    """A double-random check among licensees, made when its draw is executed: the drawn licences
    become the campaign's items (work-plan item 8: 双随机、一公开)."""
    if getattr(draw, "subject_type", "") != "licensing.category" or not getattr(draw, "subject_id", None):
        return None
    source = f"draws.draw:{draw.pk}"
    existing = Campaign.objects.filter(basis=source).first()
    if existing:
        return existing
    category = ProductCategory.objects.get(pk=draw.subject_id)
    today = _today()
    campaign = Campaign(name=str(draw.title)[:200], category=category, region_id=draw.region_id, started_on=today,
                        due_on=today + dt.timedelta(days=90), basis=source)
    audited_save(campaign, acting_user=acting_user, reason="双随机抽取结果 / drawn licensees")
    ids = [int(x) for x in (draw.selected or [])]
    licences = Licence.objects.filter(pk__in=ids)
    CampaignItem.objects.bulk_create([CampaignItem(campaign=campaign, licence=lic) for lic in licences])
    log_event(acting_user=acting_user, event="licensing.campaign.from_draw", instance=campaign,
              new={"draw": draw.pk, "licences": sorted(ids)})
    return campaign
