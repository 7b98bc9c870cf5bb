"""Is this listing the watch-listed product? The one decision function both engines call.

Implements DOMAIN.md section 8a ("What counts as a screening hit"). Input: the features made by
:mod:`zhijian.screening.features` for one listing and one watch-list entry that share a blocking
key. Output: None (not a hit) or (score in [0, 1], reason codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WATCH_KINDS = (
    "nonconforming_product",
    "recalled_product",
    "revoked_licence",
    "unlicensed_producer",
    "banned_online",
)

# Reason codes, each with the weight of the evidence it stands for.
REASON_CODES: dict[str, float] = {
    "gtin_exact": 0.99,  # the listing's barcode (field or title) is the entry's GTIN
    "licence_exact": 0.97,  # the listing shows the revoked licence number
    "seller_uscc": 0.9,  # the seller's USCC is the entry's enterprise
    "enterprise_name": 0.88,  # the shop is the enterprise under its full name
    "enterprise_in_title": 0.75,  # the enterprise's full name is written in the title
    "model_exact": 0.95,  # the model as written in the entry appears in the listing
    "model_fuzzy": 0.9,  # the same model once case, width and separators are ignored
    "brand_alias": 0.5,  # the same brand in any written form (never enough alone)
    "product_line": 0.75,  # the same product line / product name under the brand
    "product_type": 0.6,  # the same product type under the brand (brand-only entries)
    "category_banned": 0.8,  # a real product of a sub-category banned from online sale
    "title_similar": 0.3,  # the entry's product name reads like the title (supporting only)
}

PRODUCT_KINDS = frozenset({"nonconforming_product", "recalled_product"})


def verify(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> tuple[float, list[str]] | None:
    """Decide one (listing, entry) pair. Pure and deterministic."""
    kind = entry["kind"]
    reasons: list[str] = []
    if kind in PRODUCT_KINDS and entry["gtin"] and entry["gtin"] in listing["gtins"]:
        reasons.append("gtin_exact")  # a barcode names the product itself, even on odd titles
    if not _excluded(listing, entry):
        reasons += _evidence(kind, listing, entry)
    if not reasons:
        return None
    if kind in PRODUCT_KINDS and _title_similar(listing, entry):
        reasons.append("title_similar")
    return score(reasons), reasons


def score(reasons: list[str]) -> float:
    """Independent pieces of evidence combine as 1 - prod(1 - weight), rounded for stable output."""
    remaining = 1.0
    for reason in reasons:
        remaining *= 1.0 - REASON_CODES[reason]
    return round(1.0 - remaining, 4)


def _excluded(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
    """Accessories and spare parts of the product are never the product (words the entry itself
    uses, e.g. a watch-listed 控制器, do not count as accessory words)."""
    own_words = entry["own_words"]
    return any(word not in own_words for word in listing["acc"])


def _evidence(kind: str, listing: Mapping[str, Any], entry: Mapping[str, Any]) -> list[str]:
    if kind in PRODUCT_KINDS:
        return _product_evidence(listing, entry)
    if kind == "revoked_licence":
        found = ["licence_exact"] if entry["licence"] and entry["licence"] in listing["licences"] else []
        return found + _maker_evidence(listing, entry, in_title=False)
    if kind == "unlicensed_producer":
        return _maker_evidence(listing, entry, in_title=False)
    if kind == "banned_online":
        return _banned_evidence(listing, entry)
    return []


def _product_evidence(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> list[str]:
    brand = entry["brand"]
    if brand:
        if brand not in listing["brands"]:
            return []  # another brand, or only named in a comparison (平替 / 对标 / 非…)
        if entry["model"]:
            model = _model_evidence(listing, entry)
            return ["brand_alias", model] if model else []
        if entry["line"]:
            return ["brand_alias", "product_line"] if entry["line"] in listing["lines"] else []
        if set(entry["ptypes"]) & set(listing["ptypes"]):
            return ["brand_alias", "product_type"]
        return []
    # No brand: the manufacturer itself sells it, or its name is in the listing ...
    maker = _maker_evidence(listing, entry, in_title=True)
    if not maker:
        return []
    # ... and it is that product: the model if the entry has one, else the product type.
    if entry["model"]:
        model = _model_evidence(listing, entry)
        return [*maker, model] if model else []
    if entry["ptypes"] and not set(entry["ptypes"]) & set(listing["ptypes"]):
        return []
    return maker + (["product_type"] if entry["ptypes"] else [])


def _model_evidence(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> str | None:
    if entry["model"] not in listing["models"]:
        return None
    written = entry["model_text"]
    return "model_exact" if written and written in listing["text"] else "model_fuzzy"


def _maker_evidence(listing: Mapping[str, Any], entry: Mapping[str, Any], *, in_title: bool) -> list[str]:
    found = []
    if entry["uscc"] and entry["uscc"] == listing["uscc"]:
        found.append("seller_uscc")
    enterprise = entry["enterprise"]
    if enterprise and enterprise == listing["shop"]:
        found.append("enterprise_name")
    elif in_title and enterprise and enterprise in listing["ents"]:
        found.append("enterprise_in_title")
    return found


def _banned_evidence(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> list[str]:
    if not set(entry["cats"]) & set(listing["cats"]):
        return []
    own_words = entry["own_words"]
    # Look-alikes (电子鞭炮, 烟花发夹, 灯笼造型小夜灯) are not the banned goods.
    if any(word not in own_words for word in listing["look"]):
        return []
    return ["category_banned"]


def _title_similar(listing: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
    name = entry["product_name"]
    if len(name) < 4:  # "插座" is in every socket title: too short to say anything
        return False
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(name, listing["text"]) >= 90
