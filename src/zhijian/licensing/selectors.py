"""Reads of the licensing app, scoped to the caller; catalogue look-ups; SLA figures; worklists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhijian.licensing.choices import OPEN_STAGES, LicenceStatus
from zhijian.licensing.models import (
    AnnualReport,
    Application,
    Campaign,
    CampaignItem,
    CatalogueEntry,
    Licence,
    LicenceStatusChange,
    OverCapacityListing,
    Reminder,
    RevocationProceeding,
    RuleSet,
)
from zhijian.licensing.permissions import may_read, may_read_bureau
from zhijian.registry.models import Enterprise, Product, ProductCategory


def rules() -> RuleSet:
    obj, _created = RuleSet.objects.get_or_create(pk=1)
    return obj


# --- catalogue ---------------------------------------------------------------------------------

class CatalogueIndex:
    """All coded catalogue entries in memory: the deepest code covering a category wins."""

    def __init__(self) -> None:
        self.entries = list(CatalogueEntry.objects.exclude(category_code=""))
        self.coded = {e.category_code for e in self.entries}

    def _covering(self, code: str) -> list[CatalogueEntry]:
        return [e for e in self.entries if e.covers(code)]

    def entry(self, category: ProductCategory, on: dt.date) -> CatalogueEntry | None:
        matches = [e for e in self._covering(category.code) if e.applies_on(on)]
        return max(matches, key=lambda e: len(e.category_code)) if matches else None

    def required(self, category: ProductCategory, on: dt.date) -> bool:
        """Licence required on that date: the catalogue decides where it covers the category,
        else the registry's dated flag."""
        if self._covering(category.code):
            return self.entry(category, on) is not None
        return category.licence_required_on(on)


def catalogue_entry(category: ProductCategory, on: dt.date | None = None) -> CatalogueEntry | None:
    return CatalogueIndex().entry(category, on or timezone.localdate())


def licence_required(category: ProductCategory, on: dt.date | None = None) -> bool:
    return CatalogueIndex().required(category, on or timezone.localdate())


def catalogue_list(user: Any = None) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.all()


def categories_required_on(on: dt.date) -> list[ProductCategory]:
    index = CatalogueIndex()
    return [c for c in ProductCategory.objects.all() if index.required(c, on)]


# --- licences and applications ---------------------------------------------------------------------

def licence_list(user: Any) -> QuerySet[Licence]:
    if not may_read(user):
        return Licence.objects.none()
    return Licence.objects.visible_to(user).select_related("holder", "category", "region")


def application_list(user: Any) -> QuerySet[Application]:
    if not may_read(user):
        return Application.objects.none()
    return Application.objects.visible_to(user).select_related("enterprise", "category", "licence", "region")


def application_detail_queryset(user: Any) -> QuerySet[Application]:
    if not may_read(user):
        return Application.objects.none()
    return Application.objects.visible_to(user).select_related(
        "enterprise", "category", "licence", "region", "issued_licence").prefetch_related("documents", "steps")


def annual_report_list(user: Any) -> QuerySet[AnnualReport]:
    if not may_read(user):
        return AnnualReport.objects.none()
    return AnnualReport.objects.visible_to(user).select_related("licence", "licence__holder")


def campaign_list(user: Any) -> QuerySet[Campaign]:
    if not may_read_bureau(user):
        return Campaign.objects.none()
    return Campaign.objects.visible_to(user).select_related("category", "region").annotate(
        item_count=Count("items"), pending=Count("items", filter=Q(items__result="pending"))).order_by("-started_on", "id")


def campaign_items(user: Any, campaign: Campaign) -> QuerySet[CampaignItem]:
    return CampaignItem.objects.filter(campaign=campaign).filter(
        licence__in=licence_list(user).values("pk")).select_related("licence", "licence__holder")


def proceeding_list(user: Any) -> QuerySet[RevocationProceeding]:
    if not may_read_bureau(user):
        return RevocationProceeding.objects.none()
    return RevocationProceeding.objects.visible_to(user).select_related("licence", "licence__holder")


def over_capacity_list(user: Any) -> QuerySet[OverCapacityListing]:
    if not may_read_bureau(user):
        return OverCapacityListing.objects.none()
    return OverCapacityListing.objects.visible_to(user).select_related("enterprise")


def reminder_list(user: Any) -> QuerySet[Reminder]:
    if not may_read(user):
        return Reminder.objects.none()
    return Reminder.objects.visible_to(user).select_related("licence")


def own_enterprises(user: Any) -> QuerySet[Enterprise]:
    if user is None or not getattr(user, "organisation_id", None):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(organisation_id=user.organisation_id)


def renewal_opens_on(licence: Licence, window_months: int) -> dt.date:
    """The day by which a renewal is on time: `window_months` before expiry (条例 Art. 25)."""
    month = licence.valid_until.month - window_months
    year = licence.valid_until.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(licence.valid_until.day, 28)
    return dt.date(year, month, day)


# --- SLA ----------------------------------------------------------------------------------------

def sla_rows(user: Any, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Open applications with the current stage's time limit, overdue first, then priority, then due date."""
    on = on or timezone.localdate()
    rows = []
    for app in application_list(user).filter(stage__in=OPEN_STAGES):
        days_left = (app.stage_due - on).days if app.stage_due else None
        rows.append({"application": app, "due": app.stage_due, "days_left": days_left,
                     "overdue": days_left is not None and days_left < 0,
                     "due_soon": days_left is not None and 0 <= days_left <= 3})
    rows.sort(key=lambda r: (not r["overdue"], not r["application"].priority, r["due"] or dt.date.max))
    return rows


def sla_summary(user: Any, on: dt.date | None = None) -> dict[str, Any]:
    rows = sla_rows(user, on)
    by_stage: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "overdue": 0, "due_soon": 0})
    for r in rows:
        s = by_stage[r["application"].stage]
        s["open"] += 1
        s["overdue"] += int(r["overdue"])
        s["due_soon"] += int(r["due_soon"])
    return {"open": len(rows), "overdue": sum(r["overdue"] for r in rows),
            "due_soon": sum(r["due_soon"] for r in rows), "by_stage": dict(by_stage)}


# --- annual reports -------------------------------------------------------------------------------

def missing_annual_reports(user: Any, year: int, on: dt.date | None = None) -> list[Licence]:
    """Licences valid during `year` (issued before its end, still valid or lapsed after it) without a report."""
    on = on or timezone.localdate()
    end = dt.date(year, 12, 31)
    qs = licence_list(user).filter(issued_on__lte=end, valid_until__gte=dt.date(year, 1, 1)).filter(
        Q(status=LicenceStatus.VALID) | Q(status_changed_on__gt=end))
    filed = AnnualReport.objects.filter(year=year).values("licence_id")
    return list(qs.exclude(pk__in=filed).order_by("number"))


# --- worklists ------------------------------------------------------------------------------------

@dataclass
class UnlicensedCase:
    enterprise: Enterprise
    category: ProductCategory
    products: list[Product] = field(default_factory=list)
    reason: str = ""


def unlicensed_producers(user: Any, on: dt.date | None = None) -> list[UnlicensedCase]:
    """Enterprises making products in a category that needs a licence on `on`, without a licence of
    theirs valid that day and covering the category."""
    on = on or timezone.localdate()
    index = CatalogueIndex()
    required = {c.pk: c for c in ProductCategory.objects.all() if index.required(c, on)}
    if not required or not may_read_bureau(user):
        return []
    products = (Product.objects.visible_to(user).filter(category_id__in=required, status="in_production")
                .select_related("enterprise", "category").order_by("enterprise_id", "category_id", "id"))
    held: dict[int, list[Licence]] = defaultdict(list)
    enterprise_ids = set(products.values_list("enterprise_id", flat=True))
    for licence in Licence.objects.filter(holder_id__in=enterprise_ids).select_related("category"):
        held[licence.holder_id].append(licence)
    cases: dict[tuple[int, int], UnlicensedCase] = {}
    for product in products:
        code = product.category.code
        covering = [lic for lic in held.get(product.enterprise_id, [])
                    if code == lic.category.code or code.startswith(lic.category.code + ".")]
        if any(lic.valid_on(on) for lic in covering):
            continue
        key = (product.enterprise_id, product.category_id)
        if key not in cases:
            if covering:
                states = "、".join(sorted({str(lic.get_status_display()) if lic.effective_status(on) == lic.status
                                           else "过期" for lic in covering}))
                reason = f"许可证（{'、'.join(lic.number for lic in covering)}）已{states}，仍在生产 / licence no longer valid"
            elif product.licence_number:
                reason = f"产品标注的 {product.licence_number} 不是本企业的有效许可证 / marked number is not a licence of this enterprise"
            else:
                reason = "无生产许可证 / no production licence"
            cases[key] = UnlicensedCase(product.enterprise, required[product.category_id], reason=reason)
        cases[key].products.append(product)
    return list(cases.values())


@dataclass
class MisuseCase:
    number: str
    licence: Licence
    used_by: Enterprise | None
    where: str  # "product" | "sample"
    obj: Any
    label: str


def licence_misuse(user: Any) -> list[MisuseCase]:
    """A licence number on products (or spot-check samples) of an enterprise other than its holder:
    renting, lending or transfer (条例 Art. 35; work-plan item 13)."""
    if not may_read_bureau(user):
        return []
    licences = {lic.number: lic for lic in Licence.objects.select_related("holder")}
    cases: list[MisuseCase] = []
    products = (Product.objects.visible_to(user).exclude(licence_number="").filter(licence_number__in=list(licences))
                .select_related("enterprise").order_by("id"))
    for product in products:
        licence = licences[product.licence_number]
        if product.enterprise_id != licence.holder_id:
            cases.append(MisuseCase(product.licence_number, licence, product.enterprise, "product", product,
                                    f"{product.name} {product.model}".strip()))
    cases.extend(_sample_misuse(user, licences))
    return cases


def _sample_misuse(user: Any, licences: dict[str, Licence]) -> list[MisuseCase]:
    """Samples taken in spot checks, when the spot-check app records the marked licence number."""
    from django.apps import apps

    try:
        sample_model = apps.get_model("spotchecks", "Sample")
    except LookupError:
        return []
    names = {f.name for f in sample_model._meta.get_fields()}
    if "licence_number" not in names or "enterprise" not in names:
        return []
    out = []
    qs = sample_model.objects.exclude(licence_number="").filter(licence_number__in=list(licences))
    if hasattr(qs, "visible_to"):
        qs = qs.visible_to(user)
    for sample in qs.select_related("enterprise"):
        licence = licences[sample.licence_number]
        if sample.enterprise_id and sample.enterprise_id != licence.holder_id:
            out.append(MisuseCase(sample.licence_number, licence, sample.enterprise, "sample", sample, str(sample)))
    return out


# --- public (portal) ------------------------------------------------------------------------------

PUBLIC_FIELDS = ("number", "holder_name", "product_name", "issued_on", "valid_until", "status")


def public_licence_search(q: str) -> QuerySet[Licence]:
    """Look-up by licence number, enterprise name or USCC (no login; public register data only)."""
    from zhijian.core.identifiers import IdentifierError, validate_licence_number

    q = (q or "").strip()
    if len(q) < 2:
        return Licence.objects.none()
    try:
        number = validate_licence_number(q)
    except IdentifierError:
        number = ""
    cond = Q(holder_name__icontains=q) | Q(holder__name__icontains=q) | Q(holder__uscc=q.upper())
    if number:
        bare = number.lstrip("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕秦甘陇青宁新")
        cond |= Q(number=number) | Q(number__endswith=bare)
    return Licence.objects.filter(cond).select_related("holder", "category").order_by("number")[:100]


def public_licence(number: str) -> Licence | None:
    from zhijian.core.identifiers import IdentifierError, validate_licence_number

    try:
        number = validate_licence_number(number)
    except IdentifierError:
        return None
    return Licence.objects.filter(number=number).select_related("holder", "category").first()


def public_announcements(limit: int = 200) -> QuerySet[LicenceStatusChange]:
    """Revocations (吊销), withdrawals (撤销) and cancellations (注销), newest first (条例 Art. 31)."""
    return (LicenceStatusChange.objects.filter(new_status__in=(LicenceStatus.REVOKED, LicenceStatus.WITHDRAWN,
                                                               LicenceStatus.CANCELLED))
            .select_related("licence", "licence__holder").order_by("-changed_on", "-id")[:limit])


def public_categories(on: dt.date | None = None) -> list[dict[str, Any]]:
    on = on or timezone.localdate()
    counts = dict(Licence.objects.filter(status=LicenceStatus.VALID, valid_until__gte=on)
                  .values_list("category_id").annotate(n=Count("id")).values_list("category_id", "n"))
    cats = ProductCategory.objects.filter(pk__in=counts).order_by("code")
    return [{"category": c, "count": counts[c.pk]} for c in cats]


def public_licensed_in(category: ProductCategory, on: dt.date | None = None) -> QuerySet[Licence]:
    on = on or timezone.localdate()
    return (Licence.objects.filter(status=LicenceStatus.VALID, valid_until__gte=on, category=category)
            .select_related("holder").order_by("holder_name"))


# --- home page --------------------------------------------------------------------------------------

def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not may_read(user):
        return []
    today = timezone.localdate()
    cards: list[dict[str, Any]] = []
    licences = licence_list(user)
    soon = licences.filter(status=LicenceStatus.VALID, valid_until__gte=today,
                           valid_until__lte=today + dt.timedelta(days=180)).count()
    cards.append({"label": _("有效生产许可证"), "value": licences.filter(status=LicenceStatus.VALID).count(),
                  "note": _("180天内到期 %(n)s 张（应在届满6个月前申请延续）") % {"n": soon},
                  "url": reverse("licensing:licence_list") + "?status=valid"})
    if may_read_bureau(user):
        summary = sla_summary(user, today)
        cards.append({"label": _("在办许可申请"), "value": summary["open"],
                      "note": _("已超期 %(overdue)s 件，3日内到期 %(soon)s 件") % {
                          "overdue": summary["overdue"], "soon": summary["due_soon"]},
                      "url": reverse("licensing:sla")})
    else:
        unread = reminder_list(user).filter(read_at__isnull=True).count()
        cards.append({"label": _("在办许可申请"), "value": application_list(user).filter(stage__in=OPEN_STAGES).count(),
                      "note": _("年度自查报告提醒 %(n)s 条") % {"n": unread}, "url": reverse("licensing:application_list")})
    return cards
