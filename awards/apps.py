from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _remove_triggers(sender, using, **kwargs):
    from django.db import connections  # noqa: PLC0415

    from awards import triggers  # noqa: PLC0415

    connection = connections[using]
    if "awards_award" in connection.introspection.table_names():
        triggers.remove(connection)


def _install_triggers(sender, using, **kwargs):
    from django.db import connections  # noqa: PLC0415

    from awards import triggers  # noqa: PLC0415

    connection = connections[using]
    if "awards_award" in connection.introspection.table_names():
        triggers.install(connection)


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from units import importing  # noqa: PLC0415 -- the registry is filled once the apps are loaded

        importing.RESOURCES["person_years"] = "awards.resources.PersonYearResource"
        importing.RESOURCES["nominations"] = "awards.resources.NominationResource"
        pre_migrate.connect(_remove_triggers, sender=self, dispatch_uid="awards_remove_triggers")
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="awards_install_triggers")
