from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

from awards.register import triggers


def _remove_triggers(sender, using, **kwargs):
    connection = connections[using]
    if "awards_award" in connection.introspection.table_names():
        triggers.remove(connection)


def _install_triggers(sender, using, **kwargs):
    connection = connections[using]
    if "awards_award" in connection.introspection.table_names():
        triggers.install(connection)


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        # The permissions of each subject are registered when its rules module is imported (models are loaded).
        from awards.catalogue import rules as _catalogue_rules  # noqa: F401, PLC0415 -- registers the permissions
        from awards.certificates import rules as _certificate_rules  # noqa: F401, PLC0415 -- registers the permissions
        from awards.councils import rules as _council_rules  # noqa: F401, PLC0415 -- registers the permissions
        from awards.nominations import rules as _nomination_rules  # noqa: F401, PLC0415 -- registers the permissions
        from awards.payouts import rules as _payout_rules  # noqa: F401, PLC0415 -- registers the permissions
        from awards.register import rules as _register_rules  # noqa: F401, PLC0415 -- registers the permissions
        from units.exporting import register_export  # noqa: PLC0415 -- the registry is filled once apps are loaded
        from units.importing import register_resource  # noqa: PLC0415 -- the registry is filled once apps are loaded

        register_resource("awards", "awards.register.resources.AwardResource")
        register_resource("person_years", "awards.register.resources.PersonYearResource")
        register_resource("nominations", "awards.nominations.resources.NominationResource")
        register_export("awards", "awards.register.views.register.AWARD_EXPORT")
        pre_migrate.connect(_remove_triggers, sender=self, dispatch_uid="awards_remove_triggers")
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="awards_install_triggers")
