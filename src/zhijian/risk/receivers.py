"""Receivers of other apps' domain events (connected in RiskConfig.ready)."""

from __future__ import annotations

from typing import Any

from zhijian.risk.choices import SourceType


def signal_from_failed_result(sender: Any = None, *, task: Any = None, verdict: str = "", **kwargs: Any) -> None:
    """A spot-check task whose result became final as "fail" becomes a risk signal, inside the
    sender's transaction, keyed by the task code (a repeated event creates nothing new)."""
    if verdict != "fail" or task is None:
        return
    from zhijian.risk.services import signal_create

    sample = getattr(task, "sample", None)
    enterprise = task.enterprise
    category = task.item.category
    product = getattr(sample, "product", None)
    brand = ""
    if sample is not None:
        brand = sample.brand.name if sample.brand_id else sample.trademark
    name = (sample.product_name if sample is not None else "") or category.name
    signal_create(
        acting_user=None, source_type=SourceType.SPOT_CHECK, title=f"监督抽查不合格：{enterprise.name} {name}"[:300],
        region=task.region_id, external_ref=f"spotcheck:{task.code}", product_name=name[:200], brand=brand[:100],
        model=(sample.model if sample is not None else "")[:200], uscc=enterprise.uscc, enterprise_name=enterprise.name,
        category_name=category.name, category=category, product=product,
        description=f"监督抽查任务 {task.code} 检验结论为不合格（{task.plan}）",
        origin={"spotcheck_task": task.pk, "code": task.code},
    )
