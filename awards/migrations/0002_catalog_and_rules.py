"""The catalogue and the default rule set as data (the triggers are in awards.register.triggers, see AwardsConfig)."""

from django.db import migrations

from awards.catalogue.loading import ensure_defaults


def load_data(apps, schema_editor):
    ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
    ]
