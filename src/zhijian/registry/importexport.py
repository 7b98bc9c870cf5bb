"""Spreadsheet import/export for the registry: enterprises, product categories, brands, products.

Discovered by core.importexport (like admin.py). Every write goes through registry.services, so
permission checks, identifier validation and audit entries are the same as for the UI and API.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhijian.core.identifiers import (
    validate_gtin,
    validate_licence_number,
    validate_region_code,
    validate_standard_number,
    validate_uscc,
)
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import BUREAU_IMPORTERS, Column, Resource, bilingual, region_known, register
from zhijian.registry import selectors, services
from zhijian.registry.choices import AliasKind, EnterpriseStatus, Industry, ProductStatus, SizeClass
from zhijian.registry.models import Brand, Enterprise, Product, ProductCategory

PROVINCE_IMPORTERS = frozenset({"administrator", "province_staff"})


def _known_region(value: Any) -> str:
    return validate_region_code(value, known_region=region_known)


def _uscc(value: Any) -> str:
    return validate_uscc(value, known_region=region_known)


@register
class EnterpriseResource(Resource):
    entity = "enterprises"
    title = _("企业")
    model = Enterprise
    natural_key = ("uscc",)
    region_field = "region"
    import_roles = BUREAU_IMPORTERS
    order_by = ("id",)
    columns = [
        Column("统一社会信用代码", "uscc", required=True, parse=cells.identifier(_uscc), width=22,
               help="18位，第3-8位为登记机关行政区划代码", example="91610113MA6TXXXXXX", aliases=("社会信用代码",)),
        Column("企业名称", "name", required=True, parse=cells.text(200), width=30, example="西安某某电器有限公司"),
        Column("法定代表人", "legal_representative", required=True, parse=cells.text(50), example="张三"),
        Column("注册地址", "registered_address", required=True, parse=cells.text(255), width=36),
        Column("生产地址", "production_address", parse=cells.text(255), width=36),
        Column("行政区划代码", "region", required=True, parse=cells.identifier(_known_region), export="region_id",
               help="6位 GB/T 2260 代码，须在您的管辖范围内", example="610113", aliases=("所在区划",)),
        Column("所属行业", "industry", required=True, parse=cells.choice(Industry.choices)),
        Column("企业规模", "size_class", required=True, parse=cells.choice(SizeClass.choices)),
        Column("登记状态", "status", parse=cells.choice(EnterpriseStatus.choices), help="留空为“存续”"),
        Column("注册号（旧）", "registration_number", parse=cells.text(15), help="2015年前的15位工商注册号，可空"),
        Column("联系人", "contact_person", parse=cells.text(50)),
        Column("联系电话", "contact_phone", parse=cells.text(30)),
        Column("成立日期", "established_on", parse=cells.date, help="YYYY-MM-DD", example="2015-06-01"),
    ]

    def queryset(self, user: Any):
        return selectors.enterprise_detail_queryset(user)

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("status") == "":
            values.pop("status")  # blank: keep the current status (a new enterprise starts 存续)
        return values

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Enterprise:
        return services.enterprise_create(acting_user=acting_user, **values)

    def update(self, obj: Enterprise, values: dict[str, Any], *, acting_user: Any) -> Enterprise:
        status = values.pop("status", None)
        values.pop("uscc", None)
        enterprise = services.enterprise_update(acting_user=acting_user, instance=obj, **values)
        if status and status != enterprise.status:
            enterprise = services.enterprise_set_status(acting_user=acting_user, instance=enterprise, status=status,
                                                        reason="导入 / import")
        return enterprise


@register
class ProductCategoryResource(Resource):
    entity = "product-categories"
    title = _("产品分类")
    model = ProductCategory
    natural_key = ("code",)
    import_roles = PROVINCE_IMPORTERS
    order_by = ("code",)
    columns = [
        Column("分类代码", "code", required=True, parse=cells.text(20), example="401.6",
               help="上级代码加本级编号，如 4 / 401 / 401.6；上级分类须已存在或在文件中位于前面的行"),
        Column("名称", "name", required=True, parse=cells.text(100), width=24, example="电热毯"),
        Column("上级分类代码", "parent", parse=cells.text(20), export="parent.code", example="401"),
        Column("生产许可证管理", "licence_required", parse=cells.boolean, default=False),
        Column("许可证管理起始日", "licence_valid_from", parse=cells.date, help="YYYY-MM-DD"),
        Column("许可证管理截止日", "licence_valid_to", parse=cells.date, help="此日起不再实行生产许可证管理"),
        Column("强制性产品认证（CCC）", "ccc_required", parse=cells.boolean, default=False, aliases=("CCC",)),
        Column("CCC起始日", "ccc_valid_from", parse=cells.date),
        Column("CCC截止日", "ccc_valid_to", parse=cells.date),
        Column("重点消费品", "key_consumer_product", parse=cells.boolean, default=False),
        Column("重点工业产品", "focus_industrial_product", parse=cells.boolean, default=False),
        Column("食品相关产品", "food_related", parse=cells.boolean, default=False),
        Column("说明", "description", parse=cells.text(), width=30),
    ]

    def __init__(self) -> None:
        self._codes_in_file: set[str] = set()

    def queryset(self, user: Any):
        return selectors.category_list(user)

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", values["code"]):
            errors.append(("code", bilingual("分类代码应为数字，如 401 或 401.6", "the code must be digits such as 401 or 401.6")))
        parent = values.get("parent")
        if parent and parent not in self._codes_in_file and not ProductCategory.objects.filter(code=parent).exists():
            errors.append(("parent", bilingual(f"上级分类 {parent} 不存在", f"parent category {parent} does not exist")))
        self._codes_in_file.add(values["code"])
        return errors

    def _with_parent(self, values: dict[str, Any]) -> dict[str, Any]:
        if "parent" in values:
            code = values["parent"]
            values["parent"] = ProductCategory.objects.get(code=code) if code else None
        return values

    def create(self, values: dict[str, Any], *, acting_user: Any) -> ProductCategory:
        return services.category_create(acting_user=acting_user, **self._with_parent(values))

    def update(self, obj: ProductCategory, values: dict[str, Any], *, acting_user: Any) -> ProductCategory:
        values.pop("code", None)
        return services.category_update(acting_user=acting_user, instance=obj, **self._with_parent(values))


def alias_kind(alias: str, pinyin: str) -> str:
    """Guess how an alias is written, for the screening engine's matching."""
    if alias.lower().replace(" ", "") == pinyin:
        return AliasKind.PINYIN
    if re.fullmatch(r"[A-Za-z0-9 .&'-]+", alias):
        return AliasKind.ENGLISH
    if re.search(r"[\u4e00-\u9fff]", alias):
        return AliasKind.CHINESE
    return AliasKind.OTHER


@register
class BrandResource(Resource):
    entity = "brands"
    title = _("品牌")
    model = Brand
    natural_key = ("name",)
    import_roles = BUREAU_IMPORTERS
    order_by = ("name",)
    columns = [
        Column("品牌名称", "name", required=True, parse=cells.text(100), example="美的"),
        Column("英文名", "name_en", parse=cells.text(100), example="Midea"),
        Column("拼音", "pinyin", parse=cells.text(200), help="留空时自动生成", example="meide"),
        Column("权利人统一社会信用代码", "owner", parse=cells.identifier(validate_uscc), export="owner.uscc", width=22,
               help="品牌所属企业，须已在企业名录中"),
        Column("别名", "aliases", parse=cells.many(cells.text(100)), width=30,
               export=lambda brand: [a.alias for a in brand.aliases.all()], example="Midea;美的集团;meide"),
    ]

    def queryset(self, user: Any):
        return selectors.brand_list(user).prefetch_related("aliases")

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("pinyin") == "":
            values.pop("pinyin")  # blank: the service derives it from the name
        elif "pinyin" in values:
            values["pinyin"] = values["pinyin"].lower()
        if "aliases" in values:
            values["aliases"] = [a for a in values["aliases"] if a != values["name"]]
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        owner = values.get("owner")
        if owner and not Enterprise.objects.filter(uscc=owner).exists():
            errors.append(("owner", bilingual(f"企业 {owner} 不在企业名录中", f"enterprise {owner} is not registered")))
        return errors

    def _owner(self, values: dict[str, Any]) -> dict[str, Any]:
        if "owner" in values:
            values["owner"] = Enterprise.objects.get(uscc=values["owner"]) if values["owner"] else None
        return values

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Brand:
        aliases = values.pop("aliases", [])
        brand = services.brand_create(acting_user=acting_user, **self._owner(values))
        self._sync_aliases(brand, aliases, acting_user=acting_user)
        return brand

    def update(self, obj: Brand, values: dict[str, Any], *, acting_user: Any) -> Brand:
        aliases = values.pop("aliases", None)
        values.pop("name", None)
        brand = services.brand_update(acting_user=acting_user, instance=obj, **self._owner(values))
        if aliases is not None:
            self._sync_aliases(brand, aliases, acting_user=acting_user)
        return brand

    def _sync_aliases(self, brand: Brand, aliases: list[str], *, acting_user: Any) -> None:
        current = {a.alias: a for a in brand.aliases.all()}
        for alias in aliases:
            if alias not in current and alias != brand.name:
                services.brand_alias_add(acting_user=acting_user, brand=brand, alias=alias,
                                         kind=alias_kind(alias, brand.pinyin))
        for alias, row in current.items():
            if alias not in aliases:
                services.brand_alias_remove(acting_user=acting_user, alias=row)


@register
class ProductResource(Resource):
    entity = "products"
    title = _("产品")
    model = Product
    natural_key = ("enterprise", "name", "model")
    import_roles = BUREAU_IMPORTERS | {"enterprise_user"}
    order_by = ("id",)
    columns = [
        Column("生产企业统一社会信用代码", "enterprise", required=True, parse=cells.identifier(validate_uscc),
               export="enterprise.uscc", width=22, help="须已在企业名录中，且在您的管辖范围内"),
        Column("产品名称", "name", required=True, parse=cells.text(200), width=24, example="电饭煲"),
        Column("规格型号", "model", parse=cells.text(100), example="MB-FB40"),
        Column("产品分类代码", "category", required=True, parse=cells.text(20), export="category.code", example="401.3"),
        Column("品牌", "brand", parse=cells.text(100), export="brand.name", help="须已在品牌库中", example="美的"),
        Column("商品条码", "gtins", parse=cells.many(cells.identifier(validate_gtin)), width=30,
               help="GTIN-8/12/13/14", example="6901234567892;6901234567885"),
        Column("执行标准", "declared_standards", parse=cells.many(cells.identifier(validate_standard_number)), width=30,
               example="GB 4706.1-2005;GB 4706.19-2008"),
        Column("生产许可证编号", "licence_number", parse=cells.identifier(validate_licence_number),
               help="列入许可目录的产品", example="陕XK16-204-00397"),
        Column("状态", "status", parse=cells.choice(ProductStatus.choices), help="留空为“在产”"),
        Column("说明", "description", parse=cells.text(), width=30),
    ]

    def __init__(self) -> None:
        self._enterprises: dict[str, Enterprise | None] = {}

    def queryset(self, user: Any):
        return selectors.product_list(user).select_related("brand", "category", "enterprise")

    def export_queryset(self, user: Any):
        return self.queryset(user).defer(None).order_by("id")

    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("status") == "":
            values.pop("status")
        return values

    def _enterprise(self, uscc: str) -> Enterprise | None:
        if uscc not in self._enterprises:
            self._enterprises[uscc] = Enterprise.objects.filter(uscc=uscc).first()
        return self._enterprises[uscc]

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        errors = super().clean_row(values, acting_user=acting_user, present=present)
        enterprise = self._enterprise(values["enterprise"])
        if enterprise is None:
            errors.append(("enterprise", bilingual(f"企业 {values['enterprise']} 不在企业名录中",
                                                   f"enterprise {values['enterprise']} is not registered")))
        elif not services.can_write_products_of(acting_user, enterprise):
            errors.append(("enterprise", bilingual(
                f"企业 {enterprise.name}（行政区划 {enterprise.region_id}）不在您的管辖范围内",
                f"enterprise {enterprise.uscc} (region {enterprise.region_id}) is outside your jurisdiction")))
        if not ProductCategory.objects.filter(code=values["category"]).exists():
            errors.append(("category", bilingual(f"产品分类 {values['category']} 不存在",
                                                 f"product category {values['category']} does not exist")))
        if values.get("brand") and not Brand.objects.filter(name=values["brand"]).exists():
            errors.append(("brand", bilingual(f"品牌 {values['brand']} 不在品牌库中",
                                              f"brand {values['brand']} is not registered")))
        return errors

    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values.get("enterprise"), values.get("name"), values.get("model") or "")

    def find_existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
        wanted = set(keys)
        usccs = sorted({k[0] for k in keys})
        found: dict[tuple[Any, ...], Any] = {}
        for start in range(0, len(usccs), 500):
            rows = Product.objects.filter(enterprise__uscc__in=usccs[start:start + 500]).select_related(
                "enterprise", "category", "brand")
            for product in rows:
                key = (product.enterprise.uscc, product.name, product.model)
                if key in wanted:
                    found[key] = product
        return found

    def _resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        if "enterprise" in values:
            values["enterprise"] = self._enterprise(values["enterprise"])
        if "category" in values:
            values["category"] = ProductCategory.objects.get(code=values["category"])
        if "brand" in values:
            values["brand"] = Brand.objects.get(name=values["brand"]) if values["brand"] else None
        return values

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Product:
        return services.product_create(acting_user=acting_user, **self._resolve(values))

    def update(self, obj: Product, values: dict[str, Any], *, acting_user: Any) -> Product:
        for key in self.natural_key:
            values.pop(key, None)
        return services.product_update(acting_user=acting_user, instance=obj, **self._resolve(values))
