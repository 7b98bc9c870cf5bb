"""The real `zhijian audit seal|verify` CLI against a temporary SQLite file: exit 0 when intact,
exit 1 naming the entry after someone edits it directly in the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ZHIJIAN = Path(sys.executable).with_name("zhijian")

CREATE = """
from zhijian.accounts.services import organisation_create
from zhijian.core.models import Region
region = Region.objects.get(code="610113")
for i in range(3):
    organisation_create(acting_user=None, name=f"命令行测试企业{i}", kind="enterprise", region=region, reason="cli")
"""


def zhijian(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZHIJIAN), *args], env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(not ZHIJIAN.exists(), reason="the zhijian entry point is not installed")
def test_cli_exit_codes_end_to_end(tmp_path):
    database = tmp_path / "cli.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIJIAN_")}
    env.update({"ZHIJIAN_DATABASE_URL": f"sqlite:///{database}", "ZHIJIAN_VAR_DIR": str(tmp_path),
                "ZHIJIAN_DEBUG": "1", "ZHIJIAN_DEMO": "0"})
    assert zhijian(env, "migrate", "-v", "0").returncode == 0
    assert zhijian(env, "shell", "-c", CREATE).returncode == 0
    sealed = zhijian(env, "audit", "seal")
    assert sealed.returncode == 0, sealed.stderr
    assert (tmp_path / "audit_signing.key").exists()  # debug mode keeps a local key
    intact = zhijian(env, "audit", "verify")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "audit log intact" in intact.stdout

    with sqlite3.connect(database) as db:
        target = db.execute("SELECT id FROM audit_auditentry ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
        db.execute("DROP TRIGGER audit_auditentry_no_update")
        db.execute("UPDATE audit_auditentry SET reason = '事后补写' WHERE id = ?", [target])
    broken = zhijian(env, "audit", "verify")
    assert broken.returncode == 1
    assert f"audit entry #{target} hash mismatch" in broken.stdout + broken.stderr
