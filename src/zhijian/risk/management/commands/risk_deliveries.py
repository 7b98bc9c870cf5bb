"""zhijian risk_deliveries: retry the webhook deliveries that are due (for task backends that cannot defer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhijian.risk.subscriptions import retry_due


class Command(BaseCommand):
    help = "Attempt pending webhook deliveries whose next attempt is due"

    def handle(self, *args, **opts):
        self.stdout.write(f"{retry_due()} deliveries attempted")
