"""The demo province's licensing history: licences matching the numbers its products carry
(valid, expiring soon, expired, revoked, cancelled), applications in every stage (some for qiye's
西安秦华电器有限公司), annual reports with some missing, a cement campaign, an over-capacity listing,
and planted unlicensed-producer and licence-misuse cases that the worklists must find exactly.

Licences, status history and annual reports are bulk rows (one demo.licensing event records them and
the planted cases); applications go through the services, so their timelines and audit trail are real."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from zhijian.accounts.models import User
from zhijian.audit.services import log_event
from zhijian.licensing import services
from zhijian.licensing.models import AnnualReport, Application, ApplicationDocument, Licence, LicenceStatusChange
from zhijian.licensing.selectors import CatalogueIndex
from zhijian.registry.models import Enterprise, Product, ProductCategory

QIYE_ENTERPRISE = "西安秦华电器有限公司"
# which producers plausibly apply for which catalogue product (registry.choices.Industry)
INDUSTRIES_FOR = {
    "702.1": ("metal", "food_related", "appliance", "daily_use"), "703.1": ("paper", "food_related"),
    "704.1": ("chemical", "daily_use", "food_related"), "701.1": ("food_related", "daily_use"),
    "501.1": ("fertiliser", "chemical"), "103.1": ("cable", "electronics"), "601.1": ("chemical",),
    "403.1": ("building", "metal"), "402.1": ("building",),
}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _split_number(number: str) -> tuple[str, int]:
    return number[:-5], int(number[-5:])


def build(loader: Any) -> None:
    rng = random.Random(f"licensing:{loader.seed}")
    today = timezone.localdate()
    index = CatalogueIndex()
    categories = {c.pk: c for c in ProductCategory.objects.all()}
    marked = list(Product.objects.exclude(licence_number="").order_by("id")
                  .values_list("id", "enterprise_id", "category_id", "licence_number", "name", "model"))
    # 1. one licence per number; a number two enterprises' products share (a serial collision of the
    #    generator) is given the next free serial on the second enterprise's products.
    holder_of: dict[str, tuple[int, int]] = {}
    taken = set(Licence.objects.values_list("number", flat=True))
    renumber: dict[tuple[int, int], str] = {}
    for _pk, ent, cat, number, _n, _m in marked:
        key = (ent, cat)
        if key in renumber:
            continue
        if number in holder_of and holder_of[number] != key:
            prefix, serial = _split_number(number)
            while f"{prefix}{serial:05d}" in holder_of or f"{prefix}{serial:05d}" in taken:
                serial = (serial + 1) % 100_000
            renumber[key] = f"{prefix}{serial:05d}"
            holder_of[renumber[key]] = key
        else:
            holder_of[number] = key
            renumber[key] = number
    products_of: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in marked:
        products_of[(row[1], row[2])].append(row)
    for key, number in renumber.items():
        stale = [row[0] for row in products_of[key] if row[3] != number]
        if stale:
            Product.objects.filter(pk__in=stale).update(licence_number=number)
    enterprises = Enterprise.objects.in_bulk({ent for ent, _cat in holder_of.values()})

    # 2. statuses: mostly valid; some expiring soon, some expired, revoked, cancelled
    plan = []
    for number, (ent, cat) in sorted(holder_of.items()):
        roll = rng.random()
        status = ("expiring" if roll < 0.10 else "expired" if roll < 0.15 else "revoked" if roll < 0.19
                  else "cancelled" if roll < 0.21 else "valid")
        plan.append([number, ent, cat, status])
    # planted unlicensed cases: one revoked and one expired licence whose holders keep producing,
    # one enterprise whose marked number was never issued, one licensed-category product with no number
    qiye_firm = Enterprise.objects.filter(name=QIYE_ENTERPRISE).values_list("pk", flat=True).first()
    keep_producing = {}
    for wanted in ("revoked", "expired"):
        row = next((p for p in plan if p[3] == wanted and p[1] != qiye_firm), None)
        if row is None and plan:
            row = next(p for p in plan if p[3] == "valid" and p[1] != qiye_firm)
            row[3] = wanted
        if row is not None:
            keep_producing[row[0]] = wanted
    single = [p for p in plan if p[3] == "valid" and p[1] != qiye_firm
              and sum(1 for q in plan if q[1] == p[1]) == 1]
    never_issued = single[0] if single else None   # marked with a number the bureau never issued
    unmarked = single[1] if len(single) > 1 else None  # licensed-category products with no number at all
    for row in (never_issued, unmarked):
        if row is not None:
            plan.remove(row)
    if unmarked is not None:
        Product.objects.filter(enterprise_id=unmarked[1], category_id=unmarked[2]).update(licence_number="")

    licences, changes = [], []
    for number, ent, cat, status in plan:
        enterprise, category = enterprises[ent], categories[cat]
        entry = index.entry(category, today)
        models = sorted({f"{r[4]} {r[5]}".strip() for r in products_of[(ent, cat)]})[:6]
        if status == "expiring":
            until = today + dt.timedelta(days=rng.randint(10, 170))
        elif status == "expired":
            until = today - dt.timedelta(days=rng.randint(20, 400))
        else:
            until = today + dt.timedelta(days=rng.randint(200, 1700))
        issued = _add_years(until + dt.timedelta(days=1), -5)
        final = {"expiring": "valid"}.get(status, status)
        changed = None
        if final in ("revoked", "cancelled"):
            changed = min(today - dt.timedelta(days=rng.randint(10, 300)), until)
            changed = max(changed, issued + dt.timedelta(days=30))
        elif final == "expired":
            changed = until + dt.timedelta(days=1)
        basis = {"revoked": "条例第54条：监督抽查不合格，整改后复查仍不合格", "cancelled": "条例第31条：企业申请注销（停产）",
                 "expired": "条例第25条：有效期届满未申请延续"}.get(final, "")
        licence = Licence(
            number=number, holder=enterprise, holder_name=enterprise.name, region_id=enterprise.region_id,
            category=category, product_name=category.name, models_covered=models,
            residence=enterprise.registered_address,
            production_addresses=[enterprise.production_address or enterprise.registered_address],
            issuing_level=entry.issuing_level if entry else "provincial",
            procedure=entry.procedure if entry and entry.procedure == "verify_first" else "verify_first",
            issued_on=issued, valid_until=until, status=final, status_changed_on=changed, status_basis=basis)
        licences.append(licence)
    created = loader._bulk(Licence, licences, "licence")
    for licence in created:
        changes.append(LicenceStatusChange(licence=licence, old_status="", new_status="valid", changed_on=licence.issued_on,
                                           basis="条例第24条：准予许可，颁发证书", reason="演示数据 / demo history"))
        if licence.status != "valid":
            changes.append(LicenceStatusChange(licence=licence, old_status="valid", new_status=licence.status,
                                               changed_on=licence.status_changed_on, basis=licence.status_basis,
                                               reason="演示数据 / demo history"))
    loader._bulk(LicenceStatusChange, changes, "licencestatuschange")
    # holders of lapsed licences stopped production, except the planted ones
    lapsed = [(lic.holder_id, lic.category_id) for lic in created
              if lic.status != "valid" and lic.number not in keep_producing]
    by_category: dict[int, list[int]] = defaultdict(list)
    for ent, cat in lapsed:
        by_category[cat].append(ent)
    for cat, ents in by_category.items():
        Product.objects.filter(category_id=cat, enterprise_id__in=ents).update(status="discontinued")

    planted_unlicensed = sorted({(enterprises[ent].uscc, categories[cat].code) for number, ent, cat, _s in plan
                                 if number in keep_producing})
    if never_issued is not None:
        planted_unlicensed.append((enterprises[never_issued[1]].uscc, categories[never_issued[2]].code))
    if unmarked is not None:
        planted_unlicensed.append((enterprises[unmarked[1]].uscc, categories[unmarked[2]].code))
    planted_unlicensed = sorted(set(planted_unlicensed))

    # 3. planted misuse: another licensee's product of the same category marked with a valid licence's number
    valid_by_cat: dict[int, list[Licence]] = defaultdict(list)
    for lic in created:
        if lic.status == "valid" and lic.valid_until >= today:
            valid_by_cat[lic.category_id].append(lic)
    planted_misuse = []
    for cat, lics in sorted(valid_by_cat.items()):
        if len(lics) < 2 or len(planted_misuse) >= 2:
            continue
        lender, borrower = lics[0], lics[1]
        product = Product.objects.filter(enterprise_id=borrower.holder_id, category_id=cat).order_by("id").first()
        if product is None:
            continue
        Product.objects.filter(pk=product.pk).update(licence_number=lender.number)
        planted_misuse.append((lender.number, product.pk))

    loader.log(f"许可证 / licences: {len(created)} (bulk)")
    _annual_reports(loader, created, rng, today)
    loader.log("年度自查报告 / annual reports (bulk)")
    apps = _applications(loader, rng, today, categories, enterprises)
    log_event(acting_user=None, event="demo.licensing", new={
        "licences": len(created), "applications": apps,
        "planted_unlicensed": [list(x) for x in planted_unlicensed],
        "planted_misuse": [list(x) for x in planted_misuse]},
        reason="演示许可历史 / demo licensing history (planted worklist cases listed)")
    loader.log(f"许可证 / licences: {len(created)}, 申请 / applications: {apps}, "
               f"无证线索 {len(planted_unlicensed)}, 冒用线索 {len(planted_misuse)}")


def _annual_reports(loader: Any, licences: list[Licence], rng: random.Random, today: dt.date) -> None:
    year = today.year - 1
    reports = []
    for lic in licences:
        if lic.status != "valid" or lic.issued_on.year > year:
            continue
        for y in range(max(lic.issued_on.year, year - 2), year + 1):
            if y == year and rng.random() < 0.2:
                continue  # missing: flagged on the annual-report page
            reports.append(AnnualReport(
                licence=lic, year=y, filed_on=dt.date(y + 1, 1, rng.randint(5, 28)),
                conditions_changed=rng.random() < 0.1, changes="", output_value=rng.randint(100, 50_000),
                sales_value=rng.randint(50, 9_000), spot_check_summary="报告期内监督抽查合格",
                status="accepted" if y < year else rng.choice(["filed", "accepted"])))
    loader._bulk(AnnualReport, reports, "annualreport")


def _documents(app: Application, owner: Any) -> None:
    """The required documents as bulk rows (their files written to storage), like the rest of the demo."""
    rows = []
    for kind in services.required_documents(app):
        content = f"%PDF-1.4\n% 演示材料 {app.reference} {kind}\n".encode()
        doc = ApplicationDocument(application=app, kind=kind, original_name=f"{kind}.pdf", size=len(content),
                                  sha256=hashlib.sha256(content).hexdigest(), uploaded_by=owner)
        doc.file.save(f"{kind}.pdf", ContentFile(content), save=False)
        rows.append(doc)
    ApplicationDocument.objects.bulk_create(rows)


def _applications(loader: Any, rng: random.Random, today: dt.date, categories: dict, enterprises: dict) -> int:
    sheng = User.objects.filter(username="sheng").first()
    qiye = User.objects.filter(username="qiye").first()
    by_code = {c.code: c for c in categories.values()}
    firm = Enterprise.objects.filter(name=QIYE_ENTERPRISE).first()
    candidates = list(Enterprise.objects.filter(status__in=("existing", "operating")).exclude(name=QIYE_ENTERPRISE)
                      .exclude(licences__isnull=False).exclude(industry="other").order_by("id")
                      .values_list("pk", "industry")[:3000])
    rng.shuffle(candidates)
    # (enterprise, category code, target stage, extra)
    plan: list[tuple[Any, str, str, dict]] = []
    if firm is not None:
        plan += [(firm, "103.1", "review", {"restructuring": True}), (firm, "701.1", "draft", {})]
    targets = ["submitted", "submitted", "review", "verification", "verification", "testing", "decision", "approved",
               "issued", "refused", "rejected", "withdrawn", "overdue"]
    codes = ["702.1", "703.1", "704.1", "501.1", "103.1", "601.1", "403.1", "402.1"]
    used: set[int] = set()
    for i, stage in enumerate(targets):
        code = "601.1" if stage == "testing" else codes[i % len(codes)]
        fitting = INDUSTRIES_FOR.get(code, ())
        pick = next((pk for pk, industry in candidates if industry in fitting and pk not in used), None)
        if pick is None:  # a small province may lack that trade: any producer will do
            pick = next((pk for pk, _industry in candidates if pk not in used), None)
        if pick is None:
            continue
        used.add(pick)
        plan.append((Enterprise.objects.get(pk=pick), code, stage, {"restructuring": i % 5 == 0}))
    made = 0
    for enterprise, code, stage, extra in plan:
        category = by_code.get(code)
        if category is None:
            continue
        owner = qiye if enterprise.name == QIYE_ENTERPRISE and qiye else None
        app = services.application_create(
            acting_user=owner, kind="new", enterprise=enterprise, category=category, product_name=category.name,
            production_addresses=[enterprise.production_address or enterprise.registered_address],
            models_covered=[f"{category.name} 型号{rng.randint(1, 99)}"], **extra)
        made += 1
        if stage == "draft":
            continue
        _documents(app, owner)
        services.application_submit(acting_user=owner, application=app)
        if stage == "overdue":
            past = today - dt.timedelta(days=12)
            Application.objects.filter(pk=app.pk).update(submitted_on=past, stage_due=past + dt.timedelta(days=7))
            continue
        if stage == "submitted":
            continue
        if stage == "refused":
            services.application_refuse(acting_user=sheng, application=app, reason="申请材料与实际生产条件不符")
            continue
        if stage == "withdrawn":
            services.application_withdraw(acting_user=owner, application=app, reason="企业调整生产计划，撤回申请")
            continue
        services.application_accept(acting_user=sheng, application=app)
        if stage == "review":
            continue
        if stage == "rejected":
            services.application_review(acting_user=sheng, application=app, passed=False, note="质量管理制度文件不完整")
            continue
        services.application_review(acting_user=sheng, application=app, passed=True)
        app.refresh_from_db()
        if app.stage == "verification":
            try:
                services.verification_assign(acting_user=sheng, application=app, n=2,
                                             beacon=f"demo-{loader.seed}-{app.reference}")
            except Exception:
                continue
            if stage == "verification":
                continue
            services.verification_record(acting_user=sheng, application=app, performed_on=today, result="pass",
                                         report="生产条件、检验手段、质量管理符合要求", samples_sealed=app.product_test_required)
            app.refresh_from_db()
        if stage in ("testing",) or app.stage == "testing":
            continue
        if stage == "decision":
            continue
        services.application_decide(acting_user=sheng, application=app, decision="approve", reason="符合发证条件")
        if stage == "approved":
            continue
        services.application_issue(acting_user=sheng, application=app)
    return made
