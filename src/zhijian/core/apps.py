from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhijian.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhijian.core.search import repair_search_indexes

        post_migrate.connect(repair_search_indexes, dispatch_uid="zhijian-repair-search-indexes")
