"""The licence catalogue as dated data (DOMAIN 3.3), seeded once and editable afterwards.

Codes follow the product classification of the registry (the demo's numbering; 4/401/401.6 is the
AQSIQ one). Entries without a code are catalogue products the registry does not classify; they stay
for the record. Dates marked [M] in DOMAIN.md are placeholders to check and edit in the UI."""

from __future__ import annotations

import datetime as dt

D = dt.date
REFORM_2018 = D(2018, 9, 23)   # 国发〔2018〕33号
REFORM_2019 = D(2019, 9, 1)    # 国发〔2019〕19号 [M for the day]
DELEGATION_2020 = D(2020, 10, 1)
CATALOGUE_2024 = D(2024, 5, 1)  # 国务院 2024 决定 [M for the day]
START = D(2005, 9, 1)           # 条例 in force

B2016 = "工业产品生产许可证实行目录（质检总局，2016年）"
B2018 = "国发〔2018〕33号：压减目录，省级发证产品实行告知承诺、后置现场审查"
B2019 = "国发〔2019〕19号：目录压减至10类"
B2020 = "市场监管总局2020年：5类总局发证产品下放省级"
B2024 = "国务院2024年《关于调整完善工业产品生产许可证管理目录的决定》"

# code, name, from, to, level, procedure, product test required, food related, over-capacity industry, basis, note
SEED: list[tuple] = [
    ("101.1", "电热毯", START, D(2018, 8, 1), "provincial", "verify_first", True, False, "", B2016,
     "2018-08-01 起转为CCC（认监委2018年第19号公告）"),
    ("102.1", "家用燃气器具", START, DELEGATION_2020, "provincial", "verify_first", True, False, "", B2016,
     "2019-10-01 起受理CCC，2020-10-01 起实施CCC"),
    ("", "压力锅", START, REFORM_2018, "provincial", "verify_first", True, False, "", B2016, "2018年调出目录 [M]"),
    ("", "安全帽", START, REFORM_2019, "provincial", "verify_first", True, False, "", B2016, "2019年调出目录 [M]"),
    ("", "安全帽", CATALOGUE_2024, None, "provincial", "verify_first", False, False, "", B2024, "2024年重新纳入目录"),
    ("", "摩托车头盔", START, D(2018, 8, 1), "provincial", "verify_first", True, False, "", B2016, "2018-08-01 起转为CCC"),
    ("103", "电线电缆", START, REFORM_2018, "national", "verify_first", True, False, "", B2016, ""),
    ("103", "电线电缆", REFORM_2018, None, "provincial", "commitment", False, False, "", B2018,
     "申请人提交有资质检验机构的检验报告；可选择告知承诺"),
    ("402", "水泥", START, DELEGATION_2020, "national", "verify_first", True, False, "cement", B2016,
     "2019年起由总局实施"),
    ("402", "水泥", DELEGATION_2020, None, "provincial", "verify_first", False, False, "cement", B2020, ""),
    ("403", "建筑用钢筋", START, DELEGATION_2020, "national", "verify_first", True, False, "steel", B2016, ""),
    ("403", "建筑用钢筋", DELEGATION_2020, None, "provincial", "verify_first", False, False, "steel", B2020, ""),
    ("501", "化肥", START, REFORM_2018, "provincial", "verify_first", True, False, "", B2016, ""),
    ("501", "化肥", REFORM_2018, CATALOGUE_2024, "provincial", "commitment", False, False, "", B2018, ""),
    ("501", "化肥", CATALOGUE_2024, None, "provincial", "verify_first", True, False, "", B2024, "2024年恢复先核后证"),
    ("601.1", "危险化学品", START, None, "provincial", "verify_first", True, False, "", B2016,
     "危险化学品不实行告知承诺（国发〔2018〕33号）"),
    ("601.2", "危险化学品包装物及容器", START, REFORM_2018, "provincial", "verify_first", True, False, "", B2016, ""),
    ("601.2", "危险化学品包装物及容器", REFORM_2018, None, "provincial", "commitment", False, False, "", B2018, ""),
    ("701", "食品用塑料包装容器工具等制品", START, REFORM_2018, "provincial", "verify_first", True, True, "", B2016,
     "食品相关产品（食品安全法第41条）"),
    ("701", "食品用塑料包装容器工具等制品", REFORM_2018, None, "provincial", "commitment", False, True, "", B2019,
     "直接接触食品的材料等相关产品"),
    ("702", "食品接触用金属制品", START, REFORM_2018, "provincial", "verify_first", True, True, "", B2016, ""),
    ("702", "食品接触用金属制品", REFORM_2018, None, "provincial", "commitment", False, True, "", B2019,
     "直接接触食品的材料等相关产品 [M：具体品种以目录为准]"),
    ("703", "食品用纸包装容器等制品", START, REFORM_2018, "provincial", "verify_first", True, True, "", B2016, ""),
    ("703", "食品用纸包装容器等制品", REFORM_2018, None, "provincial", "commitment", False, True, "", B2019, ""),
    ("704", "餐具洗涤剂", START, REFORM_2018, "provincial", "verify_first", True, True, "", B2016, ""),
    ("704", "餐具洗涤剂", REFORM_2018, None, "provincial", "commitment", False, True, "", B2019,
     "[M：2019年后是否仍在目录待核实]"),
]


def seed_rows() -> list[dict]:
    keys = ("category_code", "name", "valid_from", "valid_to", "issuing_level", "procedure", "product_test_required",
            "food_related", "over_capacity_industry", "basis", "note")
    return [dict(zip(keys, row, strict=True)) for row in SEED]
