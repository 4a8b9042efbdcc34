from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "emulation"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from units import importing  # noqa: PLC0415 -- the registry is filled once the apps are loaded

        importing.RESOURCES["movements"] = "emulation.resources.MovementResource"
