"""zhijian risk_escalate [--date YYYY-MM-DD]: escalate overdue response tasks one level up (run daily)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from zhijian.risk.services import tasks_escalate


class Command(BaseCommand):
    help = "Escalate overdue risk response tasks to the next level"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, **opts):
        tasks = tasks_escalate(acting_user=None, today=opts["date"])
        for t in tasks:
            self.stdout.write(f"{t.warning.title} / {t.organisation.name} -> {t.escalated_to.name}")
        self.stdout.write(f"{len(tasks)} tasks escalated")
