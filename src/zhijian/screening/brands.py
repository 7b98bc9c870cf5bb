"""Brand alias dictionary: every written form of a brand maps to one canonical brand.

Forms covered: Chinese, English, pinyin, common typos, with or without 牌. The default list ships
in ``data/brand_aliases.csv``; the registry app passes its brands and aliases in as plain data
(``{"美的": ["Midea", "MIDEA"]}`` or ``[{"name": "美的", "aliases": [...]}]``).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from zhijian.screening.normalise import brand_key, has_cjk

# Latin aliases shorter than this are too ambiguous to find inside a title (e.g. "mi", "ao").
MIN_LATIN_ALIAS = 2
# A brand written "美的/Midea", "美的（Midea）" or "美的 Midea" names one brand in two forms.
_BRAND_SPLIT_RE = re.compile(r"[/|、,，()（）\s]+")

ExtraAliases = Mapping[str, Iterable[str]] | Iterable[Mapping[str, Any]]


class BrandDictionary:
    """alias key -> canonical brand key. Canonical keys are brand_key() of the canonical name."""

    def __init__(self) -> None:
        self.alias_to_brand: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self._by_brand: dict[str, list[str]] | None = None

    def add(self, brand: str, aliases: Iterable[str] = ()) -> str:
        """Register a brand and its aliases; returns the canonical key.

        If the brand (or one of its aliases) is already known, the new forms join that brand,
        so a registry alias list extends the shipped entry instead of splitting it.
        """
        forms = [brand, *aliases]
        keys = [k for k in (brand_key(f) for f in forms) if k]
        if not keys:
            return ""
        canonical = next((self.alias_to_brand[k] for k in keys if k in self.alias_to_brand), keys[0])
        self.display.setdefault(canonical, brand)
        for key in keys:
            if _usable_alias(key):
                self.alias_to_brand.setdefault(key, canonical)
        self._by_brand = None
        return canonical

    def canonical(self, text: str | None) -> str | None:
        """Canonical key of a brand as written in a field, or None when unknown."""
        key = brand_key(text)
        if key in self.alias_to_brand:
            return self.alias_to_brand[key]
        for part in _BRAND_SPLIT_RE.split(text or ""):
            part_key = brand_key(part)
            if part_key in self.alias_to_brand:
                return self.alias_to_brand[part_key]
        return None

    def add_watch_brand(self, text: str) -> str:
        """Canonical key for a watch-list brand, adding it (with its pinyin) when unknown."""
        known = self.canonical(text)
        if known:
            return known
        parts = [p for p in _BRAND_SPLIT_RE.split(text) if brand_key(p)]
        aliases = parts + [pinyin_alias(p) for p in parts if has_cjk(p)]
        return self.add(parts[0] if parts else text, [a for a in aliases if a])

    def extend(self, extra: ExtraAliases | None) -> None:
        """Add brands from the registry: a mapping brand -> aliases, or a list of dicts."""
        if not extra:
            return
        if isinstance(extra, Mapping):
            for brand, aliases in extra.items():
                self.add(brand, list(aliases or ()))
            return
        for item in extra:
            name = item.get("name") or item.get("brand") or ""
            self.add(str(name), [str(a) for a in item.get("aliases", ()) or ()])

    def aliases(self) -> dict[str, str]:
        return dict(self.alias_to_brand)

    def aliases_of(self, canonical: str) -> list[str]:
        """Every alias key of one brand, longest first (for removing the brand from a text)."""
        if self._by_brand is None:
            by_brand: dict[str, list[str]] = {}
            for alias, brand in self.alias_to_brand.items():
                by_brand.setdefault(brand, []).append(alias)
            self._by_brand = {b: sorted(a, key=len, reverse=True) for b, a in by_brand.items()}
        return self._by_brand.get(canonical, [])


def _usable_alias(key: str) -> bool:
    if has_cjk(key):
        return len(key) >= 2  # one Chinese character is a word, not a brand
    return len(key) >= MIN_LATIN_ALIAS


def pinyin_alias(text: str) -> str:
    """Toneless pinyin of a Chinese brand ("苏泊尔" -> "suboer"); only if long enough to be safe."""
    from pypinyin import lazy_pinyin

    alias = "".join(lazy_pinyin(text)).lower()
    return alias if len(alias) >= 5 and alias.isascii() and alias.isalpha() else ""


@functools.lru_cache(maxsize=1)
def _default_rows() -> tuple[tuple[str, str], ...]:
    path = resources.files("zhijian.screening") / "data" / "brand_aliases.csv"
    with path.open(encoding="utf-8") as handle:
        return tuple((row["brand"], row["alias"]) for row in csv.DictReader(handle))


def default_dictionary(extra: ExtraAliases | None = None) -> BrandDictionary:
    """The shipped alias list, plus the caller's brands and aliases (e.g. from the registry)."""
    dictionary = BrandDictionary()
    for brand, alias in _default_rows():
        dictionary.add(brand, [alias])
    dictionary.extend(extra)
    return dictionary
