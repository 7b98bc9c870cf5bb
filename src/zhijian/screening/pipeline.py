"""Screen listings against a watch-list: the library entry point used by the CLI and the apps."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from zhijian.screening import io
from zhijian.screening.blocking import DEFAULT_MAX_BLOCK_PAIRS, DEFAULT_MAX_TOTAL_PAIRS
from zhijian.screening.brands import ExtraAliases
from zhijian.screening.features import build_context
from zhijian.screening.rules import verify

ENGINES = ("duckdb", "spark")
_STARTED = time.perf_counter()
DEFAULT_THRESHOLD = 0.5

Hit = tuple[str, str, str, float, str]


@dataclass
class Options:
    engine: str = "duckdb"
    threshold: float = DEFAULT_THRESHOLD
    extra_aliases: ExtraAliases | None = None
    progress: bool = False
    workers: int = field(default_factory=lambda: min(os.cpu_count() or 1, 4))
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS
    max_total_pairs: int = DEFAULT_MAX_TOTAL_PAIRS
    spark_master: str | None = None
    verbose: bool = False

    def log(self, message: str) -> None:
        """Stage timings on stderr with --verbose (where the time of a run goes)."""
        if self.verbose:
            print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", file=sys.stderr, flush=True)


@dataclass
class Result:
    hits: pa.Table
    candidate_pairs: int
    listings: int
    entries: int


def screen_tables(listings: pa.Table, watchlist: pa.Table, options: Options | None = None) -> Result:
    """Screen validated tables (see io.read_listings / io.read_watchlist) and return the hits."""
    options = options or Options()
    context, entries = build_context(watchlist.to_pylist(), options.extra_aliases)
    options.log(f"watch-list prepared: {len(entries)} entries, {len(context.index.patterns) if context.index else 0} "
                "dictionary phrases")
    if options.engine == "spark":
        from zhijian.screening import engine_spark as engine
    elif options.engine == "duckdb":
        from zhijian.screening import engine_duckdb as engine  # type: ignore[no-redef]
    else:
        raise ValueError(f"unknown engine {options.engine!r}; expected one of {ENGINES}")
    hits, pairs = engine.find_hits(listings, context, entries, options)
    hits = sorted(h for h in hits if h[3] >= options.threshold)
    options.log(f"verified: {len(hits)} hits from {pairs} candidate pairs")
    return Result(io.hits_table(hits), pairs, listings.num_rows, watchlist.num_rows)


def screen_files(
    listings_path: str | os.PathLike[str], watchlist_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str], options: Options | None = None,
) -> Result:
    """Read, validate, screen and write; raises io.InputError on bad input (nothing written)."""
    options = options or Options()
    io.check_output_path(out_path)
    listings = io.read_listings(listings_path)
    watchlist = io.read_watchlist(watchlist_path)
    options.log(f"read and validated {listings.num_rows} listings, {watchlist.num_rows} entries")
    result = screen_tables(listings, watchlist, options)
    io.write_hits(result.hits, out_path)
    options.log(f"written {out_path}")
    return result


def verify_rows(rows: Iterable[Mapping[str, Any]], entries: Mapping[str, Mapping[str, Any]]) -> list[Hit]:
    """Shared last step of every engine: candidate rows (listing features + watch_id) -> hits."""
    hits: list[Hit] = []
    for row in rows:
        entry = entries[row["watch_id"]]
        decided = verify(row, entry)
        if decided is not None:
            score, reasons = decided
            hits.append((row["listing_id"], entry["watch_id"], entry["kind"], score, ";".join(reasons)))
    return hits
