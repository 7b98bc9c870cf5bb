"""Reads of the standards catalogue.

Standards are public reference data: every signed-in, active user reads the whole catalogue
(anonymous callers read nothing). Writes are limited to province staff and administrators
(`permissions.can_edit_catalogue`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from zhijian.standards.choices import StandardStatus
from zhijian.standards.models import Standard, TestItem
from zhijian.standards.permissions import can_edit_catalogue


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def standard_list(user: Any) -> QuerySet[Standard]:
    if not _signed_in(user):
        return Standard.objects.none()
    return Standard.objects.select_related("replaced_by").annotate(
        test_item_count=Count("test_items", distinct=True),
        safety_item_count=Count("test_items", filter=Q(test_items__safety_critical=True), distinct=True),
    ).order_by("number")


def standard_detail_queryset(user: Any) -> QuerySet[Standard]:
    if not _signed_in(user):
        return Standard.objects.none()
    return Standard.objects.select_related("replaced_by").prefetch_related(
        Prefetch("test_items", queryset=TestItem.objects.order_by("sort_order", "id")), "replaces"
    )


def standard_get(user: Any, pk: int) -> Standard:
    return standard_detail_queryset(user).get(pk=pk)


def standard_by_number(user: Any, number: str) -> Standard | None:
    return standard_detail_queryset(user).filter(number=number).first()


def test_item_list(user: Any) -> QuerySet[TestItem]:
    if not _signed_in(user):
        return TestItem.objects.none()
    return TestItem.objects.select_related("standard").order_by("standard__number", "sort_order", "id")


def standards_for_product(user: Any, product: str, *, current_only: bool = True) -> QuerySet[Standard]:
    """The standards that apply to a product name (e.g. 电热毯), for sampling plans and reports."""
    ids = [pk for pk, products in Standard.objects.values_list("id", "products") if product in (products or [])]
    queryset = standard_list(user).filter(pk__in=ids)
    return queryset.filter(status=StandardStatus.CURRENT) if current_only else queryset


def product_names(user: Any) -> list[str]:
    """Every product name the catalogue mentions, sorted (for the product filter)."""
    if not _signed_in(user):
        return []
    names = {name for products in Standard.objects.values_list("products", flat=True) for name in (products or [])}
    return sorted(names)


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    if not _signed_in(user):
        return []
    current = Standard.objects.filter(status=StandardStatus.CURRENT)
    safety_items = TestItem.objects.filter(standard__status=StandardStatus.CURRENT, safety_critical=True).count()
    return [
        {"label": _("现行标准数"), "value": current.count(),
         "note": _("其中强制性标准 %(n)s 项") % {"n": current.filter(nature="mandatory").count()},
         "url": _url("standards:standard_list", "?status=current")},
        {"label": _("安全关键检验项目数"), "value": safety_items, "note": _("现行标准中的安全关键项目"),
         "url": _url("standards:standard_list", "?safety_critical=true")},
    ]


__all__ = [
    "can_edit_catalogue", "dashboard_cards", "product_names", "standard_by_number", "standard_detail_queryset",
    "standard_get", "standard_list", "standards_for_product", "test_item_list",
]
