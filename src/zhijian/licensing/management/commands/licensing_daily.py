"""The daily licensing job: valid licences past their validity become expired (条例 Art. 25), and
licensees whose annual report is missing after the due date are reminded (in-app; e-mail with SMTP)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhijian.licensing import services
from zhijian.licensing.selectors import rules


class Command(BaseCommand):
    help = "到期许可证置为过期，提醒未报送年度自查报告的企业 / expire licences and remind missing annual reports"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        on = dt.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        expired = services.licences_expire(acting_user=None, on=on)
        days, _kind, _basis = rules().deadline_rule("annual_report")
        year = on.year - 1
        reminded = []
        if on >= dt.date(on.year, 1, 1) + dt.timedelta(days=days):
            reminded = services.annual_reminders_send(acting_user=None, year=year, on=on)
        self.stdout.write(f"过期 / expired: {expired}; {year}年度报告提醒 / reminders: {len(reminded)}")
