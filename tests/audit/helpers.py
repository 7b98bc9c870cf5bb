"""Tampering with rows behind the append-only triggers, as an attacker with database access would."""

from __future__ import annotations

from django.db import connection

TEST_KEY = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"  # RFC 8032 test 1
TEST_PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


def _triggers(table: str, enable: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} {'ENABLE' if enable else 'DISABLE'} TRIGGER {table}_append_only")
            return
        for op in ("UPDATE", "DELETE"):
            name = f"{table}_no_{op.lower()}"
            if enable:
                cursor.execute(f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
                               f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
            else:
                cursor.execute(f"DROP TRIGGER {name}")


def tamper(table: str, sql: str, params: list) -> None:
    """Run one UPDATE/DELETE with the table's triggers off, then put them back (the test's
    transaction rolls all of it back afterwards)."""
    _triggers(table, enable=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    _triggers(table, enable=True)


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"
