"""`zhijian up`: migrate, load the demo province when the database is empty, print logins, serve."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "迁移数据库、按需加载演示省份并启动服务 / migrate, load the demo province if empty, serve"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not start the server")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("数据库已迁移 / database migrated"))
        if settings.DEMO_ENABLED:
            from zhijian.demo.services import demo_is_loaded

            if not demo_is_loaded():
                self.stdout.write("正在加载演示省份（small）… / loading the demo province")
                call_command("demo_load", scale="small")
            self.print_logins()
        if options["no_serve"]:
            return
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"质监平台已启动 / serving on {url}"))
        sys.stdout.flush()
        cmd = [
            sys.executable, "-m", "gunicorn", "zhijian.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]), "--access-logfile", "-",
        ]
        os.execvpe(cmd[0], cmd, os.environ.copy()) if os.name == "posix" else subprocess.call(cmd)

    def print_logins(self) -> None:
        from zhijian.demo.logins import DEMO_LOGINS

        self.stdout.write("演示账号（密码均为 zhijian-demo）/ demo logins, password zhijian-demo:")
        for username, role, org in DEMO_LOGINS:
            self.stdout.write(f"  {username:<8} {role}  {org}")
