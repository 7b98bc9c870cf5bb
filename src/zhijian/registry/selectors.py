"""Reads across organisations, scoped to the caller.

Enterprises and products follow the jurisdiction rules (region prefix for bureaus, own
organisation otherwise). The product catalogue and brands are public reference data that every
signed-in user may read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from zhijian.core.jurisdiction import scope_of
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory, ProductGTIN

ENTERPRISE_LIST_FIELDS = (
    "id", "uscc", "name", "legal_representative", "region_id", "region__name", "industry", "size_class", "status",
    "contact_person", "contact_phone", "established_on", "organisation_id",
)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _bureau_region_filter(user: Any, path: str) -> Q | None:
    """A city or county bureau's scope as a pure region condition, or None for other users.

    `visible_to` gives a bureau "region prefix OR owned by the bureau's organisation"; an
    enterprise's organisation is always an enterprise (the services refuse anything else), so the
    second branch never matches here and only makes PostgreSQL fall back to bitmap scans. A
    county prefix is a whole code: equality lets the (region, id) index filter and order at once.
    """
    scope = scope_of(user)
    if scope.everything or not scope.region_prefix:
        return None
    if len(scope.region_prefix) == 6:
        return Q(**{f"{path}_id": scope.region_prefix})
    return Q(**{f"{path}__pk__startswith": scope.region_prefix})


def enterprises_visible_to(user: Any) -> QuerySet[Enterprise]:
    """`Enterprise.objects.visible_to(user)`, in the form the planner handles best at a million rows."""
    condition = _bureau_region_filter(user, "region")
    return Enterprise.objects.visible_to(user) if condition is None else Enterprise.objects.filter(condition)


def products_visible_to(user: Any) -> QuerySet[Product]:
    condition = _bureau_region_filter(user, "enterprise__region")
    return Product.objects.visible_to(user) if condition is None else Product.objects.filter(condition)


def enterprise_list(user: Any) -> QuerySet[Enterprise]:
    """Lean rows for lists and the API: ordered by primary key so PostgreSQL walks the pk index."""
    return enterprises_visible_to(user).select_related("region").only(*ENTERPRISE_LIST_FIELDS).order_by("id")


def enterprise_get(user: Any, pk: int) -> Enterprise:
    """One enterprise in the caller's jurisdiction; Enterprise.DoesNotExist otherwise (404 upstream)."""
    return enterprise_detail_queryset(user).get(pk=pk)


def enterprise_detail_queryset(user: Any) -> QuerySet[Enterprise]:
    return enterprises_visible_to(user).select_related("region", "region__parent", "organisation")


def product_list(user: Any) -> QuerySet[Product]:
    return (
        products_visible_to(user)
        .select_related("enterprise", "enterprise__region", "category", "brand")
        .defer("search_text", "description", "enterprise__search_text")
        .order_by("id")
    )


def product_detail_queryset(user: Any) -> QuerySet[Product]:
    aliases = Prefetch("brand__aliases", queryset=BrandAlias.objects.order_by("kind", "alias"))
    return (
        products_visible_to(user)
        .select_related("enterprise", "enterprise__region", "category", "category__parent", "brand")
        .prefetch_related(aliases)
    )


def product_get(user: Any, pk: int) -> Product:
    return product_detail_queryset(user).get(pk=pk)


def product_by_gtin(user: Any, gtin: str) -> Product | None:
    """The product carrying this barcode, if the caller may see it."""
    row = ProductGTIN.objects.filter(gtin=gtin).values_list("product_id", flat=True).first()
    return product_list(user).filter(pk=row).first() if row else None


def category_list(user: Any) -> QuerySet[ProductCategory]:
    """The national catalogue: public reference data for every signed-in user."""
    if not _signed_in(user):
        return ProductCategory.objects.none()
    return ProductCategory.objects.select_related("parent").order_by("code")


def category_descendant_ids(category: ProductCategory | int) -> list[int]:
    """The category and everything under it (at most three levels, so a few queries)."""
    pk = category.pk if isinstance(category, ProductCategory) else category
    ids, frontier = [pk], [pk]
    while frontier:
        frontier = list(ProductCategory.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids.extend(frontier)
    return ids


def brand_list(user: Any) -> QuerySet[Brand]:
    """Brands are public marks (the screening engine matches listings against all of them)."""
    if not _signed_in(user):
        return Brand.objects.none()
    return Brand.objects.select_related("owner").order_by("name")


def brand_alias_table() -> list[dict[str, Any]]:
    """Every brand with every written form of it, for the screening engine:
    [{"brand": "美的", "aliases": ["Midea", "meide", ...]}]."""
    aliases: dict[int, list[str]] = {}
    for brand_id, alias in BrandAlias.objects.order_by("brand_id", "alias").values_list("brand_id", "alias"):
        aliases.setdefault(brand_id, []).append(alias)
    table = []
    for pk, name, name_en, pinyin in Brand.objects.order_by("name").values_list("id", "name", "name_en", "pinyin"):
        forms = [a for a in (name_en, pinyin, *aliases.get(pk, [])) if a and a != name]
        table.append({"brand": name, "aliases": list(dict.fromkeys(forms))})
    return table


def licence_required_q(on: dt.date, prefix: str = "") -> Q:
    """Categories (or, with prefix "category__", products) under production-licence management on `on`."""
    return (
        Q(**{f"{prefix}licence_required": True})
        & (Q(**{f"{prefix}licence_valid_from__isnull": True}) | Q(**{f"{prefix}licence_valid_from__lte": on}))
        & (Q(**{f"{prefix}licence_valid_to__isnull": True}) | Q(**{f"{prefix}licence_valid_to__gt": on}))
    )


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    """Home-page figures within the user's jurisdiction."""
    if not _signed_in(user):
        return []
    enterprises = enterprises_visible_to(user)
    products = products_visible_to(user)
    return [
        {
            "label": _("企业数"), "value": enterprises.count(), "url": _url("registry:enterprise_list"),
            "note": _("其中在业、存续 %(n)s 家") % {"n": enterprises.filter(status__in=["existing", "operating"]).count()},
        },
        {"label": _("产品数"), "value": products.count(), "url": _url("registry:product_list")},
        {
            "label": _("重点消费品产品数"),
            "value": products.filter(category__key_consumer_product=True).count(),
            "url": _url("registry:product_list", "key_consumer_product=true"),
            "note": _("监督抽查计划的重点消费品"),
        },
        {
            "label": _("许可证管理类产品"),
            "value": products.filter(licence_required_q(dt.date.today(), "category__")).count(),
            "url": _url("registry:product_list", "licence_required=true"),
            "note": _("按今日有效的生产许可证目录"),
        },
    ]


def categories_requiring_licence(on: dt.date) -> QuerySet[ProductCategory]:
    """The production-licence (XK) catalogue as it stood on `on` (DOMAIN 3.3)."""
    return ProductCategory.objects.filter(licence_required_q(on)).order_by("code")
