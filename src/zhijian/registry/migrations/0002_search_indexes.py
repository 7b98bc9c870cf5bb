from django.db import migrations

from zhijian.core.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        CreateSearchIndex("registry_enterprise"),
        CreateSearchIndex("registry_product"),
    ]
