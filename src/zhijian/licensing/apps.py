from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "zhijian.licensing"
    label = "licensing"
    verbose_name = _("生产许可")

    def ready(self) -> None:
        from zhijian.licensing import receivers
        from zhijian.spotchecks import events

        events.reinspection_failed.connect(receivers.on_reinspection_failed, dispatch_uid="licensing.reinspection_failed")
        try:
            from zhijian.draws.events import draw_executed
        except ImportError:  # the draws app not installed yet
            return
        draw_executed.connect(receivers.on_draw_executed, dispatch_uid="licensing.draw_executed")
