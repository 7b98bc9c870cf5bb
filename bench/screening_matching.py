"""P/R/F1 on the English product-matching benchmarks (Abt-Buy, Walmart-Amazon, Amazon-Google), beside Splink.

    .venv/bin/python bench/screening_matching.py

Data: ../shared/data/matching (ER-Magellan as packaged by Ditto: train/valid/test pairs). Our generic
title-similarity matcher (zhijian.screening.similarity) fits its logistic weights on the train split,
chooses the threshold on the valid split and is scored once on the test split. Splink (DuckDB
backend) is trained on the same records (u by random sampling, m by EM) and scores the same test
pairs. Published test F1 for reference: Magellan 0.44 / 0.72 / 0.49, Ditto 0.89 / 0.87 / 0.76.
"""

from __future__ import annotations

import re
import sys
import time

import numpy as np

from screening_common import REPO, Scores
from zhijian.screening.similarity import FEATURE_NAMES, Corpus, codes, features, probability, tokens

DATA = REPO.parent / "shared" / "data" / "matching"
DATASETS = ("Abt-Buy", "Walmart-Amazon", "Amazon-Google")
PUBLISHED = {"Abt-Buy": (0.44, 0.89), "Walmart-Amazon": (0.72, 0.87), "Amazon-Google": (0.49, 0.76)}
_FIELD_RE = re.compile(r"COL (\S+) VAL ((?:(?!COL ).)*)")


def parse_record(text: str) -> dict[str, str]:
    return {name: value.strip() for name, value in _FIELD_RE.findall(text)}


def record_text(record: dict[str, str]) -> str:
    """Title-like text: the name/title, brand and model number; long descriptions are left out."""
    parts = [record.get("title") or record.get("name") or "", record.get("brand", ""), record.get("modelno", ""),
             record.get("manufacturer", "")]
    return " ".join(p for p in parts if p and p != "nan")


def load(name: str, split: str) -> list[tuple[dict[str, str], dict[str, str], int]]:
    rows = []
    for line in (DATA / name / f"{split}.txt").read_text(encoding="utf-8").splitlines():
        left, right, label = line.split("\t")
        rows.append((parse_record(left), parse_record(right), int(label)))
    return rows


def fit(x: np.ndarray, y: np.ndarray, epochs: int = 3000, rate: float = 0.5) -> tuple[np.ndarray, float]:
    """Plain logistic regression by gradient descent, positives up-weighted to the class ratio."""
    w, b = np.zeros(x.shape[1]), 0.0
    weight = np.where(y == 1, (len(y) - y.sum()) / max(1, y.sum()), 1.0)
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        gradient = (p - y) * weight
        w -= rate * (x.T @ gradient) / len(y)
        b -= rate * gradient.mean()
    return w, b


def scores_at(probabilities: list[float], labels: list[int], threshold: float) -> Scores:
    tp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and y)
    fp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and not y)
    return Scores(tp, fp, sum(labels) - tp)


def ours(name: str) -> tuple[Scores, float]:
    started = time.perf_counter()
    splits = {s: load(name, s) for s in ("train", "valid", "test")}
    corpus = Corpus(record_text(r) for rows in splits.values() for pair in rows for r in pair[:2])
    matrices = {s: np.array([features(record_text(a), record_text(b), corpus) for a, b, _ in rows])
                for s, rows in splits.items()}
    labels = {s: np.array([y for *_, y in rows]) for s, rows in splits.items()}
    w, b = fit(matrices["train"], labels["train"])
    valid_p = [probability(v, w.tolist(), float(b)) for v in matrices["valid"]]
    threshold = max((t / 100 for t in range(5, 96)), key=lambda t: scores_at(valid_p, labels["valid"].tolist(), t).f1)
    test_p = [probability(v, w.tolist(), float(b)) for v in matrices["test"]]
    print("  weights: " + ", ".join(f"{n}={v:+.2f}" for n, v in zip(FEATURE_NAMES, w, strict=True))
          + f", bias={b:+.2f}; threshold {threshold:.2f} (chosen on valid)")
    return scores_at(test_p, labels["test"].tolist(), threshold), time.perf_counter() - started


def splink_scores(name: str) -> tuple[Scores, float]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    rows = {s: load(name, s) for s in ("train", "valid", "test")}
    ids: dict[tuple[str, str], str] = {}

    def record(r: dict[str, str], side: str) -> dict[str, str | None]:
        text = record_text(r)
        key = (side, text)
        ids.setdefault(key, f"{side}{len(ids)}")
        words = tokens(text)
        return {"unique_id": ids[key], "name": " ".join(words) or None, "brand": words[0] if words else None,
                "code": min(codes(words), default=None)}

    left = {r["unique_id"]: r for rows_ in rows.values() for a, _b, _y in rows_ for r in [record(a, "l")]}
    right = {r["unique_id"]: r for rows_ in rows.values() for _a, b, _y in rows_ for r in [record(b, "r")]}
    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[cl.JaroWinklerAtThresholds("name", [0.92, 0.85, 0.7]), cl.ExactMatch("code"),
                     cl.ExactMatch("brand")],
        blocking_rules_to_generate_predictions=[block_on("code"), block_on("brand")],
        probability_two_random_records_match=1 / max(1, len(right)),
    )
    linker = Linker([db_api.register(list(left.values()), table_name="left_records"),
                     db_api.register(list(right.values()), table_name="right_records")], settings,
                    log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in ("code", "brand"):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
        except Exception as exc:
            print(f"  (splink EM on {rule} skipped: {type(exc).__name__})", file=sys.stderr)
    def probabilities(pairs: list[tuple[dict[str, str], dict[str, str], int]]) -> list[float]:
        lefts = {ids[("l", record_text(a))] for a, _b, _y in pairs}
        rights = {ids[("r", record_text(b))] for _a, b, _y in pairs}
        scored = linker.inference.score_pairs([left[i] for i in sorted(lefts)], [right[i] for i in sorted(rights)])
        table = scored.as_pyarrow_table()
        found = dict(zip(zip(table.column("unique_id_l").to_pylist(), table.column("unique_id_r").to_pylist(),
                             strict=True), table.column("match_probability").to_pylist(), strict=True))
        return [found.get((ids[("l", record_text(a))], ids[("r", record_text(b))]), 0.0) for a, b, _y in pairs]

    # Same protocol as ours: the threshold is chosen on the valid split, then test is scored once.
    valid_p = probabilities(rows["valid"])
    valid_y = [y for *_, y in rows["valid"]]
    threshold = max((t / 100 for t in range(5, 96)), key=lambda t: scores_at(valid_p, valid_y, t).f1)
    test_p = probabilities(rows["test"])
    print(f"  splink threshold {threshold:.2f} (chosen on valid)")
    return scores_at(test_p, [y for *_, y in rows["test"]], threshold), time.perf_counter() - started


def main() -> None:
    if not DATA.is_dir():
        print(f"{DATA} is absent: the matching benchmarks need ../shared/data/matching")
        return
    summary = []
    for name in DATASETS:
        print(f"\n{name}")
        mine, seconds = ours(name)
        print(f"  zhijian title matcher: {mine.line()}  [{seconds:.1f} s]")
        try:
            theirs, splink_seconds = splink_scores(name)
            print(f"  splink (duckdb):       {theirs.line()}  [{splink_seconds:.1f} s]")
        except Exception as exc:
            theirs, splink_seconds = Scores(0, 0, 0), float("nan")
            print(f"  splink failed: {type(exc).__name__}: {exc}")
        magellan, ditto = PUBLISHED[name]
        print(f"  ratio F1 zhijian / splink {mine.f1 / max(theirs.f1, 1e-9):.2f}x; published F1: Magellan {magellan}, "
              f"Ditto {ditto}")
        summary.append((name, mine.f1, theirs.f1, magellan, ditto))
    print("\nsummary (test F1):  data set          zhijian  splink  Magellan  Ditto")
    for name, f1, splink_f1, magellan, ditto in summary:
        print(f"                    {name:<17} {f1:.3f}    {splink_f1:.3f}   {magellan:.2f}      {ditto:.2f}")


if __name__ == "__main__":
    main()
