"""Identifier validation at the boundary (DOMAIN.md section 6).

Every validator returns the normalised value or raises IdentifierError with a bilingual reason,
so forms, serializers and importers all report the same words.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import ean
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_11_10


class IdentifierError(ValueError):
    """An identifier failed validation; `zh` and `en` carry the reason in both languages."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
USCC_AUTHORITIES = set("123456789ANY")
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _compact(value: str) -> str:
    """Full-width to half-width, strip spaces and hyphens, upper-case."""
    value = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s\-]", "", value).upper()


def organisation_code_check(body: str) -> str:
    """GB 11714 check character for an 8-character body."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def validate_organisation_code(value: str) -> str:
    code = _compact(value)
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
        raise IdentifierError("组织机构代码应为8位数字或大写字母加1位校验码", "organisation code must be 8 digits or capital letters plus a check character")
    if organisation_code_check(code[:8]) != code[8]:
        raise IdentifierError("组织机构代码校验码错误", "organisation code check character does not match")
    return code


def uscc_check(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str, *, known_region=None) -> str:
    """GB 32100 unified social credit code, with the checks python-stdnum leaves out.

    `known_region` is an optional callable(code6) -> bool telling whether positions 3-8 are a
    real division code.
    """
    code = _compact(value)
    if len(code) != 18:
        raise IdentifierError("统一社会信用代码应为18位", "unified social credit code must have 18 characters")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise IdentifierError(
            f"统一社会信用代码含非法字符 {bad[0]}（不使用 I、O、Z、S、V）",
            f"unified social credit code contains invalid character {bad[0]} (I, O, Z, S, V are not used)",
        )
    if code[0] not in USCC_AUTHORITIES:
        raise IdentifierError("统一社会信用代码第1位登记管理部门代码无效", "registration authority code (position 1) is not valid")
    if not code[2:8].isdigit():
        raise IdentifierError("统一社会信用代码第3-8位应为行政区划代码", "positions 3-8 must be an administrative division code")
    if code[:2].isdigit():
        try:  # the library check, where its digits-only assumption holds
            stdnum_uscc.validate(code)
        except StdnumError as exc:
            raise IdentifierError("统一社会信用代码校验码错误", "unified social credit code check character does not match") from exc
    elif uscc_check(code[:17]) != code[17]:
        raise IdentifierError("统一社会信用代码校验码错误", "unified social credit code check character does not match")
    try:
        validate_organisation_code(code[8:17])
    except IdentifierError as exc:
        raise IdentifierError(
            "统一社会信用代码内嵌的组织机构代码校验码错误",
            "the embedded organisation code (positions 9-17) has a wrong check character",
        ) from exc
    if known_region is not None and not known_region(code[2:8]):
        raise IdentifierError(
            f"统一社会信用代码第3-8位 {code[2:8]} 不是有效的行政区划代码",
            f"positions 3-8 ({code[2:8]}) are not a known administrative division code",
        )
    return code


def make_uscc(region6: str, org_body8: str, authority: str = "9", kind: str = "1") -> str:
    """Build a valid USCC (used by the demo province and factories)."""
    org = org_body8 + organisation_code_check(org_body8)
    body = f"{authority}{kind}{region6}{org}"
    return body + uscc_check(body)


def validate_registration_number(value: str) -> str:
    """Legacy 15-digit business registration number (GS 15-2006), ISO 7064 MOD 11,10."""
    code = _compact(value)
    if not re.fullmatch(r"\d{15}", code):
        raise IdentifierError("注册号应为15位数字", "registration number must be 15 digits")
    if not mod_11_10.is_valid(code):
        raise IdentifierError("注册号校验位错误", "registration number check digit does not match")
    return code


def validate_gtin(value: str) -> str:
    code = _compact(value)
    if not re.fullmatch(r"\d{8}|\d{12,14}", code):
        raise IdentifierError("商品条码应为8、12、13或14位数字", "GTIN must have 8, 12, 13 or 14 digits")
    try:
        ean.validate(code)
    except StdnumError as exc:
        raise IdentifierError("商品条码校验位错误", "GTIN check digit does not match") from exc
    return code


PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕秦甘陇青宁新"
_LICENCE_RE = re.compile(rf"^(?:[\(（]?([{PROVINCE_ABBREVIATIONS}])[\)）]?)?XK(\d{{2}})-(\d{{3}})-(\d{{5}})$")


def validate_licence_number(value: str) -> str:
    """Production licence number XK××-×××-××××× with an optional province prefix (DOMAIN 3.2)."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    text = re.sub(r"[‐‑‒–—－]", "-", text).replace(" ", "")
    if re.fullmatch(rf"[{PROVINCE_ABBREVIATIONS}]?XK\d{{10}}", text.strip("()（）")):
        digits = text[-10:]
        text = text[: -10] + f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    match = _LICENCE_RE.match(text)
    if not match:
        raise IdentifierError(
            "生产许可证编号格式应为 XK××-×××-×××××（可带省份简称）",
            "production licence number must look like XK12-345-67890 (optionally with a province prefix)",
        )
    province = match.group(1) or ""
    return f"{province}XK{match.group(2)}-{match.group(3)}-{match.group(4)}"


_STANDARD_RE = re.compile(r"^(GB|GB/T|GB/Z|[A-Z]{2}(?:/T)?|DB\d{2}(?:/T)?)\s?(\d+(?:\.\d+)*)-(\d{4})$")


def validate_standard_number(value: str) -> str:
    """Standard number such as GB 4706.1-2005, GB/T 28004-2011, FZ/T 62011.1-2016, DB61/T 1234-2020."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    text = re.sub(r"[‐‑‒–—－]", "-", text)
    text = re.sub(r"\s+", " ", text)
    match = _STANDARD_RE.match(text)
    if not match:
        raise IdentifierError(
            "标准编号格式不正确，应如 GB 4706.1-2005 或 GB/T 28004-2011",
            "standard number must look like GB 4706.1-2005 or GB/T 28004-2011",
        )
    return f"{match.group(1)} {match.group(2)}-{match.group(3)}"


def validate_region_code(value: str, *, known_region=None) -> str:
    code = _compact(value)
    if not re.fullmatch(r"\d{6}", code):
        raise IdentifierError("行政区划代码应为6位数字", "region code must be 6 digits")
    if known_region is not None and not known_region(code):
        raise IdentifierError(f"行政区划代码 {code} 不存在或已失效", f"region code {code} is unknown or no longer valid")
    return code
