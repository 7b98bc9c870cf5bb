"""Signals received from other apps (spot checks publish, licensing listens: no upward imports)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhijian.licensing.choices import LicenceStatus


def _first(obj: Any, *paths: str) -> Any:
    for path in paths:
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def on_reinspection_failed(sender: Any = None, *, task: Any = None, handling: Any = None, round: Any = None,
                           **kwargs: Any) -> None:
    """A licensed product still fails at re-inspection: open revocation proceedings (条例 Art. 54)."""
    from zhijian.licensing.models import Licence
    from zhijian.licensing.services import proceeding_open

    product = _first(task, "product", "sample.product")
    enterprise = _first(task, "enterprise", "producer", "sample.enterprise") or _first(product, "enterprise")
    category = _first(product, "category") or _first(task, "item.category", "category")
    if enterprise is None:
        return
    today = timezone.localdate()
    candidates = Licence.objects.filter(holder_id=enterprise.pk, status=LicenceStatus.VALID).select_related("category")
    number = _first(product, "licence_number") or _first(task, "sample.licence_number")
    licences = [lic for lic in candidates if lic.valid_on(today) and (
        (number and lic.number == number) or category is None
        or category.code == lic.category.code or category.code.startswith(lic.category.code + "."))]
    for licence in licences:
        proceeding_open(acting_user=None, licence=licence, trigger="reinspection_failed",
                        source=f"spotchecks.task:{getattr(task, 'pk', '')}",
                        note=f"复查仍不合格（第{round}次复查）/ still failing at re-inspection round {round}")


def on_draw_executed(sender: Any = None, *, draw: Any = None, **kwargs: Any) -> None:
    """A licensee draw made in the draws app becomes a double-random check campaign."""
    if draw is None or getattr(draw, "subject_type", "") != "licensing.category":
        return
    from zhijian.licensing.services import campaign_from_draw

    campaign_from_draw(acting_user=getattr(draw, "drawn_by", None), draw=draw)
