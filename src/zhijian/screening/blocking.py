"""Guard against blocks that would explode: checked on key counts BEFORE any pair is made.

A block is all listings and entries sharing one key. Its size is n_listings x n_entries; one
very common brand + product type could otherwise produce hundreds of millions of pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BLOCK_PAIRS = 5_000_000
DEFAULT_MAX_TOTAL_PAIRS = 60_000_000


class BlockTooLargeError(Exception):
    """Raised before the join when a block or the whole run would compare too many pairs."""


@dataclass(frozen=True)
class BlockStats:
    largest_key: str | None
    largest_listings: int
    largest_entries: int
    total_pairs: int

    @property
    def largest_pairs(self) -> int:
        return self.largest_listings * self.largest_entries


def check_blocks(
    stats: BlockStats, max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS, max_total_pairs: int = DEFAULT_MAX_TOTAL_PAIRS
) -> None:
    if stats.largest_key is not None and stats.largest_pairs > max_block_pairs:
        raise BlockTooLargeError(
            f"分块过大：键 {stats.largest_key!r} 有 {stats.largest_listings} 条商品 × {stats.largest_entries} 条名单"
            f"（{stats.largest_pairs} 对，上限 {max_block_pairs}）；请拆分名单或提高 --max-block-pairs / "
            f"block too large: key {stats.largest_key!r} pairs {stats.largest_listings} listings with "
            f"{stats.largest_entries} watch-list entries ({stats.largest_pairs} pairs, limit {max_block_pairs}); "
            "split the watch-list or raise --max-block-pairs"
        )
    if stats.total_pairs > max_total_pairs:
        raise BlockTooLargeError(
            f"候选对过多：{stats.total_pairs}（上限 {max_total_pairs}） / too many candidate pairs: "
            f"{stats.total_pairs} (limit {max_total_pairs}); split the input or raise --max-total-pairs"
        )


# The same statistics in SQL for both engines (DuckDB and Spark SQL accept it as written).
BLOCK_STATS_SQL = """
SELECT l.key AS key, l.n AS n_listings, w.n AS n_entries, l.n * w.n AS pairs
FROM (SELECT key, COUNT(*) AS n FROM {listing_keys} GROUP BY key) l
JOIN (SELECT key, COUNT(*) AS n FROM {watch_keys} GROUP BY key) w ON l.key = w.key
"""
