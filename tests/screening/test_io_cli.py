"""Input formats, bad input (exit 2, file/row/column named, nothing written) and the command."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.screening.conftest import REPO
from zhijian.screening.cli import main

LISTINGS = [
    {"listing_id": "L1", "title": "美的 MB-FB40Simple101 电饭煲", "gtin": "06901234567892"},
    {"listing_id": "L2", "title": "苏泊尔 MB-FB40Simple101 电饭煲", "gtin": ""},
    {"listing_id": "L3", "title": "浏阳烟花 礼花弹 36发", "gtin": ""},
]
WATCH = [
    {"watch_id": "W1", "kind": "nonconforming_product", "brand": "Midea", "model": "MBFB40SIMPLE-101", "category": ""},
    {"watch_id": "W2", "kind": "banned_online", "brand": "", "model": "", "category": "烟花爆竹"},
]
EXPECTED = {("L1", "W1"), ("L3", "W2")}


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def hits_of(path: Path) -> set[tuple[str, str]]:
    table = pq.read_table(path) if path.suffix == ".parquet" else pa.csv.read_csv(path)
    return {(r["listing_id"], r["watch_id"]) for r in table.to_pylist()}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("out_suffix", [".csv", ".parquet"])
def test_every_input_and_output_format(tmp_path: Path, suffix: str, out_suffix: str) -> None:
    listings = write(tmp_path / f"listings{suffix}", LISTINGS)
    watch = write(tmp_path / f"watch{suffix}", WATCH)
    out = tmp_path / f"hits{out_suffix}"
    assert main(["--listings", str(listings), "--watchlist", str(watch), "--out", str(out), "--quiet"]) == 0
    assert hits_of(out) == EXPECTED
    table = pq.read_table(out) if out_suffix == ".parquet" else pa.csv.read_csv(out)
    assert table.column_names == ["listing_id", "watch_id", "kind", "score", "reasons"]
    assert all(0.0 <= s <= 1.0 for s in table.column("score").to_pylist())


def run_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str], listings: Path, watch: Path) -> str:
    out = tmp_path / "hits.csv"
    code = main(["--listings", str(listings), "--watchlist", str(watch), "--out", str(out), "--quiet"])
    assert code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".hits")] == []
    return capsys.readouterr().err


def test_empty_title_names_file_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(LISTINGS[0]), dict(LISTINGS[1], title="  ")]
    message = run_bad(tmp_path, capsys, write(tmp_path / "l.csv", rows), write(tmp_path / "w.csv", WATCH))
    assert "l.csv" in message and "row 2" in message and "'title'" in message
    assert "必填值为空" in message and "required value is empty" in message


def test_unknown_kind_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    watch = [WATCH[0], dict(WATCH[1], kind="counterfeit")]
    message = run_bad(tmp_path, capsys, write(tmp_path / "l.jsonl", LISTINGS), write(tmp_path / "w.jsonl", watch))
    assert "w.jsonl" in message and "row 2" in message and "'kind'" in message and "counterfeit" in message


def test_missing_required_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"listing_id": r["listing_id"], "name": r["title"]} for r in LISTINGS]
    message = run_bad(tmp_path, capsys, write(tmp_path / "l.parquet", rows), write(tmp_path / "w.csv", WATCH))
    assert "l.parquet" in message and "'title'" in message and "缺少必需的列" in message


def test_malformed_json_line_and_duplicate_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listings = tmp_path / "l.jsonl"
    listings.write_text('{"listing_id": "L1", "title": "x"}\n{"listing_id": "L2", "title": \n', encoding="utf-8")
    message = run_bad(tmp_path, capsys, listings, write(tmp_path / "w.csv", WATCH))
    assert "l.jsonl" in message and "row 2" in message
    duplicate = [WATCH[0], dict(WATCH[1], watch_id="W1")]
    message = run_bad(tmp_path, capsys, write(tmp_path / "l.csv", LISTINGS), write(tmp_path / "w2.csv", duplicate))
    assert "w2.csv" in message and "row 2" in message and "'watch_id'" in message and "duplicate" in message


def test_failure_leaves_an_existing_output_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hits.csv"
    out.write_text("previous run\n", encoding="utf-8")
    code = main(["--listings", str(tmp_path / "missing.csv"), "--watchlist", str(tmp_path / "w.csv"),
                 "--out", str(out), "--quiet"])
    assert code == 2
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert "missing.csv" in capsys.readouterr().err


def test_bad_output_suffix_and_threshold_are_usage_errors(tmp_path: Path) -> None:
    listings = write(tmp_path / "l.csv", LISTINGS)
    watch = write(tmp_path / "w.csv", WATCH)
    assert main(["--listings", str(listings), "--watchlist", str(watch), "--out", str(tmp_path / "h.xlsx")]) == 2
    assert main(["--listings", str(listings), "--watchlist", str(watch), "--out", str(tmp_path / "h.csv"),
                 "--threshold", "1.5"]) == 2


def test_a_block_too_large_stops_before_pairing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listings = write(tmp_path / "l.csv", [{"listing_id": f"L{i}", "title": "鞭炮 开业"} for i in range(30)])
    watch = write(tmp_path / "w.csv", [{"watch_id": f"W{i}", "kind": "banned_online", "category": "烟花爆竹"}
                                       for i in range(30)])
    out = tmp_path / "hits.csv"
    code = main(["--listings", str(listings), "--watchlist", str(watch), "--out", str(out), "--quiet",
                 "--max-block-pairs", "500"])
    assert code == 3 and not out.exists()
    assert "c:烟花爆竹" in capsys.readouterr().err


def test_command_end_to_end_in_a_subprocess(tmp_path: Path) -> None:
    listings = write(tmp_path / "l.csv", LISTINGS)
    watch = write(tmp_path / "w.parquet", WATCH)
    out = tmp_path / "hits.parquet"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "zhijian.screening.cli", "--listings", str(listings), "--watchlist", str(watch),
         "--out", str(out)], capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 hits" in done.stderr and "\r" not in done.stderr  # no progress bar when stderr is not a terminal
    assert hits_of(out) == EXPECTED
    bad = subprocess.run(
        [sys.executable, "-m", "zhijian.screening.cli", "--listings", str(watch), "--watchlist", str(watch),
         "--out", str(tmp_path / "x.csv")], capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert bad.returncode == 2 and "listing_id" in bad.stderr and not (tmp_path / "x.csv").exists()


def test_screening_never_imports_django(tmp_path: Path) -> None:
    code = "import sys, zhijian.screening.cli, zhijian.screening.engine_duckdb; print('django' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"


def test_zhijian_screen_subcommand_reaches_this_command(tmp_path: Path) -> None:
    from zhijian.cli import main as zhijian_main

    listings = write(tmp_path / "l.jsonl", LISTINGS)
    watch = write(tmp_path / "w.csv", WATCH)
    out = tmp_path / "hits.csv"
    assert zhijian_main(["screen", "--listings", str(listings), "--watchlist", str(watch), "--out", str(out),
                         "--quiet"]) == 0
    assert hits_of(out) == EXPECTED


def test_a_gbk_file_is_reported_with_its_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listings = tmp_path / "gbk.csv"
    listings.write_bytes("listing_id,title\nL1,ok\nL2,美的电饭煲\n".encode("gbk"))
    message = run_bad(tmp_path, capsys, listings, write(tmp_path / "w.csv", WATCH))
    assert "gbk.csv" in message and "row 2" in message and "UTF-8" in message


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import pty

    listings = write(tmp_path / "l.csv", LISTINGS)
    watch = write(tmp_path / "w.csv", WATCH)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zhijian.screening.cli", "--listings", str(listings), "--watchlist", str(watch),
             "--out", str(tmp_path / "hits.csv")], stderr=follower, stdout=subprocess.DEVNULL, env=env, timeout=120,
            check=False,
        )
        os.close(follower)
        written = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"screening:" in written and b"100%" in written  # tqdm's bar, drawn on the terminal
