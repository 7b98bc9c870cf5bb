"""`zhijian audit verify`: recompute every entry hash, the chain and every signed checkpoint.
Exit 0 when intact; exit 1 naming the first entry or checkpoint that does not match."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from zhijian.audit.verification import verify


class Command(BaseCommand):
    help = "核验审计日志的哈希链与签名检查点 / verify the audit log's hash chain and signed checkpoints"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=20, help="最多列出的问题数 / problems to list")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        report = verify(limit=options["limit"])
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"审计记录 {report.entries} 条，检查点 {report.checkpoints} 个，已封存 {report.sealed} 条，"
            f"未封存 {report.unsealed} 条（{elapsed:.1f} 秒） / {report.entries} entries, "
            f"{report.checkpoints} checkpoints, {report.sealed} sealed, {report.unsealed} unsealed ({elapsed:.1f} s)"
        )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if report.ok:
            self.stdout.write(self.style.SUCCESS("审计日志完整 / audit log intact"))
            return
        for problem in report.problems:
            self.stdout.write(str(problem))
        more = report.problem_count - len(report.problems)
        if more > 0:
            self.stdout.write(f"……另有 {more} 处问题 / … and {more} more problems")
        self.stderr.write(self.style.ERROR(f"核验失败 / verification failed: {report.first_problem}"))
        raise SystemExit(1)
