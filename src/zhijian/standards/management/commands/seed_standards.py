"""`zhijian seed_standards`: (re)load the shipped standards catalogue of the 10 key products."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhijian.standards.services import standards_seed


class Command(BaseCommand):
    help = "加载 10 类重点消费品的标准与检验项目（幂等） / load the standards catalogue of the 10 key products (idempotent)"

    def handle(self, *args, **options) -> None:
        counts = standards_seed(acting_user=None)
        self.stdout.write(
            f"标准 {counts['standards']} 项（新增 {counts['standards_created']}），"
            f"检验项目 {counts['test_items']} 项（新增 {counts['test_items_created']}）"
        )
