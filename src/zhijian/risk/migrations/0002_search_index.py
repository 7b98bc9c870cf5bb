from django.db import migrations

from zhijian.core.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [CreateSearchIndex("risk_signal")]
