from __future__ import annotations

import pytest

from zhijian.screening.brands import default_dictionary
from zhijian.screening.features import model_candidates
from zhijian.screening.normalise import (
    gtin_key,
    licence_key,
    model_key,
    normalise_text,
    normalise_title,
    shop_key,
)


def test_full_width_becomes_half_width_and_lower_case() -> None:
    assert normalise_text("ＭＩＤＥＡ　ＭＢ－ＦＢ４０") == "midea mb-fb40"


def test_traditional_characters_become_simplified() -> None:
    assert normalise_text("美的電飯煲 電熱毯 內膽") == "美的电饭煲 电热毯 内胆"


def test_marketing_noise_is_removed() -> None:
    title = normalise_title("【包邮】正品 美的官方旗舰店 2024新款 电饭煲")
    assert title == "美的 电饭煲"


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("MBFB40SIMPLE-101", "MB-FB40Simple101"),
        ("mb fb40 simple 101", "MB-FB40Simple101"),
        ("ＭＢ－ＦＢ４０Ｓｉｍｐｌｅ１０１", "MB-FB40Simple101"),
        ("MB_FB40/Simple·101", "MB-FB40Simple101"),
        ("2×1.5", "2*1.5"),
        ("2X1.5", "2x1.5"),
    ],
)
def test_model_key_ignores_case_width_and_separators(written: str, same_as: str) -> None:
    assert model_key(written) == model_key(same_as)


@pytest.mark.parametrize(
    ("one", "other"),
    [("KUKA-5737", "KUKA-5737H"), ("BV 2.5", "BV 4"), ("MB-FB40Simple101", "MB-FB40Simple102")],
)
def test_model_key_keeps_suffix_digits_and_sizes_apart(one: str, other: str) -> None:
    assert model_key(one) != model_key(other)


def test_model_candidates_join_runs_but_never_cut_them() -> None:
    candidates = model_candidates(normalise_title("美的 MB-FB40Simple101H 电饭煲 KUKA-5737"))
    assert "MBFB40SIMPLE101H" in candidates
    assert "MBFB40SIMPLE101" not in candidates
    assert "KUKA5737" in candidates


@pytest.mark.parametrize("written", ["美的", "Midea", "MIDEA", "midea", "美的牌", "meidi", "Mdiea", "ＭＩＤＥＡ"])
def test_brand_alias_forms_map_to_one_brand(written: str) -> None:
    brands = default_dictionary()
    assert brands.canonical(written) == brands.canonical("美的") == "美的"


def test_registry_aliases_extend_the_shipped_list() -> None:
    brands = default_dictionary({"美的": ["美滴"], "云雀": ["Skylark", "yunque"]})
    assert brands.canonical("美滴") == "美的"
    assert brands.canonical("SKYLARK") == brands.canonical("云雀牌") == "云雀"
    listed = default_dictionary([{"name": "云雀", "aliases": ["Skylark"]}])
    assert listed.canonical("skylark") == "云雀"


def test_unknown_watch_brand_is_learnt_with_pinyin() -> None:
    brands = default_dictionary()
    assert brands.canonical("金象牌") == brands.canonical("jinxiang")
    key = brands.add_watch_brand("雪豹王/SnowLeopard")
    assert brands.canonical("snowleopard") == brands.canonical("xuebaowang") == key


def test_identifier_keys() -> None:
    assert gtin_key("6901234567892") == gtin_key("06901234567892") != ""
    assert gtin_key("12345") == ""
    assert licence_key("粤XK16-204-00123") == licence_key("xk16 204 00123") == "XK1620400123"
    assert shop_key("西安测试电器有限公司官方旗舰店") == shop_key("西安测试电器有限公司")


def test_vectorised_title_normalisation_equals_the_scalar_one() -> None:
    import pyarrow as pa

    from zhijian.screening.normalise import normalise_title_array

    titles = ["【包邮】正品 美的官方旗舰店 2024新款 ＭＩＤＥＡ  電飯煲 2×1.5", "  Ｋａｎｇｊｉａ\u3000康佳（旗舰店）", "", None,
              "非美的 MB-FB40Simple101 平替 [热卖]", "電熱毯 內膽 配件 單人"]
    expected = [normalise_title(t) for t in titles]
    assert normalise_title_array(pa.array(titles, pa.string())).to_pylist() == expected


def test_pure_python_phrase_search_finds_what_the_automaton_finds() -> None:
    from zhijian.screening.phrases import PhraseIndex

    index = PhraseIndex({"美的": {("b", "美的")}, "midea": {("b", "美的")}, "电饭煲": {("t", "电饭煲")},
                         "饭煲": {("t", "x")}, "lg": {("b", "lg")}})
    for text in ["美的midea电饭煲 lg", "lgbt 电饭煲美的", "midea2 美的美的", ""]:
        automaton = sorted(index.find(text))
        index._automaton, saved = None, index._raw_matches
        index._raw_matches = index._python_matches  # type: ignore[method-assign]
        assert sorted(index.find(text)) == automaton
        index._raw_matches = saved  # type: ignore[method-assign]
    assert {m[1] for m in index.find("lgbt lg")} == {"lg"} and len(index.find("lgbt")) == 0
