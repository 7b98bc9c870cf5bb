"""Every write of the spot-check loop: plans, draws into tasks, sampling, reports, objections,
post-check handling and announcements. Each is one transaction with an audit entry; each
refuses the wrong role, the wrong party or the wrong jurisdiction with a bilingual reason."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector
from zhijian.agencies.selectors import qualified_agencies
from zhijian.audit.services import audited_save, log_event
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.core.workflow import TransitionNotAllowed
from zhijian.draws import services as draws
from zhijian.registry.models import Enterprise, Product, ProductCategory
from zhijian.spotchecks import events
from zhijian.spotchecks.choices import (
    LEVEL_RANK,
    AnnouncementStatus,
    HandlingStatus,
    ItemVerdict,
    ObjectionStatus,
    PlaceType,
    PlanLevel,
    PlanStatus,
    Stage,
    TaskStatus,
    Verdict,
)
from zhijian.spotchecks.models import (
    Announcement,
    AnnouncementRow,
    Handling,
    Objection,
    Plan,
    PlanItem,
    Quota,
    ResultNotice,
    Sample,
    SampleAttachment,
    Task,
    TestReport,
    TestResult,
)
from zhijian.spotchecks.rules import due, months_before, rule
from zhijian.spotchecks.workflows import TASK_WORKFLOW

PLANNERS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
FIELD_STAFF = PLANNERS | {"inspector"}
LEVEL_OF_ORGANISATION = {"province": PlanLevel.PROVINCIAL, "city": PlanLevel.CITY, "county": PlanLevel.COUNTY}
SUBJECT_ITEM = "spotchecks.planitem"
SUBJECT_INSPECTORS = "spotchecks.inspectors"


def _today() -> dt.date:
    return timezone.localdate()


def _error(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError({field: f"{zh} / {en}"})


def _require(user: Any, roles: frozenset[str], region_code: str | None) -> None:
    """`None` is the system itself (demo loader, commands)."""
    if user is None:
        return
    if not (user.is_active and (user.is_superuser or user.role in roles) and user.scope.covers_region(region_code)):
        raise PermissionDenied("无权操作该记录或超出管辖范围 / permission denied or outside your jurisdiction")


def _require_party(user: Any, organisation_ids: Iterable[int | None], what: str) -> None:
    if user is None:
        return
    if user.organisation_id is None or user.organisation_id not in {i for i in organisation_ids if i}:
        raise PermissionDenied(f"您不是该{what}的当事单位 / you are not a party to this {what}")


def _check(task: Task, transition: str, user: Any) -> None:
    try:
        TASK_WORKFLOW.check(task, transition, user)
    except TransitionNotAllowed as exc:
        raise ValidationError({"status": str(exc)}) from exc


def _move(task: Task, transition: str, user: Any) -> None:
    _check(task, transition, user)
    TASK_WORKFLOW.apply(task, transition, user)


def _save(obj, user, reason: str = "", action: str = ""):
    return audited_save(obj, acting_user=user, reason=reason, action=action)


# --- plans ---------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, acting_user: Any, year: int, title: str, level: str, starts_on: dt.date, ends_on: dt.date,
                organisation=None, rule_set: str = "order18", batch: str = "", follow_up: bool = False,
                exclude_home_county: bool = True, budget: Decimal | int = 0, description: str = "") -> Plan:
    organisation = organisation or acting_user.organisation
    if organisation is None or organisation.kind != "bureau":
        raise _error("organisation", "组织单位必须是市场监管部门", "the organising body must be a bureau")
    _require(acting_user, PLANNERS, organisation.region_id)
    own_level = LEVEL_OF_ORGANISATION.get(organisation.level)
    if level != PlanLevel.NATIONAL and own_level and level != own_level:
        raise _error("level", f"{organisation}只能制定{own_level.label}抽查计划",
                     f"{organisation} may only make {own_level.value} plans")
    if level == PlanLevel.NATIONAL and acting_user is not None and acting_user.role not in {"administrator", "province_staff"}:
        raise _error("level", "国家抽查计划只能由省局登记", "national plans are recorded by the province")
    if rule_set == "order18" and starts_on < dt.date(2020, 1, 1):
        raise _error("rule_set", "2020年以前的计划适用质检总局令第133号", "plans before 2020 follow AQSIQ Order 133")
    plan = Plan(year=year, title=title.strip(), level=level, organisation=organisation, region_id=organisation.region_id,
                rule_set=rule_set, batch=batch, follow_up=follow_up, exclude_home_county=exclude_home_county,
                budget=Decimal(budget), starts_on=starts_on, ends_on=ends_on, description=description,
                created_by=acting_user or organisation_admin(organisation))
    return _save(plan, acting_user)


def organisation_admin(organisation) -> Any:
    """The user the system acts as when it records on an organisation's behalf (demo, imports)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(organisation=organisation).order_by("id").first()
    return user or get_user_model().objects.filter(is_superuser=True).order_by("id").first()


def _editable(plan: Plan, user: Any) -> None:
    _require(user, PLANNERS, plan.region_id)
    if plan.status == PlanStatus.CLOSED:
        raise _error("status", "计划已结束，不能修改", "the plan is closed")


@transaction.atomic
def plan_item_add(*, acting_user: Any, plan: Plan, category: ProductCategory, standards: Iterable = (),
                  test_items: Iterable = (), sample_quantity: int, test_quantity: int, backup_quantity: int,
                  min_batch_base: int = 0, judgement_rule: str = "", agency: InspectionAgency | None = None,
                  stages: Iterable[str] = (Stage.PRODUCTION,), sample_budget: Decimal | int = 0) -> PlanItem:
    _editable(plan, acting_user)
    if sample_quantity != test_quantity + backup_quantity:
        raise _error("sample_quantity", "抽样数量应等于检验样品与备用样品之和",
                     "the sample quantity must equal test plus backup quantities")
    stages = list(dict.fromkeys(stages))
    for stage in stages:
        if stage not in Stage.values:
            raise _error("stages", f"未知的抽样环节 {stage}", f"unknown stage {stage}")
    if agency is not None:
        _check_agency(agency, category, plan.starts_on, "agency")
    item = PlanItem(plan=plan, category=category, sample_quantity=sample_quantity, test_quantity=test_quantity,
                    backup_quantity=backup_quantity, min_batch_base=min_batch_base, agency=agency, stages=stages,
                    sample_budget=Decimal(sample_budget))
    if judgement_rule:
        item.judgement_rule = judgement_rule
    _save(item, acting_user)
    standards, test_items = list(standards), list(test_items)
    item.standards.set(standards)
    item.test_items.set(test_items or [t for s in standards for t in s.test_items.all()])
    log_event(acting_user=acting_user, event="spotchecks.plan_item.rule", instance=item,
              new={"standards": [s.number for s in standards], "test_items": [t.name for t in item.test_items.all()]})
    return item


def _check_agency(agency: InspectionAgency, category: ProductCategory, on: dt.date, field: str) -> None:
    qualified = qualified_agencies(category.code, on) | qualified_agencies(category.name, on)
    if not qualified.filter(pk=agency.pk).exists():
        raise _error(field, f"{agency}不具备“{category.name}”在{on}有效的检验资质",
                     f"{agency} holds no qualification for {category.code} valid on {on}")


@transaction.atomic
def quota_set(*, acting_user: Any, item: PlanItem, region: Region, stage: str, count: int) -> Quota:
    _editable(item.plan, acting_user)
    if not region.code.startswith(region_prefix(item.plan.region_id, item.plan.organisation.level)):
        raise _error("region", f"{region}不在计划的辖区内", f"{region.code} lies outside the plan's jurisdiction")
    if stage not in item.stages:
        raise _error("stage", "该产品的细则未包含此抽样环节", "the item's rule does not include this stage")
    if count <= 0:
        raise _error("count", "批次数必须大于0", "the count must be positive")
    quota = Quota.objects.filter(item=item, region=region, stage=stage).first() or Quota(item=item, region=region, stage=stage)
    quota.count = count
    return _save(quota, acting_user)


@transaction.atomic
def plan_activate(*, acting_user: Any, plan: Plan) -> Plan:
    _editable(plan, acting_user)
    if plan.status != PlanStatus.DRAFT:
        raise _error("status", "只有草稿计划可以下达", "only a draft plan can be activated")
    items = list(plan.items.all())
    if not items:
        raise _error("items", "计划没有抽查产品", "the plan has no product items")
    for item in items:
        if not item.quotas.exists():
            raise _error("quotas", f"“{item.category.name}”没有设置抽样配额", f"item {item.category.code} has no quota")
        if not item.test_items.exists():
            raise _error("test_items", f"“{item.category.name}”没有检验项目", f"item {item.category.code} has no test items")
    plan.status = PlanStatus.ACTIVE
    return _save(plan, acting_user, action="activate")


@transaction.atomic
def plan_close(*, acting_user: Any, plan: Plan) -> Plan:
    _require(acting_user, PLANNERS, plan.region_id)
    open_tasks = plan.tasks.exclude(status=TaskStatus.CLOSED).count()
    if open_tasks:
        raise _error("status", f"还有{open_tasks}个任务未办结", f"{open_tasks} tasks are still open")
    plan.status = PlanStatus.CLOSED
    return _save(plan, acting_user, action="close")


# --- draws: enterprises, then inspectors -----------------------------------------------------------

def enterprise_pool(item: PlanItem) -> list[dict[str, Any]]:
    """The directory slice a plan item draws from: enterprises making products of the category,
    in operation, under a quota's region; the stratum is `<quota region>/<stage>`."""
    quotas = list(item.quotas.all())
    producers = (Enterprise.objects.filter(status="existing", products__category=item.category)
                 .distinct().order_by("id").values("id", "name", "region_id", "supervision_weight"))
    rows = []
    for quota in quotas:
        for e in producers:
            if str(e["region_id"]).startswith(region_prefix(quota.region_id, _level_of(quota.region_id))):
                rows.append({"id": f"{e['id']}@{quota.stage}", "label": e["name"], "stratum": quota.stratum,
                             "weight": str(e["supervision_weight"])})
    return rows


def _level_of(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


@transaction.atomic
def enterprise_draw_commit(*, acting_user: Any, item: PlanItem):
    """Publish the commitment of the enterprise draw for one plan item (before any beacon exists)."""
    plan = item.plan
    _require(acting_user, PLANNERS, plan.region_id)
    if plan.status != PlanStatus.ACTIVE:
        raise _error("status", "计划下达后才能抽取", "activate the plan before drawing")
    rows = enterprise_pool(item)
    quotas = {q.stratum: q.count for q in item.quotas.all()}
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row["stratum"]] = sizes.get(row["stratum"], 0) + 1
    for stratum, n in quotas.items():
        if sizes.get(stratum, 0) < n:
            raise _error("quotas", f"{stratum} 的名录库只有{sizes.get(stratum, 0)}家企业，少于配额{n}",
                         f"stratum {stratum} has {sizes.get(stratum, 0)} enterprises, fewer than its quota {n}")
    return draws.draw_commit(
        acting_user=acting_user, kind="enterprise", title=f"{plan.title} · {item.category.name} 检查对象抽取",
        rows=rows, params={"quotas": quotas, "weighted": True}, region=plan.region, organisation=plan.organisation,
        subject_type=SUBJECT_ITEM, subject_id=item.pk)


def _result_ids(draw) -> list[str]:
    result = draw.result
    if isinstance(result, dict):
        return [i for ids in result.values() for i in ids]
    return list(result or [])


def _task_code(item: PlanItem, n: int) -> str:
    return f"SC{item.plan.year}-{item.plan_id:04d}-{item.pk:03d}-{n:04d}"


def tasks_from_draw(*, draw, acting_user: Any) -> list[Task]:
    item = PlanItem.objects.select_related("plan").get(pk=draw.subject_id)
    start = item.tasks.count()
    tasks = []
    for n, row_id in enumerate(_result_ids(draw), start=start + 1):
        enterprise_id, stage = row_id.split("@")
        enterprise = Enterprise.objects.get(pk=int(enterprise_id))
        task = Task(code=_task_code(item, n), plan=item.plan, item=item, enterprise=enterprise,
                    region_id=enterprise.region_id, stage=stage, agency=item.agency, draw=draw,
                    follow_up=item.plan.follow_up)
        tasks.append(_save(task, acting_user, reason=f"双随机抽取 {draw.commitment[:12]}"))
    return tasks


def _last_inspectors(task: Task) -> set[int]:
    previous = (Task.objects.filter(enterprise_id=task.enterprise_id).exclude(pk=task.pk)
                .exclude(inspectors=None).order_by("-id").first())
    return set(previous.inspectors.values_list("id", flat=True)) if previous else set()


def inspector_pool(task: Task, on: dt.date) -> list[Inspector]:
    """Inspectors of the plan's jurisdiction who may inspect this enterprise: active, certificate
    valid on the day, no declared conflict, not from the enterprise's own county when the plan
    says so, and not whoever inspected it last time."""
    plan = task.plan
    prefix = region_prefix(plan.region_id, plan.organisation.level)
    inspectors = Inspector.objects.filter(active=True, region__pk__startswith=prefix).exclude(cert_valid_to__lt=on)
    conflicted = ConflictOfInterest.objects.filter(enterprise_uscc=task.enterprise.uscc, withdrawn_on__isnull=True)
    inspectors = inspectors.exclude(pk__in=conflicted.values("inspector_id")).exclude(pk__in=_last_inspectors(task))
    if plan.exclude_home_county:
        inspectors = inspectors.exclude(region_id=task.enterprise.region_id)
    return list(inspectors.order_by("id"))


@transaction.atomic
def inspector_draw_commit(*, acting_user: Any, item: PlanItem, per_task: int | None = None):
    """One draw for every task of the item still without inspectors: each task is a stratum."""
    plan = item.plan
    _require(acting_user, PLANNERS, plan.region_id)
    per_task = per_task or rule(plan.rule_set, "min_samplers")
    tasks = list(item.tasks.filter(inspectors=None, status__in=[TaskStatus.DRAWN, TaskStatus.NOTIFIED]).order_by("id"))
    if not tasks:
        raise _error("tasks", "没有待分配执法检查人员的任务", "no task is waiting for inspectors")
    rows, quotas = [], {}
    for task in tasks:
        pool = inspector_pool(task, _today())
        if len(pool) < per_task:
            raise _error("inspectors", f"任务{task.code}可抽取的执法检查人员只有{len(pool)}名，少于{per_task}名",
                         f"task {task.code} has only {len(pool)} eligible inspectors, fewer than {per_task}")
        quotas[task.code] = per_task
        rows += [{"id": f"{task.code}:{i.pk}", "label": f"{i.name}（{i.staff_number}）", "stratum": task.code,
                  "weight": "1"} for i in pool]
    return draws.draw_commit(
        acting_user=acting_user, kind="inspector", title=f"{plan.title} · {item.category.name} 执法检查人员抽取",
        rows=rows, params={"quotas": quotas}, region=plan.region, organisation=plan.organisation,
        subject_type=SUBJECT_INSPECTORS, subject_id=item.pk)


def inspectors_from_draw(*, draw, acting_user: Any) -> None:
    by_code: dict[str, list[int]] = {}
    for row_id in _result_ids(draw):
        code, inspector_id = row_id.rsplit(":", 1)
        by_code.setdefault(code, []).append(int(inspector_id))
    for task in Task.objects.filter(code__in=by_code):
        task.inspectors.set(by_code[task.code])
        task.inspector_draw = draw
        _save(task, acting_user, reason=f"执法检查人员抽取 {draw.commitment[:12]}", action="inspectors")


def on_draw_executed(sender, draw, **kwargs) -> None:
    acting_user = draw.drawn_by if getattr(draw, "drawn_by_id", None) else None
    if draw.subject_type == SUBJECT_ITEM:
        tasks_from_draw(draw=draw, acting_user=acting_user)
    elif draw.subject_type == SUBJECT_INSPECTORS:
        inspectors_from_draw(draw=draw, acting_user=acting_user)


# --- tasks: notice, sampling ---------------------------------------------------------------------

@transaction.atomic
def task_notify(*, acting_user: Any, task: Task, notified_on: dt.date | None = None) -> Task:
    _require(acting_user, FIELD_STAFF, task.region_id)
    if task.inspectors.count() < rule(task.plan.rule_set, "min_samplers"):
        raise _error("inspectors", "抽样人员不少于2名，请先抽取执法检查人员", "draw at least two inspectors first")
    _move(task, "notify", acting_user)
    task.notified_on = notified_on or _today()
    return _save(task, acting_user, action="notify")


def repeat_checks(*, enterprise: Enterprise, trademark: str, model: str, standard_number: str, on: dt.date,
                  plan: Plan, exclude_task: Task | None = None) -> list[Task]:
    """Earlier checks that forbid this one (Order 18 art. 12): the same product (producer,
    trademark, model, standard) checked within the window by a higher level or by the same plan
    organiser. Follow-up plans are exempt."""
    if plan.follow_up:
        return []
    since = months_before(on, rule(plan.rule_set, "repeat_months"))
    earlier = (Task.objects.filter(sample__labelled_producer=enterprise, sample__trademark=trademark, sample__model=model,
                                   sample__sampled_on__gte=since, sample__sampled_on__lte=on)
               .select_related("plan", "sample__standard"))
    if exclude_task is not None:
        earlier = earlier.exclude(pk=exclude_task.pk)
    found = []
    for task in earlier:
        same_standard = not standard_number or (task.sample.standard and task.sample.standard.number == standard_number)
        higher_or_own = (LEVEL_RANK[task.plan.level] < LEVEL_RANK[plan.level]
                         or task.plan.organisation_id == plan.organisation_id)
        if same_standard and higher_or_own:
            found.append(task)
    return found


SAMPLE_FIELDS = frozenset({
    "product", "product_name", "brand", "trademark", "model", "standard", "batch_number", "production_date",
    "quantity", "test_quantity", "backup_quantity", "base_quantity", "unit_price", "place_type", "place_address",
    "shop_name", "order_number", "listing_url", "labelled_producer", "labelled_producer_name",
    "labelled_producer_address", "seller", "seller_name", "seller_address", "sealed", "seal_numbers", "sampled_on",
    "samplers",
})


@transaction.atomic
def sample_record(*, acting_user: Any, task: Task, attachments: Iterable[tuple[str, Any]] = (),
                  **fields: Any) -> Sample:
    _require(acting_user, FIELD_STAFF, task.region_id)
    unknown = set(fields) - SAMPLE_FIELDS
    if unknown:
        raise ValidationError({name: "不能通过此操作填写 / not a sampling field" for name in sorted(unknown)})
    _check(task, "record_sample", acting_user)
    item = task.item
    fields.setdefault("labelled_producer", task.enterprise)
    producer = fields["labelled_producer"]
    if producer is not None:
        fields.setdefault("labelled_producer_name", producer.name)
        fields.setdefault("labelled_producer_address", producer.production_address or producer.registered_address)
    fields.setdefault("test_quantity", item.test_quantity)
    fields.setdefault("backup_quantity", item.backup_quantity)
    fields.setdefault("quantity", fields["test_quantity"] + fields["backup_quantity"])
    fields.setdefault("sampled_on", _today())
    fields.setdefault("samplers", "、".join(task.inspectors.values_list("name", flat=True)))
    if fields.get("brand") is not None and not fields.get("trademark"):
        fields["trademark"] = fields["brand"].name
    if fields.get("product") is not None:
        product: Product = fields["product"]
        fields.setdefault("product_name", product.name)
        fields.setdefault("model", product.model)
    _check_sample(task, fields)
    _move(task, "record_sample", acting_user)  # only once the record is valid: a refused one leaves the task as it was
    sample = Sample(task=task, recorded_by=acting_user or organisation_admin(task.plan.organisation), **fields)
    _save(sample, acting_user)
    for kind, upload in attachments:
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        _save(SampleAttachment(sample=sample, kind=kind, file=upload, sha256=digest), acting_user)
    _save(task, acting_user, action="sampled")
    return sample


def _check_sample(task: Task, f: dict[str, Any]) -> None:
    item, plan = task.item, task.plan
    if f["quantity"] != f["test_quantity"] + f["backup_quantity"]:
        raise _error("quantity", "抽样数量应等于检验样品与备用样品之和", "quantity must equal test plus backup")
    if f["test_quantity"] < item.test_quantity or f["backup_quantity"] < item.backup_quantity:
        raise _error("test_quantity", f"细则要求检验样品{item.test_quantity}、备用样品{item.backup_quantity}",
                     f"the rule needs {item.test_quantity} test and {item.backup_quantity} backup units")
    if f["quantity"] > item.sample_quantity * 2:
        raise _error("quantity", "抽样数量不得超过检验的合理需要", "the sample may not exceed what testing needs")
    if f.get("base_quantity", 0) < item.min_batch_base:
        raise _error("base_quantity", f"抽样基数低于细则规定的{item.min_batch_base}，不得抽样",
                     f"the batch base is below the rule's minimum {item.min_batch_base}")
    if f.get("place_type") == PlaceType.ONLINE and not (f.get("order_number") and f.get("listing_url")):
        raise _error("order_number", "网络抽样须填写订单号和商品链接", "online sampling needs the order number and URL")
    if f.get("place_type") in (PlaceType.MARKET, PlaceType.ONLINE) and not f.get("seller_name"):
        seller = f.get("seller")
        if seller is None:
            raise _error("seller_name", "在市场或网店抽样须填写被抽样单位", "name the seller sampled at market or online")
        f["seller_name"] = seller.name
    if len([s for s in str(f.get("samplers", "")).replace(",", "、").split("、") if s.strip()]) < rule(plan.rule_set, "min_samplers"):
        raise _error("samplers", "抽样人员不得少于2名", "at least two samplers are required")
    standard = f.get("standard")
    if f.get("labelled_producer") is not None:
        clash = repeat_checks(enterprise=f["labelled_producer"], trademark=f.get("trademark", ""), model=f.get("model", ""),
                              standard_number=standard.number if standard else "", on=f["sampled_on"], plan=plan,
                              exclude_task=task)
        if clash:
            other = clash[0]
            raise _error("model", f"同一产品已于{other.sample.sampled_on}被{other.plan.get_level_display()}抽查"
                                  f"（{other.plan.title}，任务{other.code}），6个月内不得重复抽查",
                         f"the same product was checked on {other.sample.sampled_on} by a {other.plan.level} plan "
                         f"({other.code}); no repeat check within 6 months")


@transaction.atomic
def task_refuse(*, acting_user: Any, task: Task, reason: str, consequence: str = "", unable: bool = False) -> Task:
    _require(acting_user, FIELD_STAFF, task.region_id)
    if not reason.strip():
        raise _error("refusal_reason", "请填写原因", "give the reason")
    _move(task, "unable" if unable else "refuse", acting_user)
    task.refusal_reason = reason
    task.refusal_consequence = consequence or ("" if unable else
                                               "依据《产品质量法》第十六条，拒绝依法抽查的，按不合格处理并移送立案查处")
    return _save(task, acting_user, action="unable" if unable else "refused")


# --- testing ------------------------------------------------------------------------------------

def _agency_of(user: Any) -> InspectionAgency | None:
    if user is None or user.organisation_id is None:
        return None
    return InspectionAgency.objects.filter(organisation_id=user.organisation_id).first()


def agency_has_login(agency: InspectionAgency | None) -> bool:
    from django.contrib.auth import get_user_model

    return bool(agency and agency.organisation_id and get_user_model().objects.filter(
        organisation_id=agency.organisation_id, is_active=True).exists())


def _require_agency(user: Any, agency: InspectionAgency | None) -> None:
    if user is None:
        return
    mine = _agency_of(user)
    if agency is None or mine is None or mine.pk != agency.pk:
        raise PermissionDenied("该任务未委托给您的机构 / this task is not assigned to your agency")


@transaction.atomic
def sample_receive(*, acting_user: Any, task: Task) -> Task:
    if acting_user is not None and acting_user.role == "agency_user":
        _require_agency(acting_user, task.agency)
    else:
        _require(acting_user, FIELD_STAFF, task.region_id)
    if task.agency is None:
        raise _error("agency", "任务尚未指定承检机构", "the task has no testing agency")
    _move(task, "receive", acting_user)
    return _save(task, acting_user, action="received")


def _results(report: TestReport, results: Iterable[dict[str, Any]], allowed_names: set[str] | None) -> list[TestResult]:
    items = {t.name: t for t in report.task.item.test_items.all()}
    rows, seen = [], set()
    for n, r in enumerate(results, start=1):
        name = str(r.get("name", "")).strip()
        if not name:
            raise _error(f"results[{n}].name", "检验项目不能为空", "the item name is required")
        if name in seen:
            raise _error(f"results[{n}].name", f"检验项目“{name}”重复", f"item {name} is repeated")
        if allowed_names is not None and name not in allowed_names:
            raise _error(f"results[{n}].name", f"“{name}”不在复检范围内", f"{name} is not a disputed item")
        if allowed_names is None and name not in items:
            raise _error(f"results[{n}].name", f"“{name}”不是本细则的检验项目", f"{name} is not a test item of the rule")
        verdict = r.get("verdict")
        if verdict not in ItemVerdict.values:
            raise _error(f"results[{n}].verdict", "单项判定应为 pass/fail/na", "item verdict must be pass, fail or na")
        if not str(r.get("measured", "")).strip():
            raise _error(f"results[{n}].measured", "请填写实测值", "the measured value is required")
        seen.add(name)
        item = items.get(name)
        rows.append(TestResult(report=report, test_item=item, name=name, limit=str(r.get("limit") or (item and _limit(item)) or ""),
                               measured=str(r["measured"]), unit=str(r.get("unit") or (item.unit if item else "")),
                               verdict=verdict, safety_critical=bool(item.safety_critical if item else r.get("safety_critical"))))
    if allowed_names is None:
        missing = sorted(set(items) - seen)
        if missing:
            raise _error("results", f"缺少检验项目：{'、'.join(missing)}", f"missing test items: {', '.join(missing)}")
    if not rows:
        raise _error("results", "没有检验结果", "no results given")
    return rows


def _limit(item) -> str:
    if item.limit_text:
        return item.limit_text
    if item.limit_min is not None and item.limit_max is not None:
        return f"{item.limit_min}~{item.limit_max}"
    if item.limit_max is not None:
        return f"≤{item.limit_max}"
    if item.limit_min is not None:
        return f"≥{item.limit_min}"
    return ""


def _report(task: Task, *, retest: bool | None = None) -> TestReport:
    """The deciding report (or the latest first-test / re-test version); a task without one is refused."""
    reports = task.reports.all()
    if retest is not None:
        reports = reports.filter(is_retest=retest)
    report = reports.order_by("-is_retest", "-version").first()
    if report is None:
        raise _error("report", "尚无检验报告", "there is no test report yet")
    return report


def overall_verdict(results: Iterable[TestResult]) -> str:
    """Any failed item fails the product (the rule's judgement principle)."""
    return Verdict.FAIL if any(r.verdict == ItemVerdict.FAIL for r in results) else Verdict.PASS


def _store_report(*, acting_user, task, agency, number, issued_on, results, pdf, is_retest, version,
                  reason="", allowed_names=None) -> TestReport:
    if not number.strip():
        raise _error("number", "请填写报告编号", "the report number is required")
    report = TestReport(task=task, agency=agency, number=number.strip(), version=version, is_retest=is_retest,
                        issued_on=issued_on, verdict=Verdict.PASS, correction_reason=reason,
                        submitted_by=acting_user or organisation_admin(task.plan.organisation))
    if pdf is not None:
        report.pdf_sha256 = hashlib.sha256(pdf.read()).hexdigest()
        pdf.seek(0)
        report.pdf = pdf
    report.save()  # the rows need its key; the audited save below records the final state
    rows = _results(report, results, allowed_names)
    TestResult.objects.bulk_create(rows)
    report.verdict = overall_verdict(rows)
    _save(report, acting_user, action="submit")
    log_event(acting_user=acting_user, event="spotchecks.report.results", instance=report,
              new=[{"name": r.name, "measured": r.measured, "limit": r.limit, "verdict": r.verdict} for r in rows])
    return report


@transaction.atomic
def report_submit(*, acting_user: Any, task: Task, number: str, issued_on: dt.date | None = None,
                  results: Iterable[dict[str, Any]], pdf: Any = None) -> TestReport:
    _require_agency(acting_user, task.agency)
    _move(task, "report", acting_user)
    report = _store_report(acting_user=acting_user, task=task, agency=task.agency, number=number,
                           issued_on=issued_on or _today(), results=results, pdf=pdf, is_retest=False, version=1)
    task.verdict = report.verdict
    task.handling_due = due(task.plan.rule_set, "handling_start", report.issued_on).due if report.verdict == Verdict.FAIL else None
    _save(task, acting_user, action="reported")
    return report


@transaction.atomic
def report_correct(*, acting_user: Any, report: TestReport, reason: str, results: Iterable[dict[str, Any]],
                   number: str = "", pdf: Any = None) -> TestReport:
    """A submitted report is never edited: the agency issues a corrected version while the result
    is not yet final."""
    task = report.task
    _require_agency(acting_user, report.agency)
    if task.status not in (TaskStatus.REPORTED,) or report.is_retest:
        raise _error("status", "结论确定后不能更正报告", "a report cannot be corrected once the result is final")
    if not reason.strip():
        raise _error("correction_reason", "请说明更正原因", "give the reason for the correction")
    latest = _report(task, retest=False)
    corrected = _store_report(acting_user=acting_user, task=task, agency=report.agency, number=number or report.number,
                              issued_on=_today(), results=results, pdf=pdf, is_retest=False,
                              version=latest.version + 1, reason=reason)
    task.verdict = corrected.verdict
    _save(task, acting_user, action="report_corrected")
    return corrected


@transaction.atomic
def result_notify(*, acting_user: Any, task: Task, served_on: dt.date | None = None) -> list[ResultNotice]:
    """Written notice of the conclusion and of the right to object, to the sampled unit and, when
    another, the labelled producer (Order 18 art. 30)."""
    _require(acting_user, FIELD_STAFF, task.region_id)
    if task.status != TaskStatus.REPORTED or task.result_notified_on:
        raise _error("status", "只有已出报告且尚未通知的任务可以通知结果", "only a reported, un-notified task can be notified")
    served_on = served_on or _today()
    sample = task.sample
    parties = [("sampled", sample.seller if sample.seller_name else task.enterprise,
                sample.seller_name or task.enterprise.name)]
    if sample.seller_name or (sample.labelled_producer_id and sample.labelled_producer_id != task.enterprise_id):
        parties.append(("producer", sample.labelled_producer, sample.labelled_producer_name))
    notices = []
    for party, enterprise, name in parties:
        notice = ResultNotice(task=task, party=party, recipient_name=name, served_on=served_on,
                              organisation_id=enterprise.organisation_id if enterprise else None)
        notices.append(_save(notice, acting_user))
    task.result_notified_on = served_on
    task.objection_due = due(task.plan.rule_set, "objection", served_on).due
    _save(task, acting_user, action="result_notified")
    return notices


@transaction.atomic
def notice_read(*, acting_user: Any, notice: ResultNotice) -> ResultNotice:
    """The addressee's first opening of a result notice is its read receipt (audited); others' views change nothing."""
    if acting_user is None or notice.read_at is not None or notice.organisation_id is None \
            or notice.organisation_id != acting_user.organisation_id:
        return notice
    notice.read_at = timezone.now()
    return _save(notice, acting_user, action="read")


def _parties(task: Task) -> list[int | None]:
    sample = getattr(task, "sample", None)
    ids = [task.enterprise.organisation_id]
    if sample is not None:
        ids += [sample.labelled_producer.organisation_id if sample.labelled_producer else None,
                sample.seller.organisation_id if sample.seller else None]
    return ids


@transaction.atomic
def objection_file(*, acting_user: Any, task: Task, disputed_items: Iterable[str], reason: str,
                   filed_on: dt.date | None = None) -> Objection:
    _require_party(acting_user, _parties(task), "抽查任务")
    filed_on = filed_on or _today()
    if task.result_notified_on is None:
        raise _error("task", "检验结论尚未送达", "the result has not been served yet")
    if task.objection_due is None or filed_on > task.objection_due:
        raise _error("filed_on", f"异议期限已于{task.objection_due}届满（收到结论之日起15日内）",
                     f"the objection window closed on {task.objection_due} (15 days after receipt)")
    if task.objections.exclude(status=ObjectionStatus.REJECTED).exists():
        raise _error("task", "复检申请以一次为限", "only one re-test may be requested")
    report = _report(task)
    failed = {r.name for r in report.results.all() if r.verdict == ItemVerdict.FAIL}
    disputed = list(dict.fromkeys(str(d).strip() for d in disputed_items if str(d).strip()))
    if not disputed:
        raise _error("disputed_items", "请选择有异议的检验项目", "choose the disputed items")
    wrong = [d for d in disputed if d not in {r.name for r in report.results.all()}]
    if wrong:
        raise _error("disputed_items", f"报告中没有项目：{'、'.join(wrong)}", f"not in the report: {', '.join(wrong)}")
    if not failed.intersection(disputed):
        raise _error("disputed_items", "异议项目应包含不合格项目", "the disputed items must include a failed one")
    if not reason.strip():
        raise _error("reason", "请填写异议理由", "give the reason")
    _move(task, "object", acting_user)
    objection = _save(Objection(task=task, filed_by=acting_user or organisation_admin(task.plan.organisation),
                                filed_on=filed_on, disputed_items=disputed, reason=reason), acting_user)
    _save(task, acting_user, action="objection")
    return objection


@transaction.atomic
def objection_reject(*, acting_user: Any, objection: Objection, reason: str) -> Objection:
    task = objection.task
    _require(acting_user, PLANNERS, task.region_id)
    if not reason.strip():
        raise _error("decision_reason", "请填写不予受理的理由", "give the reason for rejecting")
    _move(task, "reject_objection", acting_user)
    objection.status, objection.decision_reason, objection.decided_on = ObjectionStatus.REJECTED, reason, _today()
    _save(task, acting_user, action="objection_rejected")
    return _save(objection, acting_user, action="reject")


@transaction.atomic
def objection_accept(*, acting_user: Any, objection: Objection, retest_agency: InspectionAgency) -> Objection:
    """Re-test on the backup sample by another qualified agency (Order 18 art. 35)."""
    task = objection.task
    _require(acting_user, PLANNERS, task.region_id)
    if retest_agency.pk == task.agency_id:
        raise _error("retest_agency", "复检机构不得为原检验机构", "the re-test agency must differ from the first one")
    _check_agency(retest_agency, task.item.category, _today(), "retest_agency")
    _move(task, "accept_objection", acting_user)
    objection.status, objection.retest_agency, objection.decided_on = ObjectionStatus.RETESTING, retest_agency, _today()
    _save(task, acting_user, action="retest")
    return _save(objection, acting_user, action="accept")


@transaction.atomic
def retest_submit(*, acting_user: Any, objection: Objection, number: str, results: Iterable[dict[str, Any]],
                  issued_on: dt.date | None = None, pdf: Any = None) -> TestReport:
    """Only the disputed items are re-tested; the re-test conclusion is final."""
    task = objection.task
    if acting_user is not None and acting_user.role != "agency_user" and not agency_has_login(objection.retest_agency):
        # An agency without platform accounts hands in a paper report; the organising bureau records it.
        _require(acting_user, PLANNERS, task.region_id)
    else:
        _require_agency(acting_user, objection.retest_agency)
    _check(task, "retest_report", None)
    TASK_WORKFLOW.apply(task, "retest_report", None)
    retest = _store_report(acting_user=acting_user, task=task, agency=objection.retest_agency, number=number,
                           issued_on=issued_on or _today(), results=results, pdf=pdf, is_retest=True, version=1,
                           allowed_names=set(objection.disputed_items))
    original = _report(task, retest=False)
    retested = {r.name: r for r in retest.results.all()}
    combined = [retested.get(r.name, r) for r in original.results.all()]
    final = overall_verdict(combined)
    retest.verdict = final
    _save(retest, acting_user, action="final_verdict")
    objection.status = ObjectionStatus.UPHELD if final == original.verdict else ObjectionStatus.OVERTURNED
    _save(objection, acting_user, action=objection.status)
    _finalise(task, final, acting_user)
    return retest


def _finalise(task: Task, verdict: str, acting_user: Any) -> None:
    task.verdict = verdict
    task.concluded_on = _today()
    _save(task, acting_user, action="concluded")
    events.result_final.send(sender=Task, task=task, verdict=verdict)


@transaction.atomic
def task_conclude(*, acting_user: Any, task: Task, on: dt.date | None = None) -> Task:
    """Make the first result final: a pass once notified, a fail once the objection window closed."""
    _require(acting_user, FIELD_STAFF, task.region_id)
    on = on or _today()
    if task.result_notified_on is None or task.objection_due is None:
        raise _error("result_notified_on", "请先送达检验结论", "serve the result first")
    if task.verdict == Verdict.FAIL and on <= task.objection_due:
        raise _error("objection_due", f"异议期至{task.objection_due}届满后才能确定不合格结论",
                     f"a failing result becomes final after the objection window ends on {task.objection_due}")
    _move(task, "conclude", acting_user)
    _finalise(task, _report(task).verdict, acting_user)
    return task


@transaction.atomic
def task_close(*, acting_user: Any, task: Task) -> Task:
    _require(acting_user, FIELD_STAFF, task.region_id)
    if task.status == TaskStatus.CONCLUDED and task.verdict == Verdict.FAIL:
        raise _error("status", "不合格产品须先完成后处理", "a failed product must go through handling first")
    if task.status == TaskStatus.HANDLING and task.handling.status != HandlingStatus.CLOSED:
        raise _error("status", "后处理尚未办结", "the handling is not closed yet")
    _move(task, "close", acting_user)
    task.closed_on = _today()
    return _save(task, acting_user, action="close")


# --- post-check handling -------------------------------------------------------------------------

@transaction.atomic
def handling_start(*, acting_user: Any, task: Task, ordered_on: dt.date | None = None) -> Handling:
    _require(acting_user, PLANNERS, task.region_id)
    if task.verdict != Verdict.FAIL:
        raise _error("verdict", "只有不合格产品需要后处理", "only a failed product is handled")
    _move(task, "start_handling", acting_user)
    ordered_on = ordered_on or _today()
    rule_set = task.plan.rule_set
    sample = task.sample
    licensed = bool(sample.product and sample.product.licence_number) or Product.objects.filter(
        enterprise=sample.labelled_producer, category=task.item.category).exclude(licence_number="").exists()
    handling = Handling(task=task, rule_set=rule_set, ordered_on=ordered_on,
                        correction_due=due(rule_set, "correction", ordered_on).due,
                        reinspection_due=due(rule_set, "reinspection", ordered_on).due,
                        licence_flag=licensed)
    _save(handling, acting_user)
    _save(task, acting_user, action="handling")
    return handling


def _handling_party(user: Any, handling: Handling) -> None:
    _require_party(user, _parties(handling.task), "后处理")


@transaction.atomic
def handling_extend(*, acting_user: Any, handling: Handling, days: int, asked_on: dt.date | None = None) -> Handling:
    """Order 133 only: one extension of at most 30 days, asked 5 days before the period ends."""
    _require(acting_user, PLANNERS, handling.task.region_id)
    limit = rule(handling.rule_set, "max_extension")
    asked_on = asked_on or _today()
    if not limit:
        raise _error("extension_days", "该规章不允许延期整改", "this rule set allows no extension")
    if handling.extension_days:
        raise _error("extension_days", "延期以一次为限", "only one extension is allowed")
    if not 0 < days <= limit:
        raise _error("extension_days", f"延期不得超过{limit}日", f"an extension may not exceed {limit} days")
    if asked_on > handling.correction_due - dt.timedelta(days=5):
        raise _error("extension_days", "延期申请应在整改期满5日前提出", "ask at least 5 days before the period ends")
    handling.extension_days = days
    handling.correction_due += dt.timedelta(days=days)
    handling.reinspection_due += dt.timedelta(days=days)
    return _save(handling, acting_user, action="extend")


@transaction.atomic
def rectification_submit(*, acting_user: Any, handling: Handling, report: str, file: Any = None,
                         submitted_on: dt.date | None = None) -> Handling:
    _handling_party(acting_user, handling)
    if handling.status != HandlingStatus.ORDERED:
        raise _error("status", "当前阶段不能提交整改报告", "a rectification report cannot be filed now")
    if not report.strip():
        raise _error("rectification_report", "请填写整改报告", "the rectification report is required")
    handling.rectification_report, handling.rectified_on = report, submitted_on or _today()
    if file is not None:
        handling.rectification_file = file
    handling.status = HandlingStatus.RECTIFIED
    return _save(handling, acting_user, action="rectified")


@transaction.atomic
def reinspection_record(*, acting_user: Any, handling: Handling, verdict: str, on: dt.date | None = None,
                        note: str = "") -> Handling:
    """The re-inspection (复查) by day 75 (Order 18 art. 47); a failure goes up for announcement."""
    task = handling.task
    _require(acting_user, FIELD_STAFF, task.region_id)
    on = on or _today()
    if verdict not in Verdict.values:
        raise _error("reinspection_verdict", "复查结论应为合格或不合格", "the verdict must be pass or fail")
    if handling.status not in (HandlingStatus.ORDERED, HandlingStatus.RECTIFIED) or handling.reinspected_on:
        raise _error("status", "当前阶段不能登记复查", "a re-inspection cannot be recorded now")
    handling.reinspected_on, handling.reinspection_verdict = on, verdict
    handling.note = note or handling.note
    if verdict == Verdict.PASS:
        handling.status = HandlingStatus.REINSPECTED
    _save(handling, acting_user, action=f"reinspection_{verdict}")
    if verdict == Verdict.FAIL:
        events.reinspection_failed.send(sender=Handling, task=task, handling=handling, round=1)
    return handling


@transaction.atomic
def handling_announce(*, acting_user: Any, handling: Handling, on: dt.date | None = None) -> Handling:
    """A product still failing at re-inspection is announced by the provincial bureau (art. 47)."""
    _require(acting_user, frozenset({"administrator", "province_staff"}), handling.task.region_id)
    if handling.reinspection_verdict != Verdict.FAIL or handling.announced_on:
        raise _error("status", "只有复查不合格的产品需要公告", "only a product failing re-inspection is announced")
    on = on or _today()
    handling.announced_on = on
    handling.second_window_from = due(handling.rule_set, "second_from", on).due
    handling.second_window_to = due(handling.rule_set, "second_to", on).due
    handling.status = HandlingStatus.ANNOUNCED
    return _save(handling, acting_user, action="announce")


@transaction.atomic
def second_reinspection_record(*, acting_user: Any, handling: Handling, verdict: str,
                               on: dt.date | None = None) -> Handling:
    _require(acting_user, FIELD_STAFF, handling.task.region_id)
    on = on or _today()
    if handling.status != HandlingStatus.ANNOUNCED:
        raise _error("status", "公告后才能再次复查", "the second re-inspection follows the announcement")
    window_from, window_to = handling.second_window_from, handling.second_window_to
    if window_from is None or window_to is None or not window_from <= on <= window_to:
        raise _error("second_reinspected_on", f"再次复查应在{handling.second_window_from}至{handling.second_window_to}之间",
                     f"the second re-inspection falls between {handling.second_window_from} and {handling.second_window_to}")
    handling.second_reinspected_on, handling.second_verdict = on, verdict
    if verdict == Verdict.FAIL:
        handling.status, handling.suspended_on = HandlingStatus.SUSPENDED, on
    else:
        handling.status = HandlingStatus.REINSPECTED
    _save(handling, acting_user, action=f"second_reinspection_{verdict}")
    if verdict == Verdict.FAIL:
        events.reinspection_failed.send(sender=Handling, task=handling.task, handling=handling, round=2)
    return handling


@transaction.atomic
def handling_refer(*, acting_user: Any, handling: Handling, reason: str) -> Handling:
    _require(acting_user, PLANNERS, handling.task.region_id)
    if not reason.strip():
        raise _error("note", "请填写移送理由", "give the reason for the referral")
    handling.referred_for_penalty, handling.note = True, reason
    return _save(handling, acting_user, action="refer")


@transaction.atomic
def handling_close(*, acting_user: Any, handling: Handling) -> Handling:
    task = handling.task
    _require(acting_user, PLANNERS, task.region_id)
    if handling.status not in (HandlingStatus.REINSPECTED, HandlingStatus.SUSPENDED) and not handling.referred_for_penalty:
        raise _error("status", "复查合格、责令停业整顿或移送查处后才能办结",
                     "close after a passing re-inspection, a suspension or a referral")
    handling.status, handling.closed_on = HandlingStatus.CLOSED, _today()
    _save(handling, acting_user, action="close")
    task_close(acting_user=acting_user, task=task)
    return handling


# --- announcements -------------------------------------------------------------------------------

FINAL_STATES = (TaskStatus.CONCLUDED, TaskStatus.HANDLING, TaskStatus.CLOSED)


def announcement_header(plan: Plan, tasks: list[Task]) -> dict[str, Any]:
    tested = [t for t in tasks if t.verdict]
    failed = [t for t in tested if t.verdict == Verdict.FAIL]
    standards = sorted({s.number for i in plan.items.all() for s in i.standards.all()})
    items = sorted({t.name for i in plan.items.all() for t in i.test_items.all()})
    regions = sorted({t.region.name for t in tested})
    return {
        "organiser": plan.organisation.name, "year": plan.year, "batch": plan.batch,
        "categories": [i.category.name for i in plan.items.all()],
        "enterprises": len({t.enterprise_id for t in tested}), "batches": len(tested), "failed": len(failed),
        "failure_rate": round(100 * len(failed) / len(tested), 1) if tested else 0.0,
        "pass_rate": round(100 * (len(tested) - len(failed)) / len(tested), 1) if tested else 0.0,
        "regions": regions, "standards": standards, "test_items": items,
        "refused": sum(1 for t in tasks if t.status == TaskStatus.REFUSED or t.refusal_reason),
    }


@transaction.atomic
def announcement_create(*, acting_user: Any, plan: Plan, title: str = "", number: str = "", period: str = "",
                        notes: str = "") -> Announcement:
    _require(acting_user, PLANNERS, plan.region_id)
    legal_basis = "《中华人民共和国产品质量法》、" + (
        "《产品质量监督抽查管理暂行办法》（市场监管总局令第18号）" if plan.rule_set == "order18"
        else "《产品质量监督抽查管理办法》（质检总局令第133号）")
    announcement = Announcement(plan=plan, organisation=plan.organisation, region_id=plan.region_id, number=number,
                                title=title or f"{plan.organisation.name}关于{plan.title}结果的公告",
                                period=period or f"{plan.year}年{plan.batch}", legal_basis=legal_basis, notes=notes,
                                created_by=acting_user or organisation_admin(plan.organisation))
    return _save(announcement, acting_user)


@transaction.atomic
def announcement_publish(*, acting_user: Any, announcement: Announcement, on: dt.date | None = None) -> Announcement:
    """Freeze the header and the result list; only once every tested task's result is final."""
    plan = announcement.plan
    _require(acting_user, PLANNERS, announcement.region_id)
    if announcement.status == AnnouncementStatus.PUBLISHED:
        raise _error("status", "公告已发布", "already published")
    tasks = list(plan.tasks.select_related("enterprise", "region", "item__category", "agency", "sample")
                 .prefetch_related("reports__results").order_by("id"))
    pending = [t.code for t in tasks if t.verdict and t.status not in FINAL_STATES]
    if pending:
        raise _error("status", f"以下任务的异议期未届满或复检未完成：{'、'.join(pending[:5])}",
                     f"objection windows still open or re-tests pending: {', '.join(pending[:5])}")
    final = [t for t in tasks if t.verdict and t.status in FINAL_STATES]
    if not final:
        raise _error("rows", "没有可公布的检验结果", "no final results to publish")
    on = on or _today()
    announcement.header = announcement_header(plan, tasks)
    announcement.status, announcement.published_on = AnnouncementStatus.PUBLISHED, on
    _save(announcement, acting_user, action="publish")
    rows = []
    for seq, task in enumerate(final, start=1):
        report = task.current_report
        failed = [{"name": r.name, "limit": r.limit, "measured": r.measured, "unit": r.unit}
                  for r in report.results.all() if r.verdict == ItemVerdict.FAIL] if task.verdict == Verdict.FAIL else []
        if report.is_retest:  # the final list: original items overridden by the re-tested ones
            failed = _final_failed(task)
        sample = task.sample
        rows.append(AnnouncementRow(
            announcement=announcement, task=task, seq=seq, producer_name=sample.labelled_producer_name,
            producer_address=sample.labelled_producer_address, sampled_unit_name=task.sampled_unit_name,
            region=task.region, category_name=task.item.category.name, product_name=sample.product_name,
            trademark=sample.trademark, model=sample.model, batch=sample.batch_number, verdict=task.verdict,
            failed_items=failed, failed_items_text="、".join(f["name"] for f in failed),
            agency_name=(report.agency.name), year=plan.year))
    for row in rows:
        row.refresh_search_text()
    AnnouncementRow.objects.bulk_create(rows)
    log_event(acting_user=acting_user, event="spotchecks.announcement.rows", instance=announcement,
              new={"rows": len(rows), "failed": sum(1 for r in rows if r.verdict == Verdict.FAIL)})
    return announcement


def _final_failed(task: Task) -> list[dict[str, str]]:
    original = _report(task, retest=False)
    retest = _report(task, retest=True)
    merged = {r.name: r for r in original.results.all()}
    merged.update({r.name: r for r in retest.results.all()})
    return [{"name": r.name, "limit": r.limit, "measured": r.measured, "unit": r.unit}
            for r in merged.values() if r.verdict == ItemVerdict.FAIL]
