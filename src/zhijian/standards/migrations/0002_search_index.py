from django.db import migrations

from zhijian.core.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [CreateSearchIndex("standards_standard")]
