"""DuckDB engine (the embedded default): Python feature extraction on all cores, joins in DuckDB."""

from __future__ import annotations

import multiprocessing
import sys
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from zhijian.screening.blocking import BLOCK_STATS_SQL, BlockStats, check_blocks
from zhijian.screening.features import ScreeningContext, extract_listing_table, listing_feature_schema

if TYPE_CHECKING:
    from zhijian.screening.pipeline import Hit, Options

CHUNK_ROWS = 20_000
PARALLEL_FROM_ROWS = 50_000  # below this a process pool costs more than it saves
_WORKER_CONTEXT: ScreeningContext | None = None


def find_hits(
    listings: pa.Table, context: ScreeningContext, entries: list[dict[str, Any]], options: Options
) -> tuple[list[Hit], int]:
    from zhijian.screening.pipeline import verify_rows

    features = extract_features(listings, context, workers=options.workers, progress=options.progress)
    watch_keys = pa.table({
        "watch_id": [e["watch_id"] for e in entries for _ in e["keys"]],
        "key": [k for e in entries for k in e["keys"]],
    }, schema=pa.schema([("watch_id", pa.string()), ("key", pa.string())]))
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {max(1, options.workers)}")
        con.register("lf", features)
        con.register("wk", watch_keys)
        con.execute("CREATE TEMP TABLE lk AS SELECT listing_id, UNNEST(keys) AS key FROM lf")
        check_blocks(block_stats(con), options.max_block_pairs, options.max_total_pairs)
        con.execute(
            "CREATE TEMP TABLE pairs AS SELECT DISTINCT lk.listing_id, wk.watch_id "
            "FROM lk JOIN wk ON lk.key = wk.key"
        )
        pair_count = int(con.sql("SELECT COUNT(*) FROM pairs").fetchall()[0][0])
        reader = con.sql(
            "SELECT pairs.watch_id, lf.* FROM pairs JOIN lf ON pairs.listing_id = lf.listing_id"
        ).to_arrow_reader(50_000)
        by_id = {e["watch_id"]: e for e in entries}
        hits: list[Hit] = []
        for batch in reader:
            hits += verify_rows(batch.to_pylist(), by_id)
        return hits, pair_count
    finally:
        con.close()


def block_stats(con: duckdb.DuckDBPyConnection) -> BlockStats:
    sql = BLOCK_STATS_SQL.format(listing_keys="lk", watch_keys="wk")
    rows = con.sql(f"SELECT key, n_listings, n_entries FROM ({sql}) ORDER BY pairs DESC, key LIMIT 1").fetchall()
    total = con.sql(f"SELECT COALESCE(SUM(pairs), 0) FROM ({sql})").fetchall()[0][0]
    if not rows:
        return BlockStats(None, 0, 0, 0)
    key, n_listings, n_entries = rows[0]
    return BlockStats(str(key), int(n_listings), int(n_entries), int(total))


def extract_features(listings: pa.Table, context: ScreeningContext, *, workers: int, progress: bool) -> pa.Table:
    """Listing features for every row, in chunks; a fork pool when the input is large."""
    chunks = [listings.slice(start, CHUNK_ROWS) for start in range(0, listings.num_rows, CHUNK_ROWS)]
    bar = _progress_bar(len(chunks), progress)
    parts: list[pa.Table] = []
    if workers > 1 and listings.num_rows >= PARALLEL_FROM_ROWS and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER_CONTEXT
        _WORKER_CONTEXT = context  # inherited by the forked workers, never pickled per chunk
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_extract_in_worker, chunks):
                parts.append(part)
                bar.update(1)
        _WORKER_CONTEXT = None
    else:
        for chunk in chunks:
            parts.append(extract_listing_table(chunk, context))
            bar.update(1)
    bar.close()
    if not parts:
        return listing_feature_schema().empty_table()
    return pa.concat_tables(parts)


def _extract_in_worker(chunk: pa.Table) -> pa.Table:
    assert _WORKER_CONTEXT is not None
    return extract_listing_table(chunk, _WORKER_CONTEXT)


class _NoBar:
    def update(self, _n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, enabled: bool) -> Any:
    # Only on a terminal: a log file or a CI run gets no carriage-return noise.
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="screening", file=sys.stderr)
