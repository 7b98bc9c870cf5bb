"""Labelled Chinese screening set: realistic listings against a watch-list, with hard negatives.

    .venv/bin/python bench/data/generate_screening_set.py --listings 5000 --entries 300 --out DIR

Fixed seed, so the set is the same on every machine. The truth is decided from what each listing
really is (brand, model, product type, seller ...) by an oracle that never looks at the text, so
the engine's text handling is what gets measured. Background listings are the real e-commerce
titles in ../shared/data/listings (all negatives), or synthetic filler when that is absent.
Hard negatives: accessories and spare parts, comparison listings (平替/对标/非…), the same model
under another brand, suffix and digit variants, other sizes, look-alikes of banned goods, a short
shop name instead of the enterprise's full name, another licence number.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED_LISTINGS = REPO.parent / "shared" / "data" / "listings"

# Known brands and the forms sellers write them in (the shipped dictionary knows most of them;
# a few typos are deliberately not in it, as in real life).
KNOWN_BRANDS = {
    "美的": ["美的", "Midea", "MIDEA", "美的牌", "meidi", "Mdiea", "Midae"],
    "格力": ["格力", "Gree", "GREE", "geli"],
    "海尔": ["海尔", "Haier", "HAIER", "Haeir"],
    "苏泊尔": ["苏泊尔", "SUPOR", "Supor", "suboer", "苏伯尔"],
    "九阳": ["九阳", "Joyoung", "jiuyang"],
    "公牛": ["公牛", "BULL", "公牛牌"],
    "飞利浦": ["飞利浦", "Philips", "PHILIPS", "Phillips"],
    "松下": ["松下", "Panasonic", "Pansonic"],
    "奥克斯": ["奥克斯", "AUX"],
    "格兰仕": ["格兰仕", "Galanz"],
    "彩虹": ["彩虹", "彩虹牌", "Rainbow"],
    "北极绒": ["北极绒", "Bejirog"],
    "好奇": ["好奇", "Huggies"],
    "帮宝适": ["帮宝适", "Pampers"],
    "起帆": ["起帆", "起帆电缆"],
    "德力西": ["德力西", "DELIXI", "Delixi"],
    "正泰": ["正泰", "CHINT"],
    "顾家家居": ["顾家家居", "顾家", "KUKA"],
    "小熊电器": ["小熊", "Bear"],
    "飞科": ["飞科", "FLYCO"],
}
SYLLABLES = "安宝贝博昌晨达德丰福富固冠广海恒弘华辉佳嘉金锦京景凯康科朗乐力联隆美明南宁鹏奇启荣瑞森盛世泰天通万维祥欣鑫信星雅益英永优元悦泽正志中卓"
PRODUCT_TYPES = {
    "电饭煲": ["电饭煲", "电饭锅"], "电压力锅": ["电压力锅", "高压锅"], "电热水壶": ["电热水壶", "电水壶"],
    "电热毯": ["电热毯", "电褥子"], "电吹风": ["电吹风", "吹风机"], "电磁炉": ["电磁炉"], "插座": ["插座", "插线板", "排插"],
    "电线电缆": ["电线", "电缆"], "纸尿裤": ["纸尿裤", "尿不湿", "拉拉裤"], "床垫": ["床垫"], "沙发": ["沙发"],
    "电暖器": ["取暖器", "电暖器"], "热水器": ["热水器"], "燃气灶": ["燃气灶"], "头盔": ["头盔", "安全帽"],
    "移动电源": ["充电宝", "移动电源"], "保温杯": ["保温杯"], "儿童安全座椅": ["安全座椅"], "电风扇": ["电风扇"],
}
ACCESSORIES = ["内胆", "配件", "控制器", "密封圈", "电源线", "遥控器", "滤网", "锅盖"]
LINES = ["金玉满堂", "心钻装", "小森林", "皇家御裤", "丝柔", "极光", "星空", "云朵", "暖阳", "晴空"]
FILLER = ["家用", "大容量", "智能", "预约", "多功能", "宿舍", "学生", "新款", "不粘", "节能", "静音", "加厚", "速热"]
NOISE = ["【包邮】", "正品", "官方旗舰店", "2024新款", "现货速发", "【顺丰】", "限时特价", ""]
BANNED = {
    "烟花爆竹": (["礼花弹 结婚庆典 36发", "鞭炮 500响 开业", "烟花 组合 100发 浏阳", "冷焰火 婚礼 舞台", "摔炮 儿童 过年"],
             ["电子鞭炮 结婚 无烟 可重复", "烟花发夹 少女 头饰", "烟花图案 抱枕", "烟花造型 小夜灯", "仿真烟花 装饰灯"]),
    "管制刀具": (["弹簧刀 户外 折叠", "三棱刀 军刺", "匕首 户外 防身"], ["匕首造型 钥匙扣", "匕首 玩具 塑料 儿童"]),
    "弩": (["十字弩 狩猎 大威力", "弓弩 户外 射击"], ["十字弩 模型 摆件", "弓弩 积木 拼装"]),
    "孔明灯": (["孔明灯 许愿灯 50个", "孔明灯 祈福 纸灯"], ["孔明灯造型 夜灯 led", "孔明灯 贴纸"]),
}
COMPARE_PATTERNS = ["{other}{ptype} {brand}平替 {model}同款", "对标{brand} {model} {ptype} 性价比", "非{brand} {ptype} {model}",
                    "媲美{brand} {ptype}", "{other} {ptype} 不输{brand}"]
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in string.ascii_letters + string.digits + "-"}
KINDS_MIX = [("model", 0.42), ("recall", 0.14), ("brand_only", 0.07), ("line", 0.07), ("revoked", 0.1),
             ("unlicensed", 0.1), ("maker", 0.1)]


@dataclass
class Dataset:
    listings: list[dict[str, str]]
    watchlist: list[dict[str, str]]
    truth: set[tuple[str, str]]
    registry_aliases: dict[str, list[str]]
    planted: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Facts:
    """What a listing really is; the oracle decides hits from these, never from the text."""

    brand: str | None = None
    model: str | None = None
    ptype: str | None = None
    line: str | None = None
    gtin: str | None = None
    licence: str | None = None
    uscc: str | None = None
    shop_enterprise: str | None = None
    enterprise_in_title: str | None = None
    banned: str | None = None
    accessory: bool = False


class Generator:
    def __init__(self, seed: int, n_brands: int) -> None:
        self.rng = random.Random(seed)
        self.brand_forms: dict[str, list[str]] = {b: list(f) for b, f in KNOWN_BRANDS.items()}
        self.registry: dict[str, list[str]] = {}
        self._add_synthetic_brands(max(0, n_brands - len(KNOWN_BRANDS)))
        self.brands = list(self.brand_forms)
        self.used_models: set[str] = set()
        self.used_names: set[str] = set()

    def _add_synthetic_brands(self, count: int) -> None:
        from pypinyin import lazy_pinyin

        taken: set[str] = set()
        while len(self.registry) < count:
            name = "".join(self.rng.choice(SYLLABLES) for _ in range(3))
            latin = "".join(self.rng.choice("bcdfgklmnprstvz") + self.rng.choice("aeiou") for _ in range(3))
            latin = latin.capitalize() + self.rng.choice(["", "x", "on", "ia"])
            pinyin = "".join(lazy_pinyin(name))
            # Two brands sharing a written form (homophones 锦昌万/金昌万, one Latin name) could not be
            # told apart by anyone; such a label would measure the generator, not the engine.
            if name in self.brand_forms or {latin.lower(), pinyin} & taken:
                continue
            taken |= {latin.lower(), pinyin}
            self.registry[name] = [latin, pinyin]
            self.brand_forms[name] = [name, name + "牌", latin, latin.upper(), pinyin]

    # ------------------------------------------------------------------ pieces
    def model(self) -> str:
        while True:
            shape = self.rng.random()
            letters = "".join(self.rng.choice(string.ascii_uppercase) for _ in range(self.rng.randint(2, 3)))
            if shape < 0.4:
                model = (f"{letters}-{self.rng.choice(string.ascii_uppercase)}{self.rng.choice(string.ascii_uppercase)}"
                         f"{self.rng.randint(10, 99)}{self.rng.choice(['Simple', 'Pro', 'Plus', 'Max', ''])}"
                         f"{self.rng.randint(100, 999)}")
            elif shape < 0.75:
                model = f"{letters}-{self.rng.randint(1000, 99999)}"
            else:
                model = f"{letters}{self.rng.randint(10, 999)}{self.rng.choice(string.ascii_uppercase)}"
            if model not in self.used_models:
                self.used_models.add(model)
                return model

    def written_model(self, model: str) -> str:
        """The same model as a seller might type it (never a different product)."""
        r = self.rng.random()
        if r < 0.3:
            return model
        if r < 0.45:
            return model.replace("-", "")
        if r < 0.6:
            return model.lower()
        if r < 0.7:
            return "".join(FULL_WIDTH.get(c, c) for c in model)
        if r < 0.85:
            return model.replace("-", self.rng.choice([" ", "_", "/", "·"]))
        head, _, tail = model.partition("-")
        return (head + "-" + tail[:3] + "-" + tail[3:]).upper() if len(tail) > 4 else model.upper()

    def variant(self, model: str) -> str:
        """Another product: a suffix letter, another digit."""
        if self.rng.random() < 0.5:
            return model + self.rng.choice("HSGKX")
        digits = [i for i, c in enumerate(model) if c.isdigit()]
        i = self.rng.choice(digits)
        return model[:i] + str((int(model[i]) + self.rng.randint(1, 8)) % 10) + model[i + 1 :]

    def gtin(self) -> str:
        body = "69" + "".join(self.rng.choice(string.digits) for _ in range(10))
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
        return body + str((10 - total % 10) % 10)

    def uscc(self) -> str:
        return "91" + "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(16))

    def enterprise(self) -> tuple[str, str]:
        while True:
            core = "".join(self.rng.choice(SYLLABLES) for _ in range(2))
            trade = self.rng.choice(["电器", "电线电缆", "五金", "家居", "日用品", "塑料制品", "燃气具", "纸业"])
            city = self.rng.choice(["慈溪市", "余姚市", "中山市", "佛山市顺德区", "东莞市", "宁波市", "温州市", "西安市"])
            full = f"{city}{core}{trade}有限公司"
            if full not in self.used_names:
                self.used_names.add(full)
                return full, core + trade

    def licence(self) -> str:
        return f"XK{self.rng.randint(10, 99)}-{self.rng.randint(100, 999)}-{self.rng.randint(10000, 99999)}"

    def brand_form(self, brand: str) -> str:
        return self.rng.choice(self.brand_forms[brand])

    def other_brand(self, brand: str) -> str:
        while True:
            other = self.rng.choice(self.brands)
            if other != brand:
                return other

    def ptype_word(self, ptype: str) -> str:
        return self.rng.choice(PRODUCT_TYPES[ptype])

    def dress(self, *parts: str, traditional: bool = False) -> str:
        words = [p for p in parts if p]
        words += self.rng.sample(FILLER, self.rng.randint(0, 2))
        if self.rng.random() < 0.4:
            words.insert(0, self.rng.choice(NOISE))
        self.rng.shuffle(words[1:]) if self.rng.random() < 0.3 else None
        title = " ".join(w for w in words if w)
        return _to_traditional(title) if traditional else title


_S2T = None


def _to_traditional(text: str) -> str:
    global _S2T
    if _S2T is None:
        import opencc

        _S2T = opencc.OpenCC("s2t")
    return _S2T.convert(text)


def make_watchlist(gen: Generator, n_entries: int) -> tuple[list[dict[str, str]], dict[str, dict[str, Any]]]:
    entries: list[dict[str, str]] = []
    facts: dict[str, dict[str, Any]] = {}
    used_brand_types: set[tuple[str, str]] = set()
    kinds = [k for k, _ in KINDS_MIX]
    weights = [w for _, w in KINDS_MIX]
    for category in BANNED:
        wid = f"W{len(entries) + 1:06d}"
        entries.append({"watch_id": wid, "kind": "banned_online", "category": category, "reason": "禁止网络销售"})
        facts[wid] = {"kind": "banned", "banned": category}
    while len(entries) < n_entries:
        wid = f"W{len(entries) + 1:06d}"
        kind = gen.rng.choices(kinds, weights)[0]
        brand, ptype = gen.rng.choice(gen.brands), gen.rng.choice(list(PRODUCT_TYPES))
        row: dict[str, str] = {"watch_id": wid}
        fact: dict[str, Any] = {"kind": kind, "brand": brand, "ptype": ptype}
        if kind in ("model", "recall"):
            model = gen.model()
            fact["model"] = model
            row |= {"kind": "nonconforming_product" if kind == "model" else "recalled_product", "brand": brand,
                    "model": model, "product_name": PRODUCT_TYPES[ptype][0]}
            if kind == "recall":
                fact["gtin"] = gen.gtin()
                row["gtin"] = fact["gtin"]
        elif kind in ("brand_only", "line"):
            if (brand, ptype) in used_brand_types:
                continue
            used_brand_types.add((brand, ptype))
            row |= {"kind": "nonconforming_product", "brand": brand, "product_name": PRODUCT_TYPES[ptype][0]}
            if kind == "line":
                fact["line"] = gen.rng.choice(LINES)
                row["product_name"] = f"{fact['line']}{PRODUCT_TYPES[ptype][0]} {gen.rng.choice(['L码', '36发', '1.5米'])}"
        else:
            full, short = gen.enterprise()
            fact |= {"enterprise": full, "short": short, "uscc": gen.uscc(), "brand": None}
            row |= {"enterprise_name": full, "uscc": fact["uscc"]}
            if kind == "revoked":
                fact["licence"] = gen.licence()
                row |= {"kind": "revoked_licence", "licence_no": gen.rng.choice(["", "陕", "粤"]) + fact["licence"]}
            elif kind == "unlicensed":
                row |= {"kind": "unlicensed_producer", "category": PRODUCT_TYPES[ptype][0]}
            else:
                row |= {"kind": "nonconforming_product", "product_name": PRODUCT_TYPES[ptype][0]}
        entries.append(row)
        facts[wid] = fact
    return entries, facts


def positive_listing(gen: Generator, fact: dict[str, Any]) -> tuple[str, dict[str, str], Facts]:
    """A listing that IS the entry's product (or seller), written the way sellers write."""
    rng, kind = gen.rng, fact["kind"]
    fields: dict[str, str] = {}
    traditional = rng.random() < 0.08
    if kind in ("model", "recall", "brand_only", "line"):
        brand, ptype = fact["brand"], fact["ptype"]
        facts = Facts(brand=brand, ptype=ptype, model=fact.get("model"), line=fact.get("line"), gtin=fact.get("gtin"))
        brand_text = gen.brand_form(brand)
        if rng.random() < 0.15:
            fields["brand"], brand_text = brand_text, ""
        model_text = ""
        if fact.get("model"):
            model_text = gen.written_model(fact["model"])
            if rng.random() < 0.15:
                fields["model"], model_text = model_text, ""
        if fact.get("gtin") and rng.random() < 0.3:
            if rng.random() < 0.5:
                fields["gtin"] = fact["gtin"]
            else:
                model_text += f" 条码{fact['gtin']}"
        line = fact.get("line") or ""
        size = rng.choice(["", "L码 52片", "XL 36片", "4L", "1.5米", "2000W"]) if line else ""
        title = gen.dress(brand_text + rng.choice(["", " "]) + line, gen.ptype_word(ptype), model_text, size,
                          traditional=traditional)
        return title, fields, facts
    if kind == "banned":
        return gen.dress(rng.choice(BANNED[fact["banned"]][0])), fields, Facts(banned=fact["banned"])
    ptype_word = gen.ptype_word(fact["ptype"])
    facts = Facts(ptype=fact["ptype"])
    r = rng.random()
    if kind == "revoked" and r < 0.5:
        licence = fact["licence"] if rng.random() < 0.5 else fact["licence"].replace("-", "")
        facts.licence = fact["licence"]
        return gen.dress(ptype_word, f"生产许可证 {licence}"), fields, facts
    if r < 0.75:
        fields["seller_uscc"] = fact["uscc"] if rng.random() < 0.7 else fact["uscc"].lower()
        facts.uscc = fact["uscc"]
    else:
        fields["shop_name"] = fact["enterprise"] + rng.choice(["", "旗舰店", "官方旗舰店"])
        facts.shop_enterprise = fact["enterprise"]
    return gen.dress(ptype_word, gen.rng.choice(FILLER)), fields, facts


def hard_negative(gen: Generator, fact: dict[str, Any]) -> tuple[str, dict[str, str], Facts]:
    """Looks like the entry's product but is not it."""
    rng, kind = gen.rng, fact["kind"]
    if kind == "banned":
        return gen.dress(rng.choice(BANNED[fact["banned"]][1])), {}, Facts()
    if kind in ("revoked", "unlicensed", "maker"):
        ptype_word = gen.ptype_word(fact["ptype"])
        if kind == "revoked" and rng.random() < 0.5:
            return gen.dress(ptype_word, f"生产许可证 {gen.variant(fact['licence'])}"), {}, Facts(ptype=fact["ptype"])
        return gen.dress(ptype_word), {"shop_name": fact["short"] + rng.choice(["旗舰店", "专营店"])}, Facts(
            ptype=fact["ptype"])
    brand, ptype = fact["brand"], fact["ptype"]
    model = fact.get("model")
    brand_text = gen.brand_form(brand)
    ptype_word = gen.ptype_word(ptype)
    choice = rng.random()
    if choice < 0.3:  # accessory or spare part of exactly that product
        part = rng.choice(ACCESSORIES)
        title = gen.dress(rng.choice(["适用", "", "兼容"]) + brand_text, ptype_word, gen.written_model(model) if model else "",
                          part, rng.choice(["", "非原厂", "替换"]))
        return title, {}, Facts(brand=brand, ptype=ptype, model=model, line=fact.get("line"), accessory=True)
    if choice < 0.5:  # comparison listing: the seller's own brand is another one
        other = gen.other_brand(brand)
        pattern = rng.choice(COMPARE_PATTERNS)
        title = pattern.format(other=gen.brand_form(other), brand=brand_text, ptype=ptype_word,
                               model=gen.written_model(model) if model else "")
        return gen.dress(title), {}, Facts(brand=other if "{other}" in pattern else None, ptype=ptype)
    if choice < 0.75 and model:  # the same model number under another brand
        other = gen.other_brand(brand)
        return gen.dress(gen.brand_form(other), ptype_word, gen.written_model(model)), {}, Facts(
            brand=other, ptype=ptype, model=model)
    if model:  # a suffix letter or another digit: another product of the same brand
        other_model = gen.variant(model)
        return gen.dress(brand_text, ptype_word, other_model), {}, Facts(brand=brand, ptype=ptype, model=other_model)
    other_ptype = rng.choice([p for p in PRODUCT_TYPES if p != ptype])
    return gen.dress(brand_text, gen.ptype_word(other_ptype)), {}, Facts(brand=brand, ptype=other_ptype)


class Oracle:
    """The hits DOMAIN.md 8a asks for, decided on facts (indexes keep it linear in size)."""

    def __init__(self, facts: dict[str, dict[str, Any]]) -> None:
        self.index: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for wid, f in facts.items():
            kind = f["kind"]
            if kind in ("model", "recall"):
                self.index[("m", f["brand"], f["model"])].append(wid)
                if f.get("gtin"):
                    self.index[("g", f["gtin"])].append(wid)
            elif kind == "line":
                self.index[("p", f["brand"], f["line"])].append(wid)
            elif kind == "brand_only":
                self.index[("t", f["brand"], f["ptype"])].append(wid)
            elif kind == "banned":
                self.index[("c", f["banned"])].append(wid)
            else:
                self.index[("u", f["uscc"])].append(wid)
                self.index[("s", f["enterprise"])].append(wid)
                if kind == "revoked":
                    self.index[("l", f["licence"])].append(wid)
            if kind == "maker":
                self.maker_ptype = True
        self.facts = facts

    def hits(self, fact: Facts) -> set[str]:
        found = set(self.index.get(("g", fact.gtin), ())) if fact.gtin else set()
        if fact.accessory:
            return found
        if fact.brand and fact.model:
            found.update(self.index.get(("m", fact.brand, fact.model), ()))
        if fact.brand and fact.line:
            found.update(self.index.get(("p", fact.brand, fact.line), ()))
        if fact.brand and fact.ptype:
            found.update(self.index.get(("t", fact.brand, fact.ptype), ()))
        if fact.banned:
            found.update(self.index.get(("c", fact.banned), ()))
        if fact.licence:
            found.update(self.index.get(("l", fact.licence), ()))
        for key in (("u", fact.uscc), ("s", fact.shop_enterprise)):
            for wid in self.index.get(key, ()) if key[1] else ():
                f = self.facts[wid]
                if f["kind"] != "maker" or f["ptype"] == fact.ptype:  # a maker entry names its product type
                    found.add(wid)
        return found


def background_titles() -> list[str]:
    titles: list[str] = []
    for name in ("train.jsonl", "dev.jsonl", "test.jsonl"):
        path = SHARED_LISTINGS / name
        if path.is_file():
            titles += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return titles


def generate(n_listings: int, n_entries: int, *, seed: int = 20161, positive_rate: float = 0.25,
             hard_negative_rate: float = 0.25, n_brands: int | None = None) -> Dataset:
    gen = Generator(seed, n_brands or max(60, n_entries // 20))
    watchlist, facts = make_watchlist(gen, n_entries)
    oracle = Oracle(facts)
    ids = list(facts)
    real = background_titles()
    listings: list[dict[str, str]] = []
    truth: set[tuple[str, str]] = set()
    planted: set[tuple[str, str]] = set()
    for i in range(n_listings):
        lid = f"L{i + 1:07d}"
        r = gen.rng.random()
        wid = gen.rng.choice(ids)
        if r < positive_rate:
            title, fields, fact = positive_listing(gen, facts[wid])
            planted.add((lid, wid))
        elif r < positive_rate + hard_negative_rate:
            title, fields, fact = hard_negative(gen, facts[wid])
        elif real:
            title, fields, fact = gen.rng.choice(real), {}, Facts()
        else:
            title, fields, fact = gen.dress(gen.brand_form(gen.rng.choice(gen.brands)), gen.model()), {}, Facts()
        listings.append({"listing_id": lid, "title": title, "platform": gen.rng.choice(["淘宝", "京东", "拼多多"]),
                         **fields})
        truth.update((lid, hit) for hit in oracle.hits(fact))
    return Dataset(listings, watchlist, truth, gen.registry, planted)


def write(dataset: Dataset, folder: Path, fmt: str = "parquet") -> dict[str, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, rows in (("listings", dataset.listings), ("watchlist", dataset.watchlist)):
        names = list(dict.fromkeys(k for row in rows[:5000] for k in row))
        names += [k for k in dict.fromkeys(k for row in rows for k in row) if k not in names]
        table = pa.table({k: pa.array([row.get(k) for row in rows], pa.string()) for k in names})
        path = folder / f"{name}.{fmt}"
        if fmt == "parquet":
            pq.write_table(table, path)
        else:
            from pyarrow import csv

            csv.write_csv(table, path)
        paths[name] = path
    truth = pa.table({"listing_id": [t[0] for t in sorted(dataset.truth)],
                      "watch_id": [t[1] for t in sorted(dataset.truth)]})
    pq.write_table(truth, folder / "truth.parquet")
    (folder / "registry_aliases.json").write_text(json.dumps(dataset.registry_aliases, ensure_ascii=False),
                                                  encoding="utf-8")
    paths["truth"] = folder / "truth.parquet"
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20161)
    parser.add_argument("--out", type=Path, default=Path("/tmp/zhijian-screening-set"))
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    args = parser.parse_args()
    dataset = generate(args.listings, args.entries, seed=args.seed)
    paths = write(dataset, args.out, args.format)
    print(f"{len(dataset.listings)} listings, {len(dataset.watchlist)} entries, {len(dataset.truth)} true hits -> "
          f"{paths['listings'].parent}")


if __name__ == "__main__":
    main()
