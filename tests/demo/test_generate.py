"""The generator alone (no database): determinism, valid identifiers, realistic shape."""

from __future__ import annotations

import re

import pytest

from zhijian.accounts.choices import Role
from zhijian.core.identifiers import validate_gtin, validate_uscc
from zhijian.core.regions_seed import read_divisions
from zhijian.core.search import search_text, tokens_for_query
from zhijian.demo import vocab
from zhijian.demo.generate import Province
from zhijian.demo.logins import DEMO_LOGINS, DEMO_ROLES
from zhijian.registry.choices import EnterpriseStatus, Industry, SizeClass

COUNTIES = {r["code6"] for r in read_divisions() if r["level"] == "county"}
CITIES = {r["code6"] for r in read_divisions() if r["level"] == "city"}


@pytest.fixture(scope="module")
def rows():
    return list(Province(seed=11, enterprises=400).enterprises())


def test_same_seed_same_province(rows):
    again = list(Province(seed=11, enterprises=400).enterprises())
    assert again == rows
    other = [r.uscc for r in Province(seed=12, enterprises=400).enterprises()]
    assert other != [r.uscc for r in rows]


def test_every_uscc_valid_unique_and_registered_in_a_shaanxi_county(rows):
    usccs = [r.uscc for r in rows]
    assert len(set(usccs)) == len(usccs) == 400
    for row in rows:
        assert validate_uscc(row.uscc, known_region=COUNTIES.__contains__) == row.uscc
        assert row.uscc[2:8] == row.region and row.region in COUNTIES


def test_names_unique_and_realistic(rows):
    names = [r.name for r in rows]
    assert len(set(names)) == len(names)
    assert names[0] == "西安秦华电器有限公司"
    assert all(re.search(r"(公司|厂)$", n) for n in names)
    assert all(2 <= len(r.legal_representative) <= 3 for r in rows)
    # Addresses name the county they are registered in.
    by_code = {r["code6"]: r["name"] for r in read_divisions()}
    assert all(by_code[r.region] in r.registered_address or "杨凌示范区" in r.registered_address for r in rows)


def test_enterprises_follow_economic_weight(rows):
    xian = sum(r.region.startswith("6101") for r in rows)
    assert xian == max(sum(r.region.startswith(c[:4]) for r in rows) for c in CITIES)


def test_field_values_are_registry_choices(rows):
    assert {r.industry for r in rows} <= set(Industry.values)
    assert {r.size_class for r in rows} <= set(SizeClass.values)
    assert {r.status for r in rows} <= set(EnterpriseStatus.values)
    assert sum(r.status in ("existing", "operating") for r in rows) > 0.8 * len(rows)


def test_every_gtin_valid_unique_with_a_chinese_prefix(rows):
    gtins = [g for r in rows for p in r.products for g in p.gtins]
    assert len(gtins) > 400  # 2-4 products per manufacturer
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert validate_gtin(gtin) == gtin and len(gtin) == 13
        assert 690 <= int(gtin[:3]) <= 699


def test_products_declare_standards_of_their_category(rows):
    products = [p for r in rows for p in r.products]
    assert all(p.standards == vocab.CATEGORY_STANDARDS[p.category] for p in products)
    assert any(p.brand == "美的" and "电饭煲" in p.name for p in products)


def test_bureaus_cover_every_division_plus_yangling():
    bureaus = Province(seed=1, enterprises=10).bureaus()
    assert len(bureaus) == 1 + 10 + 107 + 1
    names = {b["name"] for b in bureaus}
    assert {"陕西省市场监督管理局", "西安市市场监督管理局", "西安市雁塔区市场监督管理局", "韩城市市场监督管理局",
            "杨凌示范区市场监督管理局"} <= names
    assert {b["region"] for b in bureaus if b["level"] == "county"} == COUNTIES
    assert all(validate_uscc(b["uscc"]) for b in bureaus)


def test_inspectors_in_every_city_and_some_conflicts():
    province = Province(seed=3, enterprises=300)
    list(province.enterprises())
    inspectors = province.inspectors(province.bureaus())
    assert {i["region"][:4] for i in inspectors} >= {c[:4] for c in CITIES}
    assert len({i["staff_number"] for i in inspectors}) == len(inspectors)
    conflicts = [c for i in inspectors for c in i["conflicts"]]
    assert any(c["name"] == "西安秦华电器有限公司" for c in conflicts)


def test_demo_logins_table_is_consistent():
    assert [u for u, _r, _o in DEMO_LOGINS] == list(DEMO_ROLES)
    assert set(DEMO_ROLES.values()) <= set(Role.values)
    province = Province(seed=1, enterprises=10)
    known = ({b["name"] for b in province.bureaus()} | {a["name"] for a in province.agencies()}
             | {p["name"] for p in province.platforms()} | {a["name"] for a in province.anchor_organisations()})
    assert {org for _u, _r, org in DEMO_LOGINS} <= known


@pytest.mark.parametrize("text", ["美的电饭煲 MB-FB40Simple101", "宝鸡市渭滨区恒达电线电缆有限公司", "IH电饭煲 QH-FB40A"])
def test_quick_search_text_matches_every_query_the_exact_text_matches(text):
    from zhijian.demo.searchtext import quick_search_text

    quick, exact = quick_search_text(text).split(), search_text(text).split()
    for query in ["电饭煲", "美的", "电", "mdd", "mb", "fb40", "恒达电线", "渭滨", "hd", "qh-fb40a", "ih电饭煲"]:
        tokens = tokens_for_query(query)
        matches_exact = all(any(t == w or (t.isascii() and w.startswith(t)) for w in exact) for t in tokens)
        matches_quick = all(any(t == w or (t.isascii() and w.startswith(t)) for w in quick) for t in tokens)
        assert matches_quick == matches_exact, query


def test_names_mode_leaves_addresses_out_of_the_index():
    from zhijian.demo.searchtext import NAMES_ONLY_SKIP, search_values
    from zhijian.registry.models import Enterprise

    row = {"name": "西安秦华电器有限公司", "uscc": "91610113MA6TQH0B2H", "legal_representative": "赵建国",
           "registered_address": "陕西省西安市雁塔区丈八街道锦业路69号"}
    assert "陕西省西安市雁塔区丈八街道锦业路69号" in search_values(Enterprise, row)
    assert search_values(Enterprise, row, NAMES_ONLY_SKIP) == ["西安秦华电器有限公司", "91610113MA6TQH0B2H", "赵建国"]
