"""Prospective outbreak detection on weekly counts (pure: numpy and scipy, no Django).

Two methods, both vectorised across series (one batched IRLS fit per evaluated week for all
series at once, since every series on the same week grid shares the design matrix):

``farrington`` — the Farrington-flexible method as improved by Noufaily et al. (2013,
Statistics in Medicine 32:1206-1222), the anchor:
  * reference weeks: from b years (default 5) + w weeks back up to 26 weeks before the
    current week (the most recent 26 weeks are left out so an ongoing outbreak does not
    inflate its own baseline);
  * quasi-Poisson GLM, log link, with a linear time trend and a 10-level seasonal factor
    (level 0 is the window of 2w+1 weeks around the current week in each past year, the
    rest of the year cut into 9 blocks);
  * past outbreaks down-weighted: weights s^-2 for Anscombe residuals s > 2.58, then refit;
  * the trend is kept only if significant at 5 % and the prediction does not exceed the
    largest count of the reference period; dispersion phi = max(1, Pearson X^2 / (n - p));
  * threshold: the (1 - alpha) quantile of a negative binomial with the predicted mean and
    the estimated dispersion (Noufaily's recommendation); ``threshold="power23"`` gives the
    original 2/3-power transformation threshold instead;
  * no alarm if fewer than 5 cases in the last 4 weeks (the 'limit54' rule).

``nbscan`` — ours: the same robust baseline, then a scan over the last k = 1, 2 and 4
weeks: week t alarms if the count of week t, or the sums of weeks t-1..t or t-3..t, exceed
their negative-binomial (1 - alpha_k) quantiles (mean = sum of predicted means, variance =
phi x mean). Outbreaks spread over several weeks show in the sums before any single week
stands out. alpha_k splits the false-alarm budget (see NBSCAN_ALPHAS).

Each week's decision uses only that week's count and earlier ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import stats

WEEKS_PER_YEAR = 52
METHODS = ("nbscan", "farrington")
DEFAULT_METHOD = "nbscan"
# (window length k, share of alpha) for nbscan; the shares were chosen on simulated
# outbreak-free data (a different seed from the benchmark's) to keep the FPR under alpha.
NBSCAN_WINDOWS = ((1, 0.6), (2, 0.15), (4, 0.15))


@dataclass(frozen=True)
class Settings:
    b: int = 5                       # years of history
    w: int = 3                       # half-width of the seasonal window
    periods: int = 10                # seasonal factor levels
    past_weeks_not_included: int = 26
    alpha: float = 0.01              # one-sided, per week
    reweight_threshold: float = 2.58
    trend: bool = True
    trend_min_years: float = 3.0
    limit54: tuple[int, int] | None = (5, 4)
    threshold: str = "nb"            # "nb" | "power23"
    min_reference_weeks: int = 52
    nbscan_season: str = "fourier"   # nbscan's seasonal terms: "fourier" or "factor"
    harmonics: int = 2
    # nbscan plugs in a cautious dispersion: phi x df / chi2_df(q), its estimate's q upper bound
    nbscan_phi_quantile: float = 0.4
    max_iter: int = 30
    tol: float = 1e-7


@dataclass
class Result:
    """Arrays of shape (n_series, n_evaluated_weeks); week indices into the grid."""

    weeks: np.ndarray
    expected: np.ndarray
    upper: np.ndarray
    alarm: np.ndarray
    evaluated: np.ndarray
    method: str


# --------------------------------------------------------------------------- the GLM

def _rows(weeks: np.ndarray, t: int, settings: Settings, with_trend: bool, season: str) -> np.ndarray:
    """Design rows for the given week indices, relative to the current week t.

    season "factor": Noufaily's 10-level factor (level 0 = the 2w+1 weeks around t's week of
    the year, the rest cut into 9 blocks); "fourier": `harmonics` annual sine/cosine pairs.
    Columns: intercept, [trend in years], seasonal columns.
    """
    s = np.asarray(weeks, dtype=float)
    cols = [np.ones(len(s))]
    if with_trend:
        cols.append((s - t) / WEEKS_PER_YEAR)
    if season == "factor":
        w = settings.w
        d = (t - s.astype(int)) % WEEKS_PER_YEAR
        in_window = (d <= w) | (d >= WEEKS_PER_YEAR - w)
        rest = WEEKS_PER_YEAR - 2 * w - 1
        k = settings.periods - 1
        level = np.where(in_window, 0, 1 + np.minimum(k - 1, ((d - w - 1) * k) // max(rest, 1)))
        for lev in range(1, settings.periods):
            cols.append((level == lev).astype(float))
    else:
        for j in range(1, settings.harmonics + 1):
            ang = 2 * np.pi * j * s / WEEKS_PER_YEAR
            cols.append(np.cos(ang))
            cols.append(np.sin(ang))
    return np.column_stack(cols)


def _irls(X: np.ndarray, Y: np.ndarray, PW: np.ndarray, settings: Settings, beta0: np.ndarray | None = None):
    """Batched Poisson IRLS. X (n, p) shared; Y, PW (N, n). Returns beta (N, p), mu, A=(X'WX)^-1."""
    N, n = Y.shape
    p = X.shape[1]
    ridge = 1e-8 * np.eye(p)
    ridge[0, 0] = 0.0
    XX = (X[:, :, None] * X[:, None, :]).reshape(n, p * p)  # X'WX for all series is one product W @ XX
    if beta0 is None:
        tot = np.maximum((PW * Y).sum(1), 0.0)
        cnt = np.maximum(PW.sum(1), 1e-12)
        beta = np.zeros((N, p))
        beta[:, 0] = np.log(tot / cnt + 0.1)
    else:
        beta = beta0.copy()
    for _ in range(settings.max_iter):
        eta = np.clip(beta @ X.T, -20.0, 20.0)
        mu = np.exp(eta)
        z = eta + (Y - mu) / mu
        W = PW * mu
        XtWX = (W @ XX).reshape(N, p, p)
        scale = np.maximum(np.einsum("kii->k", XtWX) / p, 1e-12)
        XtWX = XtWX + ridge[None] * (1.0 + scale[:, None, None]) + 1e-10 * np.eye(p)[None]
        XtWz = (W * z) @ X
        new = np.linalg.solve(XtWX, XtWz[..., None])[..., 0]
        delta = np.max(np.abs(new - beta)) if N else 0.0
        beta = new
        if delta < settings.tol:
            break
    eta = np.clip(beta @ X.T, -20.0, 20.0)
    mu = np.exp(eta)
    W = PW * mu
    XtWX = (W @ XX).reshape(N, p, p) + 1e-10 * np.eye(p)[None]
    A = np.linalg.inv(XtWX + 1e-9 * np.eye(p)[None])
    return beta, mu, A


def _dispersion(Y, mu, PW, p):
    n_eff = (PW > 0).sum(1)
    chi2 = (PW * (Y - mu) ** 2 / mu).sum(1)
    df = np.maximum(n_eff - p, 1)
    return np.maximum(1.0, chi2 / df)


def _robust_fit(X, Y, PW, settings: Settings, beta0=None):
    """Fit, down-weight outbreak weeks by their Anscombe residuals, refit (Noufaily 2013)."""
    p = X.shape[1]
    beta, mu, A = _irls(X, Y, PW, settings, beta0=beta0)
    phi = _dispersion(Y, mu, PW, p)
    W = PW * mu
    h = W * np.einsum("tp,npq,tq->nt", X, A, X, optimize=True)
    h = np.clip(h, 0.0, 0.999)
    s = 1.5 * (np.power(Y, 2 / 3) - np.power(mu, 2 / 3)) / (np.power(mu, 1 / 6) * np.sqrt(phi[:, None] * (1 - h)))
    gam = np.where(s > settings.reweight_threshold, 1.0 / np.maximum(s, 1e-12) ** 2, 1.0) * (PW > 0)
    norm = PW.sum(1) / np.maximum((gam * PW).sum(1), 1e-12)
    PW2 = PW * gam * norm[:, None]
    beta, mu, A = _irls(X, Y, PW2, settings, beta0=beta)
    phi = _dispersion(Y, mu, PW2, p)
    return beta, mu, A, phi, PW2


@dataclass
class _Fit:
    t: int
    beta: np.ndarray       # (N, p) of the model with trend (trend 0 where dropped)
    cov: np.ndarray        # (N, p, p) phi x (X'WX)^-1
    phi: np.ndarray        # (N,)
    ok: np.ndarray         # (N,) enough reference data
    season: str
    settings: Settings
    df: np.ndarray         # (N,) residual degrees of freedom

    def rows(self, weeks) -> np.ndarray:
        return _rows(np.asarray(weeks), self.t, self.settings, True, self.season)

    def predict(self, weeks) -> tuple[np.ndarray, np.ndarray]:
        """Means (N, len(weeks)) and the variance of the linear predictor at those weeks."""
        X = self.rows(weeks)
        eta = np.clip(self.beta @ X.T, -20, 20)
        var = np.einsum("tp,npq,tq->nt", X, self.cov, X, optimize=True)
        return np.exp(eta), var


def _fit_week(Y: np.ndarray, M: np.ndarray, t: int, settings: Settings, season: str = "factor") -> _Fit | None:
    stop = t - settings.past_weeks_not_included + 1
    start = max(0, t - settings.b * WEEKS_PER_YEAR - settings.w)
    if stop - start < settings.min_reference_weeks:
        return None
    weeks = np.arange(start, stop)
    Yr = Y[:, start:stop].astype(float)
    PW = M[:, start:stop].astype(float)
    N = Y.shape[0]
    ok = PW.sum(1) >= settings.min_reference_weeks
    first = np.argmax(PW > 0, axis=1)
    span_years = (stop - start - first) / WEEKS_PER_YEAR
    X0 = _rows(weeks, t, settings, False, season)
    b0, _mu, A0, phi0, _ = _robust_fit(X0, Yr, PW, settings)
    p = X0.shape[1] + 1
    beta = np.zeros((N, p))
    beta[:, 0] = b0[:, 0]
    beta[:, 2:] = b0[:, 1:]
    cov = np.zeros((N, p, p))
    cov[:, 0, 0] = A0[:, 0, 0]
    cov[:, 0, 2:] = A0[:, 0, 1:]
    cov[:, 2:, 0] = A0[:, 1:, 0]
    cov[:, 2:, 2:] = A0[:, 1:, 1:]
    cov *= phi0[:, None, None]
    phi = phi0
    if settings.trend:
        X1 = _rows(weeks, t, settings, True, season)
        b1, _mu1, A1, phi1, _ = _robust_fit(X1, Yr, PW, settings, beta0=beta)
        se = np.sqrt(phi1 * A1[:, 1, 1])
        z = np.abs(b1[:, 1]) / np.maximum(se, 1e-12)
        x_t = _rows(np.array([t]), t, settings, True, season)[0]
        mu1 = np.exp(np.clip(b1 @ x_t, -20, 20))
        ymax = np.max(np.where(PW > 0, Yr, 0), axis=1)
        use = (span_years >= settings.trend_min_years) & (z > 1.959964) & (mu1 <= ymax)
        beta = np.where(use[:, None], b1, beta)
        cov = np.where(use[:, None, None], A1 * phi1[:, None, None], cov)
        phi = np.where(use, phi1, phi0)
    df = np.maximum(PW.sum(1) - p, 1)
    return _Fit(t=t, beta=beta, cov=cov, phi=phi, ok=ok, season=season, settings=settings, df=df)


def nb_quantile(q: float, mean: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """(q) quantile of a negative binomial with the given mean and variance phi*mean (Poisson if phi<=1)."""
    mean = np.maximum(np.asarray(mean, dtype=float), 1e-12)
    phi = np.asarray(phi, dtype=float) * np.ones_like(mean)
    out = stats.poisson.ppf(q, mean)
    over = phi > 1.0 + 1e-9
    if np.any(over):
        size = mean[over] / (phi[over] - 1.0)
        out[over] = stats.nbinom.ppf(q, size, size / (size + mean[over]))
    return out


def _limit54_ok(Y, M, t, settings):
    if not settings.limit54:
        return np.ones(Y.shape[0], dtype=bool)
    cases, weeks = settings.limit54
    lo = max(0, t - weeks + 1)
    return (Y[:, lo:t + 1] * M[:, lo:t + 1]).sum(1) >= cases


def detect_matrix(Y: np.ndarray, weeks_to_evaluate, method: str = DEFAULT_METHOD, mask: np.ndarray | None = None,
                  settings: Settings | None = None) -> Result:
    """Run a detector on a matrix of counts Y (n_series, n_weeks) for the given week indices."""
    return detect_matrix_multi(Y, weeks_to_evaluate, (method,), mask=mask, settings=settings)[method]


def detect_matrix_multi(Y: np.ndarray, weeks_to_evaluate, methods=METHODS, mask: np.ndarray | None = None,
                        settings: Settings | None = None) -> dict[str, Result]:
    """Several methods on the same data sharing the baseline fits (they use the same robust GLM).

    The baseline of week t is fitted on weeks up to t - 26 (and the decision sees weeks up to t):
    nbscan's sums over weeks t-k+1..t compare with the expected values each of those weeks got
    from its own fit, so nothing after week t is ever read.
    """
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"未知的检测方法 / unknown detection method: {method!r} (choose {METHODS})")
    settings = settings or Settings()
    Y = np.asarray(Y, dtype=float)
    if Y.ndim == 1:
        Y = Y[None, :]
    M = np.ones_like(Y) if mask is None else np.asarray(mask, dtype=float)
    Y = np.where(M > 0, Y, 0.0)
    weeks = np.asarray(list(weeks_to_evaluate), dtype=int)
    out = {}
    fits: dict[str, dict[int, _Fit | None]] = {}
    for method in methods:
        season = "factor" if method == "farrington" else settings.nbscan_season
        cache = fits.setdefault(season, {})
        out[method] = _decide(Y, M, weeks, cache, method, settings, season)
    return out


def _decide(Y, M, weeks, cache, method, settings: Settings, season: str) -> Result:
    N, E = Y.shape[0], len(weeks)
    expected = np.full((N, E), np.nan)
    upper = np.full((N, E), np.nan)
    alarm = np.zeros((N, E), dtype=bool)
    evaluated = np.zeros((N, E), dtype=bool)
    for i, t in enumerate(weeks):
        t = int(t)
        if t not in cache:
            # only columns up to t are passed: the decision at t cannot see later weeks
            cache[t] = _fit_week(Y[:, : t + 1], M[:, : t + 1], t, settings, season)
        fit = cache[t]
        if fit is None:
            continue
        ok = fit.ok & (M[:, t] > 0)
        y = Y[:, t]
        if method == "farrington":
            mu_w, var_w = fit.predict([t])
            mu0, var_eta = mu_w[:, 0], var_w[:, 0]
            if settings.threshold == "power23":
                z = stats.norm.ppf(1 - settings.alpha)
                tau = (4.0 / 9.0) * np.power(mu0, 1 / 3) * (fit.phi + mu0 * var_eta)
                up = np.power(np.power(mu0, 2 / 3) + z * np.sqrt(tau), 1.5)
            else:
                up = nb_quantile(1 - settings.alpha, mu0, fit.phi)
            al = y > up
        else:
            kmax = max(k for k, _ in NBSCAN_WINDOWS)
            back = [t - j for j in range(kmax) if t - j >= 0]
            mu_w, _ = fit.predict(back)
            X = fit.rows(back)
            mu0 = mu_w[:, 0]
            phi_hi = np.where(fit.phi > 1.0, fit.phi * fit.df / stats.chi2.ppf(settings.nbscan_phi_quantile, fit.df), 1.0)
            up = None
            al = np.zeros(N, dtype=bool)
            a1 = settings.alpha * dict(NBSCAN_WINDOWS)[1]
            # past weeks count at most up to their own single-week threshold: an outbreak week that
            # already stood out is not counted again in the following weeks' sums
            counts = np.stack([Y[:, t - j] * M[:, t - j] for j in range(len(back))], axis=1)
            for j in range(1, len(back)):
                counts[:, j] = np.minimum(counts[:, j], nb_quantile(1 - a1, mu_w[:, j], phi_hi))
            for k, share in NBSCAN_WINDOWS:
                if k > len(back):
                    continue
                a = settings.alpha * share
                m_obs = M[:, t - k + 1: t + 1][:, ::-1]
                mus = (mu_w[:, :k] * m_obs).sum(1)
                obs = counts[:, :k].sum(1)
                # variance of the estimated sum of means: g' Cov g with g = sum_j mu_j x_j
                g = (mu_w[:, :k] * m_obs) @ X[:k]
                var_sum = np.einsum("np,npq,nq->n", g, fit.cov, g)
                phi_eff = phi_hi + var_sum / np.maximum(mus, 1e-12)
                q = nb_quantile(1 - a, mus, phi_eff)
                if k == 1:
                    up = q
                    al |= obs > q
                else:
                    # a sum alarms only while the current week itself is above its expectation
                    al |= (obs > q) & (y > mu0)
        al = al & ok & _limit54_ok(Y, M, t, settings)
        expected[:, i] = np.where(ok, mu0, np.nan)
        upper[:, i] = np.where(ok, up, np.nan)
        alarm[:, i] = al
        evaluated[:, i] = ok
    return Result(weeks=weeks, expected=expected, upper=upper, alarm=alarm, evaluated=evaluated, method=method)


def detect_matrix_parallel(Y, weeks_to_evaluate, method=DEFAULT_METHOD, settings=None, workers: int = 2,
                           mask=None) -> Result:
    """detect_matrix split by series over a process pool (the fits are independent per series)."""
    Y = np.asarray(Y, dtype=float)
    if workers <= 1 or Y.shape[0] < 2 * workers:
        return detect_matrix(Y, weeks_to_evaluate, method, mask=mask, settings=settings)
    from concurrent.futures import ProcessPoolExecutor

    chunks = np.array_split(np.arange(Y.shape[0]), workers)
    weeks = list(weeks_to_evaluate)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(detect_matrix, Y[c], weeks, method, None if mask is None else mask[c], settings)
                   for c in chunks]
        parts = [f.result() for f in futures]
    return Result(weeks=parts[0].weeks, expected=np.vstack([p.expected for p in parts]),
                  upper=np.vstack([p.upper for p in parts]), alarm=np.vstack([p.alarm for p in parts]),
                  evaluated=np.vstack([p.evaluated for p in parts]), method=method)


# --------------------------------------------------------------------------- dated series

def iso_monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def detect_series(series: dict[str, dict[date, int]], method: str = DEFAULT_METHOD, from_week: date | None = None,
                  settings: Settings | None = None) -> list[dict]:
    """Series name -> {ISO Monday: count}. Weeks between a series' first and last week that are
    absent count as 0; weeks before its first week are unknown. Returns one row per series and
    evaluated week: series, week, count, expected, upper, alarm (0/1), method."""
    if method not in METHODS:
        raise ValueError(f"未知的检测方法 / unknown detection method: {method!r} (choose {METHODS})")
    names = sorted(series)
    if not names:
        return []
    all_weeks = [iso_monday(w) for s in names for w in series[s]]
    first, last = min(all_weeks), max(all_weeks)
    T = (last - first).days // 7 + 1
    Y = np.zeros((len(names), T))
    M = np.zeros((len(names), T))
    for i, name in enumerate(names):
        weeks = {iso_monday(w): c for w, c in series[name].items()}
        lo = (min(weeks) - first).days // 7
        M[i, lo:] = 1
        for w, c in weeks.items():
            Y[i, (w - first).days // 7] += c
    start = 0 if from_week is None else max(0, math.ceil((iso_monday(from_week) - first).days / 7))
    res = detect_matrix(Y, range(start, T), method, mask=M, settings=settings)
    rows = []
    for j, t in enumerate(res.weeks):
        wk = first + timedelta(weeks=int(t))
        for i, name in enumerate(names):
            if not res.evaluated[i, j]:
                continue
            rows.append({"series": name, "week": wk, "count": int(Y[i, t]),
                         "expected": float(res.expected[i, j]), "upper": float(res.upper[i, j]),
                         "alarm": int(res.alarm[i, j]), "method": method})
    rows.sort(key=lambda r: (r["series"], r["week"]))
    return rows


# --------------------------------------------------------------------------- simulation

@dataclass(frozen=True)
class Scenario:
    """Noufaily et al. (2013) baseline: mean exp(theta + beta t + sum_j g1 cos + g2 sin), NB counts."""

    theta: float
    beta: float = 0.0
    gamma1: float = 0.0
    gamma2: float = 0.0
    m: int = 0  # number of harmonics (0 none, 1 annual, 2 annual+biannual)
    phi: float = 1.0

    def mean(self, t: np.ndarray) -> np.ndarray:
        eta = self.theta + self.beta * t
        for j in range(1, self.m + 1):
            eta = eta + self.gamma1 * np.cos(2 * np.pi * j * t / 52) + self.gamma2 * np.sin(2 * np.pi * j * t / 52)
        return np.exp(eta)


# A spread of the 42 Noufaily scenarios: low to high counts, with/without trend and seasonality.
NOUFAILY_SCENARIOS = (
    Scenario(0.1, 0.0, 0.0, 0.0, 0, 1.0),
    Scenario(0.1, 0.0, 0.6, 0.6, 1, 1.5),
    Scenario(0.5, 0.0, 0.2, 0.2, 1, 1.0),
    Scenario(1.5, 0.003, 0.2, 0.2, 1, 2.0),
    Scenario(2.5, 0.0, 0.6, 0.6, 2, 1.0),
    Scenario(2.5, 0.002, 0.3, 0.3, 1, 3.0),
    Scenario(3.75, 0.0, 0.2, 0.2, 1, 5.0),
    Scenario(5.0, 0.001, 0.6, 0.2, 2, 5.0),
)


def simulate(scenario: Scenario, n_series: int, n_weeks: int = 7 * 52, rng: np.random.Generator | None = None,
             k: float = 0.0, eval_weeks: int = 52, baseline_outbreaks: int = 4, baseline_k: float = 0.0,
             start: int | None = None):
    """Simulate counts (n_series, n_weeks) and an outbreak mask.

    One outbreak starts at a random week in the last `eval_weeks` weeks with Poisson(k * sd)
    cases (sd of the baseline count at its start), spread over time with a lognormal(0, 0.5)
    delay in weeks, as in Noufaily et al. (2013). `baseline_outbreaks` further outbreaks of
    size Poisson(baseline_k * sd) land in the years before, to test the down-weighting.
    Returns (Y, outbreak_mask, starts).
    """
    rng = rng or np.random.default_rng(0)
    t = np.arange(n_weeks)
    mu = scenario.mean(t)
    if scenario.phi > 1:
        size = mu / (scenario.phi - 1)
        Y = rng.negative_binomial(np.broadcast_to(size, (n_series, n_weeks)), size / (size + mu))
    else:
        Y = rng.poisson(np.broadcast_to(mu, (n_series, n_weeks)))
    Y = Y.astype(float)
    outbreak = np.zeros((n_series, n_weeks), dtype=bool)
    starts = np.full(n_series, -1)

    def add(i: int, start: int, kk: float, mark: bool) -> None:
        sd = math.sqrt(scenario.phi * mu[start])
        size = rng.poisson(kk * sd)
        if size == 0:
            return
        delays = np.floor(rng.lognormal(0.0, 0.5, size)).astype(int)
        weeks = start + delays
        weeks = weeks[weeks < n_weeks]
        np.add.at(Y[i], weeks, 1)
        if mark and len(weeks):
            outbreak[i, start: weeks.max() + 1] = True

    for i in range(n_series):
        if k > 0:
            starts[i] = rng.integers(n_weeks - eval_weeks, n_weeks) if start is None else start
            add(i, int(starts[i]), k, True)
        if baseline_k > 0:
            for s in rng.integers(0, n_weeks - eval_weeks - 26, baseline_outbreaks):
                add(i, int(s), baseline_k, False)
    return Y, outbreak, starts
