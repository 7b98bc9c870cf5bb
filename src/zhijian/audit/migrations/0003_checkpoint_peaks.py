"""Checkpoints keep their Merkle peaks. On SQLite, adding a column rebuilds the table and drops its
triggers, so the append-only triggers are created again here (idempotently, on both databases)."""

from django.db import migrations, models

TABLES = ("audit_auditentry", "audit_checkpoint")


def recreate_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()}")
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION zhijian_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
                params=None,  # no parameter interpolation: the '%' belongs to plpgsql
            )
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zhijian_append_only()"
            )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkpoint",
            name="peaks",
            field=models.JSONField(blank=True, default=list, verbose_name="子树根哈希"),
        ),
        migrations.RunPython(recreate_triggers, migrations.RunPython.noop),
    ]
