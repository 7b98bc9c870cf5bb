"""Reads of agencies and the inspector pool, scoped to the caller (rules in permissions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhijian.agencies.choices import AgencyStatus
from zhijian.agencies.models import (
    ConflictOfInterest,
    InspectionAgency,
    Inspector,
    QualificationScope,
    category_matches,
)
from zhijian.agencies.permissions import may_read_agencies, may_read_pool


def agency_list(user: Any) -> QuerySet[InspectionAgency]:
    if not may_read_agencies(user):
        return InspectionAgency.objects.none()
    return (
        InspectionAgency.objects.visible_to(user).select_related("region", "organisation")
        .annotate(scope_count=Count("scopes")).order_by("region_id", "name")
    )


def agency_detail_queryset(user: Any) -> QuerySet[InspectionAgency]:
    if not may_read_agencies(user):
        return InspectionAgency.objects.none()
    scopes = Prefetch("scopes", queryset=QualificationScope.objects.order_by("product_category", "valid_from"))
    return InspectionAgency.objects.visible_to(user).select_related("region", "region__parent", "organisation").prefetch_related(scopes)


def agency_get(user: Any, pk: int) -> InspectionAgency:
    return agency_detail_queryset(user).get(pk=pk)


def scope_list(user: Any) -> QuerySet[QualificationScope]:
    return QualificationScope.objects.filter(agency__in=agency_list(user).values("pk")).select_related("agency")


def qualified_agencies(category: str, on_date: dt.date | None = None, *, user: Any = None) -> QuerySet[InspectionAgency]:
    """Agencies in force (status 有效) with a qualification scope covering `category` on `on_date`.

    `category` is a product-category code or name (see `category_matches`); with `user` the result is
    also limited to what that user may see.
    """
    on_date = on_date or timezone.localdate()
    candidates = QualificationScope.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on_date), valid_from__lte=on_date,
        agency__status=AgencyStatus.VALID,
    ).values_list("agency_id", "product_category")
    ids = {agency_id for agency_id, scope_category in candidates if category_matches(scope_category, category)}
    base = agency_list(user) if user is not None else InspectionAgency.objects.all()
    return base.filter(pk__in=ids)


def inspector_list(user: Any) -> QuerySet[Inspector]:
    if not may_read_pool(user):
        return Inspector.objects.none()
    return (
        Inspector.objects.visible_to(user).select_related("organisation", "region")
        .annotate(active_conflicts=Count("conflicts", filter=Q(conflicts__withdrawn_on__isnull=True)))
        .order_by("region_id", "staff_number")
    )


def inspector_detail_queryset(user: Any) -> QuerySet[Inspector]:
    if not may_read_pool(user):
        return Inspector.objects.none()
    conflicts = Prefetch("conflicts", queryset=ConflictOfInterest.objects.order_by("withdrawn_on", "-declared_on", "-id"))
    return Inspector.objects.visible_to(user).select_related("organisation", "region").prefetch_related(conflicts)


def inspector_get(user: Any, pk: int) -> Inspector:
    return inspector_detail_queryset(user).get(pk=pk)


def conflict_list(user: Any) -> QuerySet[ConflictOfInterest]:
    if not may_read_pool(user):
        return ConflictOfInterest.objects.none()
    return ConflictOfInterest.objects.visible_to(user).select_related("inspector")


def with_qualification(queryset: QuerySet[Inspector], qualification: str) -> QuerySet[Inspector]:
    """Inspectors holding a qualification; JSON containment is not portable to SQLite, so match in Python."""
    ids = [pk for pk, quals in queryset.values_list("pk", "qualifications") if qualification in (quals or [])]
    return queryset.filter(pk__in=ids)


def drawable_inspectors(user: Any, *, enterprise_uscc: str = "", qualification: str = "",
                        on_date: dt.date | None = None) -> QuerySet[Inspector]:
    """The pool a double-random draw picks from: active, law-enforcement certificate valid on the
    date, holding `qualification`, and without a standing conflict with the enterprise."""
    on_date = on_date or timezone.localdate()
    pool = inspector_list(user).filter(active=True).exclude(law_enforcement_cert_no="").filter(
        Q(cert_valid_to__isnull=True) | Q(cert_valid_to__gte=on_date)
    )
    if enterprise_uscc:
        conflicted = ConflictOfInterest.objects.filter(
            enterprise_uscc=enterprise_uscc, withdrawn_on__isnull=True, declared_on__lte=on_date
        ).values("inspector_id")
        pool = pool.exclude(pk__in=conflicted)
    return with_qualification(pool, qualification) if qualification else pool


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    if may_read_agencies(user):
        agencies = agency_list(user)
        soon = timezone.localdate() + dt.timedelta(days=90)
        expiring = scope_list(user).filter(valid_to__gte=timezone.localdate(), valid_to__lte=soon).count()
        cards.append({"label": _("有效检验机构数"), "value": agencies.filter(status=AgencyStatus.VALID).count(),
                      "note": _("90 天内到期的资质范围 %(n)s 项") % {"n": expiring},
                      "url": _url("agencies:agency_list", "?status=valid")})
    if may_read_pool(user):
        cards.append({"label": _("在库执法检查人员"), "value": inspector_list(user).filter(active=True).count(),
                      "note": _("已申报利益冲突 %(n)s 项") % {"n": conflict_list(user).filter(withdrawn_on__isnull=True).count()},
                      "url": _url("agencies:inspector_list", "?active=true")})
    return cards
