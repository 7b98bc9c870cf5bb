"""Spark engine: the same features, keys and verification as DuckDB, run as Spark jobs.

Feature extraction and verification are the shared pure-Python functions, run on the workers
through ``mapInArrow``; the blocking join, the block-size check and the de-duplication of pairs
are Spark SQL. Local mode in tests (``local[2]``); point ``--spark-master`` at a cluster for
national-scale feeds (the zhijian package must then be installed on the workers).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from zhijian.screening.blocking import BLOCK_STATS_SQL, BlockStats, check_blocks
from zhijian.screening.features import ScreeningContext, extract_listing_table, listing_feature_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from zhijian.screening.pipeline import Hit, Options

_HIT_SCHEMA = "listing_id string, watch_id string, kind string, score double, reasons string"


def get_session(master: str | None = None, *, partitions: int = 4) -> SparkSession:
    """A Spark session that can import zhijian on its Python workers."""
    from pyspark.sql import SparkSession

    package_root = str(Path(__file__).resolve().parents[2])  # .../src, for a source checkout
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package_root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([package_root, *paths])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(master or os.environ.get("ZHIJIAN_SPARK_MASTER", "local[2]"))
        .appName("zhijian-screening")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("ZHIJIAN_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def find_hits(
    listings: pa.Table, context: ScreeningContext, entries: list[dict[str, Any]], options: Options,
    spark: SparkSession | None = None,
) -> tuple[list[Hit], int]:
    spark = spark or get_session(options.spark_master)
    features = _listing_features(spark, listings, context)
    features.createOrReplaceTempView("zj_lf")
    spark.sql("SELECT listing_id, explode(keys) AS key FROM zj_lf").createOrReplaceTempView("zj_lk")
    watch_keys = pa.table({
        "watch_id": [e["watch_id"] for e in entries for _ in e["keys"]],
        "key": [k for e in entries for k in e["keys"]],
    }, schema=pa.schema([("watch_id", pa.string()), ("key", pa.string())]))
    spark.createDataFrame(watch_keys).createOrReplaceTempView("zj_wk")
    try:
        check_blocks(_block_stats(spark), options.max_block_pairs, options.max_total_pairs)
        pairs = spark.sql(
            "SELECT DISTINCT lk.listing_id, wk.watch_id FROM zj_lk lk JOIN zj_wk wk ON lk.key = wk.key"
        ).cache()
        pair_count = pairs.count()
        candidates = pairs.join(features, "listing_id")
        by_id = {e["watch_id"]: e for e in entries}

        def verify_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            from zhijian.screening.io import hits_table
            from zhijian.screening.pipeline import verify_rows

            for batch in batches:
                yield from hits_table(verify_rows(batch.to_pylist(), by_id)).to_batches()

        rows = candidates.mapInArrow(verify_batches, _HIT_SCHEMA).collect()
        pairs.unpersist()
        return [(r.listing_id, r.watch_id, r.kind, r.score, r.reasons) for r in rows], pair_count
    finally:
        features.unpersist()
        for view in ("zj_lf", "zj_lk", "zj_wk"):
            spark.catalog.dropTempView(view)


def _listing_features(spark: SparkSession, listings: pa.Table, context: ScreeningContext) -> DataFrame:
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    schema = StructType([
        StructField(f.name, ArrayType(StringType()) if pa.types.is_list(f.type) else StringType())
        for f in listing_feature_schema()
    ])

    def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            yield from extract_listing_table(pa.Table.from_batches([batch]), context).to_batches()

    source = spark.createDataFrame(listings)
    partitions = max(2, listings.num_rows // 50_000)
    return source.repartition(partitions).mapInArrow(extract, schema).cache()


def _string_schema(table: pa.Table) -> str:
    return ", ".join(f"`{name}` string" for name in table.column_names)


def _block_stats(spark: SparkSession) -> BlockStats:
    sql = BLOCK_STATS_SQL.format(listing_keys="zj_lk", watch_keys="zj_wk")
    # One job: the largest block and the total come back in the same row.
    rows = spark.sql(
        f"SELECT key, n_listings, n_entries, SUM(pairs) OVER () AS total FROM ({sql}) "
        "ORDER BY pairs DESC, key LIMIT 1"
    ).collect()
    if not rows:
        return BlockStats(None, 0, 0, 0)
    top = rows[0]
    return BlockStats(str(top["key"]), int(top["n_listings"]), int(top["n_entries"]), int(top["total"]))
