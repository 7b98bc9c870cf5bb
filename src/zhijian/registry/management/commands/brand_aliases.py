"""`zhijian brand_aliases OUT.json`: the registry's brands and aliases for `zhijian screen --aliases`."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from zhijian.registry.selectors import brand_alias_table


class Command(BaseCommand):
    help = "导出品牌及别名供网售商品筛查使用 / write brands and aliases for the screening engine"

    def add_arguments(self, parser):
        parser.add_argument("out", help="output .json file: {brand: [alias, ...]}")

    def handle(self, *args, **options):
        out = Path(options["out"])
        table = {row["brand"]: row["aliases"] for row in brand_alias_table()}
        # written beside the target and renamed, so a failed run leaves no half file
        fd, tmp = tempfile.mkstemp(dir=out.parent or ".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(table, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, out)
        self.stdout.write(f"已导出 {len(table)} 个品牌 / wrote {len(table)} brands to {out}")
