from django.db import migrations


def forwards(apps, schema_editor):
    from zhijian.standards.seed import seed_catalogue

    seed_catalogue(apps.get_model("standards", "Standard"), apps.get_model("standards", "TestItem"))


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_search_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
