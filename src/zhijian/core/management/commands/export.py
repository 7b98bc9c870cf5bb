"""`zhijian export ENTITY FILE [--user USERNAME]`: the rows the user may see, xlsx or csv by suffix,
with the import template's headers so the file can be edited and imported again."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhijian.core.importexport import exporters
from zhijian.core.importexport.console import acting_user
from zhijian.core.importexport.resources import get_resource


class Command(BaseCommand):
    help = "导出电子表格（xlsx 或 csv）/ export a spreadsheet (xlsx or csv)"

    def add_arguments(self, parser):
        parser.add_argument("entity", help="数据类型 / entity, e.g. enterprises, calendar-days")
        parser.add_argument("file", help="output file: .xlsx or .csv")
        parser.add_argument("--user", help="以该用户的可见范围导出（默认第一个超级管理员）/ export what this user sees")

    def handle(self, *args, **options):
        try:
            resource = get_resource(options["entity"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        user = acting_user(options["user"])
        if not resource.can_export(user):
            raise CommandError(f"无权导出 / {user.username} may not export {resource.entity}")
        path = Path(options["file"])
        body = exporters.export_csv(resource, user) if path.suffix.lower() == ".csv" else exporters.export_xlsx(resource, user)
        path.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"已导出 / exported {resource.title} -> {path}"))
