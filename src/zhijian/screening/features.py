"""Normalise listings and watch-list entries once and extract their blocking keys.

The output of this module is the only thing the engines see: plain columns of strings and lists
of strings, so DuckDB and Spark join the same keys and hand the same candidate pairs to the
shared verification in :mod:`zhijian.screening.rules`.

Key kinds (a listing and an entry are compared only when they share a key):
  g:<gtin14>          barcode                     l:<licence>   licence number
  u:<uscc>            seller / holder USCC        s:<name>      shop is the enterprise (full name)
  e:<name>            enterprise name in title    m:<brand>|<model>   brand + model number
  t:<brand>|<group>   brand + product type        p:<brand>|<line>    brand + product line
  c:<group>           banned sub-category
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from zhijian.screening.brands import BrandDictionary, ExtraAliases, default_dictionary
from zhijian.screening.normalise import (
    MODEL_SEPARATORS,
    brand_key,
    gtin_key,
    has_cjk,
    licence_key,
    model_key,
    name_key,
    normalise_text,
    normalise_title,
    normalise_title_array,
    shop_key,
    uscc_key,
)
from zhijian.screening.phrases import PhraseIndex

LISTING_FEATURE_COLUMNS = (
    "listing_id", "text", "brands", "cbrands", "models", "gtins", "licences", "uscc", "shop",
    "ents", "ptypes", "lines", "cats", "acc", "look", "keys",
)
LIST_COLUMNS = frozenset(
    {"brands", "cbrands", "models", "gtins", "licences", "ents", "ptypes", "lines", "cats", "acc", "look",
     "keys"}
)
MAX_MODEL_CANDIDATES = 64  # bounds the keys of one listing whatever its title looks like
MIN_ENTERPRISE_NAME = 4

_TOKEN_RE = re.compile(r"[0-9a-z]+(?:\.[0-9]+[0-9a-z]*)*")
_SEPARATOR_SET = frozenset(MODEL_SEPARATORS)
_GTIN_IN_TITLE_RE = re.compile(r"(?<!\d)(\d{13,14}|\d{12}|\d{8})(?!\d)")
_LICENCE_IN_TITLE_RE = re.compile(  # XK16-204-00123 (production licence), SC + 14 digits, old QS numbers
    r"(?<![0-9A-Z])(?:XK[\s\-]?\d{2}[\s\-]?\d{3}[\s\-]?\d{5}|SC[\s\-]?\d{14}|QS[\s\-]?\d{4}[\s\-]?\d{4}[\s\-]?\d{4})"
    r"(?![0-9A-Z])"
)
_SIZE_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:发|片|包|袋|支|只|个|件|箱|盒|米|mm|cm|m|码|ml|l|kg|g|寸|kw|w|升|平方|芯|斤|装|p)?"
)
_SIZE_WORD_RE = re.compile(r"(?<![a-z])(?:nb|xxxl|xxl|xl|xs|s|m|l)(?![a-z])|[大中小]?号|码")
_GENERIC_MODIFIERS = (
    "智能", "家用", "多功能", "儿童", "婴儿", "宝宝", "男士", "女士", "单人", "双人", "新款", "迷你",
    "便携式", "便携", "全自动", "自动", "不锈钢", "大容量", "小型", "大号", "小号", "套装", "系列", "产品",
)
_GIFT_PREFIXES = frozenset("送赠含带附")
# Only these phrases can lead to a blocking key (a product word counts only next to a brand).
_KEYED_PHRASES = frozenset({"b", "e", "c"})


@dataclass
class Vocabulary:
    product_terms: dict[str, str]  # term -> product-type group (电饭锅 -> 电饭煲)
    banned_terms: dict[str, str]  # term -> banned sub-category group (鞭炮 -> 烟花爆竹)
    markers: dict[str, tuple[str, ...]]  # role -> words (accessory, lookalike, compare_*)


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    base = resources.files("zhijian.screening") / "data"
    product: dict[str, str] = {}
    banned: dict[str, str] = {}
    with (base / "product_terms.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = banned if row["role"] == "banned" else product
            target[normalise_text(row["term"])] = normalise_text(row["group"])
    markers: dict[str, list[str]] = {}
    with (base / "markers.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            markers.setdefault(row["role"], []).append(normalise_text(row["word"]))
    return Vocabulary(product, banned, {role: tuple(words) for role, words in markers.items()})


@dataclass
class ScreeningContext:
    """Everything a worker needs to extract listing features; picklable for Spark."""

    brands: BrandDictionary
    vocabulary: Vocabulary
    enterprise_names: set[str] = field(default_factory=set)
    product_lines: set[str] = field(default_factory=set)
    index: PhraseIndex | None = None
    keyed_index: PhraseIndex | None = None  # only the phrases that can make a key (pre-filter)

    def build_index(self) -> None:
        entries: dict[str, set[tuple[str, str]]] = {}

        def put(pattern: str, kind: str, value: str) -> None:
            if pattern:
                entries.setdefault(pattern, set()).add((kind, value))

        for alias, canonical in self.brands.alias_to_brand.items():
            put(alias, "b", canonical)
        for term, group in self.vocabulary.product_terms.items():
            put(term, "t", group)
        for term, group in self.vocabulary.banned_terms.items():
            put(term, "c", group)
        for role, words in self.vocabulary.markers.items():
            for word in words:
                put(word, role, word)
        for name in self.enterprise_names:
            put(name, "e", name)
        for line in self.product_lines:
            put(line, "p", line)
        self.index = PhraseIndex(entries)
        self.keyed_index = PhraseIndex(
            {p: kinds for p, kinds in entries.items() if any(kind in _KEYED_PHRASES for kind, _v in kinds)}
        )

    def find(self, text: str) -> list[tuple[str, str, int, int]]:
        assert self.index is not None, "build_index() first"
        return self.index.find(text)


# --------------------------------------------------------------------------- watch-list side


def build_context(
    watch_rows: Iterable[Mapping[str, Any]], extra_aliases: ExtraAliases | None = None
) -> tuple[ScreeningContext, list[dict[str, Any]]]:
    """Build the dictionaries from the watch-list and return (context, watch features)."""
    rows = list(watch_rows)
    context = ScreeningContext(default_dictionary(extra_aliases), _copy_vocabulary(default_vocabulary()))
    vocab_index = PhraseIndex(
        {t: {("t", g)} for t, g in context.vocabulary.product_terms.items()}
        | {t: {("c", g)} for t, g in context.vocabulary.banned_terms.items()}
    )
    prepared = [_prepare_watch(row, context, vocab_index) for row in rows]
    context.build_index()
    return context, [_watch_features(p, context) for p in prepared]


def _copy_vocabulary(vocabulary: Vocabulary) -> Vocabulary:
    return Vocabulary(dict(vocabulary.product_terms), dict(vocabulary.banned_terms), dict(vocabulary.markers))


def _prepare_watch(row: Mapping[str, Any], context: ScreeningContext, vocab: PhraseIndex) -> dict[str, Any]:
    """First pass: learn the entry's brand, product words, line and enterprise name."""
    kind = str(row.get("kind") or "").strip()
    product_name = normalise_title(row.get("product_name"))
    category = normalise_title(row.get("category"))
    brand = context.brands.add_watch_brand(str(row["brand"])) if brand_key(row.get("brand")) else ""
    found = vocab.find(product_name + " | " + category)
    ptypes = sorted({value for k, value, _s, _e in found if k == "t"})
    cats = sorted({value for k, value, _s, _e in found if k == "c"})
    if kind == "banned_online" and not cats:
        # An unknown sub-category: its own name is the word a listing must contain.
        term = name_key(category) or name_key(product_name)
        if term:
            context.vocabulary.banned_terms.setdefault(term, term)
            cats = [context.vocabulary.banned_terms[term]]
    line = ""
    if brand and kind != "banned_online" and not model_key(row.get("model")):
        line = _product_line(product_name, found, context.brands, brand)
        if not ptypes and not line and product_name:
            term = name_key(product_name)
            context.vocabulary.product_terms.setdefault(term, term)
            ptypes = [context.vocabulary.product_terms[term]]
    if line:
        context.product_lines.add(line)
    enterprise = name_key(row.get("enterprise_name"))
    if len(enterprise) >= MIN_ENTERPRISE_NAME:
        context.enterprise_names.add(enterprise)
    return {
        "row": row, "kind": kind, "brand": brand, "ptypes": ptypes, "cats": cats, "line": line,
        "enterprise": enterprise, "product_name": product_name, "category": category,
    }


def _product_line(
    product_name: str, found: list[tuple[str, str, int, int]], brands: BrandDictionary, brand: str
) -> str:
    """What is left of a product name once brand, product type, sizes and pack counts are gone."""
    text = product_name
    for _kind, _value, start, end in sorted(found, key=lambda m: m[2] - m[3]):
        text = text.replace(product_name[start:end], " ")
    for alias in brands.aliases_of(brand):
        if alias in text:
            text = text.replace(alias, " ")
    text = _SIZE_WORD_RE.sub(" ", _SIZE_RE.sub(" ", text))
    for word in _GENERIC_MODIFIERS:
        text = text.replace(word, "")
    text = "".join(ch for ch in text if has_cjk(ch) or ch.isalpha())
    return text if len(text) >= 2 else ""


def _watch_features(prepared: dict[str, Any], context: ScreeningContext) -> dict[str, Any]:
    row = prepared["row"]
    kind, brand = prepared["kind"], prepared["brand"]
    model = model_key(row.get("model"))
    gtin = gtin_key(row.get("gtin"))
    licence = licence_key(row.get("licence_no"))
    uscc = uscc_key(row.get("uscc"))
    enterprise = prepared["enterprise"]
    keys: list[str] = []
    if kind in ("nonconforming_product", "recalled_product"):
        if gtin:
            keys.append("g:" + gtin)
        if brand and model:
            keys.append(f"m:{brand}|{model}")
        elif brand and prepared["line"]:
            keys.append(f"p:{brand}|{prepared['line']}")
        elif brand:
            keys += [f"t:{brand}|{group}" for group in prepared["ptypes"]]
        else:
            keys += _maker_keys(uscc, enterprise, in_title=True)
    elif kind == "revoked_licence":
        keys += (["l:" + licence] if licence else []) + _maker_keys(uscc, enterprise, in_title=False)
    elif kind == "unlicensed_producer":
        keys += _maker_keys(uscc, enterprise, in_title=False)
    elif kind == "banned_online":
        keys += ["c:" + group for group in prepared["cats"]]
    words = prepared["product_name"] + " " + prepared["category"]
    return {
        "watch_id": str(row["watch_id"]), "kind": kind, "brand": brand, "model": model,
        "model_text": normalise_title(row.get("model")), "gtin": gtin, "licence": licence, "uscc": uscc,
        "enterprise": enterprise, "ptypes": prepared["ptypes"], "line": prepared["line"],
        "cats": prepared["cats"], "product_name": prepared["product_name"], "own_words": words,
        "keys": sorted(set(keys)),
    }


def _maker_keys(uscc: str, enterprise: str, *, in_title: bool) -> list[str]:
    keys = ["u:" + uscc] if uscc else []
    if len(enterprise) >= MIN_ENTERPRISE_NAME:
        keys.append("s:" + enterprise)
        if in_title:
            keys.append("e:" + enterprise)
    return keys


# --------------------------------------------------------------------------- listing side


def listing_features(
    row: Mapping[str, Any], context: ScreeningContext, title: str | None = None
) -> dict[str, Any] | None:
    """Features and blocking keys of one listing (a dict with LISTING_FEATURE_COLUMNS).

    This runs once per listing (a million times per feed), so it avoids work a listing cannot
    need: no model search without a brand or seller to pair it with, no licence search without
    a licence prefix in the title. Returns None for a listing without any blocking key: it cannot
    pair with any entry, so neither engine needs to carry it further.
    """
    get = row.get
    title = normalise_title(get("title")) if title is None else title
    text = title
    for column in ("brand", "model", "category"):
        value = get(column)
        if value:
            text += " | " + normalise_title(value)
    matches = context.find(text)
    keyed = any(kind in _KEYED_PHRASES for kind, _v, _s, _e in matches) if matches else False
    if not (keyed or get("brand") or get("seller_uscc") or get("shop_name") or get("gtin") or get("licence_no")) and not (
        _GTIN_IN_TITLE_RE.search(title) or "xk" in title or "sc" in title or "qs" in title
    ):
        return None  # the usual case for a background listing: nothing to pair on
    own, compared = _brands_in(matches, context, get("brand")) if matches or get("brand") else (set(), set())
    by_kind = _phrases_by_kind(matches, text) if matches else {}
    ents, ptypes, lines, cats = (_sorted(by_kind.get(k)) for k in ("e", "t", "p", "c"))
    gtins = {g.zfill(14) for g in _GTIN_IN_TITLE_RE.findall(title)}
    if get("gtin") and gtin_key(get("gtin")):
        gtins.add(gtin_key(get("gtin")))
    licences: set[str] = set()
    if "xk" in title or "sc" in title or "qs" in title:
        licences.update(licence_key(m) for m in _LICENCE_IN_TITLE_RE.findall(title.upper()))
    if get("licence_no"):
        licences.add(licence_key(get("licence_no")))
        licences.discard("")
    uscc = uscc_key(get("seller_uscc")) if get("seller_uscc") else ""
    shop = shop_key(get("shop_name")) if get("shop_name") else ""
    models = _models(title, get("model")) if (own or uscc or shop or ents or get("model")) else set()
    keys = {"g:" + g for g in gtins}
    keys.update("l:" + lic for lic in licences)
    keys.update("e:" + e for e in ents)
    if uscc:
        keys.add("u:" + uscc)
    if shop:
        keys.add("s:" + shop)
    for brand in own:
        keys.update(f"m:{brand}|{m}" for m in models)
        keys.update(f"t:{brand}|{t}" for t in ptypes)
        keys.update(f"p:{brand}|{p}" for p in lines)
    keys.update("c:" + c for c in cats)
    if not keys:
        return None
    return {
        "listing_id": str(row["listing_id"]), "text": text, "brands": _sorted(own), "cbrands": _sorted(compared),
        "models": _sorted(models), "gtins": _sorted(gtins), "licences": _sorted(licences), "uscc": uscc,
        "shop": shop, "ents": ents, "ptypes": ptypes, "lines": lines, "cats": cats,
        "acc": _sorted(by_kind.get("accessory")), "look": _sorted(by_kind.get("lookalike")),
        "keys": _sorted(keys),
    }


def _sorted(values: set[str] | None) -> list[str]:
    return sorted(values) if values else []


def _phrases_by_kind(matches: list[tuple[str, str, int, int]], text: str) -> dict[str, set[str]]:
    by_kind: dict[str, set[str]] = {}
    brand_ends = {end for kind, _v, _s, end in matches if kind == "b"}
    brand_ends |= {end + 1 for end in brand_ends if text[end : end + 1] == "牌"}
    for kind, value, start, _end in matches:
        if kind == "accessory" and start > 0 and text[start - 1] in _GIFT_PREFIXES:
            continue  # "送配件" / "含内胆": the product comes with it, it is not the part itself
        if kind == "p" and start > 0 and start not in brand_ends and has_cjk(text[start - 1]):
            continue  # "金装" inside "铂金装" is another product line
        by_kind.setdefault(kind, set()).add(value)
    return by_kind


def _brands_in(
    matches: list[tuple[str, str, int, int]], context: ScreeningContext, brand_field: Any
) -> tuple[set[str], set[str]]:
    """(own brands, brands the listing only compares itself to: 美的平替, 对标戴森, 非原厂)."""
    after = [(end, 1 if end - start == 1 else 6) for k, _v, start, end in matches if k == "compare_after"]
    before = [start for k, _v, start, _end in matches if k == "compare_before"]
    own: set[str] = set()
    compared: set[str] = set()
    for kind, value, start, end in matches:
        if kind != "b":
            continue
        is_compared = any(0 <= start - m_end <= width for m_end, width in after) or any(
            0 <= m_start - end <= 2 for m_start in before  # "美的平替", "美的的平替"
        )
        (compared if is_compared else own).add(value)
    field_brand = context.brands.canonical(str(brand_field)) if brand_field else None
    if field_brand:
        own.add(field_brand)
    return own, compared - own


def _models(title: str, model_field: Any) -> set[str]:
    models = set(model_candidates(title))
    if model_field:
        field_text = normalise_title(str(model_field))
        whole = model_key(field_text)
        if whole:
            models.add(whole)
        models.update(model_candidates(field_text))
    return models


def model_candidates(text: str) -> list[str]:
    """Model numbers a title may contain, in every joining of adjacent alphanumeric runs.

    "美的 MB-FB40Simple101 电饭煲" gives MBFB40SIMPLE101 and FB40SIMPLE101 (the same model written
    with another separator joins the same way), but never MBFB40SIMPLE101H: a suffix letter,
    a different digit or another size is another product, so runs are joined whole, not cut.
    """
    groups: list[list[str]] = []
    previous_end = -1
    for match in _TOKEN_RE.finditer(text):
        gap = text[previous_end : match.start()] if previous_end >= 0 else None
        if gap is not None and len(gap) <= 3 and all(ch in _SEPARATOR_SET for ch in gap):
            groups[-1].append(match.group())
        else:
            groups.append([match.group()])
        previous_end = match.end()
    found: list[str] = []
    for tokens in groups:
        for i in range(len(tokens)):
            joined = ""
            for token in tokens[i : i + 5]:
                joined += token
                if len(joined) >= 3 and any(ch.isdigit() for ch in joined):
                    found.append(joined.upper())
        if len(found) >= MAX_MODEL_CANDIDATES:
            break
    return found[:MAX_MODEL_CANDIDATES]


# --------------------------------------------------------------------------- Arrow batches


def listing_feature_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [(name, pa.list_(pa.string()) if name in LIST_COLUMNS else pa.string()) for name in LISTING_FEATURE_COLUMNS]
    )


def extract_listing_table(table: Any, context: ScreeningContext) -> Any:
    """pyarrow Table of listings -> pyarrow Table of listing features (LISTING_FEATURE_COLUMNS)."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in LISTING_FEATURE_COLUMNS}
    normalised = normalise_title_array(table.column("title"))
    rows = _rows_that_may_have_keys(table, normalised, context)
    titles = normalised.take(rows).to_pylist()
    for row, title in zip(table.take(rows).to_pylist(), titles, strict=True):
        features = listing_features(row, context, title)
        if features is not None:
            for name in LISTING_FEATURE_COLUMNS:
                columns[name].append(features[name])
    return pa.table(columns, schema=listing_feature_schema())


_FIELDS_THAT_MAY_KEY = ("brand", "model", "category", "seller_uscc", "shop_name", "gtin", "licence_no")


def _rows_that_may_have_keys(table: Any, titles: Any, context: ScreeningContext) -> Any:
    """Indices of the listings that may carry a blocking key: a superset of what listing_features keeps.

    Nine in ten listings of a real feed name no watch-listed brand, enterprise or banned good and
    show no barcode or licence; one vectorised test and one automaton pass drop them before any
    per-listing Python work.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pc.match_substring_regex(titles, r"\d{8}|xk|sc|qs")
    for name in _FIELDS_THAT_MAY_KEY:
        if name in table.column_names:
            present = pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(pc.fill_null(table.column(name), ""))), 0)
            mask = pc.or_(mask, present)
    keyed = context.keyed_index
    assert keyed is not None, "build_index() first"
    flags = mask.to_pylist()
    kept = [i for i, (flag, title) in enumerate(zip(flags, titles.to_pylist(), strict=True))
            if flag or keyed.has_any(title)]
    return pa.array(kept, pa.int64())
