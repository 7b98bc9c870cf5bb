"""Shared pieces of the screening benchmarks: data, metrics, memory sampling, the Splink baseline."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "src"))

from zhijian.screening.normalise import gtin_key, licence_key, model_key, name_key, normalise_title  # noqa: E402


def load_generator() -> ModuleType:
    path = BENCH / "data" / "generate_screening_set.py"
    spec = importlib.util.spec_from_file_location("generate_screening_set", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def score(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> Scores:
    tp = len(predicted & truth)
    return Scores(tp, len(predicted) - tp, len(truth) - tp)


class PeakMemory:
    """Peak resident memory of a process tree (the CLI and its worker processes), sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(self.interval)


def tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and its worker processes
    peak: int  # bytes, whole process tree
    stderr: str
    load: tuple[float, float]  # 1-minute load average before and after: the machine is shared

    def line(self) -> str:
        return (f"wall {self.wall:.1f} s, cpu {self.cpu:.1f} s, peak memory {self.peak / 2**30:.2f} GiB "
                f"(load average {self.load[0]:.1f} -> {self.load[1]:.1f} on {os.cpu_count()} cores)")


def run_cli(args: list[str]) -> Run:
    """Run `python -m zhijian.screening.cli ARGS` as a user would and measure it."""
    import resource

    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "zhijian.screening.cli", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid) as memory:
        _out, err = process.communicate()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"screening failed ({process.returncode}): {err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(elapsed, cpu, memory.peak, err, (load_before, os.getloadavg()[0]))


def read_pairs(path: Path, left: str = "listing_id", right: str = "watch_id") -> set[tuple[str, str]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=[left, right])
    return set(zip(table.column(left).to_pylist(), table.column(right).to_pylist(), strict=True))


# ---------------------------------------------------------------------------------------- Splink

_MODEL_GUESS_RE = re.compile(r"[a-z0-9]+(?:[-_/ ][a-z0-9]+)*")


def _model_guess(title: str) -> str:
    """What a data engineer would write for Splink: the longest letters+digits run of the title."""
    runs = [m for m in _MODEL_GUESS_RE.findall(title) if any(c.isdigit() for c in m) and any(c.isalpha() for c in m)]
    return model_key(max(runs, key=len)) if runs else ""


def _gtin_guess(title: str, field: str | None) -> str:
    found = gtin_key(field) or next((gtin_key(m) for m in re.findall(r"(?<!\d)\d{13}(?!\d)", title)), "")
    return found


def splink_frames(listings: pa.Table, watchlist: pa.Table) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Both sides in one schema, cleaned with the same normalisation our engine uses."""
    def none(value: str) -> str | None:
        return value or None

    left: dict[str, list[Any]] = {k: [] for k in ("unique_id", "brand_n", "model_n", "gtin", "uscc", "licence",
                                                   "name_n", "title_n")}
    for row in listings.to_pylist():
        title = normalise_title(row["title"])
        left["unique_id"].append(row["listing_id"])
        left["brand_n"].append(none(name_key(row.get("brand"))))
        left["model_n"].append(none(model_key(row.get("model")) or _model_guess(title)))
        left["gtin"].append(none(_gtin_guess(title, row.get("gtin"))))
        left["uscc"].append(none((row.get("seller_uscc") or "").upper()))
        licence = re.search(r"xk[\s\-]?\d{2}[\s\-]?\d{3}[\s\-]?\d{5}", title)
        left["licence"].append(none(licence_key(row.get("licence_no") or (licence.group() if licence else ""))))
        left["name_n"].append(none(name_key(row.get("shop_name")).removesuffix("旗舰店").removesuffix("官方")))
        left["title_n"].append(title)
    right: dict[str, list[Any]] = {k: [] for k in left}
    for row in watchlist.to_pylist():
        right["unique_id"].append(row["watch_id"])
        right["brand_n"].append(none(name_key(row.get("brand"))))
        right["model_n"].append(none(model_key(row.get("model"))))
        right["gtin"].append(none(gtin_key(row.get("gtin"))))
        right["uscc"].append(none((row.get("uscc") or "").upper()))
        right["licence"].append(none(licence_key(row.get("licence_no"))))
        right["name_n"].append(none(name_key(row.get("enterprise_name"))))
        right["title_n"].append(normalise_title(" ".join(
            row.get(c) or "" for c in ("brand", "product_name", "model", "category", "enterprise_name"))))
    return left, right


def run_splink(listings: pa.Table, watchlist: pa.Table, threshold: float = 0.5) -> tuple[set[tuple[str, str]], float]:
    """Splink 4/5 on its DuckDB backend: exact/fuzzy comparisons, EM-trained, predictions >= threshold."""
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    started = time.perf_counter()
    left, right = splink_frames(listings, watchlist)
    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ExactMatch("gtin"),
            cl.ExactMatch("model_n"),
            cl.JaroWinklerAtThresholds("brand_n", [0.9]),
            cl.ExactMatch("uscc"),
            cl.ExactMatch("licence"),
            cl.ExactMatch("name_n"),
            cl.JaroWinklerAtThresholds("title_n", [0.9, 0.75]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("gtin"), block_on("model_n"), block_on("uscc"), block_on("licence"), block_on("name_n"),
        ],
        probability_two_random_records_match=max(1e-7, 1.0 / max(1, len(right["unique_id"]))),
        retain_matching_columns=False,
    )
    linker = Linker([db_api.register(left, table_name="listings"), db_api.register(right, table_name="watch")],
                    settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    for rule in ("model_n", "gtin", "uscc"):
        try:  # EM needs pairs in the block; skip a rule that has none
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
        except Exception as exc:
            print(f"  (splink EM on {rule} skipped: {type(exc).__name__})", file=sys.stderr)
    predictions = linker.inference.predict(threshold_match_probability=threshold).as_pyarrow_table()
    columns = predictions.column_names
    source_l = "source_dataset_l" if "source_dataset_l" in columns else None
    pairs: set[tuple[str, str]] = set()
    for row in predictions.select([c for c in columns if c.startswith(("unique_id", "source_dataset"))]).to_pylist():
        left_is_listing = source_l is None or row[source_l] == "listings"
        a, b = row["unique_id_l"], row["unique_id_r"]
        pairs.add((a, b) if left_is_listing else (b, a))
    return pairs, time.perf_counter() - started


def registry_aliases(folder: Path) -> dict[str, list[str]]:
    return json.loads((folder / "registry_aliases.json").read_text(encoding="utf-8"))
