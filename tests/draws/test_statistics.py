"""Over many beacons the selections follow the weights: chi-square goodness-of-fit tests against
exact probabilities (successive sampling proportional to weight, which is what exponential keys
give). The beacons are fixed, so the tests are deterministic; the 0.1 % level is for a test that
a correct algorithm passes with room to spare and a wrong one (weights ignored, inverted, or a
biased stream) fails by orders of magnitude (see the control cases)."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

import pytest
from scipy.stats import chisquare

from zhijian.draws import lottery as L

ALPHA = 0.001
WEIGHTS = {"A": "1", "B": "2", "C": "3", "D": "4", "E": "5"}


def ordered_probabilities(weights: dict[str, Fraction], n: int) -> dict[tuple[str, ...], Fraction]:
    """Exact probability of each ordered sequence of n picks: w_i / (W - weights already picked)."""
    total = sum(weights.values())
    out = {}
    for seq in itertools.permutations(weights, n):
        p, left = Fraction(1), total
        for row in seq:
            p *= weights[row] / left
            left -= weights[row]
        out[seq] = p
    return out


def draws(rows, params, runs: int, prefix: str) -> Counter:
    pool = L.Pool.from_rows(rows)
    committed = L.commit(pool, params)
    counts: Counter = Counter()
    for k in range(runs):
        record = L.execute(committed, pool, f"{prefix} 第{k}期")
        counts[tuple(record["selected"])] += 1
    return counts


def chi_square(counts: Counter, probabilities: dict, runs: int) -> float:
    keys = sorted(probabilities)
    observed = [counts.get(k, 0) for k in keys]
    assert sum(observed) == runs, "a selection outside the expected outcomes"
    expected = [float(probabilities[k]) * runs for k in keys]
    return chisquare(observed, expected).pvalue


def test_first_pick_is_proportional_to_weight():
    rows = [L.PoolRow(i, weight=w) for i, w in WEIGHTS.items()]
    runs = 5000
    counts = draws(rows, {"n": 1, "weighted": True}, runs, "n1")
    exact = ordered_probabilities({k: Fraction(v) for k, v in WEIGHTS.items()}, 1)
    assert chi_square(counts, exact, runs) > ALPHA


def test_ordered_pairs_follow_successive_sampling_probabilities():
    rows = [L.PoolRow(i, weight=w) for i, w in WEIGHTS.items()]
    runs = 6000
    counts = draws(rows, {"n": 2, "weighted": True}, runs, "n2")
    exact = ordered_probabilities({k: Fraction(v) for k, v in WEIGHTS.items()}, 2)
    assert chi_square(counts, exact, runs) > ALPHA
    # and the inclusion probability of each row matches the exact one within 4 standard errors
    for row in WEIGHTS:
        p = float(sum(prob for seq, prob in exact.items() if row in seq))
        seen = sum(c for seq, c in counts.items() if row in seq) / runs
        assert abs(seen - p) < 4 * (p * (1 - p) / runs) ** 0.5, row


def test_unweighted_sets_are_uniform():
    rows = [L.PoolRow(i, weight=w) for i, w in WEIGHTS.items()]  # weights present but not used
    runs = 4000
    counts = draws(rows, {"n": 2}, runs, "eq")
    exact = ordered_probabilities({k: Fraction(1) for k in WEIGHTS}, 2)
    assert chi_square(counts, exact, runs) > ALPHA


def test_strata_are_drawn_independently_with_their_weights():
    rows = [L.PoolRow("A", "s1", "1"), L.PoolRow("B", "s1", "3"),
            L.PoolRow("C", "s2", "1"), L.PoolRow("D", "s2", "1"), L.PoolRow("E", "s2", "2")]
    runs = 4000
    counts = draws(rows, {"quotas": {"s1": 1, "s2": 1}, "weighted": True}, runs, "st")
    p1 = {"A": Fraction(1, 4), "B": Fraction(3, 4)}
    p2 = {"C": Fraction(1, 4), "D": Fraction(1, 4), "E": Fraction(2, 4)}
    exact = {(a, b): p1[a] * p2[b] for a in p1 for b in p2}
    assert chi_square(counts, exact, runs) > ALPHA


@pytest.mark.parametrize("wrong", ["ignored", "inverted"])
def test_the_test_has_power_against_wrong_weights(wrong):
    """Control: the same counts judged against the wrong model are rejected."""
    rows = [L.PoolRow(i, weight=w) for i, w in WEIGHTS.items()]
    runs = 5000
    counts = draws(rows, {"n": 1, "weighted": True}, runs, "n1")
    weights = {k: Fraction(1) if wrong == "ignored" else 1 / Fraction(v) for k, v in WEIGHTS.items()}
    assert chi_square(counts, ordered_probabilities(weights, 1), runs) < 1e-12
