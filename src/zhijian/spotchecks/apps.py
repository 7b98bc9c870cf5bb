from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotchecksConfig(AppConfig):
    name = "zhijian.spotchecks"
    label = "spotchecks"
    verbose_name = _("监督抽查")
