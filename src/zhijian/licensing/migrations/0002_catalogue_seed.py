"""The dated licence catalogue of DOMAIN 3.3 (reference data, editable afterwards in the UI)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhijian.licensing.catalogue import seed_rows

    entry = apps.get_model("licensing", "CatalogueEntry")
    for row in seed_rows():
        entry.objects.get_or_create(category_code=row["category_code"], name=row["name"],
                                    valid_from=row["valid_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
