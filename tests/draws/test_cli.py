"""`zhijian draw run|commit|verify` as a citizen runs it: a real process, real files, exit codes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhijian.draws import reference as R

BEACON = "中国福利彩票3D 第2026320期 开奖号码 3 5 7"


def zhijian(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhijian.cli", "draw", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def pool_csv(tmp_path: Path) -> Path:
    path = tmp_path / "P.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # as Excel saves it, with a BOM
        writer = csv.writer(handle)
        writer.writerow(["id", "名称", "region", "risk"])
        for i in range(40):
            writer.writerow([f"91610100MA{i:07d}X", f"西安企业{i}", ["610100", "610300", "610400"][i % 3], [1, 2, 0.5, 3][i % 4]])
    return path


def test_run_then_verify_reproduces(tmp_path, pool_csv):
    done = zhijian("run", "--pool", "P.csv", "--n", "6", "--beacon", BEACON, "--strata", "region", "--weights", "risk",
                   "--out", "R.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "承诺值 / commitment" in done.stdout
    record = json.loads((tmp_path / "R.json").read_text(encoding="utf-8"))
    assert record["params"] == {"n": 6, "quotas": None, "stratified": True, "weighted": True}
    assert sum(len(v) for v in record["result"].values()) == 6
    # the plain-Python specification gives the same draw from the same file
    rows = [(r["id"], r["region"], r["risk"]) for r in csv.DictReader(pool_csv.open(encoding="utf-8-sig"))]
    assert R.draw(rows, record["params"], BEACON)["result"] == record["result"]

    ok = zhijian("verify", "R.json", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "复核通过" in ok.stdout and "REPRODUCED" in ok.stdout
    with_pool = zhijian("verify", "R.json", "--pool", "P.csv", "--strata", "region", "--weights", "risk",
                        "--commitment", record["commitment"], cwd=tmp_path)
    assert with_pool.returncode == 0, with_pool.stdout


@pytest.mark.parametrize("tamper, expected", [
    (lambda r: r.update(beacon=r["beacon"].replace("3 5 7", "3 5 8")), "seed differs"),
    (lambda r: r["params"].update(n=7), "commitment differs"),
    (lambda r: r["pool"]["weight"].__setitem__(0, "100"), "pool digest differs"),
    (lambda r: r["result"][sorted(r["result"])[0]].__setitem__(0, "91610100MA9999999X"), "result differs"),
])
def test_verify_rejects_tampering_with_exit_1(tmp_path, pool_csv, tamper, expected):
    assert zhijian("run", "--pool", "P.csv", "--n", "6", "--beacon", BEACON, "--strata", "region", "--weights", "risk",
                   "--out", "R.json", cwd=tmp_path).returncode == 0
    record = json.loads((tmp_path / "R.json").read_text(encoding="utf-8"))
    tamper(record)
    (tmp_path / "bad.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    done = zhijian("verify", "bad.json", cwd=tmp_path)
    assert done.returncode == 1
    assert "复核未通过" in done.stdout and expected in done.stdout


def test_verify_with_a_changed_pool_file_says_which_rows(tmp_path, pool_csv):
    assert zhijian("run", "--pool", "P.csv", "--n", "3", "--beacon", BEACON, "--out", "R.json", cwd=tmp_path).returncode == 0
    lines = pool_csv.read_text(encoding="utf-8-sig").splitlines()
    (tmp_path / "P2.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # last row removed
    done = zhijian("verify", "R.json", "--pool", "P2.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "rows removed" in done.stdout and "91610100MA0000039X" in done.stdout


def test_quotas_and_commit(tmp_path, pool_csv):
    done = zhijian("run", "--pool", "P.csv", "--quota", "610100=2", "--quota", "610300=1", "--strata", "region",
                   "--beacon", BEACON, "--out", "Q.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = json.loads((tmp_path / "Q.json").read_text(encoding="utf-8"))
    assert {k: len(v) for k, v in record["result"].items()} == {"610100": 2, "610300": 1}
    shown = zhijian("commit", "--pool", "P.csv", "--quota", "610100=2", "--quota", "610300=1", "--strata", "region",
                    cwd=tmp_path)
    assert shown.returncode == 0 and record["commitment"] in shown.stdout


@pytest.mark.parametrize("args, message", [
    (["run", "--pool", "P.csv", "--n", "3", "--out", "R.json"], "--beacon"),
    (["run", "--pool", "missing.csv", "--n", "3", "--beacon", "x", "--out", "R.json"], "cannot read the pool file"),
    (["run", "--pool", "P.csv", "--n", "3", "--strata", "nope", "--beacon", "x", "--out", "R.json"], "no column 'nope'"),
    (["run", "--pool", "P.csv", "--quota", "610100=99", "--strata", "region", "--beacon", "x", "--out", "R.json"], "610100"),
    (["run", "--pool", "P.csv", "--n", "3", "--beacon", "   ", "--out", "R.json"], "empty"),
    (["verify", "nothing.json"], "cannot read the record"),
    (["frobnicate"], "usage"),
])
def test_usage_and_input_errors_exit_2(tmp_path, pool_csv, args, message):
    done = zhijian(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr


def test_bad_weight_in_csv_names_the_row(tmp_path):
    (tmp_path / "W.csv").write_text("id,w\nA,1\nB,0\n", encoding="utf-8")
    done = zhijian("run", "--pool", "W.csv", "--n", "1", "--weights", "w", "--beacon", "x", "--out", "R.json", cwd=tmp_path)
    assert done.returncode == 2 and "'B'" in done.stderr


def test_duplicate_ids_refused(tmp_path):
    (tmp_path / "D.csv").write_text("id\nA\nB\nA\n", encoding="utf-8")
    done = zhijian("run", "--pool", "D.csv", "--n", "1", "--beacon", "x", "--out", "R.json", cwd=tmp_path)
    assert done.returncode == 2 and "duplicate id 'A'" in done.stderr
