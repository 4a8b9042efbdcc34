from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = _("Đơn vị và cán bộ")

    def ready(self):
        from units import rules  # noqa: F401, PLC0415 -- registers the permissions
        from units.accounts import receivers  # noqa: F401, PLC0415 -- connects the sign-in signals
        from units.accounts import rules as account_rules  # noqa: F401, PLC0415 -- registers the permissions
        from units.common.jobs import register_reaper  # noqa: PLC0415 -- imports the task models

        register_reaper("units.importing.import_jobs_reap")
        register_reaper("units.exporting.export_jobs_reap")
        # Not a death but the same timer: exports older than EXPORT_KEEP_DAYS are deleted with their files.
        register_reaper("units.exporting.export_jobs_prune")
