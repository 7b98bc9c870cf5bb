"""Every write to the registry: keyword-only, one transaction, permission-checked and audited.

Who may write (issue 2): administrators and province staff anywhere; city and county staff
within their region prefix; an enterprise user only its own enterprise's contact fields and its
own products; agencies, platforms, inspectors and auditors read only. The product catalogue is
national reference data, kept by the province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from pypinyin import lazy_pinyin

from zhijian.audit.services import audited_delete, audited_save, log_event
from zhijian.core.identifiers import (
    IdentifierError,
    validate_gtin,
    validate_licence_number,
    validate_region_code,
    validate_registration_number,
    validate_standard_number,
    validate_uscc,
)
from zhijian.core.models import Region
from zhijian.core.selectors import region_exists
from zhijian.registry.choices import ENTERPRISE_STATUS_TRANSITIONS, AliasKind, EnterpriseStatus, ProductStatus
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory, ProductGTIN

PROVINCE_WRITERS = {"administrator", "province_staff"}
LOCAL_WRITERS = {"city_staff", "county_staff"}
ENTERPRISE_SELF_FIELDS = frozenset({"contact_person", "contact_phone"})
ENTERPRISE_FIELDS = frozenset({
    "uscc", "name", "legal_representative", "registered_address", "production_address", "region", "industry",
    "size_class", "registration_number", "organisation", "contact_person", "contact_phone", "established_on",
})
CATEGORY_FIELDS = frozenset({
    "code", "name", "parent", "licence_required", "licence_valid_from", "licence_valid_to", "ccc_required",
    "ccc_valid_from", "ccc_valid_to", "key_consumer_product", "focus_industrial_product", "food_related",
    "description",
})
BRAND_FIELDS = frozenset({"name", "name_en", "pinyin", "owner"})
PRODUCT_FIELDS = frozenset({
    "enterprise", "category", "brand", "name", "model", "gtins", "declared_standards", "description", "status",
    "licence_number",
})


def _clean_licence(value: str | None) -> str:
    """Normalise (full-width, brackets, missing hyphens) or refuse with the field named."""
    if not value:
        return ""
    try:
        return validate_licence_number(value)
    except IdentifierError as exc:
        raise _field_error("licence_number", exc) from exc


def _denied() -> PermissionDenied:
    return PermissionDenied("无权修改该记录 / you may not change this record")


# --- permission checks -------------------------------------------------------------------------

def _role(user: Any) -> str:
    return "administrator" if getattr(user, "is_superuser", False) else getattr(user, "role", "")


def _is_province_writer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _role(user) in PROVINCE_WRITERS and user.scope.everything


def can_write_region(user: Any, region_code: str | None) -> bool:
    """May `user` maintain registry records located in `region_code`?"""
    if _is_province_writer(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active or _role(user) not in LOCAL_WRITERS:
        return False
    return user.scope.covers_region(region_code)


def _owns_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.is_active and _role(user) == "enterprise_user"
        and user.organisation_id is not None and enterprise.organisation_id == user.organisation_id
    )


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    """Full edit, or (enterprise users) the contact fields of their own enterprise."""
    return can_write_region(user, enterprise.region_id) or _owns_enterprise(user, enterprise)


def can_write_products_of(user: Any, enterprise: Enterprise) -> bool:
    return can_write_region(user, enterprise.region_id) or _owns_enterprise(user, enterprise)


def can_write_catalogue(user: Any) -> bool:
    return _is_province_writer(user)


def can_write_brand(user: Any, brand: Brand | None = None) -> bool:
    if _is_province_writer(user):
        return True
    if _role(user) not in LOCAL_WRITERS or not user.is_active:
        return False
    owner = brand.owner if brand is not None else None
    return owner is None or can_write_region(user, owner.region_id)


# --- validation helpers ------------------------------------------------------------------------

def _field_error(field: str, exc: IdentifierError | str) -> ValidationError:
    return ValidationError({field: [str(exc)]})


def _region(value: Region | str | None) -> Region:
    if isinstance(value, Region):
        code = value.code
    else:
        try:
            code = validate_region_code(str(value or ""))
        except IdentifierError as exc:
            raise _field_error("region", exc) from exc
    try:
        validate_region_code(code, known_region=region_exists)
    except IdentifierError as exc:
        raise _field_error("region", exc) from exc
    return value if isinstance(value, Region) else Region.objects.get(code=code)


def _clean_uscc(value: str, exclude_pk: int | None) -> str:
    try:
        code = validate_uscc(value, known_region=region_exists)
    except IdentifierError as exc:
        raise _field_error("uscc", exc) from exc
    if Enterprise.objects.filter(uscc=code).exclude(pk=exclude_pk).exists():
        raise _field_error("uscc", f"统一社会信用代码 {code} 已登记 / unified social credit code {code} is already registered")
    return code


def _clean_registration_number(value: str) -> str:
    if not value:
        return ""
    try:
        code = validate_registration_number(value)
    except IdentifierError as exc:
        raise _field_error("registration_number", exc) from exc
    # GS 15-2006: the first 6 digits are the first registering authority's division code.
    if not region_exists(code[:6]):
        raise _field_error(
            "registration_number",
            f"注册号前6位 {code[:6]} 不是有效的行政区划代码 / the first 6 digits ({code[:6]}) are not a known region code",
        )
    return code


def _clean_organisation(organisation: Any, exclude_pk: int | None) -> Any:
    if organisation is None:
        return None
    if organisation.kind != "enterprise":
        raise _field_error("organisation", "只能关联企业类型的单位 / only an enterprise organisation can be linked")
    if Enterprise.objects.filter(organisation=organisation).exclude(pk=exclude_pk).exists():
        raise _field_error("organisation", "该单位已关联其他企业 / this organisation is already linked to another enterprise")
    return organisation


def _unknown_fields(changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError({unknown[0]: ["不可修改的字段 / this field cannot be changed here"]})


def _clean_text(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}


# --- enterprises -------------------------------------------------------------------------------

@transaction.atomic
def enterprise_create(
    *, acting_user: Any, uscc: str, name: str, legal_representative: str, registered_address: str,
    region: Region | str, industry: str, size_class: str, production_address: str = "",
    registration_number: str = "", organisation: Any = None, contact_person: str = "", contact_phone: str = "",
    established_on: dt.date | None = None, status: str = EnterpriseStatus.EXISTING, reason: str = "",
) -> Enterprise:
    region_obj = _region(region)
    if not can_write_region(acting_user, region_obj.code):
        raise _denied()
    enterprise = Enterprise(
        uscc=_clean_uscc(uscc, None), name=name.strip(), legal_representative=legal_representative.strip(),
        registered_address=registered_address.strip(), production_address=production_address.strip(),
        region=region_obj, industry=industry, size_class=size_class, status=status,
        registration_number=_clean_registration_number(registration_number),
        organisation=_clean_organisation(organisation, None), contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(), established_on=established_on,
    )
    return audited_save(enterprise, acting_user=acting_user, reason=reason)


@transaction.atomic
def enterprise_update(*, acting_user: Any, instance: Enterprise, reason: str = "", **changes: Any) -> Enterprise:
    """Change an enterprise's registration facts (bureaus) or its contact fields (the enterprise itself)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=instance.pk)
    if "status" in changes:
        if changes.pop("status") != enterprise.status:
            raise ValidationError({"status": ["请通过“变更登记状态”修改 / use the status change to change the status"]})
    _unknown_fields(changes, ENTERPRISE_FIELDS)
    changes = _clean_text(changes)
    changed = {k for k, v in changes.items() if _differs(getattr(enterprise, k, None), v, k)}
    if not can_write_region(acting_user, enterprise.region_id):
        if not (_owns_enterprise(acting_user, enterprise) and changed <= ENTERPRISE_SELF_FIELDS):
            raise _denied()
    if "region" in changes:
        changes["region"] = _region(changes["region"])
        if not can_write_region(acting_user, changes["region"].code) and "region" in changed:
            raise _denied()
    if "uscc" in changes:
        changes["uscc"] = _clean_uscc(changes["uscc"], enterprise.pk)
    if "registration_number" in changes:
        changes["registration_number"] = _clean_registration_number(changes["registration_number"] or "")
    if "organisation" in changes:
        changes["organisation"] = _clean_organisation(changes["organisation"], enterprise.pk)
    renamed = "name" in changed
    for field, value in changes.items():
        setattr(enterprise, field, value)
    audited_save(enterprise, acting_user=acting_user, reason=reason)
    if renamed:
        refresh_product_search(Product.objects.filter(enterprise=enterprise))
    return enterprise


def _differs(current: Any, new: Any, field: str) -> bool:
    if field in {"region", "organisation", "parent", "owner", "enterprise", "category", "brand"}:
        current_pk = getattr(current, "pk", current)
        new_pk = getattr(new, "pk", new)
        return str(current_pk or "") != str(new_pk or "")
    return (current or "") != (new or "") if isinstance(current, str) or isinstance(new, str) else current != new


@transaction.atomic
def enterprise_set_status(*, acting_user: Any, instance: Enterprise, status: str, reason: str = "") -> Enterprise:
    """Record a registration-status change (注销/吊销 are final) as a typed event."""
    enterprise = Enterprise.objects.select_for_update().get(pk=instance.pk)
    if not can_write_region(acting_user, enterprise.region_id):
        raise _denied()
    if status not in EnterpriseStatus.values:
        raise _field_error("status", f"未知的登记状态 {status} / unknown status {status}")
    old = enterprise.status
    if status == old:
        return enterprise
    if status not in ENTERPRISE_STATUS_TRANSITIONS[old]:
        raise _field_error(
            "status",
            f"企业已{EnterpriseStatus(old).label}，不能改为{EnterpriseStatus(status).label} / "
            f"an enterprise in status {old} cannot become {status}",
        )
    enterprise.status = status
    audited_save(enterprise, acting_user=acting_user, reason=reason, action="set_status")
    log_event(acting_user=acting_user, event="registry.enterprise.status", instance=enterprise,
              old={"status": old}, new={"status": status}, reason=reason)
    return enterprise


# --- product catalogue -------------------------------------------------------------------------

def _category_level(code: str, parent: ProductCategory | None) -> int:
    if parent is None:
        return 1
    if not code.startswith(parent.code) or code == parent.code:
        raise _field_error("code", f"分类代码应以上级代码 {parent.code} 开头 / the code must extend its parent's code {parent.code}")
    if parent.level >= 3:
        raise _field_error("parent", "产品分类最多三级 / the catalogue has at most three levels")
    return parent.level + 1


def _check_periods(category: ProductCategory) -> None:
    for prefix, label in (("licence", "许可证管理"), ("ccc", "CCC")):
        start, end = getattr(category, f"{prefix}_valid_from"), getattr(category, f"{prefix}_valid_to")
        if start and end and start >= end:
            raise _field_error(f"{prefix}_valid_to", f"{label}截止日应晚于起始日 / the end date must be after the start date")


@transaction.atomic
def category_create(*, acting_user: Any, code: str, name: str, parent: ProductCategory | None = None,
                    reason: str = "", **flags: Any) -> ProductCategory:
    if not can_write_catalogue(acting_user):
        raise _denied()
    _unknown_fields(flags, CATEGORY_FIELDS)
    code = (code or "").strip()
    if ProductCategory.objects.filter(code=code).exists():
        raise _field_error("code", f"分类代码 {code} 已存在 / category code {code} already exists")
    category = ProductCategory(code=code, name=name.strip(), parent=parent, level=_category_level(code, parent), **flags)
    _check_periods(category)
    return audited_save(category, acting_user=acting_user, reason=reason)


@transaction.atomic
def category_update(*, acting_user: Any, instance: ProductCategory, reason: str = "", **changes: Any) -> ProductCategory:
    if not can_write_catalogue(acting_user):
        raise _denied()
    _unknown_fields(changes, CATEGORY_FIELDS)
    category = ProductCategory.objects.select_for_update().get(pk=instance.pk)
    changes = _clean_text(changes)
    renamed = "name" in changes and changes["name"] != category.name
    if "code" in changes and ProductCategory.objects.filter(code=changes["code"]).exclude(pk=category.pk).exists():
        raise _field_error("code", f"分类代码 {changes['code']} 已存在 / category code {changes['code']} already exists")
    for field, value in changes.items():
        setattr(category, field, value)
    if {"code", "parent"} & set(changes):
        if category.children.exists() and category.code != instance.code:
            raise _field_error("code", "已有下级分类的代码不能修改 / a category with children cannot change its code")
        category.level = _category_level(category.code, category.parent)
    _check_periods(category)
    audited_save(category, acting_user=acting_user, reason=reason)
    if renamed:
        refresh_product_search(Product.objects.filter(category=category))
    return category


# --- brands and aliases ------------------------------------------------------------------------

def brand_pinyin(name: str) -> str:
    """Toneless pinyin without spaces (美的 -> meide), the form sellers type in listing titles."""
    return "".join(lazy_pinyin(name)).lower().replace(" ", "")


def _clean_brand_name(name: str, exclude_pk: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise _field_error("name", "品牌名称不能为空 / the brand name is required")
    if Brand.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        raise _field_error("name", f"品牌 {name} 已存在 / brand {name} already exists")
    return name


@transaction.atomic
def brand_create(*, acting_user: Any, name: str, name_en: str = "", pinyin: str = "", owner: Enterprise | None = None,
                 reason: str = "") -> Brand:
    if not can_write_brand(acting_user) or (owner is not None and not can_write_region(acting_user, owner.region_id)):
        raise _denied()
    name = _clean_brand_name(name, None)
    brand = Brand(name=name, name_en=name_en.strip(), pinyin=(pinyin or "").strip().lower() or brand_pinyin(name), owner=owner)
    return audited_save(brand, acting_user=acting_user, reason=reason)


@transaction.atomic
def brand_update(*, acting_user: Any, instance: Brand, reason: str = "", **changes: Any) -> Brand:
    brand = Brand.objects.select_for_update().get(pk=instance.pk)
    if not can_write_brand(acting_user, brand):
        raise _denied()
    _unknown_fields(changes, BRAND_FIELDS)
    changes = _clean_text(changes)
    owner = changes.get("owner", brand.owner)
    if owner is not None and _differs(brand.owner, owner, "owner") and not can_write_region(acting_user, owner.region_id):
        raise _denied()
    if "name" in changes:
        changes["name"] = _clean_brand_name(changes["name"], brand.pk)
    renamed = "name" in changes and changes["name"] != brand.name
    for field, value in changes.items():
        setattr(brand, field, value)
    if "pinyin" in changes or renamed:
        brand.pinyin = (changes.get("pinyin") or "").lower() or brand_pinyin(brand.name)
    audited_save(brand, acting_user=acting_user, reason=reason)
    if renamed:
        refresh_product_search(Product.objects.filter(brand=brand))
    return brand


@transaction.atomic
def brand_alias_add(*, acting_user: Any, brand: Brand, alias: str, kind: str = AliasKind.OTHER,
                    reason: str = "") -> BrandAlias:
    if not can_write_brand(acting_user, brand):
        raise _denied()
    alias = (alias or "").strip()
    if not alias:
        raise _field_error("alias", "别名不能为空 / the alias is required")
    if kind not in AliasKind.values:
        raise _field_error("kind", f"未知的别名类型 {kind} / unknown alias kind {kind}")
    if alias == brand.name or BrandAlias.objects.filter(brand=brand, alias=alias).exists():
        raise _field_error("alias", f"别名 {alias} 已存在 / alias {alias} already exists for this brand")
    return audited_save(BrandAlias(brand=brand, alias=alias, kind=kind), acting_user=acting_user, reason=reason)


@transaction.atomic
def brand_alias_remove(*, acting_user: Any, alias: BrandAlias, reason: str = "") -> None:
    if not can_write_brand(acting_user, alias.brand):
        raise _denied()
    audited_delete(alias, acting_user=acting_user, reason=reason)


# --- products ----------------------------------------------------------------------------------

def _clean_gtins(values: Iterable[str] | None, exclude_product: int | None) -> list[str]:
    out: list[str] = []
    for position, value in enumerate(values or (), start=1):
        try:
            code = validate_gtin(value)
        except IdentifierError as exc:
            raise _field_error("gtins", f"第{position}个商品条码 {value}：{exc.zh} / GTIN #{position} ({value}): {exc.en}") from exc
        if code not in out:
            out.append(code)
    taken = ProductGTIN.objects.filter(gtin__in=out).exclude(product_id=exclude_product).values_list("gtin", flat=True).first()
    if taken:
        raise _field_error("gtins", f"商品条码 {taken} 已属于其他产品 / GTIN {taken} already belongs to another product")
    return out


def _clean_standards(values: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for position, value in enumerate(values or (), start=1):
        try:
            number = validate_standard_number(value)
        except IdentifierError as exc:
            raise _field_error(
                "declared_standards", f"第{position}个执行标准 {value}：{exc.zh} / standard #{position} ({value}): {exc.en}"
            ) from exc
        if number not in out:
            out.append(number)
    return out


def _sync_gtins(product: Product) -> None:
    existing = set(product.gtin_rows.values_list("gtin", flat=True))
    wanted = set(product.gtins)
    ProductGTIN.objects.filter(product=product, gtin__in=existing - wanted).delete()
    ProductGTIN.objects.bulk_create([ProductGTIN(product=product, gtin=g) for g in sorted(wanted - existing)])


def _check_unique_product(enterprise: Enterprise, name: str, model: str, exclude_pk: int | None) -> None:
    if Product.objects.filter(enterprise=enterprise, name=name, model=model).exclude(pk=exclude_pk).exists():
        raise _field_error("model", f"该企业已登记产品 {name} {model} / the enterprise already has product {name} {model}")


@transaction.atomic
def product_create(
    *, acting_user: Any, enterprise: Enterprise, category: ProductCategory, name: str, brand: Brand | None = None,
    model: str = "", gtins: Iterable[str] | None = None, declared_standards: Iterable[str] | None = None,
    description: str = "", status: str = ProductStatus.IN_PRODUCTION, reason: str = "", licence_number: str = "",
) -> Product:
    if not can_write_products_of(acting_user, enterprise):
        raise _denied()
    name, model = name.strip(), (model or "").strip()
    _check_unique_product(enterprise, name, model, None)
    product = Product(
        enterprise=enterprise, category=category, brand=brand, name=name, model=model,
        gtins=_clean_gtins(gtins, None), declared_standards=_clean_standards(declared_standards),
        description=description, status=status, licence_number=_clean_licence(licence_number),
    )
    audited_save(product, acting_user=acting_user, reason=reason)
    _sync_gtins(product)
    return product


@transaction.atomic
def product_update(*, acting_user: Any, instance: Product, reason: str = "", **changes: Any) -> Product:
    product = Product.objects.select_for_update().get(pk=instance.pk)
    if not can_write_products_of(acting_user, product.enterprise):
        raise _denied()
    _unknown_fields(changes, PRODUCT_FIELDS)
    changes = _clean_text(changes)
    if "enterprise" in changes and not can_write_products_of(acting_user, changes["enterprise"]):
        raise _denied()
    if "gtins" in changes:
        changes["gtins"] = _clean_gtins(changes["gtins"], product.pk)
    if "licence_number" in changes:
        changes["licence_number"] = _clean_licence(changes["licence_number"])
    if "declared_standards" in changes:
        changes["declared_standards"] = _clean_standards(changes["declared_standards"])
    for field, value in changes.items():
        setattr(product, field, value)
    _check_unique_product(product.enterprise, product.name, product.model, product.pk)
    audited_save(product, acting_user=acting_user, reason=reason)
    _sync_gtins(product)
    return product


def refresh_product_search(queryset: QuerySet[Product], batch: int = 1000) -> int:
    """Rebuild search_text after a brand, category or enterprise was renamed (inside the caller's transaction)."""
    count = 0
    pending: list[Product] = []
    for product in queryset.select_related("enterprise", "category", "brand").iterator(chunk_size=batch):
        product.refresh_search_text()
        pending.append(product)
        if len(pending) >= batch:
            count += Product.objects.bulk_update(pending, ["search_text"])
            pending = []
    if pending:
        count += Product.objects.bulk_update(pending, ["search_text"])
    return count
