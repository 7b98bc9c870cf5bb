"""``zhijian screen``: screen a listings file against a watch-list file.

    zhijian screen --listings L --watchlist W --out O [--engine duckdb|spark] [--threshold T]

Exit status: 0 success, 2 bad input or usage (message names file, row, column and reason in
Chinese and English), 3 a block too large to compare safely. Runs without Django.
"""

from __future__ import annotations

import argparse
import sys
import time

from zhijian.screening.blocking import DEFAULT_MAX_BLOCK_PAIRS, DEFAULT_MAX_TOTAL_PAIRS, BlockTooLargeError
from zhijian.screening.io import InputError, load_aliases
from zhijian.screening.pipeline import DEFAULT_THRESHOLD, ENGINES, Options, screen_files

EXIT_OK, EXIT_BAD_INPUT, EXIT_TOO_LARGE = 0, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhijian screen", description="网售商品筛查 / screen e-commerce listings against a watch-list"
    )
    parser.add_argument("--listings", required=True, help="listings file (.csv, .jsonl or .parquet)")
    parser.add_argument("--watchlist", required=True, help="watch-list file (.csv, .jsonl or .parquet)")
    parser.add_argument("--out", required=True, help="hits file to write (.csv or .parquet)")
    parser.add_argument("--engine", choices=ENGINES, default="duckdb")
    parser.add_argument("--threshold", type=_unit_interval, default=DEFAULT_THRESHOLD,
                        help="keep hits with score >= T (0..1, default %(default)s)")
    parser.add_argument("--aliases", default=None,
                        help="extra brand aliases: .json {brand: [aliases]} or .csv with columns brand,alias")
    parser.add_argument("--workers", type=int, default=None, help="processes / threads (default: all cores)")
    parser.add_argument("--spark-master", default=None, help="Spark master URL (default local[*])")
    parser.add_argument("--max-block-pairs", type=int, default=DEFAULT_MAX_BLOCK_PAIRS)
    parser.add_argument("--max-total-pairs", type=int, default=DEFAULT_MAX_TOTAL_PAIRS)
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    parser.add_argument("--verbose", action="store_true", help="print the time each stage takes")
    return parser


def _unit_interval(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("阈值应在 0 到 1 之间 / threshold must be between 0 and 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    options = Options(
        engine=args.engine, threshold=args.threshold, progress=not args.quiet,
        max_block_pairs=args.max_block_pairs, max_total_pairs=args.max_total_pairs, spark_master=args.spark_master, verbose=args.verbose,
    )
    if args.workers:
        options.workers = args.workers
    started = time.perf_counter()
    try:
        if args.aliases:
            options.extra_aliases = load_aliases(args.aliases)
        result = screen_files(args.listings, args.watchlist, args.out, options)
    except InputError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BlockTooLargeError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_TOO_LARGE
    finally:
        if args.engine == "spark":
            _stop_spark()
    if not args.quiet:
        print(
            f"{result.hits.num_rows} hits from {result.listings} listings x {result.entries} watch-list entries "
            f"({result.candidate_pairs} candidate pairs, {time.perf_counter() - started:.1f} s) -> {args.out}",
            file=sys.stderr,
        )
    return EXIT_OK


def _stop_spark() -> None:
    """The command owns its Spark session: stop it, or the JVM's shutdown prints stack traces."""
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


if __name__ == "__main__":
    sys.exit(main())
