"""Background jobs of the risk app: thin, load by id, idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from zhijian.risk.subscriptions import attempt

    return attempt(delivery_id).status


@task()
def weekly_detection() -> int:
    from zhijian.risk.monitoring import run_detection

    return len(run_detection(acting_user=None))
