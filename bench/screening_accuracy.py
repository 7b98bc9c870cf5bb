"""Accuracy of the screening engine on the labelled Chinese set, beside Splink on the same data.

    .venv/bin/python bench/screening_accuracy.py [--listings 20000] [--entries 1500] [--engine duckdb]

Generates the labelled set (bench/data/generate_screening_set.py, fixed seed), screens it through
the real command, scores precision / recall / F1 overall and per watch-list kind, then runs Splink
(DuckDB backend) on the same listings and watch-list and prints the ratios.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from screening_common import load_generator, read_pairs, run_cli, run_splink, score
from zhijian.screening import io


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=1_500)
    parser.add_argument("--seed", type=int, default=20161)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="zhijian-accuracy-"))

    generator = load_generator()
    started = time.perf_counter()
    dataset = generator.generate(args.listings, args.entries, seed=args.seed)
    paths = generator.write(dataset, workdir)
    print(f"labelled set: {len(dataset.listings)} listings ({sum(1 for _ in dataset.planted)} written to match an "
          f"entry), {len(dataset.watchlist)} entries, {len(dataset.truth)} true hits; generated in "
          f"{time.perf_counter() - started:.1f} s -> {workdir}")

    aliases = workdir / "registry_aliases.json"  # the synthetic brands, as the registry would pass them
    out = workdir / "hits.parquet"
    run = run_cli(["--listings", str(paths["listings"]), "--watchlist", str(paths["watchlist"]),
                   "--out", str(out), "--engine", args.engine, "--quiet", "--aliases", str(aliases)])
    elapsed = run.wall
    ours = read_pairs(out)
    mine = score(ours, dataset.truth)
    print(f"\nzhijian screening ({args.engine}): {mine.line()}  [{run.line()}]")
    kinds = {row["watch_id"]: row["kind"] for row in dataset.watchlist}
    for kind in sorted(set(kinds.values())):
        truth = {p for p in dataset.truth if kinds[p[1]] == kind}
        predicted = {p for p in ours if kinds[p[1]] == kind}
        print(f"  {kind:<22} {score(predicted, truth).line()}")
    misses = Counter(kinds[w] for _l, w in dataset.truth - ours)
    print(f"  missed by kind: {dict(misses)}")

    if args.no_splink:
        return
    listings = io.read_listings(paths["listings"])
    watchlist = io.read_watchlist(paths["watchlist"])
    splink_pairs, splink_seconds = run_splink(listings, watchlist)
    theirs = score(splink_pairs, dataset.truth)
    print(f"\nsplink (duckdb backend): {theirs.line()}  [{splink_seconds:.1f} s]")
    print("\nratio zhijian / splink: "
          f"precision {mine.precision / max(theirs.precision, 1e-9):.2f}x, recall {mine.recall / max(theirs.recall, 1e-9):.2f}x, "
          f"F1 {mine.f1 / max(theirs.f1, 1e-9):.2f}x, time {elapsed / max(splink_seconds, 1e-9):.2f}x")
    print(f"targets: precision >= 0.97 {'OK' if mine.precision >= 0.97 else 'MISSED'}, "
          f"F1 >= 0.95 {'OK' if mine.f1 >= 0.95 else 'MISSED'}, ahead of Splink {'OK' if mine.f1 > theirs.f1 else 'MISSED'}")


if __name__ == "__main__":
    main()
