"""The rule sets by date: the default set (in force from 2000) becomes the first version (Luật TĐKT 2003, NĐ 91/2017,
TT 01/2019/TT-VKSTC), and the versions of 01/01/2024, 01/10/2024, 01/07/2025 and 01/10/2026 are created, each with
its legal basis and its authority matrix (awards/catalogue/versions.py)."""

from django.db import migrations

from awards.catalogue.loading import adopt_versions


def install(apps, schema_editor):
    adopt_versions(
        apps.get_model("awards", "AwardType"),
        apps.get_model("awards", "RuleSet"),
        apps.get_model("awards", "AuthorityRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0015_decision_issuers")]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
