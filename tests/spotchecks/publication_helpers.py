"""Tasks whose results are final, written directly (the loop's services are tested elsewhere):
the publication, document and analysis tests need many finished tasks with chosen verdicts,
regions, sizes and dates, then run the real announcement and analysis code over them."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from tests.agencies.factories import AgencyFactory, ScopeFactory
from tests.registry.factories import CategoryFactory, EnterpriseFactory
from zhijian.core.models import Region
from zhijian.spotchecks import services
from zhijian.spotchecks.models import Objection, Plan, PlanItem, Sample, Task, TestReport, TestResult
from zhijian.standards.models import Standard, TestItem

_codes = itertools.count(1)
ITEMS = [("标志和说明", False, ""), ("泄漏电流", True, "mA"), ("发热", True, "K")]


def category_with_items(code: str, name: str, standard_number: str):
    category = CategoryFactory(code=code, name=name)
    standard, _ = Standard.objects.get_or_create(number=standard_number,
                                                 defaults={"title": f"{name}安全要求", "nature": "mandatory"})
    for n, (item, safety, unit) in enumerate(ITEMS):
        TestItem.objects.get_or_create(standard=standard, name=item,
                                       defaults={"safety_critical": safety, "unit": unit, "sort_order": n,
                                                 "limit_text": "符合标准要求"})
    return category, standard


def agency_for(*categories, name: str = "陕西省产品质量监督检验研究院（测试）", organisation=None, region="610100"):
    agency = AgencyFactory(name=name, region=Region.objects.get(code=region),
                           **({"organisation": organisation} if organisation else {}))
    for c in categories:
        ScopeFactory(agency=agency, product_category=c.name)
    return agency


def make_plan(user, categories_standards: Iterable, agency, *, year: int = 2025, level: str = "provincial",
              title: str = "") -> tuple[Plan, dict[str, PlanItem]]:
    plan = services.plan_create(acting_user=user, year=year, title=title or f"{year}年产品质量省级监督抽查", level=level,
                                starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31), batch="第一批")
    items = {}
    for category, standard in categories_standards:
        items[category.code] = services.plan_item_add(
            acting_user=user, plan=plan, category=category, standards=[standard], sample_quantity=4,
            test_quantity=2, backup_quantity=2, agency=agency, stages=["production", "circulation"])
    return plan, items


def final_task(item: PlanItem, enterprise, *, verdict: str, failed: Iterable[str] = (), stage: str = "production",
               sampled_on: dt.date | None = None, issued_on: dt.date | None = None, agency=None,
               trademark: str = "秦暖", model: str = "TD-1", seller_name: str = "", status: str = "concluded") -> Task:
    """A task whose result is final (concluded), with its sample and its first report."""
    plan = item.plan
    sampled_on = sampled_on or dt.date(plan.year, 3, 2)
    issued_on = issued_on or sampled_on + dt.timedelta(days=20)
    agency = agency or item.agency
    n = next(_codes)
    task = Task.objects.create(
        code=f"T{plan.year}-{n:05d}", plan=plan, item=item, enterprise=enterprise, region_id=enterprise.region_id,
        stage=stage, status=status, agency=agency, verdict=verdict, result_notified_on=issued_on + dt.timedelta(days=3),
        objection_due=issued_on + dt.timedelta(days=18), concluded_on=issued_on + dt.timedelta(days=19))
    user = plan.created_by
    Sample.objects.create(
        task=task, product_name=item.category.name, trademark=trademark, model=model, batch_number=f"{plan.year}0101",
        quantity=4, test_quantity=2, backup_quantity=2, base_quantity=100,
        place_type="market" if seller_name else "factory", seller_name=seller_name, labelled_producer=enterprise,
        labelled_producer_name=enterprise.name, labelled_producer_address=enterprise.registered_address,
        sampled_on=sampled_on, samplers="甲、乙", recorded_by=user)
    report = TestReport.objects.create(task=task, agency=agency, number=f"R{n:05d}", issued_on=issued_on,
                                       verdict=verdict, submitted_by=user)
    failed = set(failed)
    for t in item.test_items.all():
        bad = t.name in failed
        TestResult.objects.create(report=report, test_item=t, name=t.name, limit="≤0.25" if t.unit == "mA" else "符合要求",
                                  measured="0.41" if bad and t.unit == "mA" else ("不符合" if bad else "符合"),
                                  unit=t.unit, verdict="fail" if bad else "pass", safety_critical=t.safety_critical)
    return task


def retest(task: Task, *, agency, verdicts: dict[str, str], issued_on: dt.date, objection_status: str) -> TestReport:
    """A re-test of the disputed items on the backup sample and the objection's outcome."""
    report = TestReport.objects.create(task=task, agency=agency, number=f"{task.code}-F", is_retest=True,
                                       issued_on=issued_on, submitted_by=task.plan.created_by,
                                       verdict="fail" if "fail" in verdicts.values() else "pass")
    for name, verdict in verdicts.items():
        TestResult.objects.create(report=report, name=name, measured="复检", verdict=verdict)
    Objection.objects.create(task=task, filed_by=task.plan.created_by, filed_on=issued_on - dt.timedelta(days=20),
                             disputed_items=list(verdicts), reason="对检验结果有异议", status=objection_status,
                             retest_agency=agency, decided_on=issued_on)
    return report


def enterprise(region: str, size: str = "small", name: str = "") -> object:
    kwargs = {"region_code": region, "size_class": size}
    if name:
        kwargs["name"] = name
    return EnterpriseFactory(**kwargs)
