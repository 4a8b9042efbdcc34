from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from reports import receivers, rules  # noqa: F401, PLC0415 -- registers the permissions, the receivers
        from units.common.jobs import register_reaper  # noqa: PLC0415 -- imports the task models

        register_reaper("reports.services.renders_reap")
        receivers.connect(self)  # the data versions that key the cached figures
