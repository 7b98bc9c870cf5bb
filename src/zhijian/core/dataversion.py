"""A counter every audited write bumps on commit, so caches keyed by it never serve data older
than the last write made through a service."""

from __future__ import annotations

from django.core.cache import cache

DATA_VERSION_KEY = "zj:data-version"


def data_version() -> int:
    return cache.get_or_set(DATA_VERSION_KEY, 1, None)


def bump_data_version() -> None:
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(DATA_VERSION_KEY, 2, None)
