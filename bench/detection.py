"""Outbreak detection: false-alarm rate, probability of detection and delay of `nbscan` (ours)
against the Farrington-flexible anchor (Noufaily et al. 2013) on the same simulated data, and
the speed of the weekly refit of 10,000 series of 7 years.

Simulation (Noufaily et al. 2013): weekly counts with mean exp(theta + beta t + harmonics),
negative-binomial over-dispersion phi, 7 years (364 weeks); four outbreaks planted in the
baseline years to test down-weighting; the last 52 weeks are evaluated.
  FPR  alarms / evaluated weeks on series with no outbreak in the evaluated year;
  POD  share of outbreaks (size Poisson(k x sd), lognormal spread) with an alarm in an
       outbreak week, for k = 2, 4, 6, 8 and four start weeks;
  delay weeks from the outbreak's start to its first alarm, among detected outbreaks.
Both methods run at the same per-week alpha on the very same simulated matrices (each with its
own model fits), so the ratio nbscan/farrington is a like-for-like comparison.

  .venv/bin/python bench/detection.py                 # accuracy (about 3-6 min on 2 shared cores)
  .venv/bin/python bench/detection.py --speed-only    # 10,000 series weekly refit
  .venv/bin/python bench/detection.py --series 300 --alpha 0.005
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np

from zhijian.risk import detection as D

N_WEEKS = 7 * 52
EVAL = range(N_WEEKS - 52, N_WEEKS)
KS = (2, 4, 6, 8)
STARTS = (318, 331, 344, 352)


def accuracy(n_null: int, n_pod: int, alpha: float, seed: int) -> dict:
    settings = D.Settings(alpha=alpha)
    rng = np.random.default_rng(seed)
    totals = {m: {"alarms": 0, "weeks": 0, "detected": 0, "outbreaks": 0, "delays": []} for m in D.METHODS}
    print(f"{'scenario':<44} {'method':<10} {'FPR':>7} {'POD':>6} {'delay':>6}")
    for sc in D.NOUFAILY_SCENARIOS:
        Y, _, _ = D.simulate(sc, n_null, N_WEEKS, rng, k=0, baseline_k=5)
        null = D.detect_matrix_multi(Y, EVAL, D.METHODS, settings=settings)
        per = {m: {"alarms": int(null[m].alarm.sum()), "weeks": int(null[m].evaluated.sum()),
                   "detected": 0, "outbreaks": 0, "delays": []} for m in D.METHODS}
        for k in KS:
            for start in STARTS:
                Y, ob, _ = D.simulate(sc, n_pod, N_WEEKS, rng, k=k, baseline_k=5, start=start)
                weeks = range(start, min(N_WEEKS, start + 8))
                res = D.detect_matrix_multi(Y, weeks, D.METHODS, settings=settings)
                obw = ob[:, start:start + 8]
                has = obw.any(1)  # a Poisson size of 0 plants nothing
                for m in D.METHODS:
                    hit = res[m].alarm & obw
                    det = hit.any(1) & has
                    per[m]["outbreaks"] += int(has.sum())
                    per[m]["detected"] += int(det.sum())
                    per[m]["delays"] += list(np.argmax(hit[det], axis=1))
        label = f"theta={sc.theta} beta={sc.beta} m={sc.m} phi={sc.phi}"
        for m in D.METHODS:
            r = per[m]
            fpr = r["alarms"] / max(r["weeks"], 1)
            pod = r["detected"] / max(r["outbreaks"], 1)
            delay = float(np.mean(r["delays"])) if r["delays"] else float("nan")
            print(f"{label:<44} {m:<10} {fpr:7.4f} {pod:6.3f} {delay:6.2f}", flush=True)
            for key in ("alarms", "weeks", "detected", "outbreaks"):
                totals[m][key] += r[key]
            totals[m]["delays"] += r["delays"]
            totals[m].setdefault("max_fpr", 0.0)
            totals[m]["max_fpr"] = max(totals[m]["max_fpr"], fpr)
    return totals


def speed(n_series: int, workers: int, weeks: int) -> float:
    rng = np.random.default_rng(7)
    parts = [D.simulate(sc, n_series // len(D.NOUFAILY_SCENARIOS), N_WEEKS, rng)[0] for sc in D.NOUFAILY_SCENARIOS]
    Y = np.vstack(parts)
    t0 = time.perf_counter()
    res = D.detect_matrix_parallel(Y, range(N_WEEKS - weeks, N_WEEKS), "nbscan", workers=workers)
    dt = time.perf_counter() - t0
    print(f"refit {Y.shape[0]:,} series x {N_WEEKS} weeks, {weeks} evaluated week(s) each, {workers} workers: "
          f"{dt:.1f} s ({res.alarm.mean():.4f} alarm rate)")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--series", type=int, default=200, help="outbreak-free series per scenario (FPR)")
    ap.add_argument("--pod-series", type=int, default=40, help="series per scenario, k and start week (POD)")
    ap.add_argument("--alpha", type=float, default=D.Settings().alpha)
    ap.add_argument("--seed", type=int, default=2013)
    ap.add_argument("--speed-series", type=int, default=10_000)
    ap.add_argument("--speed-weeks", type=int, default=1, help="weeks evaluated per series in the speed run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--accuracy-only", action="store_true")
    args = ap.parse_args()
    if not args.speed_only:
        print(f"alpha per week = {args.alpha}; {len(D.NOUFAILY_SCENARIOS)} scenarios; seed {args.seed}")
        t = accuracy(args.series, args.pod_series, args.alpha, args.seed)
        print()
        for m in D.METHODS:
            r = t[m]
            print(f"{m:<10} FPR {r['alarms'] / r['weeks']:.4f} (worst scenario {r['max_fpr']:.4f})  "
                  f"POD {r['detected'] / r['outbreaks']:.3f} ({r['detected']}/{r['outbreaks']})  "
                  f"delay {np.mean(r['delays']):.2f} weeks")
        a, b = t["nbscan"], t["farrington"]
        ratio = (a["detected"] / a["outbreaks"]) / max(b["detected"] / b["outbreaks"], 1e-12)
        print(f"POD ratio nbscan / farrington-flexible = {ratio:.3f}")
    if not args.accuracy_only:
        dt = speed(args.speed_series, args.workers, args.speed_weeks)
        print(f"speed: {dt:.1f} s against the 60 s target (ratio {dt / 60:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
