"""Reads of draws, scoped to the caller, and the pool builders other apps reuse to commit draws:
enterprises from the registry, inspectors from the enforcement pool, qualified agencies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhijian.agencies import selectors as agency_selectors
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector
from zhijian.core.jurisdiction import region_prefix
from zhijian.core.models import Region
from zhijian.draws.choices import DrawStatus, LicenceFilter, SamplingStage, StrataLevel
from zhijian.draws.models import Draw
from zhijian.draws.permissions import may_read
from zhijian.registry.models import Enterprise, Product
from zhijian.registry.selectors import category_descendant_ids, enterprises_visible_to

ACTIVE_ENTERPRISE = ("existing", "operating")
WEIGHT_FIELDS = ("supervision_weight",)  # Decimal fields of Enterprise a draw may weight by


# --- draws ---------------------------------------------------------------------------------------

def draw_list(user: Any) -> QuerySet[Draw]:
    if not may_read(user):
        return Draw.objects.none()
    return (Draw.objects.visible_to(user).select_related("region", "organisation", "committed_by", "drawn_by")
            .defer("rows").order_by("-committed_at", "-id"))


def draw_detail_queryset(user: Any) -> QuerySet[Draw]:
    if not may_read(user):
        return Draw.objects.none()
    return Draw.objects.visible_to(user).select_related("region", "region__parent", "organisation", "committed_by",
                                                          "drawn_by")


def draw_get(user: Any, pk: int) -> Draw:
    return draw_detail_queryset(user).get(pk=pk)


def public_draws() -> QuerySet[Draw]:
    """What the public site shows: every commitment from the moment it is made (so nobody can draw
    twice and keep the better result), the draws made, and the cancellations with their reasons."""
    return Draw.objects.select_related("region", "region__parent", "organisation", "committed_by", "drawn_by")


def stratum_names(strata) -> dict[str, str]:
    """Region names for strata that are GB/T 2260 codes (other strata are shown as they are)."""
    codes = [s for s in strata if len(s) == 6 and s.isdigit()]
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def draws_for_subject(subject_type: str, subject_id: int) -> QuerySet[Draw]:
    return Draw.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("committed_at", "id")


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    """Home-page figures: commitments awaiting their public value, draws made (accounts.dashboard)."""
    if not may_read(user):
        return []
    draws = draw_list(user)
    return [{"label": _("待抽取的承诺"), "value": draws.filter(status=DrawStatus.COMMITTED).count(),
             "note": _("已完成抽取 %(n)s 次") % {"n": draws.filter(status=DrawStatus.DRAWN).count()},
             "url": reverse("draws:draw_list") + "?status=committed"}]


# --- pool builders ---------------------------------------------------------------------------------

def _region_code(region: Region | str) -> str:
    return region.code if isinstance(region, Region) else str(region).strip()


def _prefix(code: str) -> str:
    level = Region.objects.filter(code=code).values_list("level", flat=True).first()
    if level is None:
        level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
    return region_prefix(code, level)


def stratum_of(region_code: str, level: str) -> str:
    """The stratum of a row at the chosen level: the city (6101 -> 610100) or the county itself."""
    if level == StrataLevel.CITY:
        return region_code[:4] + "00"
    if level == StrataLevel.COUNTY:
        return region_code
    return ""


def enterprise_queryset(*, user: Any, category_codes: Iterable[str] | None = None,
                        region_codes: Iterable[str] | None = None, stage: str | None = None,
                        licence_status: str | None = None) -> QuerySet[Enterprise]:
    """The directory slice (检查对象名录库) a draw picks from, within the caller's jurisdiction:
    enterprises in operation, making products of the categories (and their sub-categories), under
    the regions. Stage "production" keeps producers with a product still in production (the
    directory holds producers; for circulation and online sampling it is the same producers whose
    products are sought). Licence status: holding (or not) a production licence number on a product
    of the categories."""
    qs = enterprises_visible_to(user).filter(status__in=ACTIVE_ENTERPRISE)
    products = Product.objects.all()
    codes = [c.strip() for c in category_codes or [] if c and c.strip()]
    if codes:
        from zhijian.registry.models import ProductCategory

        ids: list[int] = []
        for category in ProductCategory.objects.filter(code__in=codes):
            ids.extend(category_descendant_ids(category))
        products = products.filter(category_id__in=ids)
    if stage == SamplingStage.PRODUCTION:
        products = products.filter(status="in_production")
    if codes or stage == SamplingStage.PRODUCTION:
        qs = qs.filter(pk__in=products.values("enterprise_id"))
    if licence_status == LicenceFilter.LICENSED:
        qs = qs.filter(pk__in=products.exclude(licence_number="").values("enterprise_id"))
    elif licence_status == LicenceFilter.UNLICENSED:
        qs = qs.exclude(pk__in=products.exclude(licence_number="").values("enterprise_id"))
    regions = [_region_code(r) for r in region_codes or [] if r]
    if regions:
        condition = Q(pk__in=[])
        for code in regions:
            condition |= Q(region__pk__startswith=_prefix(code))
        qs = qs.filter(condition)
    return qs


def enterprise_pool_rows(*, user: Any, category_codes: Iterable[str] | None = None,
                         region_codes: Iterable[str] | None = None, stage: str | None = None,
                         licence_status: str | None = None, weight: str = "equal",
                         strata: str = StrataLevel.CITY) -> list[dict[str, Any]]:
    """Rows {id: USCC, label: name, stratum: region at the `strata` level, weight} ordered by USCC.

    weight: "equal" (every enterprise 1) or the name of an Enterprise weight field
    (`supervision_weight`, from the risk grading); a field the registry lacks falls back to equal."""
    qs = enterprise_queryset(user=user, category_codes=category_codes, region_codes=region_codes, stage=stage,
                             licence_status=licence_status)
    field = weight if weight in WEIGHT_FIELDS and _has_field(Enterprise, weight) else None
    values = ["uscc", "name", "region_id", *([field] if field else [])]
    rows = []
    for item in qs.order_by("uscc").values(*values):
        w = item[field] if field else Decimal(1)
        rows.append({"id": item["uscc"], "label": item["name"], "stratum": stratum_of(item["region_id"], strata),
                     "weight": str(w if w is not None and w > 0 else Decimal(1))})
    return rows


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def inspector_queryset(*, organisation_region: Region | str, on_date: dt.date | None = None,
                       exclude_ids: Iterable[int] = (), exclude_county: str | None = None,
                       conflicts_with_enterprise: str | None = None, qualification: str = "") -> QuerySet[Inspector]:
    """The enforcement inspectors a draw may pick (执法检查人员名录库): in the pool, under the
    organising bureau's region, law-enforcement certificate valid on the date, without a declared
    conflict with the enterprise (USCC), not from `exclude_county` (the enterprise's own county when
    the plan says so) and not among `exclude_ids` (e.g. whoever inspected it last time)."""
    on_date = on_date or timezone.localdate()
    qs = Inspector.objects.filter(active=True, region__pk__startswith=_prefix(_region_code(organisation_region)))
    qs = qs.exclude(law_enforcement_cert_no="").filter(Q(cert_valid_to__isnull=True) | Q(cert_valid_to__gte=on_date))
    if conflicts_with_enterprise:
        conflicted = ConflictOfInterest.objects.filter(
            enterprise_uscc=conflicts_with_enterprise.strip().upper(), withdrawn_on__isnull=True,
            declared_on__lte=on_date,
        ).values("inspector_id")
        qs = qs.exclude(pk__in=conflicted)
    if exclude_county:
        qs = qs.exclude(region_id=exclude_county)
    excluded = [int(i) for i in exclude_ids]
    if excluded:
        qs = qs.exclude(pk__in=excluded)
    if qualification:
        qs = agency_selectors.with_qualification(qs, qualification)
    return qs.order_by("staff_number")


def inspector_pool_rows(*, organisation_region: Region | str, on_date: dt.date | None = None,
                        exclude_ids: Iterable[int] = (), exclude_county: str | None = None,
                        conflicts_with_enterprise: str | None = None, qualification: str = "",
                        stratum: str = "") -> list[dict[str, Any]]:
    """Rows {id: staff number, label: "name（staff number）", stratum, weight 1} of `inspector_queryset`."""
    qs = inspector_queryset(organisation_region=organisation_region, on_date=on_date, exclude_ids=exclude_ids,
                            exclude_county=exclude_county, conflicts_with_enterprise=conflicts_with_enterprise,
                            qualification=qualification)
    return [{"id": number, "label": f"{name}（{number}）", "stratum": stratum, "weight": "1"}
            for number, name in qs.values_list("staff_number", "name")]


def qualified_agencies(*, category: str, on_date: dt.date | None = None) -> QuerySet[InspectionAgency]:
    """Agencies in force whose qualification scope covers the category on the date."""
    return agency_selectors.qualified_agencies(category, on_date or timezone.localdate()).order_by("uscc")


def agency_pool_rows(*, category: str, on_date: dt.date | None = None, stratum: str = "") -> list[dict[str, Any]]:
    """Rows {id: agency USCC, label: name, stratum, weight 1} of the qualified agencies."""
    return [{"id": uscc, "label": name, "stratum": stratum, "weight": "1"}
            for uscc, name in qualified_agencies(category=category, on_date=on_date).values_list("uscc", "name")]
