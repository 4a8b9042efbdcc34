from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "emulation"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from emulation import rules  # noqa: F401, PLC0415 -- registers the permissions
        from units.exporting import register_export  # noqa: PLC0415 -- the registry is filled once apps are loaded
        from units.importing import register_resource  # noqa: PLC0415 -- the registry is filled once apps are loaded

        register_resource("movements", "emulation.resources.MovementResource")
        register_export("movements", "emulation.views.movements.MOVEMENT_EXPORT")
        register_export("registrations", "emulation.views.registrations.REGISTRATION_EXPORT")
        register_export("initiatives", "emulation.views.initiatives.INITIATIVE_EXPORT")
