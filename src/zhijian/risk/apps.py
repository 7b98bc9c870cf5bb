from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "zhijian.risk"
    label = "risk"
    verbose_name = _("风险监测与预警")

    def ready(self) -> None:
        from zhijian.risk import receivers
        from zhijian.spotchecks.events import result_final

        result_final.connect(receivers.signal_from_failed_result, dispatch_uid="risk.signal_from_failed_result")
