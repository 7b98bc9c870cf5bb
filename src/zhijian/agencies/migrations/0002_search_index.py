from django.db import migrations

from zhijian.core.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [CreateSearchIndex("agencies_inspectionagency"), CreateSearchIndex("agencies_inspector")]
