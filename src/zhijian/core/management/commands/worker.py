"""`zhijian worker`: run background tasks with the configured backend (database or Redis/RQ)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务 / run background tasks"

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default")
        parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            call_command("rqworker", options["queue"], burst=options["burst"])
        elif backend.startswith("django_tasks_db"):
            argv = ["--queue-name", options["queue"]]
            if options["burst"]:
                argv.append("--batch")
            call_command("db_worker", *argv)
        else:
            self.stdout.write("任务以即时模式运行，无需单独的 worker / tasks run immediately; no worker needed")
