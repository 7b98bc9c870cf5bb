"""Throughput of the screening engine: 1,000,000 listings x 100,000 watch-list entries, beside Splink.

    .venv/bin/python bench/screening_throughput.py [--listings 1000000] [--entries 100000]
                                                    [--spark-sample 100000] [--no-splink]

Generates (once, cached in --workdir) listings with planted matches among real e-commerce titles,
runs the real command (`python -m zhijian.screening.cli`, DuckDB engine) and reports wall time, peak
memory of the whole process tree, planted recall and precision against the oracle's truth; then
Splink (DuckDB backend) on the same files in the same run, and the Spark engine on a sample to
check it returns exactly the DuckDB engine's hits. Targets: <= 60 s, <= 6 GB, planted recall >= 0.99.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from screening_common import PeakMemory, load_generator, read_pairs, run_cli, run_splink, score
from zhijian.screening import io


def prepare(folder: Path, listings: int, entries: int, seed: int) -> Path:
    marker = folder / "done"
    if marker.exists():
        print(f"using the generated set in {folder}")
        return folder
    generator = load_generator()
    started = time.perf_counter()
    dataset = generator.generate(listings, entries, seed=seed, positive_rate=0.05, hard_negative_rate=0.05)
    generator.write(dataset, folder)
    planted = sorted(dataset.planted)
    pq.write_table(__import__("pyarrow").table({"listing_id": [p[0] for p in planted],
                                                "watch_id": [p[1] for p in planted]}), folder / "planted.parquet")
    marker.write_text("ok")
    print(f"generated {listings} listings x {entries} entries ({len(planted)} planted, {len(dataset.truth)} true "
          f"hits) in {time.perf_counter() - started:.0f} s -> {folder}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--spark-sample", type=int, default=100_000, help="0 to skip the Spark agreement check")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    folder = prepare(args.workdir / f"zhijian-throughput-{args.listings}-{args.entries}-{args.seed}",
                     args.listings, args.entries, args.seed)
    truth = read_pairs(folder / "truth.parquet")
    planted = read_pairs(folder / "planted.parquet")

    out = folder / "hits.parquet"
    run = run_cli(["--listings", str(folder / "listings.parquet"), "--watchlist",
                   str(folder / "watchlist.parquet"), "--out", str(out), "--aliases",
                   str(folder / "registry_aliases.json"), "--workers", str(args.workers), "--verbose"])
    elapsed, peak = run.wall, run.peak
    hits = read_pairs(out)
    mine = score(hits, truth)
    planted_recall = len(hits & planted) / max(1, len(planted))
    print(f"\nzhijian screening (duckdb, {args.workers} workers): {args.listings} listings x {args.entries} entries")
    print(f"  {run.line()}; {len(hits)} hits")
    print("  stages:\n    " + "\n    ".join(run.stderr.strip().splitlines()))
    print(f"  planted recall {planted_recall:.4f}; against the oracle: {mine.line()}")
    print(f"  targets: <= 60 s {'OK' if elapsed <= 60 else 'MISSED'}, <= 6 GB {'OK' if peak <= 6e9 else 'MISSED'}, "
          f"planted recall >= 0.99 {'OK' if planted_recall >= 0.99 else 'MISSED'}")

    if not args.no_splink:
        listings = io.read_listings(folder / "listings.parquet")
        watchlist = io.read_watchlist(folder / "watchlist.parquet")
        cpu_before = time.process_time()
        with PeakMemory(os.getpid()) as memory:
            splink_pairs, splink_seconds = run_splink(listings, watchlist)
        splink_cpu = time.process_time() - cpu_before
        theirs = score(splink_pairs, truth)
        splink_planted = len(splink_pairs & planted) / max(1, len(planted))
        print(f"\nsplink (duckdb backend) on the same files: wall {splink_seconds:.1f} s, cpu {splink_cpu:.1f} s, peak memory "
              f"{memory.peak / 2**30:.2f} GiB (this process), planted recall {splink_planted:.4f}; {theirs.line()}")
        print(f"ratio zhijian / splink: wall {elapsed / splink_seconds:.2f}x, cpu {run.cpu / max(splink_cpu, 1e-9):.2f}x, "
              f"F1 {mine.f1 / max(theirs.f1, 1e-9):.2f}x, planted recall {planted_recall / max(splink_planted, 1e-9):.2f}x")

    if args.spark_sample:
        compare_spark(folder, args.spark_sample, hits)


def compare_spark(folder: Path, sample: int, duckdb_hits: set[tuple[str, str]]) -> None:
    import pyarrow.parquet as pq

    listings = pq.read_table(folder / "listings.parquet").slice(0, sample)
    path = folder / f"sample-{sample}.parquet"
    pq.write_table(listings, path)
    results = {}
    for engine in ("duckdb", "spark"):
        out = folder / f"sample-{sample}-{engine}.parquet"
        elapsed = run_cli(["--listings", str(path), "--watchlist", str(folder / "watchlist.parquet"),
                           "--out", str(out), "--aliases", str(folder / "registry_aliases.json"),
                           "--engine", engine, "--quiet"]).wall
        results[engine] = (pq.read_table(out).sort_by([("listing_id", "ascending"), ("watch_id", "ascending")]),
                           elapsed)
    same = results["duckdb"][0].equals(results["spark"][0])
    ids = set(listings.column("listing_id").to_pylist())
    subset = {p for p in duckdb_hits if p[0] in ids}
    print(f"\nspark vs duckdb on {sample} listings x all entries: {'IDENTICAL' if same else 'DIFFERENT'} hits "
          f"({results['duckdb'][0].num_rows} vs {results['spark'][0].num_rows}, scores and reasons included); "
          f"duckdb {results['duckdb'][1]:.1f} s, spark {results['spark'][1]:.1f} s; "
          f"consistent with the full run: {subset == read_pairs(folder / f'sample-{sample}-duckdb.parquet')}")


if __name__ == "__main__":
    main()
