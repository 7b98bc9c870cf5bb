from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "zhijian.licensing"
    label = "licensing"
    verbose_name = _("生产许可")
