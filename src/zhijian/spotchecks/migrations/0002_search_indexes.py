from django.db import migrations

from zhijian.core.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("spotchecks", "0001_initial")]

    operations = [
        CreateSearchIndex("spotchecks_plan"),
        CreateSearchIndex("spotchecks_task"),
        CreateSearchIndex("spotchecks_announcement"),
        CreateSearchIndex("spotchecks_announcementrow"),
    ]
