"""Vocabulary of the demo province: names, places, industries, the product catalogue, brands,
agencies. Plain data only; `generate.py` draws from it with a seeded random.Random."""

from __future__ import annotations

# --- People ---------------------------------------------------------------------------------
# The most common Chinese surnames, weighted roughly by population share (per mille).
SURNAMES: list[tuple[str, int]] = [
    ("王", 72), ("李", 71), ("张", 68), ("刘", 53), ("陈", 46), ("杨", 32), ("赵", 23), ("黄", 22),
    ("周", 21), ("吴", 20), ("徐", 17), ("孙", 15), ("胡", 13), ("朱", 13), ("高", 13), ("林", 12),
    ("何", 12), ("郭", 12), ("马", 11), ("罗", 9), ("梁", 9), ("宋", 8), ("郑", 8), ("谢", 7),
    ("韩", 7), ("唐", 7), ("冯", 7), ("于", 6), ("董", 6), ("萧", 5), ("程", 5), ("曹", 5),
    ("袁", 5), ("邓", 5), ("许", 5), ("傅", 5), ("沈", 4), ("曾", 4), ("彭", 4), ("吕", 4),
    ("苏", 4), ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 4), ("丁", 4), ("魏", 4), ("薛", 4),
    ("叶", 3), ("阎", 3), ("余", 3), ("潘", 3), ("杜", 3), ("戴", 3), ("夏", 3), ("钟", 3),
    ("汪", 3), ("田", 3), ("任", 3), ("姜", 3), ("范", 3), ("方", 3), ("石", 3), ("姚", 3),
    ("谭", 2), ("雷", 2), ("白", 2), ("党", 2), ("寇", 1), ("呼", 1), ("惠", 1), ("拓", 1),
]
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红志新国军峰亮波宁"
    "海鹏飞宇浩然俊凯博文轩晨欣怡梓涵子萱雨婷佳琪思远嘉懿晓东晓燕春梅永红卫东"
    "立新振华向阳彦斌海燕小龙建国秦川长安渭滨雅琴瑞丰鑫源"
)

# --- Places ---------------------------------------------------------------------------------
CITY_AREA_CODES = {
    "6101": "029", "6102": "0919", "6103": "0917", "6104": "029", "6105": "0913", "6106": "0911",
    "6107": "0916", "6108": "0912", "6109": "0915", "6110": "0914",
}
# Share of the province's registered manufacturers and traders, roughly by economic weight.
CITY_WEIGHTS = {
    "6101": 40, "6104": 12, "6103": 11, "6105": 9, "6108": 8, "6107": 6, "6106": 4, "6109": 4,
    "6110": 3, "6102": 3,
}
# Districts that host most of a city's firms (development zones, industrial parks).
BUSY_COUNTIES = {
    "610112": 8, "610113": 9, "610116": 6, "610111": 4, "610114": 3, "610117": 4, "610104": 3, "610103": 2,
    "610302": 5, "610303": 4, "610304": 4, "610402": 5, "610404": 4, "610403": 3, "610481": 3, "610502": 5,
    "610528": 3, "610526": 3, "610802": 5, "610881": 3, "610702": 4, "610902": 4, "611002": 3, "610602": 4,
    "610204": 3,
}
ROAD_WORDS = (
    "科技", "高新", "锦业", "唐延", "太白", "长安", "朱雀", "含光", "丈八", "纬二十六", "经二", "建设", "人民",
    "解放", "中山", "新华", "文化", "胜利", "团结", "兴业", "创业", "工业园", "振兴", "发展", "迎宾", "秦岭",
    "渭河", "滨河", "城南", "城北", "东风", "红旗", "金桥", "光明", "和平", "友谊", "幸福", "育才", "学府",
    "凤鸣", "雍城", "清姜", "宝光", "世纪", "秦皇", "西兰", "沣河", "泾河", "丰登", "农科", "神农",
)
ROAD_SUFFIXES = ("路", "路", "路", "大道", "街", "东路", "西路", "南路", "北路")
PARKS = ("工业园区", "产业园", "经济技术开发区", "高新技术产业园", "创业园")

# --- Enterprise naming ------------------------------------------------------------------------
# Characters of a trade name (字号): auspicious, regional, technical.
TRADE_NAME_CHARS = (
    "秦华汉唐恒达鑫源天和宏盛泰丰瑞祥嘉诚永兴隆昌盛荣康宁安鼎信德润泽金银海博远通明"
    "伟业新宇宙辉煌腾飞龙凤祥云星月光耀晨晖锦绣正大中西北陕长安渭泾沣灞骊岐周雍凤"
    "雁塔曲江未央太白终南华山黄河延河汉江丹江宝鼎乾坤振邦联创智科迅捷精诚众诚友谊"
    "万家千禧百川富民利民惠民益民同心协力佳美优品尚品卓越领航开元兴庆启明立信"
)
COMPANY_FORMS = [("有限公司", 78), ("有限责任公司", 12), ("股份有限公司", 4), ("厂", 4), ("集团有限公司", 2)]
TRADER_WORDS = ("商贸", "贸易", "百货", "电子商务", "商业", "供应链管理", "实业")

# --- Product catalogue (DOMAIN 3.3, 7, 8 note 6) -----------------------------------------------
# code, name, parent, flags. Only 4 / 401 / 401.6 (电子坐便器) is the AQSIQ code the domain notes
# quote; the other codes follow the same 3-level shape and are this demo's own numbering.
# Licence and CCC periods: `*_to` is the first day the regime no longer applies.
CATEGORIES: list[dict] = [
    {"code": "1", "name": "电子电器"},
    {"code": "101", "name": "家用电器", "parent": "1", "key": True},
    {"code": "101.1", "name": "电热毯", "parent": "101", "key": True, "licence": (None, "2018-08-01"),
     "ccc": ("2018-08-01", None), "description": "2018-08-01 起由生产许可证转为强制性产品认证（CNCA 2018年第19号公告）"},
    {"code": "101.2", "name": "自动电饭锅", "parent": "101", "key": True, "ccc": (None, None)},
    {"code": "101.3", "name": "吸油烟机", "parent": "101", "key": True, "ccc": (None, None)},
    {"code": "102", "name": "燃气器具", "parent": "1", "key": True},
    {"code": "102.1", "name": "家用燃气灶具", "parent": "102", "key": True, "licence": (None, "2020-10-01"),
     "ccc": ("2020-10-01", None), "description": "2019-10-01 起受理CCC申请，2020-10-01 起实施强制性产品认证"},
    {"code": "103", "name": "电线电缆", "parent": "1", "focus": True, "licence": (None, None)},
    {"code": "103.1", "name": "电线电缆", "parent": "103", "focus": True, "licence": (None, None), "ccc": (None, None)},
    {"code": "2", "name": "轻工产品"},
    {"code": "201", "name": "玩具", "parent": "2", "key": True},
    {"code": "201.1", "name": "塑胶玩具", "parent": "201", "key": True, "ccc": (None, None)},
    {"code": "201.2", "name": "电玩具", "parent": "201", "key": True, "ccc": (None, None)},
    {"code": "201.3", "name": "娃娃玩具", "parent": "201", "key": True, "ccc": (None, None)},
    {"code": "201.4", "name": "童车", "parent": "201", "key": True, "ccc": (None, None)},
    {"code": "202", "name": "儿童纸尿裤", "parent": "2", "key": True},
    {"code": "202.1", "name": "婴儿纸尿裤", "parent": "202", "key": True},
    {"code": "203", "name": "家具", "parent": "2", "key": True},
    {"code": "203.1", "name": "儿童家具", "parent": "203", "key": True},
    {"code": "203.2", "name": "木家具", "parent": "203", "key": True},
    {"code": "203.3", "name": "软体家具", "parent": "203", "key": True},
    {"code": "204", "name": "烟花爆竹", "parent": "2", "key": True,
     "description": "实行安全生产许可证和烟花爆竹经营许可证管理，不属于工业产品生产许可证或CCC目录"},
    {"code": "204.1", "name": "组合烟花", "parent": "204", "key": True},
    {"code": "204.2", "name": "爆竹", "parent": "204", "key": True},
    {"code": "204.3", "name": "喷花类烟花", "parent": "204", "key": True},
    {"code": "3", "name": "纺织品"},
    {"code": "301", "name": "婴幼儿及儿童服装", "parent": "3", "key": True},
    {"code": "301.1", "name": "婴幼儿服装", "parent": "301", "key": True},
    {"code": "301.2", "name": "儿童服装", "parent": "301", "key": True},
    {"code": "302", "name": "床上用品", "parent": "3", "key": True},
    {"code": "302.1", "name": "被套床单", "parent": "302", "key": True},
    {"code": "302.2", "name": "蚕丝被", "parent": "302", "key": True},
    {"code": "302.3", "name": "羽绒被", "parent": "302", "key": True},
    {"code": "302.4", "name": "枕芯", "parent": "302", "key": True},
    {"code": "4", "name": "建筑和装饰装修材料"},
    {"code": "401", "name": "卫生陶瓷", "parent": "4"},
    {"code": "401.6", "name": "电子坐便器", "parent": "401", "key": True,
     "description": "即智能坐便器；既不属生产许可证也不属CCC目录（自愿性认证）"},
    {"code": "402", "name": "水泥", "parent": "4", "focus": True, "licence": (None, None)},
    {"code": "402.1", "name": "通用硅酸盐水泥", "parent": "402", "focus": True, "licence": (None, None)},
    {"code": "403", "name": "建筑用钢筋", "parent": "4", "focus": True, "licence": (None, None)},
    {"code": "403.1", "name": "热轧带肋钢筋", "parent": "403", "focus": True, "licence": (None, None)},
    {"code": "5", "name": "农业生产资料"},
    {"code": "501", "name": "化肥", "parent": "5", "focus": True, "licence": (None, None)},
    {"code": "501.1", "name": "复混肥料", "parent": "501", "focus": True, "licence": (None, None)},
    {"code": "501.2", "name": "尿素", "parent": "501", "focus": True, "licence": (None, None)},
    {"code": "6", "name": "化工产品"},
    {"code": "601", "name": "危险化学品", "parent": "6", "focus": True, "licence": (None, None)},
    {"code": "601.1", "name": "危险化学品", "parent": "601", "focus": True, "licence": (None, None)},
    {"code": "601.2", "name": "危险化学品包装物及容器", "parent": "601", "focus": True, "licence": (None, None)},
    {"code": "7", "name": "食品相关产品", "food": True},
    {"code": "701", "name": "食品用塑料包装容器工具", "parent": "7", "food": True, "focus": True, "licence": (None, None)},
    {"code": "701.1", "name": "食品接触用塑料制品", "parent": "701", "food": True, "focus": True, "key": True,
     "licence": (None, None)},
    {"code": "702", "name": "食品接触用金属制品", "parent": "7", "food": True, "focus": True, "licence": (None, None)},
    {"code": "702.1", "name": "不锈钢厨具餐具", "parent": "702", "food": True, "focus": True, "key": True,
     "licence": (None, None)},
    {"code": "703", "name": "食品用纸包装容器", "parent": "7", "food": True, "focus": True, "licence": (None, None)},
    {"code": "703.1", "name": "纸杯纸碗", "parent": "703", "food": True, "focus": True, "licence": (None, None)},
    {"code": "704", "name": "餐具洗涤剂", "parent": "7", "food": True, "focus": True, "licence": (None, None)},
    {"code": "704.1", "name": "餐具洗涤剂", "parent": "704", "food": True, "focus": True, "licence": (None, None)},
]

# Standards a product of each leaf category declares (numbers as in the standards seed).
CATEGORY_STANDARDS: dict[str, list[str]] = {
    "101.1": ["GB 4706.1-2005", "GB 4706.8-2008"],
    "101.2": ["GB 4706.1-2005", "GB 4706.19-2008", "GB 12021.6-2008"],
    "101.3": ["GB 4706.1-2005", "GB 4706.28-2008"],
    "102.1": ["GB 16410-2007", "GB 30720-2014"],
    "103.1": ["GB/T 5023.3-2008", "GB/T 12706.1-2020"],
    "201.1": ["GB 6675.1-2014", "GB 6675.2-2014", "GB 6675.3-2014", "GB 6675.4-2014"],
    "201.2": ["GB 6675.1-2014", "GB 19865-2005"],
    "201.3": ["GB 6675.1-2014", "GB/T 9832-2007"],
    "201.4": ["GB 6675.1-2014", "GB 14748-2006"],
    "202.1": ["GB/T 28004.1-2021", "GB 15979-2002"],
    "203.1": ["GB 28007-2011", "GB 18584-2001"],
    "203.2": ["GB/T 3324-2017", "GB 18584-2001"],
    "203.3": ["GB 17927.1-2011"],
    "204.1": ["GB 10631-2013", "GB 19593-2015", "GB 24426-2009"],
    "204.2": ["GB 10631-2013", "GB 24426-2009"],
    "204.3": ["GB 10631-2013", "GB 24426-2009"],
    "301.1": ["GB 31701-2015", "GB 18401-2010", "FZ/T 81014-2008"],
    "301.2": ["GB 31701-2015", "GB 18401-2010", "FZ/T 73045-2013"],
    "302.1": ["GB 18401-2010", "GB/T 22796-2021"],
    "302.2": ["GB 18401-2010", "GB/T 24252-2019"],
    "302.3": ["GB 18401-2010", "GB/T 14272-2021"],
    "302.4": ["GB 18401-2010", "GB/T 22843-2009"],
    "401.6": ["GB 4706.1-2005", "GB 4706.53-2008", "GB/T 34549-2017"],
    "402.1": ["GB 175-2023"],
    "403.1": ["GB/T 1499.2-2018"],
    "501.1": ["GB/T 15063-2020"],
    "501.2": ["GB/T 2440-2017"],
    "601.1": ["GB/T 534-2014", "GB/T 338-2011"],
    "601.2": ["GB 12463-2009"],
    "701.1": ["GB 4806.1-2016", "GB 4806.7-2016"],
    "702.1": ["GB 4806.1-2016", "GB 4806.9-2016"],
    "703.1": ["GB 4806.1-2016", "GB 4806.8-2022"],
    "704.1": ["GB 14930.1-2022"],
}
# Standards the demo adds to the catalogue when the standards seed lacks them (industrial products).
EXTRA_STANDARDS: dict[str, str] = {
    "GB/T 5023.3-2008": "额定电压450/750V及以下聚氯乙烯绝缘电缆 第3部分：固定布线用无护套电缆",
    "GB/T 12706.1-2020": "额定电压1kV到35kV挤包绝缘电力电缆及附件 第1部分",
    "GB 175-2023": "通用硅酸盐水泥",
    "GB/T 1499.2-2018": "钢筋混凝土用钢 第2部分：热轧带肋钢筋",
    "GB/T 15063-2020": "复合肥料",
    "GB/T 2440-2017": "尿素",
    "GB/T 534-2014": "工业硫酸",
    "GB/T 338-2011": "工业用甲醇",
    "GB 12463-2009": "危险货物运输包装通用技术条件",
    "GB 4806.7-2016": "食品安全国家标准 食品接触用塑料材料及制品",
    "GB 4806.8-2022": "食品安全国家标准 食品接触用纸和纸板材料及制品",
    "GB 14930.1-2022": "食品安全国家标准 洗涤剂",
    "GB 14748-2006": "儿童推车安全要求",
    "GB/T 24252-2019": "蚕丝被",
    "GB/T 14272-2021": "羽绒服装",
    "GB/T 22843-2009": "枕、垫类产品",
}

# Product words and model-number shapes per leaf category.
PRODUCT_WORDS: dict[str, list[str]] = {
    "101.1": ["电热毯", "双人电热毯", "单人电热毯", "水暖电热毯", "智能调温电热毯", "电热垫"],
    "101.2": ["电饭煲", "智能电饭煲", "IH电饭煲", "迷你电饭煲", "自动电饭锅"],
    "101.3": ["吸油烟机", "侧吸式吸油烟机", "顶吸式吸油烟机"],
    "102.1": ["燃气灶", "嵌入式燃气灶", "台式燃气灶"],
    "103.1": ["铜芯聚氯乙烯绝缘电线", "电力电缆", "控制电缆", "铜芯软电线"],
    "201.1": ["积木玩具", "塑料拼装玩具", "过家家玩具"],
    "201.2": ["遥控汽车", "电动玩具车", "音乐玩具"],
    "201.3": ["毛绒玩具", "布娃娃", "公仔"],
    "201.4": ["婴儿推车", "儿童三轮车", "滑板车"],
    "202.1": ["婴儿纸尿裤", "拉拉裤", "超薄纸尿裤"],
    "203.1": ["儿童书桌", "儿童床", "儿童学习椅", "儿童衣柜"],
    "203.2": ["实木衣柜", "实木餐桌", "板式书柜"],
    "203.3": ["布艺沙发", "弹簧床垫", "乳胶床垫"],
    "204.1": ["组合烟花", "礼花", "小礼花"],
    "204.2": ["电光雷鞭炮", "爆竹", "鞭炮"],
    "204.3": ["喷花", "手持烟花", "地面旋转烟花"],
    "301.1": ["婴儿连体衣", "婴儿哈衣", "婴儿内衣套装", "婴儿爬服"],
    "301.2": ["儿童T恤", "儿童卫衣", "儿童羽绒服", "儿童连衣裙", "儿童运动裤"],
    "302.1": ["四件套", "床单", "被套", "三件套"],
    "302.2": ["蚕丝被", "桑蚕丝被"],
    "302.3": ["羽绒被", "鹅绒被"],
    "302.4": ["枕芯", "乳胶枕", "荞麦枕"],
    "401.6": ["智能坐便器", "智能马桶盖", "一体式智能马桶"],
    "402.1": ["普通硅酸盐水泥", "复合硅酸盐水泥"],
    "403.1": ["热轧带肋钢筋"],
    "501.1": ["复合肥料", "掺混肥料", "有机无机复混肥料"],
    "501.2": ["尿素", "农用尿素"],
    "601.1": ["工业硫酸", "工业用甲醇", "液氨", "工业盐酸"],
    "601.2": ["钢制危险化学品包装桶", "塑料危险化学品包装桶"],
    "701.1": ["塑料保鲜盒", "食品用塑料包装袋", "塑料水杯"],
    "702.1": ["不锈钢炒锅", "不锈钢汤锅", "不锈钢餐具", "不锈钢保温杯"],
    "703.1": ["一次性纸杯", "纸碗", "食品包装纸盒"],
    "704.1": ["洗洁精", "餐具洗涤剂", "果蔬清洗剂"],
}
# Model numbers that read like the trade: (letters, digits, suffix) sketches per category.
MODEL_SHAPES: dict[str, list[str]] = {
    "101.1": ["TB-{w}x{h}", "DR-{n3}", "{L}{L}-{n3}S"],
    "101.2": ["{L}{L}-FB{n2}", "MB-FB{n2}Simple{n3}", "FB{n2}-{L}{n2}", "{L}{L}-{n2}{L}{n2}"],
    "101.3": ["CXW-{n3}-{L}{n2}", "CXW-{n3}-{n2}{L}"],
    "102.1": ["JZT-{L}{n2}", "JZY-{L}{n3}", "JZR-{n2}{L}"],
    "103.1": ["BV 1×{mm}mm²", "BVR 1×{mm}mm²", "YJV 3×{mm}+1×{mm}mm²", "RVV 3×{mm}mm²"],
    "402.1": ["P·O 42.5", "P·O 52.5", "P·C 32.5R", "P·C 42.5"],
    "403.1": ["HRB400E Φ{d}", "HRB500E Φ{d}"],
    "501.1": ["N-P2O5-K2O 15-15-15", "N-P2O5-K2O 17-17-17", "N-P2O5-K2O 20-10-10"],
    "501.2": ["N≥46.0%", "颗粒 N≥46.4%"],
    "601.1": ["92.5%", "98%", "优等品", "一等品"],
}
DEFAULT_MODEL_SHAPES = ["{L}{L}-{n3}", "{L}{n4}", "{L}{L}{n2}-{n2}", "{n4}{L}"]
MODEL_LETTERS = "ABCDEFGHJKLMNPRSTWXYZ"

# --- Industries (registry.choices.Industry values) ---------------------------------------------
# key, words in enterprise names, leaf categories made, weight among manufacturers, GB/T 4754 class.
INDUSTRIES: list[dict] = [
    {"key": "appliance", "words": ["电器", "家用电器", "小家电", "电器制造"], "cats": ["101.1", "101.2", "101.3"], "weight": 9},
    {"key": "appliance", "words": ["燃气具", "厨房电器", "厨卫电器"], "cats": ["102.1", "101.3"], "weight": 3},
    {"key": "electronics", "words": ["电子", "电子科技", "智能科技"], "cats": ["101.1", "201.2", "401.6"], "weight": 3},
    {"key": "daily_use", "words": ["卫浴", "智能卫浴", "洁具"], "cats": ["401.6"], "weight": 2},
    {"key": "textile", "words": ["服饰", "服装", "童装", "纺织服装"], "cats": ["301.1", "301.2"], "weight": 9},
    {"key": "textile", "words": ["家纺", "纺织", "床上用品", "丝绸"], "cats": ["302.1", "302.2", "302.3", "302.4"], "weight": 7},
    {"key": "toy", "words": ["玩具", "文体用品", "儿童用品"], "cats": ["201.1", "201.2", "201.3", "201.4"], "weight": 3},
    {"key": "paper", "words": ["卫生用品", "纸业", "生活用品"], "cats": ["202.1", "703.1"], "weight": 3},
    {"key": "fireworks", "words": ["烟花爆竹", "花炮"], "cats": ["204.1", "204.2", "204.3"], "weight": 2},
    {"key": "furniture", "words": ["家具", "木业", "家居", "实业"], "cats": ["203.1", "203.2", "203.3"], "weight": 8},
    {"key": "cable", "words": ["电线电缆", "电缆", "线缆"], "cats": ["103.1"], "weight": 4},
    {"key": "building", "words": ["水泥", "建材"], "cats": ["402.1"], "weight": 2},
    {"key": "metal", "words": ["钢铁", "钢材", "型钢"], "cats": ["403.1"], "weight": 2},
    {"key": "metal", "words": ["不锈钢制品", "金属制品", "厨具"], "cats": ["702.1"], "weight": 4},
    {"key": "chemical", "words": ["化工", "化学", "化工科技"], "cats": ["601.1", "601.2"], "weight": 3},
    {"key": "fertiliser", "words": ["化肥", "肥业", "生物肥业"], "cats": ["501.1", "501.2"], "weight": 2},
    {"key": "food_related", "words": ["塑料制品", "塑业", "包装", "包装材料"], "cats": ["701.1", "703.1"], "weight": 4},
    {"key": "daily_use", "words": ["日化", "洗涤用品"], "cats": ["704.1"], "weight": 1},
]
# Fireworks makers cluster where the trade is (蒲城, 富平, 澄城); cement and steel near resources.
INDUSTRY_HOME_COUNTIES = {
    "fireworks": ["610526", "610526", "610526", "610528", "610525", "610424"],
}
SIZE_CLASSES = [("micro", 38), ("small", 45), ("medium", 14), ("large", 3)]
STATUSES = [("existing", 80), ("operating", 12), ("suspended", 2), ("revoked", 3), ("deregistered", 3)]
MANUFACTURER_SHARE = 0.6  # the rest are traders (商贸) selling these products

# --- Brands -----------------------------------------------------------------------------------
# name, English, aliases (kind, alias), categories they appear on.
NATIONAL_BRANDS: list[dict] = [
    {"name": "美的", "en": "Midea", "aliases": [("pinyin", "meidi"), ("typo", "Mdiea"), ("typo", "Meida"), ("other", "美的牌")],
     "cats": ["101.2", "101.3", "102.1", "101.1"]},
    {"name": "九阳", "en": "Joyoung", "aliases": [("pinyin", "jiuyang"), ("typo", "Joyong")], "cats": ["101.2"]},
    {"name": "苏泊尔", "en": "SUPOR", "aliases": [("pinyin", "subore"), ("typo", "苏泊耳"), ("typo", "Suppor"), ("typo", "subor")],
     "cats": ["101.2", "702.1", "102.1"]},
    {"name": "格力", "en": "GREE", "aliases": [("pinyin", "geli"), ("other", "格力电器")], "cats": ["101.2"]},
    {"name": "海尔", "en": "Haier", "aliases": [("pinyin", "haier"), ("typo", "Haeir"), ("other", "海尔牌")],
     "cats": ["101.3", "102.1", "401.6"]},
    {"name": "格兰仕", "en": "Galanz", "aliases": [("pinyin", "gelanshi"), ("typo", "Granz")], "cats": ["101.2"]},
    {"name": "彩虹", "en": "Rainbow", "aliases": [("pinyin", "caihong"), ("other", "彩虹牌")], "cats": ["101.1"]},
    {"name": "小天鹅", "en": "LittleSwan", "aliases": [("pinyin", "xiaotiane"), ("typo", "小天娥")], "cats": ["101.2"]},
    {"name": "北极绒", "en": "Bejirog", "aliases": [("pinyin", "beijirong"), ("typo", "北极戎")], "cats": ["101.1", "302.1", "302.3"]},
    {"name": "南极人", "en": "Nanjiren", "aliases": [("pinyin", "nanjiren"), ("typo", "南级人")],
     "cats": ["101.1", "302.1", "302.2", "301.2"]},
    {"name": "方太", "en": "FOTILE", "aliases": [("pinyin", "fangtai")], "cats": ["101.3", "102.1"]},
    {"name": "老板", "en": "ROBAM", "aliases": [("pinyin", "laoban"), ("other", "老板电器")], "cats": ["101.3", "102.1"]},
    {"name": "华帝", "en": "VATTI", "aliases": [("pinyin", "huadi")], "cats": ["101.3", "102.1"]},
    {"name": "恒洁", "en": "HEGII", "aliases": [("pinyin", "hengjie")], "cats": ["401.6"]},
    {"name": "九牧", "en": "JOMOO", "aliases": [("pinyin", "jiumu")], "cats": ["401.6"]},
    {"name": "箭牌", "en": "ARROW", "aliases": [("pinyin", "jianpai")], "cats": ["401.6"]},
    {"name": "帮宝适", "en": "Pampers", "aliases": [("pinyin", "bangbaoshi"), ("typo", "帮宝试"), ("typo", "Pamper")], "cats": ["202.1"]},
    {"name": "好奇", "en": "Huggies", "aliases": [("pinyin", "haoqi")], "cats": ["202.1"]},
    {"name": "安儿乐", "en": "Anerle", "aliases": [("pinyin", "anerle")], "cats": ["202.1"]},
    {"name": "全棉时代", "en": "PurCotton", "aliases": [("pinyin", "quanmianshidai")], "cats": ["301.1", "302.1", "202.1"]},
    {"name": "好孩子", "en": "gooby", "aliases": [("pinyin", "haohaizi"), ("other", "goodbaby")], "cats": ["201.4", "301.2", "203.1"]},
    {"name": "巴拉巴拉", "en": "balabala", "aliases": [("typo", "巴啦巴啦")], "cats": ["301.2"]},
    {"name": "英氏", "en": "YeeHoO", "aliases": [("pinyin", "yingshi")], "cats": ["301.1"]},
    {"name": "奥迪双钻", "en": "AULDEY", "aliases": [("pinyin", "aodishuangzuan")], "cats": ["201.1", "201.2"]},
    {"name": "罗莱", "en": "LUOLAI", "aliases": [("pinyin", "luolai")], "cats": ["302.1", "302.2", "302.4"]},
    {"name": "富安娜", "en": "FUANNA", "aliases": [("pinyin", "fuanna")], "cats": ["302.1", "302.3"]},
    {"name": "水星家纺", "en": "MERCURY", "aliases": [("pinyin", "shuixingjiafang")], "cats": ["302.1", "302.2"]},
    {"name": "全友", "en": "QuanU", "aliases": [("pinyin", "quanyou"), ("other", "全友家居")], "cats": ["203.2", "203.3", "203.1"]},
    {"name": "顾家家居", "en": "KUKA", "aliases": [("pinyin", "gujiajiaju")], "cats": ["203.3"]},
    {"name": "爱仕达", "en": "ASD", "aliases": [("pinyin", "aishida")], "cats": ["702.1"]},
    {"name": "乐扣乐扣", "en": "LOCK&LOCK", "aliases": [("pinyin", "lekoulekou"), ("other", "乐扣")], "cats": ["701.1", "702.1"]},
    {"name": "茶花", "en": "CHAHUA", "aliases": [("pinyin", "chahua")], "cats": ["701.1"]},
    {"name": "立白", "en": "Liby", "aliases": [("pinyin", "libai")], "cats": ["704.1"]},
    {"name": "白猫", "en": "White Cat", "aliases": [("pinyin", "baimao")], "cats": ["704.1"]},
    {"name": "熊猫", "en": "Panda", "aliases": [("pinyin", "xiongmao"), ("other", "熊猫烟花")], "cats": ["204.1", "204.3"]},
    {"name": "远东电缆", "en": "Far East Cable", "aliases": [("pinyin", "yuandong")], "cats": ["103.1"]},
    {"name": "尧柏", "en": "Yaobai", "aliases": [("pinyin", "yaobai")], "cats": ["402.1"]},
    {"name": "声威", "en": "Shengwei", "aliases": [("pinyin", "shengwei")], "cats": ["402.1"]},
    {"name": "龙钢", "en": "Longgang", "aliases": [("pinyin", "longgang")], "cats": ["403.1"]},
    {"name": "汉钢", "en": "Hangang", "aliases": [("pinyin", "hangang")], "cats": ["403.1"]},
    {"name": "史丹利", "en": "Stanley", "aliases": [("pinyin", "shidanli")], "cats": ["501.1"]},
    {"name": "陕化", "en": "Shaanhua", "aliases": [("pinyin", "shanhua")], "cats": ["501.2", "601.1"]},
]
# Share of a manufacturer's products made under a national brand (OEM, licensed production).
NATIONAL_BRAND_SHARE = 0.3

# --- Agencies and the inspector pool ------------------------------------------------------------
# name, region, categories in scope (codes; a code covers the codes below it), CMA number sketch.
AGENCIES: list[dict] = [
    {"name": "陕西省产品质量监督检验研究院", "region": "610113", "cats": ["1", "2", "3", "4", "5", "6", "7"],
     "address": "西安市雁塔区科技路"},
    {"name": "西安市产品质量监督检验院", "region": "610112", "cats": ["101", "102", "103", "201", "203", "301", "302", "7"],
     "address": "西安市未央区凤城八路"},
    {"name": "宝鸡市产品质量检验检测中心", "region": "610302", "cats": ["101", "103", "403", "601", "7"],
     "address": "宝鸡市渭滨区清姜路"},
    {"name": "咸阳市产品质量监督检验所", "region": "610402", "cats": ["3", "402", "501", "7"],
     "address": "咸阳市秦都区人民西路"},
    {"name": "渭南市产品质量监督检验所", "region": "610502", "cats": ["204", "402", "501", "7"],
     "address": "渭南市临渭区朝阳大街"},
    {"name": "汉中市产品质量检验检测中心", "region": "610702", "cats": ["101", "302", "403", "7"],
     "address": "汉中市汉台区天汉大道"},
    {"name": "榆林市产品质量检验检测中心", "region": "610802", "cats": ["402", "601", "501"],
     "address": "榆林市榆阳区长城南路"},
    {"name": "延安市产品质量监督检验所", "region": "610602", "cats": ["402", "403", "601", "7"],
     "address": "延安市宝塔区百米大道"},
    {"name": "安康市产品质量监督检验所", "region": "610902", "cats": ["302", "7", "501"],
     "address": "安康市汉滨区兴安路"},
    {"name": "商洛市产品质量监督检验所", "region": "611002", "cats": ["402", "501", "7"],
     "address": "商洛市商州区北新街"},
    {"name": "铜川市产品质量监督检验所", "region": "610202", "cats": ["402", "103", "7"],
     "address": "铜川市王益区红旗街"},
    {"name": "陕西省纤维检验局", "region": "610104", "cats": ["3", "202"], "address": "西安市莲湖区西关正街"},
]
INSPECTOR_UNITS = ("产品质量安全监督管理科", "执法稽查支队", "综合行政执法支队", "认证认可监督管理科", "特种设备安全监察科")
INSPECTOR_QUALIFICATIONS = ("执法证", "生产许可核查员证", "抽样员", "检验员", "审查员")

# --- Fixed cast (the demo logins' organisations and anchor enterprises) -------------------------
PROVINCE_BUREAU = "陕西省市场监督管理局"
YANGLING_BUREAU = "杨凌示范区市场监督管理局"
YANGLING_REGION = "610403"
AGENCY_LOGIN = "陕西省产品质量监督检验研究院"
PLATFORMS = [
    {"name": "陕西秦云优选电子商务有限公司", "region": "610113", "body": "MA6TQY01"},
    {"name": "西安长安购网络科技有限公司", "region": "610112", "body": "MA6TCA02"},
]
# Anchor enterprises, made at every scale; the first is the `qiye` login's enterprise.
ANCHORS: list[dict] = [
    {"name": "西安秦华电器有限公司", "region": "610113", "industry": "appliance", "body": "MA6TQH0B", "brand": "秦华",
     "brand_en": "Qinhua", "legal": "赵建国", "size": "medium", "established": "2012-05-18",
     "address": "陕西省西安市雁塔区丈八街道锦业路69号",
     "products": [("101.2", "秦华", "秦华智能电饭煲", "QH-FB40A"), ("101.1", "秦华", "秦华双人电热毯", "TB-150x120"),
                  ("101.2", "美的", "美的电饭煲", "MB-FB40Simple101"), ("101.2", "美的", "美的智能电饭煲", "MB-FB30M161")]},
    {"name": "宝鸡市渭滨区恒达电线电缆有限公司", "region": "610302", "industry": "cable", "body": "MA6XHD0C", "brand": "恒达",
     "brand_en": "Hengda", "legal": "李振华", "size": "small", "established": "2009-11-02",
     "address": "陕西省宝鸡市渭滨区清姜街道清姜路88号",
     "products": [("103.1", "恒达", "恒达铜芯聚氯乙烯绝缘电线", "BV 1×2.5mm²"), ("103.1", "恒达", "恒达电力电缆", "YJV 3×4+1×2.5mm²")]},
    {"name": "咸阳天和纺织服装有限公司", "region": "610402", "industry": "textile", "body": "MA6XTH0D", "brand": "天和",
     "brand_en": "Tianhe", "legal": "王秀英", "size": "small", "established": "2016-03-09",
     "address": "陕西省咸阳市秦都区人民路街道人民西路126号",
     "products": [("301.1", "天和", "天和婴儿连体衣", "TH-B66"), ("301.2", "天和", "天和儿童羽绒服", "TH-K120")]},
    {"name": "蒲城县兴盛烟花爆竹有限公司", "region": "610526", "industry": "fireworks", "body": "MA6YXT0E", "brand": "兴盛",
     "brand_en": "Xingsheng", "legal": "党卫东", "size": "small", "established": "2006-08-21",
     "address": "陕西省渭南市蒲城县城关街道东槐院路15号",
     "products": [("204.1", "兴盛", "兴盛组合烟花", "C级 36发"), ("204.2", "兴盛", "兴盛电光雷鞭炮", "D级 1000响")]},
]
