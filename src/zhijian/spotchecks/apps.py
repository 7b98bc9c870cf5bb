from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotchecksConfig(AppConfig):
    name = "zhijian.spotchecks"
    label = "spotchecks"
    verbose_name = _("监督抽查")

    def ready(self) -> None:
        # A draw made for a plan item becomes tasks; an inspector draw assigns the samplers.
        from zhijian.draws.events import draw_executed
        from zhijian.spotchecks.services import on_draw_executed

        draw_executed.connect(on_draw_executed, dispatch_uid="spotchecks.on_draw_executed")
