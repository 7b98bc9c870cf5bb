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
_WORKER_STATE: tuple[pa.Table, ScreeningContext] | None = None


def find_hits(
    listings: pa.Table, context: ScreeningContext, entries: list[dict[str, Any]], options: Options
) -> tuple[list[Hit], int]:
    from zhijian.screening.pipeline import verify_rows

    features = extract_features(listings, context, workers=options.workers, progress=options.progress)
    options.log(f"features extracted: {features.num_rows} of {listings.num_rows} listings carry blocking keys")
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
        stats = block_stats(con)
        options.log(f"blocks checked: largest {stats.largest_key!r} = {stats.largest_pairs} pairs, "
                    f"total {stats.total_pairs}")
        check_blocks(stats, options.max_block_pairs, options.max_total_pairs)
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
    """Listing features for every row, in chunks; a fork pool when the input is large.

    The forked workers inherit the listings and the dictionaries; only (start, length) goes to
    them and only the features of listings that carry a blocking key (about one in ten in a
    real feed) come back, so little crosses the process boundary.
    """
    spans = [(start, min(CHUNK_ROWS, listings.num_rows - start)) for start in range(0, listings.num_rows, CHUNK_ROWS)]
    bar = _progress_bar(len(spans), progress)
    parts: list[pa.Table] = []
    if workers > 1 and listings.num_rows >= PARALLEL_FROM_ROWS and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER_STATE
        context.find("")  # build the automaton once, before the fork, so workers share it
        _WORKER_STATE = (listings, context)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part in pool.imap(_extract_in_worker, spans):
                    parts.append(part)
                    bar.update(1)
        finally:
            _WORKER_STATE = None
    else:
        for start, length in spans:
            parts.append(extract_listing_table(listings.slice(start, length), context))
            bar.update(1)
    bar.close()
    if not parts:
        return listing_feature_schema().empty_table()
    return pa.concat_tables(parts)


def _extract_in_worker(span: tuple[int, int]) -> pa.Table:
    assert _WORKER_STATE is not None
    listings, context = _WORKER_STATE
    return extract_listing_table(listings.slice(*span), context)


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
