"""Screening tests: pure library, no database. One Spark session for the whole run."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pytest

from zhijian.screening.pipeline import Options, screen_tables

REPO = Path(__file__).resolve().parents[2]


def screen(listings: list[dict[str, Any]], watchlist: list[dict[str, Any]], **options: Any) -> dict[tuple[str, str], str]:
    """{(listing_id, watch_id): reasons} for small in-memory inputs on the DuckDB engine."""
    result = screen_tables(table(listings), table(watchlist), Options(**options))
    return {(r["listing_id"], r["watch_id"]): r["reasons"] for r in result.hits.to_pylist()}


def table(rows: list[dict[str, Any]]) -> pa.Table:
    """All columns any row has (pa.Table.from_pylist would only take the first row's)."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    return pa.table({name: pa.array([row.get(name) for row in rows], pa.string()) for name in names})


def load_generator() -> ModuleType:
    """bench/data/generate_screening_set.py, the labelled set generator shared with the benchmarks."""
    path = REPO / "bench" / "data" / "generate_screening_set.py"
    spec = importlib.util.spec_from_file_location("generate_screening_set", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    # pyspark's Arrow paths (mapInArrow, createDataFrame from Arrow) refuse to run without pandas.
    pytest.importorskip("pandas", reason="pyspark needs pandas for mapInArrow (listed in .screening-deps.txt)")
    from zhijian.screening.engine_spark import get_session

    session = get_session("local[2]", partitions=2)
    yield session
    session.stop()
