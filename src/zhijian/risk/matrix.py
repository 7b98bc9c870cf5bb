"""Risk level from severity and probability: versioned matrix profiles (pure, no Django).

The default profile is the EU method (Decision 2010/15/EU Part IV as carried into Implementing
Decision (EU) 2019/417): severity 1-4 against eight probability bands. A band "> 1/1 000"
holds 1/1 000 < p <= 1/100, so every band is open at its lower bound and p = 1/1 000 itself
falls in the "> 1/10 000" band. Each profile is data (bands and cells) with a version string,
so an assessment stores the profile it used and can be recomputed later.

Scenarios: the probability of a scenario is the product of its step probabilities; the
product's risk is the highest risk of its scenarios.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

LEVELS = ("low", "medium", "high", "serious")  # ascending
RANK = {name: i for i, name in enumerate(LEVELS)}
_ABBR = {"S": "serious", "H": "high", "M": "medium", "L": "low"}


@dataclass(frozen=True)
class Profile:
    """A risk matrix. `bands` are the lower bounds (exclusive) from high to low probability;
    the last row of `cells` is for p <= the last bound. `cells[i][s-1]` is the level for
    band i and severity s."""

    code: str
    version: str
    title: str
    bands: tuple[Fraction, ...]
    band_labels: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    severities: tuple[int, ...] = (1, 2, 3, 4)
    notes: str = ""
    provisional: bool = False
    extra: dict = field(default_factory=dict)

    def band_index(self, probability: float | Fraction) -> int:
        p = _as_fraction(probability)
        for i, bound in enumerate(self.bands):
            if p > bound:
                return i
        return len(self.bands)

    def level(self, severity: int, probability: float | Fraction) -> str:
        if severity not in self.severities:
            raise ValueError(f"严重程度应为 {self.severities} 之一 / severity must be one of {self.severities}: {severity!r}")
        return self.cells[self.band_index(probability)][self.severities.index(severity)]

    def as_dict(self) -> dict:
        return {"code": self.code, "version": self.version, "title": self.title,
                "bands": [str(b) for b in self.bands], "band_labels": list(self.band_labels),
                "cells": [list(r) for r in self.cells], "severities": list(self.severities),
                "provisional": self.provisional}


def _as_fraction(probability: float | Fraction | str) -> Fraction:
    if isinstance(probability, Fraction):
        p = probability
    elif isinstance(probability, str):
        p = parse_probability(probability)
    else:
        # float -> exact decimal string first, so 0.001 means 1/1000 rather than its binary neighbour
        p = Fraction(repr(float(probability)))
    if p < 0 or p > 1:
        raise ValueError(f"概率应在 0 到 1 之间 / probability must be between 0 and 1: {probability!r}")
    return p


def parse_probability(text: str | float | Fraction) -> Fraction:
    """'1/500', '0.002', '2e-3', '0.2%' -> Fraction."""
    if isinstance(text, Fraction):
        return text
    if isinstance(text, (int, float)):
        return Fraction(repr(float(text)))
    s = str(text).strip().replace(" ", "").replace(",", "").replace("，", "")
    try:
        if s.endswith("%"):
            return Fraction(s[:-1]) / 100
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"无法识别的概率 / unreadable probability: {text!r}") from None


def _rows(*rows: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_ABBR[c] for c in row.split()) for row in rows)


EU_2019_417 = Profile(
    code="eu-2019-417",
    version="eu-2019-417/1",
    title="EU Implementing Decision (EU) 2019/417, Part III risk matrix",
    bands=(Fraction(1, 2), Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000), Fraction(1, 10_000),
           Fraction(1, 100_000), Fraction(1, 1_000_000)),
    band_labels=("> 50 %", "> 1/10", "> 1/100", "> 1/1 000", "> 1/10 000", "> 1/100 000",
                 "> 1/1 000 000", "<= 1/1 000 000"),
    cells=_rows(
        "H S S S",
        "M S S S",
        "M S S S",
        "L H S S",
        "L M H S",
        "L L M H",
        "L L L M",
        "L L L L",
    ),
    notes="Bands open at the lower bound: p = 1/1 000 is in the '> 1/10 000' band.",
)

# GB/T 22760 grades severity in 4 levels (微弱/一般/严重/非常严重) and combines it with
# probability in a matrix whose cells the standard leaves to the method chosen [M]. Until the
# provincial bureau adopts its own table this slot carries the EU cells under its own code and
# version, flagged provisional, so assessments made with it can be recomputed when it changes.
GBT_22760 = Profile(
    code="gbt-22760",
    version="gbt-22760-2020/provisional-1",
    title="GB/T 22760-2020 消费品安全 风险评估导则 (provisional cells)",
    bands=EU_2019_417.bands,
    band_labels=EU_2019_417.band_labels,
    cells=EU_2019_417.cells,
    notes="Provisional: the cells are [M] in DOMAIN.md; configure before relying on them.",
    provisional=True,
)

PROFILES: dict[str, Profile] = {p.code: p for p in (EU_2019_417, GBT_22760)}
DEFAULT_PROFILE = EU_2019_417.code


def get_profile(profile: str | Profile = DEFAULT_PROFILE) -> Profile:
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"未知的风险矩阵 / unknown risk matrix profile: {profile!r}") from None


def register_profile(profile: Profile) -> None:
    """Add or replace a profile (e.g. the bureau's own GB/T 22760 cells)."""
    PROFILES[profile.code] = profile


def risk_level(severity: int, probability: float | Fraction | str, profile: str | Profile = DEFAULT_PROFILE) -> str:
    """'serious' | 'high' | 'medium' | 'low'."""
    return get_profile(profile).level(int(severity), probability)


def overall_probability(steps: Iterable[float | Fraction | str]) -> Fraction:
    """The probability of a scenario: the product of its step probabilities."""
    p = Fraction(1)
    for s in steps:
        p *= _as_fraction(s)
    return p


@dataclass(frozen=True)
class Scenario:
    hazard: str
    severity: int
    steps: tuple  # step probabilities
    consumer: str = "general"
    description: str = ""

    @property
    def probability(self) -> Fraction:
        return overall_probability(self.steps)


def highest(levels: Iterable[str]) -> str:
    levels = list(levels)
    if not levels:
        raise ValueError("至少需要一个伤害情景 / at least one injury scenario is needed")
    return max(levels, key=RANK.__getitem__)


def assess(scenarios: Sequence[Scenario | dict], profile: str | Profile = DEFAULT_PROFILE) -> dict:
    """Assess every scenario; the product's risk is the highest scenario risk.

    Returns inputs, per-scenario probability and level, the overall level, the profile version
    and a SHA-256 hash of the canonical inputs and result, so the assessment can be reproduced.
    """
    prof = get_profile(profile)
    rows = []
    for sc in scenarios:
        if isinstance(sc, dict):
            sc = Scenario(hazard=sc.get("hazard", ""), severity=int(sc["severity"]),
                          steps=tuple(sc.get("steps") or ()), consumer=sc.get("consumer", "general"),
                          description=sc.get("description", ""))
        if not sc.steps:
            raise ValueError("每个情景至少需要一个步骤概率 / each scenario needs at least one step probability")
        p = sc.probability
        rows.append({"hazard": sc.hazard, "consumer": sc.consumer, "severity": sc.severity,
                     "steps": [str(_as_fraction(s)) for s in sc.steps], "probability": str(p),
                     "probability_float": float(p), "band": prof.band_labels[prof.band_index(p)],
                     "level": prof.level(sc.severity, p), "description": sc.description})
    level = highest(r["level"] for r in rows)
    result = {"profile": prof.code, "profile_version": prof.version, "scenarios": rows, "level": level}
    result["hash"] = result_hash(result)
    return result


def result_hash(result: dict) -> str:
    payload = {k: result[k] for k in ("profile", "profile_version", "scenarios", "level")}
    canon = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def sensitivity(severity: int, probability: float | Fraction | str, profile: str | Profile = DEFAULT_PROFILE,
                factors: Sequence[float] = (0.1, 0.5, 2, 10)) -> dict:
    """How the level moves if severity is one grade off or the probability is off by a factor.

    Returns the base level, a grid of levels for severity ±1 × probability × factors, and the
    distance (as a factor) to the nearest band boundary up and down.
    """
    prof = get_profile(profile)
    p = _as_fraction(probability)
    base = prof.level(int(severity), p)
    grid = []
    for sev in (severity - 1, severity, severity + 1):
        if sev not in prof.severities:
            continue
        row = {"severity": sev, "cells": []}
        for f in (*sorted(factors), 1):
            q = min(Fraction(1), p * Fraction(repr(float(f))))
            row["cells"].append({"factor": float(f), "probability": float(q), "level": prof.level(sev, q)})
        row["cells"].sort(key=lambda c: c["factor"])
        grid.append(row)
    i = prof.band_index(p)
    up = None if i == 0 else float(prof.bands[i - 1] / p) if p else None
    down = float(p / prof.bands[i]) if i < len(prof.bands) and prof.bands[i] else None
    changes = sorted({c["level"] for r in grid for c in r["cells"]} - {base}, key=RANK.__getitem__)
    return {"level": base, "band": prof.band_labels[i], "grid": grid, "factor_to_next_band_up": up,
            "factor_to_next_band_down": down, "robust": not changes, "other_levels": changes}
