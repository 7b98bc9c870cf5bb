"""The process apps' demo history (spot checks, licences, risk), built after the reference data
inside the same transaction. Each app's history lives in its own module here and is listed once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhijian.demo import draws_history, licensing_history, risk_history, spotchecks_history

# Each step takes the Loader (its .province, .scale, .seed, .log, ._bulk, .counts) and returns nothing.
STEPS: list[Callable[[Any], None]] = [licensing_history.build, draws_history.build, spotchecks_history.build,
                                      risk_history.build]


def run_steps(loader: Any) -> None:
    for step in STEPS:
        step(loader)
