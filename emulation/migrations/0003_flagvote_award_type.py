"""The flag a cluster's vote proposes its leading unit for: one of the rule set's `flag_vote_codes`."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def fill_award_type(apps, schema_editor):
    """The votes recorded so far were for the flag the rule set of their year names first (the sector flag)."""
    FlagVote = apps.get_model("emulation", "FlagVote")
    RuleSet = apps.get_model("awards", "RuleSet")
    AwardType = apps.get_model("awards", "AwardType")
    rulesets = list(RuleSet.objects.order_by("-effective_from"))
    types = {award_type.code: award_type for award_type in AwardType.objects.all()}
    for year in FlagVote.objects.values_list("group__year", flat=True).distinct().order_by():
        # As awards.catalogue.services.ruleset_for_year: the rule set in force on 30/11, the end of the work year.
        ruleset = next((r for r in rulesets if r.effective_from <= datetime.date(year, 11, 30)), None)
        codes = [code.strip() for code in (ruleset.flag_vote_codes if ruleset else "CTDN").split(",")]
        flag = next((types[code] for code in codes if code in types), None)
        if flag is None:
            raise RuntimeError(f"No award type of the flag codes {codes} for the flag votes of {year}.")
        FlagVote.objects.filter(group__year=year).update(award_type=flag)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_catalog_and_rules"),
        ("emulation", "0002_movement_period_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="flagvote",
            name="award_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardtype",
                verbose_name="cờ thi đua",
            ),
        ),
        migrations.AddField(
            model_name="historicalflagvote",
            name="award_type",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="awards.awardtype",
                verbose_name="cờ thi đua",
            ),
        ),
        migrations.RunPython(fill_award_type, migrations.RunPython.noop),
    ]
