"""The demo province as plain data: a deterministic generator with no database.

Every stream draws from its own `random.Random(f"{seed}:{stream}")` (string seeds are hashed
with SHA-512, so they are stable across runs and Python versions), never the global `random`.
Enterprises are yielded one at a time so that a million of them never sit in memory together.
Identifiers are unique by construction: organisation-code bodies and GS1 company prefixes come
from seed-dependent affine permutations of a running counter.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from stdnum import ean
from stdnum.iso7064 import mod_11_10

from zhijian.core.identifiers import USCC_ALPHABET, make_uscc
from zhijian.core.regions_seed import read_divisions
from zhijian.demo import vocab

SCALES = {"tiny": 200, "small": 5_000, "medium": 50_000, "large": 1_000_000}
TOWNSHIPS = Path(__file__).resolve().parent / "data" / "townships.csv"
TODAY = dt.date(2025, 6, 30)  # the demo's "now", so generated dates never depend on the clock
MA_SINCE = dt.date(2015, 10, 1)  # codes issued under GB 32100 since then have "MA" bodies
BASE31 = USCC_ALPHABET


@dataclass
class ProductRow:
    category: str  # leaf category code
    brand: str | None
    name: str
    model: str
    gtins: list[str]
    standards: list[str]
    status: str = "in_production"


@dataclass
class EnterpriseRow:
    uscc: str
    name: str
    region: str
    industry: str
    size_class: str
    status: str
    legal_representative: str
    registered_address: str
    production_address: str
    contact_person: str
    contact_phone: str
    established_on: dt.date
    registration_number: str = ""
    manufacturer: bool = True
    own_brand: tuple[str, str] | None = None  # (name, English name) when it registers a brand
    products: list[ProductRow] = field(default_factory=list)
    anchor: bool = False


class Permutation:
    """i -> (a*i + b) mod m with gcd(a, m) = 1: unique outputs for i < m, scattered looking."""

    def __init__(self, rng: random.Random, modulus: int):
        self.m = modulus
        a = rng.randrange(modulus // 3, modulus)
        while math.gcd(a, modulus) != 1:
            a += 1
        self.a, self.b = a, rng.randrange(modulus)

    def __call__(self, i: int) -> int:
        return (self.a * i + self.b) % self.m


def to_base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 31)
        out.append(BASE31[r])
    return "".join(reversed(out))


class Weighted:
    """A weighted choice with its cumulative weights computed once (rng.choices is hot)."""

    def __init__(self, pairs: list[tuple[str, float]] | list[tuple[str, int]]):
        self.values = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


_CACHE: dict[int, Weighted] = {}


def weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    chooser = _CACHE.get(id(pairs))
    if chooser is None:
        chooser = _CACHE[id(pairs)] = Weighted(pairs)
    return chooser(rng)


def gtin13(company9: str, item: int) -> str:
    body = f"{company9}{item:03d}"
    return body + ean.calc_check_digit(body)


def registration_number(region6: str, seq: int) -> str:
    body = f"{region6}{seq:08d}"
    return body + mod_11_10.calc_check_digit(body)


class Province:
    """Draws the demo province for one (seed, enterprise count)."""

    def __init__(self, seed: int = 2016, enterprises: int = SCALES["small"]):
        self.seed = seed
        self.enterprise_count = enterprises
        self.divisions = read_divisions()
        self.name_of = {r["code6"]: r["name"] for r in self.divisions}
        self.cities = [r for r in self.divisions if r["level"] == "city"]
        self.counties = [r for r in self.divisions if r["level"] == "county"]
        self.townships: dict[str, list[str]] = {}
        with TOWNSHIPS.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                self.townships.setdefault(row["areaCode"], []).append(row["name"])
        self.category_names = {c["code"]: c["name"] for c in vocab.CATEGORIES}
        self.national_by_cat: dict[str, list[str]] = {}
        for brand in vocab.NATIONAL_BRANDS:
            for cat in brand["cats"]:
                self.national_by_cat.setdefault(cat, []).append(brand["name"])
        self.brand_names: set[str] = {b["name"] for b in vocab.NATIONAL_BRANDS} | {a["brand"] for a in vocab.ANCHORS}
        self.enterprises_by_city: dict[str, list[tuple[str, str]]] = {}  # a few per city, for conflicts

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    # --- people and places ------------------------------------------------------------------
    def person(self, rng: random.Random) -> str:
        surname = weighted(rng, vocab.SURNAMES)
        given = rng.choice(vocab.GIVEN_CHARS) + (rng.choice(vocab.GIVEN_CHARS) if rng.random() < 0.75 else "")
        return surname + given

    def city_of(self, county: str) -> str:
        return county[:4] + "00"

    def address(self, rng: random.Random, county: str, *, park: bool = False) -> str:
        city, name = self.name_of[self.city_of(county)], self.name_of[county]
        town = rng.choice(self.townships.get(county) or [""])
        if county == vocab.YANGLING_REGION:
            place = f"陕西省杨凌示范区{town}"
        else:
            place = f"陕西省{city}{name}{town}"
        road = rng.choice(vocab.ROAD_WORDS) + rng.choice(vocab.ROAD_SUFFIXES)
        number = f"{rng.randint(1, 999)}号"
        if park:
            return f"{place}{rng.choice(vocab.ROAD_WORDS)}{rng.choice(vocab.PARKS)}{road}{number}"
        return f"{place}{road}{number}"

    def phone(self, rng: random.Random, county: str) -> str:
        if rng.random() < 0.4:
            return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        area = vocab.CITY_AREA_CODES[county[:4]]
        digits = 8 if area == "029" else 7
        return f"{area}-{rng.randint(2, 8)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"

    @cached_property
    def county_chooser(self) -> Weighted:
        codes, weights = self.county_weights
        return Weighted(list(zip(codes, weights, strict=True)))

    @cached_property
    def county_weights(self) -> tuple[list[str], list[float]]:
        codes, weights = [], []
        for city in self.cities:
            members = [c for c in self.counties if c["parent_code6"] == city["code6"]]
            raw = [vocab.BUSY_COUNTIES.get(c["code6"], 2 if c["name"].endswith("区") else 1) for c in members]
            share = vocab.CITY_WEIGHTS[city["code6"][:4]] / sum(raw)
            codes += [c["code6"] for c in members]
            weights += [r * share for r in raw]
        return codes, weights

    # --- organisations ----------------------------------------------------------------------
    def bureaus(self) -> list[dict]:
        """The province bureau, 10 city bureaus, a bureau per county and the Yangling zone bureau."""
        rng = self.rng("bureaus")
        body = Permutation(rng, 10**8)
        out = [{"name": vocab.PROVINCE_BUREAU, "level": "province", "region": "610000", "parent": None}]
        for city in self.cities:
            out.append({"name": f"{city['name']}市场监督管理局", "level": "city", "region": city["code6"],
                        "parent": vocab.PROVINCE_BUREAU})
        for county in self.counties:
            city_name = self.name_of[county["parent_code6"]]
            name = county["name"] if county["name"].endswith("市") else city_name + county["name"]
            out.append({"name": f"{name}市场监督管理局", "level": "county", "region": county["code6"],
                        "parent": f"{city_name}市场监督管理局"})
        out.append({"name": vocab.YANGLING_BUREAU, "level": "county", "region": vocab.YANGLING_REGION,
                    "parent": vocab.PROVINCE_BUREAU})
        for i, bureau in enumerate(out):  # 11: 机构编制 authority, 机关 (government bodies)
            bureau["uscc"] = make_uscc(bureau["region"], f"{body(i):08d}", authority="1", kind="1")
        return out

    def agencies(self) -> list[dict]:
        rng = self.rng("agencies")
        body = Permutation(rng, 10**8)
        out = []
        for i, spec in enumerate(vocab.AGENCIES):
            start = dt.date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
            scopes = []
            for cat in spec["cats"]:
                standards = sorted({s for leaf, nums in vocab.CATEGORY_STANDARDS.items()
                                    if leaf.startswith(cat) for s in nums})
                # The provincial institute (jianyan's agency, listed first) keeps all its scopes in
                # force: the demo's spot-check loop runs through it.
                expired = rng.random() < 0.08 and i > 0
                valid_from = start - dt.timedelta(days=6 * 365) if expired else start
                scope = {"category": cat, "standard": "", "valid_from": valid_from,
                         "valid_to": valid_from + dt.timedelta(days=6 * 365 - 1)}
                scopes.append(scope)
                for number in standards[: rng.randint(1, 4)]:
                    scopes.append({**scope, "standard": number})
            out.append({
                **spec,
                "uscc": make_uscc(spec["region"], f"{body(i):08d}", authority="1", kind="2"),  # 事业单位
                "cma_number": f"{rng.randint(19, 23)}{rng.randint(2, 3)}712{rng.randrange(10**7):07d}",
                "address": f"陕西省{spec['address']}{rng.randint(1, 300)}号",
                "contact": self.person(rng),
                "phone": self.phone(rng, spec["region"]),
                "scopes": scopes,
            })
        return out

    def anchor_organisations(self) -> list[dict]:
        """The anchor enterprises made at this scale (their login organisations)."""
        return [{"name": a["name"], "region": a["region"], "uscc": make_uscc(a["region"], a["body"])}
                for a in vocab.ANCHORS[: self.enterprise_count]]

    def platforms(self) -> list[dict]:
        return [{**p, "uscc": make_uscc(p["region"], p["body"])} for p in vocab.PLATFORMS]

    # --- brands -----------------------------------------------------------------------------
    @staticmethod
    def national_brands() -> list[dict]:
        return vocab.NATIONAL_BRANDS

    # --- enterprises and products -------------------------------------------------------------
    def enterprises(self) -> Iterator[EnterpriseRow]:
        """The anchors, then generated enterprises until the scale's count is reached."""
        rng = self.rng("enterprises")
        numeric_body = Permutation(rng, 10**8)
        ma_body = Permutation(rng, 31**6)
        company = Permutation(rng, 10**7)
        reserved = {a["body"] for a in vocab.ANCHORS} | {p["body"] for p in vocab.PLATFORMS}
        names: set[str] = set()
        counters = {"numeric": 0, "ma": 0, "company": 0, "registration": 0}

        def next_company_prefix() -> str:
            counters["company"] += 1
            return f"69{company(counters['company']):07d}"

        count = 0
        for anchor in vocab.ANCHORS[: self.enterprise_count]:
            row = self._anchor(anchor, next_company_prefix())
            names.add(row.name)
            self._remember(row)
            count += 1
            yield row
        industries = Weighted([(i, spec["weight"]) for i, spec in enumerate(vocab.INDUSTRIES)])
        while count < self.enterprise_count:
            established = self._established(rng)
            if established >= MA_SINCE:
                counters["ma"] += 1
                body = "MA" + to_base31(ma_body(counters["ma"]), 6)
            else:
                counters["numeric"] += 1
                body = f"{numeric_body(counters['numeric']):08d}"
            if body in reserved:
                continue
            spec = vocab.INDUSTRIES[industries(rng)]
            home = vocab.INDUSTRY_HOME_COUNTIES.get(spec["key"])
            county = rng.choice(home) if home and rng.random() < 0.7 else self.county_chooser(rng)
            manufacturer = rng.random() < vocab.MANUFACTURER_SHARE
            name, trade = self._name(rng, names, county, spec, manufacturer)
            names.add(name)
            legal = self.person(rng)
            registration = ""
            if established < MA_SINCE and rng.random() < 0.6:
                counters["registration"] += 1
                registration = registration_number(county, counters["registration"])
            row = EnterpriseRow(
                uscc=make_uscc(county, body), name=name, region=county, industry=spec["key"],
                size_class=weighted(rng, vocab.SIZE_CLASSES) if manufacturer else rng.choice(["micro", "small"]),
                status=weighted(rng, vocab.STATUSES), legal_representative=legal,
                registered_address=self.address(rng, county),
                production_address=self.address(rng, county, park=True) if manufacturer and rng.random() < 0.5 else "",
                contact_person=legal if rng.random() < 0.4 else self.person(rng),
                contact_phone=self.phone(rng, county), established_on=established,
                registration_number=registration, manufacturer=manufacturer,
            )
            if manufacturer:
                self._products(rng, row, spec, trade, next_company_prefix())
            self._remember(row)
            count += 1
            yield row

    def _remember(self, row: EnterpriseRow) -> None:
        bucket = self.enterprises_by_city.setdefault(row.region[:4], [])
        if len(bucket) < 12 and row.status in ("existing", "operating"):
            bucket.append((row.uscc, row.name))

    def _established(self, rng: random.Random) -> dt.date:
        # Skewed to recent years, as the registry is (most firms are young).
        span = (TODAY - dt.date(1988, 1, 1)).days
        return TODAY - dt.timedelta(days=int(span * (1 - math.sqrt(1 - rng.random())) ** 1.2))

    def _trade_name(self, rng: random.Random) -> str:
        a, b = rng.sample(vocab.TRADE_NAME_CHARS, 2)
        return a + b

    def _name(self, rng: random.Random, taken: set[str], county: str, spec: dict, manufacturer: bool) -> tuple[str, str]:
        city = self.name_of[self.city_of(county)]
        county_name = self.name_of[county]
        for attempt in range(20):
            trade = self._trade_name(rng) + (rng.choice(vocab.TRADE_NAME_CHARS) if attempt > 8 else "")
            word = rng.choice(spec["words"]) if manufacturer else rng.choice(vocab.TRADER_WORDS)
            form = weighted(rng, vocab.COMPANY_FORMS) if manufacturer else "有限公司"
            pattern = rng.random()
            if county_name.endswith("县") and pattern < 0.35:
                name = f"{county_name}{trade}{word}{form}"
            elif pattern < 0.5:
                name = f"{city[:-1]}{trade}{word}{form}"
            elif pattern < 0.75:
                place = county_name if county_name.endswith("市") else city + county_name
                name = f"{place}{trade}{word}{form}"
            elif pattern < 0.92:
                name = f"陕西{trade}{word}{form}"
            else:
                name = f"{trade}{word}（{city[:-1]}）{form}"
            if name not in taken:
                return name, trade
        raise RuntimeError("could not find a free enterprise name")  # pragma: no cover

    def _products(self, rng: random.Random, row: EnterpriseRow, spec: dict, trade: str, company9: str) -> None:
        if trade not in self.brand_names:
            self.brand_names.add(trade)
            row.own_brand = (trade, "")
        own = row.own_brand[0] if row.own_brand else None
        seen: set[tuple[str, str]] = set()
        for item in range(rng.randint(2, 4)):
            cat = rng.choice(spec["cats"])
            national = self.national_by_cat.get(cat, [])
            brand = rng.choice(national) if national and (own is None or rng.random() < vocab.NATIONAL_BRAND_SHARE) else own
            word = rng.choice(vocab.PRODUCT_WORDS[cat])
            model = self._model(rng, cat)
            name = f"{brand or trade}{word}"
            if (name, model) in seen:
                continue
            seen.add((name, model))
            gtins = [gtin13(company9, item * 2)] + ([gtin13(company9, item * 2 + 1)] if rng.random() < 0.1 else [])
            status = "in_production" if rng.random() < 0.9 else "discontinued"
            row.products.append(ProductRow(cat, brand, name, model, gtins, list(vocab.CATEGORY_STANDARDS[cat]), status))

    def _model(self, rng: random.Random, cat: str) -> str:
        shape = rng.choice(vocab.MODEL_SHAPES.get(cat, vocab.DEFAULT_MODEL_SHAPES))
        letters = vocab.MODEL_LETTERS
        out = shape.format(
            L="{L}", n2=rng.randint(10, 99), n3=rng.randint(100, 999), n4=rng.randint(1000, 9999),
            w=rng.choice([150, 180, 200]), h=rng.choice([70, 80, 120, 150]),
            mm=rng.choice(["1.5", "2.5", "4", "6", "10"]), d=rng.choice([8, 10, 12, 14, 16, 20, 25]),
        )
        while "{L}" in out:
            out = out.replace("{L}", rng.choice(letters), 1)
        return out

    def _anchor(self, spec: dict, company9: str) -> EnterpriseRow:
        row = EnterpriseRow(
            uscc=make_uscc(spec["region"], spec["body"]), name=spec["name"], region=spec["region"],
            industry=spec["industry"], size_class=spec["size"], status="existing",
            legal_representative=spec["legal"], registered_address=spec["address"], production_address=spec["address"],
            contact_person=spec["legal"], contact_phone=self.phone(self.rng(spec["name"]), spec["region"]),
            established_on=dt.date.fromisoformat(spec["established"]), own_brand=(spec["brand"], spec["brand_en"]),
            anchor=True,
        )
        for item, (cat, brand, name, model) in enumerate(spec["products"]):
            row.products.append(ProductRow(cat, brand, name, model, [gtin13(company9, item)],
                                           list(vocab.CATEGORY_STANDARDS[cat])))
        return row

    # --- the inspector pool --------------------------------------------------------------------
    def inspectors(self, bureaus: list[dict]) -> list[dict]:
        """Inspectors in every city bureau, about half the county bureaus, and Yangling; call after
        enterprises() so that a few can declare conflicts with real demo enterprises."""
        rng = self.rng("inspectors")
        out: list[dict] = []
        for bureau in bureaus:
            if bureau["level"] == "province":
                n = 6
            elif bureau["level"] == "city":
                n = rng.randint(8, 14)
            elif bureau["region"] == vocab.YANGLING_REGION or rng.random() < 0.5:
                n = rng.randint(2, 4)
            else:
                continue
            for i in range(n):
                quals = ["执法证", *rng.sample(vocab.INSPECTOR_QUALIFICATIONS[1:], rng.randint(0, 2))]
                inspector = {
                    "name": self.person(rng), "bureau": bureau["name"], "region": bureau["region"],
                    "staff_number": f"SX{bureau['region']}{i + 1:03d}" + ("Y" if bureau["name"] == vocab.YANGLING_BUREAU else ""),
                    "unit": rng.choice(vocab.INSPECTOR_UNITS), "qualifications": quals,
                    "cert_no": f"{bureau['region'][:4]}{rng.randrange(10**7):07d}",
                    "cert_valid_to": dt.date(rng.randint(2025, 2030), rng.randint(1, 12), 28),
                    "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    "active": rng.random() < 0.95, "conflicts": [],
                }
                local = self.enterprises_by_city.get(bureau["region"][:4], [])
                if local and bureau["level"] != "province" and rng.random() < 0.12:
                    uscc, name = rng.choice(local)
                    inspector["conflicts"].append({
                        "uscc": uscc, "name": name,
                        "relation": rng.choice(["relative", "former_employee", "shareholder", "other"]),
                        "declared_on": dt.date(rng.randint(2021, 2025), rng.randint(1, 6), rng.randint(1, 28)),
                    })
                out.append(inspector)
        # The `xian` demo city always has one declared conflict with the qiye enterprise.
        first_xian = next(i for i in out if i["region"] == "610100")
        anchor = vocab.ANCHORS[0]
        if not any(c["name"] == anchor["name"] for c in first_xian["conflicts"]):
            first_xian["conflicts"].append({
                "uscc": make_uscc(anchor["region"], anchor["body"]), "name": anchor["name"],
                "relation": "relative", "declared_on": dt.date(2024, 3, 1),
            })
        return out
