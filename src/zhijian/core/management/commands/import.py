"""`zhijian import ENTITY FILE [--user USERNAME] [--dry-run]`: all-or-nothing spreadsheet import.

Prints the row/column/reason report and exits 1 when any row is bad (nothing is written), 0 with
the counts when the file was imported.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from zhijian.core import context
from zhijian.core.importexport.console import acting_user
from zhijian.core.importexport.resources import get_resource
from zhijian.core.importexport.runner import run_import


class Command(BaseCommand):
    help = "导入电子表格（xlsx/xls/csv），全部成功或全部不导入 / import a spreadsheet, all rows or none"

    def add_arguments(self, parser):
        parser.add_argument("entity", help="数据类型 / entity, e.g. enterprises, calendar-days")
        parser.add_argument("file", help="xlsx, xls or csv file")
        parser.add_argument("--user", help="以该用户身份导入（默认第一个超级管理员）/ act as this user")
        parser.add_argument("--dry-run", action="store_true", help="只校验不写入 / validate only, write nothing")

    def handle(self, *args, **options):
        try:
            get_resource(options["entity"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        user = acting_user(options["user"])
        try:
            with context.acting(user, source="command"):
                report = run_import(entity=options["entity"], file_name=path.name, data=path.read_bytes(),
                                    acting_user=user, dry_run=options["dry_run"])
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "无权导入 / permission denied") from None
        if report.ok:
            verb = "校验通过（未写入）/ valid, nothing written" if report.dry_run else "导入成功 / imported"
            self.stdout.write(self.style.SUCCESS(
                f"{verb}: {report.title} {report.file_name} 共 {report.total} 行 / rows; 新增 created {report.created}, "
                f"更新 updated {report.updated}, 未变 unchanged {report.unchanged}"))
            return
        self.stdout.write(f"导入失败，未写入任何数据 / nothing imported: {len(report.errors)} 处错误 / errors")
        self.stdout.write("行号 row\t列 column\t原因 reason")
        for error in report.errors:
            self.stdout.write(f"{error.row or '-'}\t{error.column or '-'}\t{error.reason}")
        raise CommandError(f"{len(report.errors)} 处错误 / errors in {report.file_name}", returncode=1)
