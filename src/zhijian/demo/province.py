"""Loading the demo province into the database.

Bulk loading is the one place where rows are written with `bulk_create` instead of the audited
services (DESIGN: "Bulk demo loading may use bulk_create and log one demo.load event"): the whole
load runs in one transaction and ends with ONE `demo.load` audit event carrying the scale, the
seed and the counts. `bulk_create` does not call `save()`, so the search column is computed
here; SQLite's FTS triggers fire on INSERT and PostgreSQL indexes the column itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from pypinyin import lazy_pinyin

from zhijian.accounts.models import Organisation, User
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.audit.services import log_event
from zhijian.core import search as core_search
from zhijian.core.services import job_finish, job_progress, job_start
from zhijian.demo import process, vocab
from zhijian.demo.bulk import RowWriter
from zhijian.demo.generate import SCALES, EnterpriseRow, Province
from zhijian.demo.logins import DEMO_LOGINS, DEMO_NAMES, DEMO_ROLES, login_organisations
from zhijian.demo.searchtext import NAMES_ONLY_SKIP, quick_search_text, search_values
from zhijian.demo.services import demo_is_loaded
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory, ProductGTIN
from zhijian.standards.choices import nature_of
from zhijian.standards.models import Standard

BATCH_SIZE = 5_000
# Exact search text (jieba + pinyin, what save() computes) costs ~0.4 ms a row: half the CPU time
# of a small load and 20 minutes at large. Above this many enterprises the loader uses
# `quick_search_text`, which indexes the same character grams and pinyin initials without jieba.
EXACT_SEARCH_LIMIT = 1_000
QUICK_SEARCH_LIMIT = 100_000
DEFER_INDEXES_FROM = 20_000
BIG_TABLES = (Enterprise, Brand, BrandAlias, Product, ProductGTIN)


class DemoAlreadyLoaded(Exception):
    """The database already holds the demo province."""


# --- the loader ------------------------------------------------------------------------------------
class Loader:
    def __init__(self, *, scale: str = "small", seed: int = 2016, enterprises: int | None = None,
                 batch_size: int = BATCH_SIZE, out: Callable[[str], None] = print, search_mode: str = "auto"):
        self.scale, self.seed = scale, seed
        self.count = enterprises if enterprises is not None else SCALES[scale]
        self.province = Province(seed=seed, enterprises=self.count)
        self.batch_size = batch_size
        self.out = out
        if search_mode == "auto":
            search_mode = "exact" if self.count <= EXACT_SEARCH_LIMIT else "quick" if self.count <= QUICK_SEARCH_LIMIT else "names"
        self.text = core_search.search_text if search_mode == "exact" else quick_search_text
        self.search_method = search_mode
        # "names": the long free-text fields stay out of the index (see docs/demo.md).
        self.skip_paths = NAMES_ONLY_SKIP if search_mode == "names" else frozenset()
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()
        self.writer = RowWriter(batch_size)

    def log(self, message: str) -> None:
        self.out(f"[{time.monotonic() - self.started:7.1f}s] {message}")

    def run(self) -> dict[str, Any]:
        if demo_is_loaded():
            raise DemoAlreadyLoaded("演示数据已加载 / the demo province is already loaded")
        job = job_start(acting_user=None, kind="demo.load", total=self.count)
        try:
            with transaction.atomic():
                result = self._load(job)
        except Exception as exc:
            job_finish(job, ok=False, message=f"{type(exc).__name__}: {exc}")
            raise
        job_finish(job, ok=True, result=result, message="完成 / done")
        return result

    def _load(self, job) -> dict[str, Any]:
        with self._indexes_deferred():
            result = self._load_rows(job)
        result["seconds"] = round(time.monotonic() - self.started, 1)
        log_event(acting_user=None, event="demo.load", new=result,
                  reason="加载演示省份 / demo province loaded (bulk, one event for all rows)")
        self.log(f"完成 / done: {self.counts}")
        return result

    @contextmanager
    def _indexes_deferred(self) -> Iterator[None]:
        """On PostgreSQL a large load drops the secondary indexes of the big tables (the GIN search
        indexes, foreign-key and lookup indexes; not primary keys or unique constraints) and builds
        them once at the end, inside the same transaction: maintaining a GIN index row by row
        costs more than the inserts themselves."""
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:  # check FKs row by row, not a queue of millions at commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if self.count < DEFER_INDEXES_FROM:
            yield
            return
        tables = [m._meta.db_table for m in BIG_TABLES]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname",
                [tables])
            indexes = cursor.fetchall()
            # Foreign keys of the big tables: checked once per constraint when re-added, instead
            # of one lookup per inserted row (the loader builds only references it has written).
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY conname", [tables])
            foreign_keys = cursor.fetchall()
            for table, name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        self.log(f"暂时移除 {len(indexes)} 个索引和 {len(foreign_keys)} 个外键 / "
                 f"{len(indexes)} secondary indexes and {len(foreign_keys)} foreign keys dropped for the load")
        yield
        self.log("重建索引和外键 / rebuilding the indexes and foreign keys")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')
        self.log(f"索引和外键已重建 / rebuilt {len(indexes)} indexes and {len(foreign_keys)} foreign keys")

    def _load_rows(self, job) -> dict[str, Any]:
        bureaus = self.province.bureaus()
        orgs = self.organisations(bureaus)
        logins = self.users(orgs) if settings.DEMO_ENABLED else []
        categories = self.categories()
        self.standards()
        brands = self.national_brands()
        self.enterprises(categories, brands, orgs, job)
        self.agencies(orgs)
        self.inspectors(bureaus, orgs)
        process.run_steps(self)
        return {"scale": self.scale, "seed": self.seed, "counts": self.counts, "logins": logins,
                "search_text": self.search_method}

    def _bulk(self, model: type, objs: list, key: str | None = None) -> list:
        created = model.objects.bulk_create(objs, batch_size=self.batch_size)
        name = key or model._meta.model_name
        self.counts[name] = self.counts.get(name, 0) + len(created)
        return created

    # --- organisations and logins --------------------------------------------------------------
    def organisations(self, bureaus: list[dict]) -> dict[str, Organisation]:
        orgs: dict[str, Organisation] = {}
        for level in ("province", "city", "county"):
            batch = [
                Organisation(name=b["name"], kind="bureau", level=b["level"], region_id=b["region"], uscc=b["uscc"],
                             parent=orgs.get(b["parent"]) if b["parent"] else None)
                for b in bureaus if b["level"] == level
            ]
            for org in self._bulk(Organisation, batch, "bureau"):
                orgs[org.name] = org
        others = [Organisation(name=a["name"], kind="agency", region_id=a["region"], uscc=a["uscc"])
                  for a in self.province.agencies()]
        others += [Organisation(name=p["name"], kind="platform", region_id=p["region"], uscc=p["uscc"])
                   for p in self.province.platforms()]
        # The anchor enterprises log in as organisations of their own (the `qiye` login is the first).
        others += [Organisation(name=a["name"], kind="enterprise", region_id=a["region"], uscc=a["uscc"])
                   for a in self.province.anchor_organisations()]
        for org in self._bulk(Organisation, others, "organisation"):
            orgs[org.name] = org
        self.log(f"单位 / organisations: {len(orgs)}")
        return orgs

    def users(self, orgs: dict[str, Organisation], only: set[str] | None = None) -> list[str]:
        """The demo logins (debug mode only); one password hash shared, it is the same password."""
        if not settings.DEMO_ENABLED:
            raise RuntimeError("demo logins exist only in debug mode (settings.DEMO_ENABLED)")
        password = make_password(settings.DEMO_PASSWORD)
        missing = login_organisations() - set(orgs)
        if missing:
            raise RuntimeError(f"demo logins name unknown organisations: {sorted(missing)}")
        users = []
        for username, _role_label, org_name in DEMO_LOGINS:
            if only is not None and username not in only:
                continue
            role = DEMO_ROLES[username]
            users.append(User(
                username=username, password=password, role=role, display_name=DEMO_NAMES[username],
                organisation=orgs.get(org_name), is_staff=role == "administrator", is_superuser=role == "administrator",
            ))
        self._bulk(User, users)
        self.log(f"演示账号 / demo logins: {', '.join(u.username for u in users)}")
        return [u.username for u in users]

    # --- reference data ------------------------------------------------------------------------
    def categories(self) -> dict[str, ProductCategory]:
        """Reuse the categories the registry already has (matched by code), create the rest."""
        existing = {c.code: c for c in ProductCategory.objects.all()}
        by_code = dict(existing)
        for level in (1, 2, 3):
            batch = []
            for spec in vocab.CATEGORIES:
                if _category_level(spec["code"]) != level or spec["code"] in by_code:
                    continue
                licence, ccc = spec.get("licence"), spec.get("ccc")
                batch.append(ProductCategory(
                    code=spec["code"], name=spec["name"], level=level,
                    parent=by_code.get(spec.get("parent", "")),
                    licence_required=licence is not None, licence_valid_from=_date(licence, 0),
                    licence_valid_to=_date(licence, 1), ccc_required=ccc is not None,
                    ccc_valid_from=_date(ccc, 0), ccc_valid_to=_date(ccc, 1),
                    key_consumer_product=spec.get("key", False), focus_industrial_product=spec.get("focus", False),
                    food_related=spec.get("food", False), description=spec.get("description", ""),
                ))
            for cat in self._bulk(ProductCategory, batch, "productcategory"):
                by_code[cat.code] = cat
        self.log(f"产品分类 / categories: {len(by_code)} ({len(existing)} already there)")
        return by_code

    def standards(self) -> None:
        """Add the standards the demo products declare but the standards seed lacks."""
        needed = {n for numbers in vocab.CATEGORY_STANDARDS.values() for n in numbers}
        existing = set(Standard.objects.filter(number__in=needed).values_list("number", flat=True))
        seed_titles = _standard_seed_titles()
        products_of: dict[str, list[str]] = {}
        for code, numbers in vocab.CATEGORY_STANDARDS.items():
            for n in numbers:
                products_of.setdefault(n, []).append(self.province.category_names[code])
        batch = []
        for number in sorted(needed - existing):
            title = vocab.EXTRA_STANDARDS.get(number) or seed_titles.get(number) or number
            row = Standard(number=number, title=title, nature=nature_of(number), status="current",
                           products=sorted(set(products_of[number])), note="演示数据补充 / added by the demo loader")
            row.search_text = self.text(*search_values(Standard, {
                "number": number, "title": title, "products_display": "、".join(row.products)}))
            batch.append(row)
        self._bulk(Standard, batch)
        self.log(f"标准 / standards: {len(existing)} from the seed, {len(batch)} added")

    def national_brands(self) -> dict[str, int]:
        brands = []
        for spec in vocab.NATIONAL_BRANDS:
            brands.append(Brand(name=spec["name"], name_en=spec["en"], pinyin=_pinyin(spec["name"])))
        created = self._bulk(Brand, brands)
        aliases = []
        for brand, spec in zip(created, vocab.NATIONAL_BRANDS, strict=True):
            forms = [("english", spec["en"])] + [(k, a) for k, a in spec["aliases"]]
            if ("pinyin", brand.pinyin) not in forms:
                forms.append(("pinyin", brand.pinyin))
            unique = {alias: kind for kind, alias in reversed(forms)}  # first kind wins per alias
            aliases += [BrandAlias(brand=brand, alias=alias, kind=kind) for alias, kind in reversed(unique.items())]
        self._bulk(BrandAlias, aliases)
        return {b.name: b.pk for b in created}

    # --- enterprises, own brands, products -------------------------------------------------------
    def enterprises(self, categories: dict[str, ProductCategory], brands: dict[str, int],
                    orgs: dict[str, Organisation], job) -> None:
        done = 0
        for batch in _chunks(self.province.enterprises(), self.batch_size):
            self._enterprise_batch(batch, categories, brands, orgs)
            done += len(batch)
            job_progress(job, done=done)
            self.log(f"企业 / enterprises {done:,}/{self.count:,}, 产品 / products {self.counts.get('product', 0):,}")

    def _enterprise_batch(self, rows: list[EnterpriseRow], categories, brands, orgs) -> None:
        """One batch through RowWriter (COPY on PostgreSQL): enterprises, their brands, products, barcodes."""
        w = self.writer
        ent_ids = w.reserve_ids(Enterprise, len(rows))
        ents = []
        for r, pk in zip(rows, ent_ids, strict=True):
            ents.append({
                "id": pk, "uscc": r.uscc, "name": r.name, "legal_representative": r.legal_representative,
                "registered_address": r.registered_address, "production_address": r.production_address,
                "region_id": r.region, "industry": r.industry, "size_class": r.size_class, "status": r.status,
                "registration_number": r.registration_number, "contact_person": r.contact_person,
                "contact_phone": r.contact_phone, "established_on": r.established_on,
                "organisation_id": orgs[r.name].pk if r.anchor else None,
                "search_text": self.text(*search_values(Enterprise, vars(r), self.skip_paths)),
            })
        self._count(Enterprise, w.write(Enterprise, ents))
        owners = [(r.own_brand, pk) for r, pk in zip(rows, ent_ids, strict=True) if r.own_brand]
        brand_ids = w.reserve_ids(Brand, len(owners))
        new_brands, aliases = [], []
        for ((name, en), owner), pk in zip(owners, brand_ids, strict=True):
            pinyin = _pinyin(name)
            brands[name] = pk
            new_brands.append({"id": pk, "name": name, "name_en": en, "pinyin": pinyin, "owner_id": owner})
            aliases.append({"brand_id": pk, "alias": pinyin, "kind": "pinyin"})
            if en and en != pinyin:
                aliases.append({"brand_id": pk, "alias": en, "kind": "english"})
        self._count(Brand, w.write(Brand, new_brands))
        for alias, pk in zip(aliases, w.reserve_ids(BrandAlias, len(aliases)), strict=True):
            alias["id"] = pk
        self._count(BrandAlias, w.write(BrandAlias, aliases))
        made = [(r, p) for r in rows for p in r.products]
        product_ids = w.reserve_ids(Product, len(made))
        products, barcodes = [], []
        ent_of = {r.uscc: pk for r, pk in zip(rows, ent_ids, strict=True)}
        licensed = {code for code, cat in categories.items() if _licence_required_now(cat)}
        for (r, p), pk in zip(made, product_ids, strict=True):
            cat = categories[p.category]
            products.append({
                "licence_number": _licence_number(r.uscc, p.category) if p.category in licensed else "",
                "id": pk, "enterprise_id": ent_of[r.uscc], "category_id": cat.pk,
                "brand_id": brands.get(p.brand) if p.brand else None, "name": p.name, "model": p.model,
                "gtins": p.gtins, "declared_standards": p.standards, "status": p.status,
                "search_text": self.text(*search_values(Product, {
                    "name": p.name, "brand.name": p.brand, "model": p.model, "enterprise.name": r.name,
                    "category.name": cat.name}, self.skip_paths)),
            })
            barcodes += [{"product_id": pk, "gtin": g} for g in p.gtins]
        self._count(Product, w.write(Product, products))
        for barcode, pk in zip(barcodes, w.reserve_ids(ProductGTIN, len(barcodes)), strict=True):
            barcode["id"] = pk
        self._count(ProductGTIN, w.write(ProductGTIN, barcodes))

    def _count(self, model: type, n: int) -> None:
        name = model._meta.model_name
        self.counts[name] = self.counts.get(name, 0) + n

    # --- agencies and inspectors -------------------------------------------------------------------
    def agencies(self, orgs: dict[str, Organisation]) -> None:
        specs = self.province.agencies()
        rows = []
        for a in specs:
            agency = InspectionAgency(name=a["name"], uscc=a["uscc"], cma_number=a["cma_number"], region_id=a["region"],
                                      organisation=orgs[a["name"]], address=a["address"], contact=a["contact"],
                                      phone=a["phone"], status="valid")
            agency.search_text = self.text(*search_values(InspectionAgency, vars(agency)))
            rows.append(agency)
        created = self._bulk(InspectionAgency, rows)
        scopes = [
            QualificationScope(agency=agency, product_category=s["category"], standard_number=s["standard"],
                               valid_from=s["valid_from"], valid_to=s["valid_to"])
            for agency, spec in zip(created, specs, strict=True) for s in spec["scopes"]
        ]
        self._bulk(QualificationScope, scopes)
        self.log(f"检验机构 / agencies: {len(created)}, 资质范围 / scopes: {len(scopes)}")

    def inspectors(self, bureaus: list[dict], orgs: dict[str, Organisation]) -> None:
        specs = self.province.inspectors(bureaus)
        rows = []
        for s in specs:
            inspector = Inspector(
                name=s["name"], staff_number=s["staff_number"], organisation=orgs[s["bureau"]], region_id=s["region"],
                unit=s["unit"], qualifications=s["qualifications"], law_enforcement_cert_no=s["cert_no"],
                cert_valid_to=s["cert_valid_to"], phone=s["phone"], active=s["active"],
            )
            inspector.search_text = self.text(*search_values(Inspector, vars(inspector)))
            rows.append(inspector)
        created = self._bulk(Inspector, rows)
        conflicts = [
            ConflictOfInterest(inspector=inspector, enterprise_uscc=c["uscc"], enterprise_name=c["name"],
                               relation=c["relation"], declared_on=c["declared_on"])
            for inspector, spec in zip(created, specs, strict=True) for c in spec["conflicts"]
        ]
        self._bulk(ConflictOfInterest, conflicts)
        self.log(f"执法检查人员 / inspectors: {len(created)}, 利益冲突 / conflicts: {len(conflicts)}")


def load_province(**kwargs: Any) -> dict[str, Any]:
    return Loader(**kwargs).run()


def missing_demo_logins() -> set[str]:
    wanted = {username for username, _role, _org in DEMO_LOGINS}
    return wanted - set(User.objects.filter(username__in=wanted).values_list("username", flat=True))


@transaction.atomic
def create_missing_logins(out: Callable[[str], None] = print) -> list[str]:
    """After a load without logins (debug off), switching debug on and loading again adds them."""
    missing = missing_demo_logins()
    if not missing:
        return []
    loader = Loader(scale="tiny", out=out)
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=login_organisations())}
    created = loader.users(orgs, only=missing)
    log_event(acting_user=None, event="demo.logins", new={"logins": created},
              reason="补建演示账号 / demo logins added to a loaded demo province")
    return created


def _category_level(code: str) -> int:
    return 3 if "." in code else (1 if len(code) == 1 else 2)


def _date(period: tuple[str | None, str | None] | None, index: int) -> dt.date | None:
    if not period or not period[index]:
        return None
    return dt.date.fromisoformat(period[index])


@lru_cache(maxsize=4096)
def _pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name)).lower()


def _standard_seed_titles() -> dict[str, str]:
    path = Path(__file__).resolve().parents[1] / "standards" / "data" / "standards.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["number"]: row["title"] for row in csv.DictReader(fh)}


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _licence_required_now(category) -> bool:
    today = dt.date.today()
    return bool(category.licence_required) and (category.licence_valid_to is None or category.licence_valid_to > today)


def _licence_number(uscc: str, category_code: str) -> str:
    """A provincially issued XK number (陕XK××-×××-×××××): industry and product codes from the
    category, the serial from the enterprise, so one enterprise holds one number per product."""
    top, _, rest = category_code.partition(".")
    industry = 10 + int(top) % 90
    product = int((top + rest.replace(".", ""))[-3:])
    serial = int(uscc[8:16], 36) % 100_000
    return f"陕XK{industry:02d}-{product:03d}-{serial:05d}"
