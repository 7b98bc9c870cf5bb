"""Receivers of other apps' domain events (connected in RiskConfig.ready)."""

from __future__ import annotations

from typing import Any

from zhijian.risk.choices import SourceType


def _get(obj: Any, *paths: str) -> Any:
    for path in paths:
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if value not in (None, ""):
            return value
    return None


def signal_from_failed_result(sender: Any = None, *, task: Any = None, verdict: str = "", **kwargs: Any) -> None:
    """A spot-check task whose result became final as "fail" becomes a risk signal (inside the
    sender's transaction, keyed by the task so a repeated event creates nothing new)."""
    if verdict != "fail" or task is None:
        return
    from zhijian.risk.services import signal_create


    enterprise = _get(task, "enterprise", "sample.enterprise", "product.enterprise")
    region = _get(task, "region_id", "enterprise.region_id", "product.enterprise.region_id") or "610000"
    name = _get(task, "product_name", "sample.product_name", "product.name") or ""
    title = f"监督抽查不合格：{name or task}"
    fields = {
        "external_ref": f"spotcheck-task-{task.pk}",
        "product_name": str(name)[:200],
        "enterprise_name": str(_get(enterprise, "name") or "")[:200] if enterprise else "",
        "uscc": str(_get(enterprise, "uscc") or "") if enterprise else "",
        "brand": str(_get(task, "brand", "sample.brand", "product.brand.name") or "")[:100],
        "model": str(_get(task, "model", "sample.model", "product.model") or "")[:200],
        "category_name": str(_get(task, "category.name", "product.category.name", "product_category") or "")[:100],
        "description": str(_get(task, "failed_items_text", "result_summary", "conclusion") or ""),
        "origin": {"spotcheck_task": task.pk},
    }
    signal_create(acting_user=None, source_type=SourceType.SPOT_CHECK, title=title[:300], region=region, **fields)
