"""`zhijian import` as an operator runs it: a real process, its own SQLite database, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.core.importexport_helpers import GOOD_CALENDAR_ROWS, csv_bytes, xlsx_bytes

ZHIJIAN = str(Path(sys.executable).with_name("zhijian"))


def test_zhijian_import_exit_codes_in_a_real_process(tmp_path):
    env = {**os.environ, "ZHIJIAN_VAR_DIR": str(tmp_path), "ZHIJIAN_DEBUG": "1",
           "ZHIJIAN_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DJANGO_SUPERUSER_PASSWORD": "zhijian-cli-test", "PYTHONIOENCODING": "utf-8"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([ZHIJIAN, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([ZHIJIAN, "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.org"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    bad = tmp_path / "节假日.xlsx"
    bad.write_bytes(xlsx_bytes([*GOOD_CALENDAR_ROWS, ["2027-02-30", "否", "没有这一天"]]))
    failed = subprocess.run([ZHIJIAN, "import", "calendar-days", str(bad)], env=env, capture_output=True, text=True)
    assert failed.returncode == 1, failed.stderr
    assert "5\t日期\t日期格式应为 YYYY-MM-DD" in failed.stdout
    good = tmp_path / "holidays.csv"
    good.write_bytes(csv_bytes(GOOD_CALENDAR_ROWS, encoding="gb18030"))
    done = subprocess.run([ZHIJIAN, "import", "calendar-days", str(good), "--user", "ops"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "新增 created 3" in done.stdout
