"""The detectors on simulated data and on the real outbreak-labelled series; `zhijian detect`."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest

from zhijian.risk import cli, detection

FIRST_MONDAY = dt.date(2019, 1, 7)


def _series(values) -> dict[dt.date, int]:
    return {FIRST_MONDAY + dt.timedelta(weeks=i): int(v) for i, v in enumerate(values)}


def test_decisions_are_prospective():
    """Changing later weeks never changes an earlier week's expected value, threshold or alarm."""
    rng = np.random.default_rng(5)
    Y, _, _ = detection.simulate(detection.NOUFAILY_SCENARIOS[3], 6, 5 * 52, rng)
    weeks = range(4 * 52, 5 * 52 - 10)
    a = detection.detect_matrix_multi(Y, weeks)
    Y2 = Y.copy()
    Y2[:, 5 * 52 - 10:] += 500  # a huge spike after the evaluated weeks
    b = detection.detect_matrix_multi(Y2, weeks)
    for m in detection.METHODS:
        np.testing.assert_array_equal(a[m].alarm, b[m].alarm)
        np.testing.assert_allclose(a[m].expected, b[m].expected)
        np.testing.assert_allclose(a[m].upper, b[m].upper)


@pytest.mark.parametrize("method", detection.METHODS)
def test_planted_outbreak_is_found_and_quiet_weeks_stay_quiet(method):
    rng = np.random.default_rng(11)
    sc = detection.Scenario(theta=2.0, m=1, gamma1=0.3, gamma2=0.2, phi=1.5)
    Y, ob, _ = detection.simulate(sc, 40, 6 * 52, rng, k=10, start=6 * 52 - 8)
    res = detection.detect_matrix(Y, range(5 * 52, 6 * 52), method)
    outbreak_weeks = ob[:, 5 * 52:]
    quiet = ~outbreak_weeks & res.evaluated
    assert res.alarm[quiet].mean() < 0.02
    detected = (res.alarm & outbreak_weeks).any(1)
    assert detected.mean() > 0.6  # k = 10 standard deviations: most outbreaks are obvious


def test_fpr_under_one_percent_on_outbreak_free_series():
    rng = np.random.default_rng(2024)
    Y, _, _ = detection.simulate(detection.NOUFAILY_SCENARIOS[2], 60, 7 * 52, rng, baseline_k=5)
    res = detection.detect_matrix_multi(Y, range(6 * 52, 7 * 52))
    for m in detection.METHODS:
        assert res[m].alarm.sum() / res[m].evaluated.sum() <= 0.015, m


def test_too_little_history_is_not_evaluated():
    rows = detection.detect_series({"a": _series([3] * 40)})
    assert rows == []  # 40 weeks < 26 excluded + 52 reference weeks


def test_missing_weeks_count_as_zero_and_gaps_before_start_as_unknown():
    s = _series(np.random.default_rng(1).poisson(4, 200))
    late = {w: c for w, c in s.items() if w >= FIRST_MONDAY + dt.timedelta(weeks=120)}
    rows = detection.detect_series({"early": s, "late": late})
    # week t needs 52 known reference weeks before t - 25: "early" from week 77, "late"
    # (known from week 120 only) from week 197
    assert len([r for r in rows if r["series"] == "early"]) == 200 - 77
    assert len([r for r in rows if r["series"] == "late"]) == 3


def _read_outbreak(path):
    rows = list(csv.DictReader(path.open(), delimiter="\t"))
    return np.array([int(r["observed"]) for r in rows]), np.array([int(r["state"]) for r in rows])


def test_real_outbreak_series(shared_data):
    """The RKI SurvStat series of R's `surveillance` package with their labelled outbreak weeks:
    both methods find most labelled outbreaks and raise few alarms outside them."""
    folder = shared_data / "outbreaks"
    found = {m: 0 for m in detection.METHODS}
    false = {m: 0 for m in detection.METHODS}
    quiet = 0
    outbreaks = 0
    for path in sorted(folder.glob("*.txt")):
        if path.name == "campylobacter.txt":
            continue  # a different layout (district codes), not a labelled weekly series
        observed, state = _read_outbreak(path)
        weeks = range(104, len(observed))
        res = detection.detect_matrix_multi(observed, weeks,
                                            settings=detection.Settings(min_reference_weeks=52))
        st = state[104:].astype(bool)
        # an outbreak episode = a run of labelled weeks
        runs = np.flatnonzero(np.diff(np.r_[0, st.astype(int)]) == 1)
        for m in detection.METHODS:
            alarm = res[m].alarm[0]
            for start in runs:
                end = start
                while end < len(st) and st[end]:
                    end += 1
                found[m] += bool(alarm[start:end].any())
            false[m] += int((alarm & ~st).sum())
        outbreaks += len(runs)
        quiet += int((~st).sum())
    assert outbreaks >= 4
    for m in detection.METHODS:
        assert found[m] / outbreaks >= 0.5, (m, found, outbreaks)
        assert false[m] / quiet <= 0.03, (m, false, quiet)
    assert found["nbscan"] >= found["farrington"] - 1


def test_cli_detect_round_trip(tmp_path):
    rng = np.random.default_rng(3)
    counts = tmp_path / "c.csv"
    values = rng.poisson(5, 160)
    values[150] = 40
    with counts.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["series", "week", "count"])
        for i, v in enumerate(values):
            if v:  # absent rows are zero weeks
                w.writerow(["电吹风|610100", (FIRST_MONDAY + dt.timedelta(weeks=i)).isoformat(), v])
        w.writerow(["quiet|610300", FIRST_MONDAY.isoformat(), 1])
    out = tmp_path / "o.csv"
    start = FIRST_MONDAY + dt.timedelta(weeks=140)
    assert cli.main(["detect", "--counts", str(counts), "--out", str(out), "--from", start.isoformat()]) == 0
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["series", "week", "count", "expected", "upper", "alarm", "method"]
    assert {r["week"] for r in rows} == {(start + dt.timedelta(weeks=i)).isoformat() for i in range(20)}
    spike = [r for r in rows if r["week"] == (FIRST_MONDAY + dt.timedelta(weeks=150)).isoformat() and r["series"] == "电吹风|610100"]
    assert spike[0]["alarm"] == "1" and spike[0]["method"] == "nbscan"
    assert float(spike[0]["expected"]) == pytest.approx(5, abs=1.5)
    assert cli.main(["detect", "--counts", str(counts), "--out", str(out), "--method", "farrington"]) == 0
    assert {r["method"] for r in csv.DictReader(out.open())} == {"farrington"}


def test_cli_detect_refuses_bad_files(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("series,week\nx,2020-01-06\n")
    assert cli.main(["detect", "--counts", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
    bad.write_text("series,week,count\nx,2020-13-06,3\n")
    assert cli.main(["detect", "--counts", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
