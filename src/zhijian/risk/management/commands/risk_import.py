"""zhijian risk_import --source eu|cpsc|12315 FILE: import risk signals, all-or-nothing, with a report."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhijian.risk.importers import SOURCES, import_signals


class Command(BaseCommand):
    help = "Import EU Safety Gate alerts, US CPSC recalls or 12315 complaints as risk signals"

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=SOURCES)
        parser.add_argument("file")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        report = import_signals(acting_user=None, source=opts["source"], data=path.read_bytes(), filename=path.name)
        self.stdout.write(json.dumps({k: v for k, v in report.as_dict().items() if k != "warnings"}, ensure_ascii=False,
                                     indent=1))
        if not report.ok:
            raise CommandError("文件有误，未导入任何数据 / the file has errors; nothing was imported")
