"""Chinese word search that works the same on SQLite and PostgreSQL.

Searchable models keep a `search_text` column of jieba tokens plus pinyin initials (never raw
Chinese in FTS5's unicode61 tokenizer, which would treat a run of Chinese as one token). The
column is indexed by an FTS5 table on SQLite and by a GIN tsvector ('simple') index on
PostgreSQL; `search(queryset, text)` turns the user's words into a query on that index.

A model opts in with `SearchableMixin`, lists `search_fields`, and gets its index from a
migration operation `CreateSearchIndex("app_model")`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba
from django.db import connection, migrations, models
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(60)
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\w\u3400-\u9fff]+")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=20000)
def _initials(word: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(word, style=Style.FIRST_LETTER) if p)


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _grams(run: str) -> list[str]:
    """Single characters and character pairs of a Chinese run: any 1-2 character query and any
    longer substring (as overlapping pairs) finds the row, whatever jieba made of the words."""
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def tokens_for_index(*values: str) -> list[str]:
    """jieba search tokens, character unigrams and bigrams, and pinyin initials of each value
    (so 'mdd' finds 美的电饭煲)."""
    out: list[str] = []
    for value in values:
        text = _normalise(value)
        if not text:
            continue
        for chunk in _WORD.findall(text):
            out.extend(t for t in jieba.cut_for_search(chunk) if t.strip())
            for run in _CJK_RUN.findall(chunk):
                out.extend(_grams(run))
                out.append(_initials(run))
    seen: dict[str, None] = dict.fromkeys(t for t in out if t)
    return list(seen)


def search_text(*values: str) -> str:
    return " ".join(tokens_for_index(*values))


def tokens_for_query(text: str) -> list[str]:
    """Every token must match (AND): Chinese runs as overlapping character pairs (a single
    character alone), other words as prefixes."""
    out: list[str] = []
    for chunk in _WORD.findall(_normalise(text)):
        for part in re.split(r"([\u3400-\u9fff]+)", chunk):
            if not part:
                continue
            if _CJK.match(part):
                out.extend([part] if len(part) == 1 else [part[i : i + 2] for i in range(len(part) - 1)])
            else:
                out.extend(t for t in part.split("_") if t)
    return list(dict.fromkeys(out))


class SearchableMixin(models.Model):
    """Adds `search_text`; the model lists `search_fields` (attribute paths) feeding it."""

    search_fields: tuple[str, ...] = ()
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def search_values(self) -> Iterable[str]:
        for path in self.search_fields:
            value = self
            for part in path.split("."):
                value = getattr(value, part, None) if value is not None else None
            if value:
                yield str(value)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(*self.search_values())



def _fts_table(table: str) -> str:
    return f"{table}_fts"


def _sqlite_match(tokens: list[str]) -> str:
    # Each token quoted; a Latin token also matches as a prefix (pinyin initials, model numbers).
    parts = []
    for token in tokens:
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted + ("*" if token.isascii() else ""))
    return " AND ".join(parts)


def search(queryset: models.QuerySet, text: str) -> models.QuerySet:
    """Narrow `queryset` to rows whose indexed words contain every word of `text`."""
    tokens = tokens_for_query(text)
    if not tokens:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "sqlite":
        sql = f'SELECT rowid FROM "{_fts_table(table)}" WHERE "{_fts_table(table)}" MATCH %s'
        return queryset.extra(where=[f'"{table}"."id" IN ({sql})'], params=[_sqlite_match(tokens)])
    if connection.vendor == "postgresql":
        query = " & ".join(
            re.sub(r"[^\w\u3400-\u9fff]", "", t) + (":*" if t.isascii() else "") for t in tokens
        )
        return queryset.extra(
            where=[f"to_tsvector('simple', \"{table}\".\"search_text\") @@ to_tsquery('simple', %s)"],
            params=[query],
        )
    for token in tokens:  # any other database: a plain scan, correct but slow
        queryset = queryset.filter(search_text__contains=token)
    return queryset


def _sqlite_statements(t: str) -> list[str]:
    fts = _fts_table(t)
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(search_text, content="{t}", content_rowid="id", '
        "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{t}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text); END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{t}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES (\'delete\', old.id, old.search_text); END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF search_text ON "{t}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES (\'delete\', old.id, old.search_text); '
        f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text); END',
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
    ]


def repair_search_indexes(sender=None, using: str = "default", **kwargs) -> list[str]:
    """post_migrate: SQLite drops a table's triggers when a later migration rebuilds the table
    (AlterField, RemoveConstraint ...), which would silently empty every search. Put back the
    index of every searchable table that lost it; returns the tables repaired."""
    from django.apps import apps
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    repaired = []
    with conn.cursor() as cursor:
        existing = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        tables = set(conn.introspection.table_names(cursor))
        for model in apps.get_models():
            table = model._meta.db_table
            if not issubclass(model, SearchableMixin) or table not in tables:
                continue
            if f"{_fts_table(table)}_ai" in existing:
                continue
            for statement in _sqlite_statements(table):
                cursor.execute(statement)
            repaired.append(table)
    return repaired


class CreateSearchIndex(migrations.operations.base.Operation):
    """Migration operation: the FTS5 table and its triggers (SQLite) or a GIN index (PostgreSQL)."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, table: str):
        self.table = table

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        t = self.table
        if schema_editor.connection.vendor == "sqlite":
            for statement in _sqlite_statements(t):
                schema_editor.execute(statement)
        elif schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX "{t}_search_gin" ON "{t}" USING gin (to_tsvector(\'simple\', "search_text"))'
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        t, fts = self.table, _fts_table(self.table)
        if schema_editor.connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
            schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')
        elif schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{t}_search_gin"')

    def describe(self):
        return f"Create the Chinese search index on {self.table}"

    def deconstruct(self):
        return (self.__class__.__name__, [self.table], {})
