"""Home page figures: real counts within the user's jurisdiction, gathered from each app's selectors."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Each app exposes `dashboard_cards(user) -> list[dict]` in its selectors module when it has figures.
CARD_APPS = ("registry", "standards", "agencies", "draws", "spotchecks", "licensing", "audit")


def dashboard_for(user) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    for app in CARD_APPS:
        module = import_module(f"zhijian.{app}.selectors")
        provider = getattr(module, "dashboard_cards", None)
        if provider is not None:
            cards.extend(provider(user))
    return cards
