from django.db import migrations


def forwards(apps, schema_editor):
    from zhijian.core.regions_seed import seed_regions

    seed_regions(apps.get_model("core", "Region"), apps.get_model("core", "SupervisionRegion"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
