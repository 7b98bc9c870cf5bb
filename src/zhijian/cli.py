"""The `zhijian` command: Django management commands plus a few platform verbs.

  zhijian up [--port N]          migrate, load the demo province if empty, serve
  zhijian worker                 run background tasks
  zhijian audit verify|seal      check or seal the audit log
  zhijian demo load [--scale S]  build the demo province
  zhijian import / export        spreadsheets in and out
  zhijian screen ...             listing screening engine (no Django needed)
  zhijian draw run|verify ...    reproduce or check a published double-random draw (no Django needed)
  zhijian detect ...             weekly-count outbreak detection (no Django needed)
  zhijian risk level ...         risk level from severity and probability (no Django needed)
  zhijian <any manage.py command>
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    ("audit", "verify"): ["audit_verify"],
    ("audit", "seal"): ["audit_seal"],
    ("demo", "load"): ["demo_load"],
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "screen":
        from zhijian.screening.cli import main as screen_main

        return screen_main(args[1:])
    if args and args[0] == "draw":
        from zhijian.draws.cli import main as draw_main

        return draw_main(args[1:])
    if args and (args[0] == "detect" or args[:2] == ["risk", "level"]):
        from zhijian.risk.cli import main as risk_main

        return risk_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhijian.settings")
    if len(args) >= 2 and (args[0], args[1]) in ALIASES:
        args = ALIASES[(args[0], args[1])] + args[2:]
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["zhijian", *args])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
