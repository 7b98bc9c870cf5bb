"""Each reason code and each case of DOMAIN.md 8a, through the DuckDB engine on tiny inputs."""

from __future__ import annotations

from tests.screening.conftest import screen

MIDEA_COOKER = {"watch_id": "W1", "kind": "nonconforming_product", "brand": "美的", "model": "MB-FB40Simple101",
                "product_name": "电饭煲", "enterprise_name": "美的集团股份有限公司"}


def one(title: str, **fields: str) -> list[dict[str, str]]:
    return [{"listing_id": "L1", "title": title, **fields}]


def test_model_entry_hit_with_brand_in_title_and_model_exact() -> None:
    hits = screen(one("【包邮】正品 美的官方旗舰店 2024新款 Midea MB-FB40Simple101 电饭煲 4L"), [MIDEA_COOKER])
    assert hits[("L1", "W1")].split(";")[:2] == ["brand_alias", "model_exact"]


def test_model_fuzzy_when_separators_and_case_differ() -> None:
    hits = screen(one("MIDEA 电饭锅 MBFB40SIMPLE-101"), [MIDEA_COOKER])
    assert "model_fuzzy" in hits[("L1", "W1")]
    assert "brand_alias" in hits[("L1", "W1")]


def test_full_width_and_traditional_titles_hit() -> None:
    listings = [{"listing_id": "L1", "title": "ＭＩＤＥＡ ＭＢ－ＦＢ４０Ｓｉｍｐｌｅ１０１"},
                {"listing_id": "L2", "title": "美的 電飯煲 MB-FB40Simple101 原裝"}]
    assert set(screen(listings, [MIDEA_COOKER])) == {("L1", "W1"), ("L2", "W1")}


def test_brand_and_model_in_fields_only() -> None:
    hits = screen(one("4升 家用 电饭锅", brand="Midea美的", model="MB FB40 SIMPLE 101"), [MIDEA_COOKER])
    assert ("L1", "W1") in hits


def test_suffix_letter_other_digit_and_other_brand_are_other_products() -> None:
    listings = [{"listing_id": "L1", "title": "美的 MB-FB40Simple101H 电饭煲"},
                {"listing_id": "L2", "title": "美的 MB-FB40Simple102 电饭煲"},
                {"listing_id": "L3", "title": "苏泊尔 MB-FB40Simple101 电饭煲"},
                {"listing_id": "L4", "title": "电饭煲 MB-FB40Simple101"}]
    assert screen(listings, [MIDEA_COOKER]) == {}


def test_other_size_is_another_product() -> None:
    wire = {"watch_id": "W1", "kind": "nonconforming_product", "brand": "起帆", "model": "BV 2.5",
            "product_name": "电线"}
    listings = [{"listing_id": "L1", "title": "起帆电线 BV4 平方 100米"},
                {"listing_id": "L2", "title": "起帆电线 BV2.5 平方 100米"}]
    assert set(screen(listings, [wire])) == {("L2", "W1")}


def test_accessories_and_spare_parts_are_never_hits() -> None:
    listings = [{"listing_id": "L1", "title": "适用美的电饭煲 MB-FB40Simple101 内胆 配件"},
                {"listing_id": "L2", "title": "美的 MB-FB40Simple101 电饭煲 密封圈"},
                {"listing_id": "L3", "title": "彩虹电热毯 控制器 调温开关"},
                {"listing_id": "L4", "title": "美的 MB-FB40Simple101 电饭煲 送配件"}]
    blanket = {"watch_id": "W2", "kind": "nonconforming_product", "brand": "彩虹", "product_name": "电热毯"}
    assert set(screen(listings, [MIDEA_COOKER, blanket])) == {("L4", "W1")}


def test_a_listed_controller_is_not_an_accessory_of_itself() -> None:
    controller = {"watch_id": "W1", "kind": "nonconforming_product", "brand": "彩虹", "model": "TT-01",
                  "product_name": "电热毯控制器"}
    assert ("L1", "W1") in screen(one("彩虹 电热毯控制器 TT-01"), [controller])


def test_comparison_listings_are_never_hits() -> None:
    listings = [{"listing_id": "L1", "title": "小熊电饭煲 美的平替 MB-FB40Simple101同款"},
                {"listing_id": "L2", "title": "对标美的 MB-FB40Simple101 电饭煲 性价比"},
                {"listing_id": "L3", "title": "非美的 MB-FB40Simple101 电饭煲"},
                {"listing_id": "L4", "title": "媲美Midea MB-FB40Simple101"}]
    assert screen(listings, [MIDEA_COOKER]) == {}


def test_brand_only_entry_needs_the_product_type() -> None:
    blanket = {"watch_id": "W1", "kind": "nonconforming_product", "brand": "彩虹牌", "product_name": "电热毯"}
    listings = [{"listing_id": "L1", "title": "Rainbow 双人电热毯 1.8米"},
                {"listing_id": "L2", "title": "彩虹 暖手宝"}]
    assert screen(listings, [blanket]) == {("L1", "W1"): "brand_alias;product_type"}


def test_product_line_entry_ignores_size_and_pack_count() -> None:
    diapers = {"watch_id": "W1", "kind": "nonconforming_product", "brand": "好奇", "product_name": "金装纸尿裤 L码"}
    listings = [{"listing_id": "L1", "title": "Huggies好奇 金装 纸尿裤 XL 72片"},
                {"listing_id": "L2", "title": "好奇 铂金装 拉拉裤 L"},
                {"listing_id": "L3", "title": "好奇 心钻装 纸尿裤 L码"}]
    hits = screen(listings, [diapers])
    assert set(hits) == {("L1", "W1")}
    assert hits[("L1", "W1")].startswith("brand_alias;product_line")


def test_no_brand_entry_matches_the_manufacturer_selling_it() -> None:
    entry = {"watch_id": "W1", "kind": "nonconforming_product", "product_name": "插座",
             "enterprise_name": "慈溪市某某电器有限公司", "uscc": "91330282MA2AB1234X"}
    listings = [{"listing_id": "L1", "title": "五孔插座 排插", "seller_uscc": "91330282ma2ab1234x"},
                {"listing_id": "L2", "title": "插线板 3米", "shop_name": "慈溪市某某电器有限公司旗舰店"},
                {"listing_id": "L3", "title": "慈溪市某某电器有限公司 生产 接线板"},
                {"listing_id": "L4", "title": "某某电器 插座"},
                {"listing_id": "L5", "title": "台灯", "seller_uscc": "91330282MA2AB1234X"}]
    hits = screen(listings, [entry])
    assert hits == {("L1", "W1"): "seller_uscc;product_type", ("L2", "W1"): "enterprise_name;product_type",
                    ("L3", "W1"): "enterprise_in_title;product_type"}


def test_recalled_product_by_barcode_in_field_or_title() -> None:
    recall = {"watch_id": "W1", "kind": "recalled_product", "gtin": "6901234567892", "product_name": "儿童座椅"}
    listings = [{"listing_id": "L1", "title": "儿童座椅", "gtin": "06901234567892"},
                {"listing_id": "L2", "title": "座椅 条码:6901234567892 现货"},
                {"listing_id": "L3", "title": "座椅 69012345678921"}]
    hits = screen(listings, [recall])
    assert set(hits) == {("L1", "W1"), ("L2", "W1")}
    assert hits[("L2", "W1")] == "gtin_exact"


def test_revoked_licence_number_with_or_without_hyphens_or_holder() -> None:
    revoked = {"watch_id": "W1", "kind": "revoked_licence", "licence_no": "粤XK16-204-00123",
               "enterprise_name": "广州某某电线有限公司", "uscc": "91440101MA5CXXXX1A"}
    listings = [{"listing_id": "L1", "title": "电线 生产许可证 XK16-204-00123"},
                {"listing_id": "L2", "title": "电缆", "licence_no": "xk1620400123"},
                {"listing_id": "L3", "title": "电线", "seller_uscc": "91440101MA5CXXXX1A"},
                {"listing_id": "L4", "title": "电线 XK16-204-00124"}]
    hits = screen(listings, [revoked])
    assert hits == {("L1", "W1"): "licence_exact", ("L2", "W1"): "licence_exact", ("L3", "W1"): "seller_uscc"}


def test_unlicensed_producer_by_uscc_or_full_shop_name_only() -> None:
    entry = {"watch_id": "W1", "kind": "unlicensed_producer", "enterprise_name": "浙江某某燃气具有限公司",
             "uscc": "91330100MA27XXXX2B"}
    listings = [{"listing_id": "L1", "title": "燃气灶", "seller_uscc": "91330100MA27XXXX2B"},
                {"listing_id": "L2", "title": "燃气灶", "shop_name": "浙江某某燃气具有限公司"},
                {"listing_id": "L3", "title": "燃气灶", "shop_name": "某某燃气具旗舰店"}]
    assert screen(listings, [entry]) == {("L1", "W1"): "seller_uscc", ("L2", "W1"): "enterprise_name"}


def test_banned_online_real_products_not_look_alikes() -> None:
    banned = {"watch_id": "W1", "kind": "banned_online", "category": "烟花爆竹", "reason": "禁止网售"}
    listings = [{"listing_id": "L1", "title": "浏阳 礼花弹 结婚庆典 36发"},
                {"listing_id": "L2", "title": "鞭炮 500响 开业"},
                {"listing_id": "L3", "title": "电子鞭炮 结婚 无烟 可重复"},
                {"listing_id": "L4", "title": "烟花发夹 少女 头饰"},
                {"listing_id": "L5", "title": "灯笼造型小夜灯 烟花款"}]
    assert screen(listings, [banned]) == {("L1", "W1"): "category_banned", ("L2", "W1"): "category_banned"}


def test_one_listing_can_hit_several_entries() -> None:
    brand_wide = {"watch_id": "W2", "kind": "nonconforming_product", "brand": "Midea", "product_name": "电饭锅"}
    recall = {"watch_id": "W3", "kind": "recalled_product", "gtin": "6901234567892"}
    hits = screen(one("美的 MB-FB40Simple101 电饭煲 6901234567892"), [MIDEA_COOKER, brand_wide, recall])
    assert set(hits) == {("L1", "W1"), ("L1", "W2"), ("L1", "W3")}


def test_title_similar_supports_a_hit_and_threshold_filters() -> None:
    entry = dict(MIDEA_COOKER, product_name="美的智能电饭煲")
    title = "美的智能电饭煲 MB-FB40Simple101"
    assert "title_similar" in screen(one(title), [entry])[("L1", "W1")]
    assert screen(one(title), [entry], threshold=0.999) == {}
