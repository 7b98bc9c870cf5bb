"""zhijian risk_detect [--week YYYY-MM-DD] [--weeks N] [--method nbscan|farrington]

Weekly scan of signal counts per category × city (and brand where counts allow); every alarm
becomes a candidate warning on risk:alarm_list. Run it each Monday (cron, or the worker's
`weekly_detection` task)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from zhijian.risk import detection
from zhijian.risk.monitoring import run_detection


class Command(BaseCommand):
    help = "Weekly outbreak detection over risk signals; creates alarms for analysts"

    def add_arguments(self, parser):
        parser.add_argument("--week", type=dt.date.fromisoformat, default=None, help="last week to scan (its Monday)")
        parser.add_argument("--weeks", type=int, default=1, help="how many weeks ending with --week to scan")
        parser.add_argument("--method", default=detection.DEFAULT_METHOD, choices=detection.METHODS)

    def handle(self, *args, **opts):
        alarms = run_detection(acting_user=None, week=opts["week"], weeks=opts["weeks"], method=opts["method"])
        for a in alarms:
            self.stdout.write(f"{a.week:%Y-%m-%d} {a.series}: {a.count} (expected {a.expected:.1f}, upper {a.upper:.0f})")
        self.stdout.write(f"{len(alarms)} new alarms")
