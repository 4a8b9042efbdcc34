from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = _("Đơn vị và cán bộ")

    def ready(self):
        from units import rules  # noqa: F401, PLC0415 -- registers the permissions
