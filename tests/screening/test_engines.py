"""The DuckDB and the Spark engine give identical hits (scores and reasons included)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.screening.conftest import load_generator, table
from zhijian.screening.pipeline import Options, screen_tables


@pytest.mark.spark
def test_spark_and_duckdb_agree_on_a_generated_sample(spark: Any) -> None:
    generator = load_generator()
    dataset = generator.generate(1500, 250, seed=11)
    listings, watchlist = table(dataset.listings), table(dataset.watchlist)
    results = {
        engine: screen_tables(listings, watchlist, Options(engine=engine, extra_aliases=dataset.registry_aliases))
        for engine in ("duckdb", "spark")
    }
    duckdb_hits, spark_hits = results["duckdb"].hits, results["spark"].hits
    assert duckdb_hits.num_rows > 300  # a real sample: positives of every kind, hard negatives among them
    assert {r["kind"] for r in duckdb_hits.to_pylist()} == {
        "nonconforming_product", "recalled_product", "revoked_licence", "unlicensed_producer", "banned_online"}
    assert spark_hits.to_pylist() == duckdb_hits.to_pylist()
    assert results["spark"].candidate_pairs == results["duckdb"].candidate_pairs


@pytest.mark.spark
def test_spark_engine_applies_the_same_block_limit(spark: Any) -> None:
    from zhijian.screening.blocking import BlockTooLargeError

    listings = table([{"listing_id": f"L{i}", "title": "鞭炮 开业"} for i in range(40)])
    watchlist = table([{"watch_id": f"W{i}", "kind": "banned_online", "category": "烟花爆竹"} for i in range(40)])
    with pytest.raises(BlockTooLargeError, match="c:烟花爆竹"):
        screen_tables(listings, watchlist, Options(engine="spark", max_block_pairs=1000))


def test_the_labelled_set_is_the_same_on_every_run() -> None:
    generator = load_generator()
    first, second = generator.generate(500, 60, seed=3), generator.generate(500, 60, seed=3)
    assert first.listings == second.listings and first.truth == second.truth
