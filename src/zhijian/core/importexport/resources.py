"""The declarative Resource: what an entity's spreadsheet looks like and how rows reach the services.

An app declares, in its own `importexport.py`:

    @register
    class EnterpriseResource(Resource):
        entity = "enterprises"
        title = _("企业")
        model = Enterprise
        natural_key = ("uscc",)
        region_field = "region"
        import_roles = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
        columns = [
            Column("统一社会信用代码", "uscc", required=True, parse=cells.identifier(validate_uscc)),
            Column("企业名称", "name", required=True, parse=cells.text(200)),
            ...
        ]

        def queryset(self, user): return selectors.enterprise_list(user)
        def create(self, values, *, acting_user): return services.enterprise_create(acting_user=acting_user, **values)
        def update(self, obj, values, *, acting_user): return services.enterprise_update(...)

The runner reads, validates and reports; `upsert` writes by natural key and leaves unchanged rows
alone, so importing the same file twice writes nothing (and no audit entries) the second time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules

from zhijian.core.identifiers import IdentifierError
from zhijian.core.importexport import cells

BUREAU_IMPORTERS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})


@dataclass
class Column:
    """One spreadsheet column: its Chinese header, the field it fills and how a cell is read."""

    header: str
    field: str
    required: bool = False
    parse: cells.Parser = field(default_factory=cells.text)
    help: str = ""  # the format, shown in the template's comment and 填写说明 sheet
    example: str = ""
    aliases: tuple[str, ...] = ()  # other headers people use for the same column
    export: str | Callable[[Any], Any] | None = None  # attribute path or function; default: field
    width: int = 18
    default: Any = None  # the value of an empty cell in an optional column (else "", [] or None)

    @property
    def choices(self) -> list[str]:
        return list(getattr(self.parse, "choice_labels", []))

    @property
    def is_list(self) -> bool:
        return bool(getattr(self.parse, "is_list", False))

    def value_of(self, obj: Any) -> Any:
        """The stored value, in the same shape the parser produces (for comparison and export)."""
        source = self.export or self.field
        if callable(source):
            return source(obj)
        value: Any = obj
        for part in source.split("."):
            if value is None:
                return None
            value = getattr(value, part)
        return value


@dataclass
class RowError:
    """A problem in the file: row as Excel numbers it, column header, field, bilingual reason."""

    row: int
    column: str
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "field": self.field, "reason": self.reason}


@dataclass
class Row:
    number: int
    values: dict[str, Any]


class RowFailed(Exception):
    """A service refused a row while writing: the whole file is rolled back and this is reported."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.reason for e in errors))
        self.errors = errors


@functools.lru_cache(maxsize=4096)
def region_known(code: str) -> bool:
    """region_exists, cached for one import run (the runner clears it): thousands of rows name a
    few dozen regions. The services check again, uncached, when they write."""
    from zhijian.core.selectors import region_exists

    return region_exists(code)


def clear_caches() -> None:
    region_known.cache_clear()


def bilingual(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def normalise_header(text: Any) -> str:
    """Headers match despite full-width forms, spaces, line breaks and the * of required columns."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*]", "", value)


class Resource:
    entity: ClassVar[str] = ""  # URL and CLI name, e.g. "enterprises"
    title: ClassVar[Any] = ""  # Chinese title, e.g. 企业
    model: ClassVar[type[models.Model] | None] = None
    columns: ClassVar[list[Column]] = []
    natural_key: ClassVar[tuple[str, ...]] = ()
    import_roles: ClassVar[frozenset[str]] = frozenset({"administrator"})
    export_roles: ClassVar[frozenset[str] | None] = None  # None: whoever may see the rows
    region_field: ClassVar[str | None] = None  # the row field holding a 6-digit region code
    order_by: ClassVar[Sequence[str]] = ()
    current_row: int = 0

    # -- permissions -------------------------------------------------------------------------
    def can_import(self, user: Any) -> bool:
        return bool(user is not None and user.is_authenticated and user.has_role(*self.import_roles))

    def can_export(self, user: Any) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return self.export_roles is None or user.has_role(*self.export_roles)

    # -- reading -----------------------------------------------------------------------------
    def queryset(self, user: Any) -> models.QuerySet:
        """The caller's visible rows (the app's selector); used for export and to authorise updates."""
        raise NotImplementedError

    def export_queryset(self, user: Any) -> models.QuerySet:
        qs = self.queryset(user)
        return qs.order_by(*self.order_by) if self.order_by else qs

    def column(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    def header_of(self, field_name: str) -> str:
        column = self.column(field_name)
        return str(column.header) if column else field_name

    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values.get(name) for name in self.natural_key)

    def find_existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
        """Existing records by natural key, looked up unscoped so a duplicate is never created."""
        assert self.model is not None
        found: dict[tuple[Any, ...], Any] = {}
        manager = self.model._default_manager
        if len(self.natural_key) == 1:
            name = self.natural_key[0]
            flat = [k[0] for k in keys]
            for start in range(0, len(flat), 500):
                for obj in manager.filter(**{f"{name}__in": flat[start:start + 500]}):
                    found[(getattr(obj, name),)] = obj
            return found
        for key in keys:
            obj = manager.filter(**dict(zip(self.natural_key, key, strict=True))).first()
            if obj is not None:
                found[key] = obj
        return found

    # -- validation --------------------------------------------------------------------------
    def prepare(self, values: dict[str, Any]) -> dict[str, Any]:
        """Adjust parsed values before checks and comparison (e.g. drop a blank meaning "generate it")."""
        return values

    def clean_row(self, values: dict[str, Any], *, acting_user: Any, present: set[str]) -> list[tuple[str, str]]:
        """Cross-cell checks after every cell parsed; returns (field, bilingual reason) pairs.

        The default checks jurisdiction: a bureau user may only import records in its region.
        """
        errors: list[tuple[str, str]] = []
        if self.region_field and self.region_field in values:
            code = str(values.get(self.region_field) or "")
            scope = acting_user.scope
            if code and not scope.covers_region(code):
                prefix = scope.region_prefix or ""
                errors.append((self.region_field, bilingual(
                    f"行政区划 {code} 不在您的管辖范围（{prefix or '无'}）内",
                    f"region {code} is outside your jurisdiction ({prefix or 'none'})",
                )))
        return errors

    # -- writing -----------------------------------------------------------------------------
    def current_values(self, obj: Any, fields: Iterable[str]) -> dict[str, Any]:
        return {name: self.column(name).value_of(obj) for name in fields if self.column(name)}  # type: ignore[union-attr]

    def is_unchanged(self, obj: Any, values: dict[str, Any]) -> bool:
        current = self.current_values(obj, values.keys())
        for name, new in values.items():
            old = current.get(name)
            column = self.column(name)
            if column is not None and column.is_list:
                if sorted(map(str, old or [])) != sorted(map(str, new or [])):
                    return False
            elif (old if old is not None else "") != (new if new is not None else ""):
                return False
        return True

    def create(self, values: dict[str, Any], *, acting_user: Any) -> Any:
        raise NotImplementedError

    def update(self, obj: Any, values: dict[str, Any], *, acting_user: Any) -> Any:
        raise NotImplementedError

    def upsert(self, rows: list[Row], acting_user: Any,
               progress: Callable[[int], None] | None = None) -> dict[str, int]:
        """Create or update each row by natural key through the app's services; skip unchanged rows.

        Runs inside the runner's transaction: a service error raises RowFailed naming the row,
        and the runner rolls the whole file back.
        """
        existing = self.find_existing([self.key_of(r.values) for r in rows])
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for done, row in enumerate(rows, start=1):
            obj = existing.get(self.key_of(row.values))
            self.current_row = row.number  # for resources that defer part of a row's work
            try:
                if obj is None:
                    existing[self.key_of(row.values)] = self.create(dict(row.values), acting_user=acting_user)
                    counts["created"] += 1
                elif self.is_unchanged(obj, row.values):
                    counts["unchanged"] += 1
                else:
                    self.update(obj, dict(row.values), acting_user=acting_user)
                    counts["updated"] += 1
            except (ValidationError, IdentifierError, cells.CellError, PermissionDenied) as exc:
                raise RowFailed(self.errors_from(row.number, exc)) from exc
            if progress is not None:
                progress(done)
        return counts

    def errors_from(self, row: int, exc: Exception) -> list[RowError]:
        """A service's exception as report lines, naming the column where the service named a field."""
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            out = []
            for name, errors in exc.message_dict.items():
                column = self.column(name)
                for message in errors:
                    out.append(RowError(row, str(column.header) if column else "", name if column else "", message))
            return out
        if isinstance(exc, ValidationError):
            return [RowError(row, "", "", "；".join(exc.messages))]
        if isinstance(exc, PermissionDenied):
            return [RowError(row, "", "", str(exc) or bilingual("无权操作", "permission denied"))]
        return [RowError(row, "", "", str(exc))]

    # -- export ------------------------------------------------------------------------------
    def export_row(self, obj: Any) -> list[Any]:
        return [cells.display(column.value_of(obj)) for column in self.columns]


_REGISTRY: dict[str, type[Resource]] = {}
_discovered = False


def register(resource_class: type[Resource]) -> type[Resource]:
    """Class decorator: make a Resource available to the UI, the API and `zhijian import`."""
    if not resource_class.entity:
        raise ValueError("a Resource needs an entity name")
    _REGISTRY[resource_class.entity] = resource_class
    return resource_class


def autodiscover() -> None:
    """Import each installed app's `importexport` module once, like django.contrib.admin."""
    global _discovered
    if _discovered:
        return
    from zhijian.core.importexport import kernel  # noqa: F401  core's own resources

    autodiscover_modules("importexport")
    _discovered = True


def all_resources() -> list[Resource]:
    autodiscover()
    return [cls() for _name, cls in sorted(_REGISTRY.items())]


def get_resource(entity: str) -> Resource:
    """The resource for an entity name; KeyError with a bilingual message when unknown."""
    autodiscover()
    try:
        return _REGISTRY[entity]()
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(bilingual(f"未知的数据类型“{entity}”（可选：{known}）",
                                 f"unknown entity {entity!r} (one of: {known})")) from None


def importable_by(user: Any) -> list[Resource]:
    return [r for r in all_resources() if r.can_import(user)]


def exportable_by(user: Any) -> list[Resource]:
    return [r for r in all_resources() if r.can_export(user)]
