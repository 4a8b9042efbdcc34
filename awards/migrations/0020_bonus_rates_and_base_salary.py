"""The bonus multipliers of the shipped rule-set versions (NĐ 91/2017, NĐ 98/2023, NĐ 152/2025) and the base salaries
from 01/7/2019 (awards/catalogue/versions.py), installed for the databases that have the versions already; a rule set
that has rates keeps them."""

from django.db import migrations

from awards.catalogue.loading import install_bonus


def install(apps, schema_editor):
    install_bonus(
        apps.get_model("awards", "AwardType"),
        apps.get_model("awards", "RuleSet"),
        apps.get_model("awards", "BonusRate"),
        apps.get_model("awards", "BaseSalary"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0019_bonus_money_and_certificates")]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
