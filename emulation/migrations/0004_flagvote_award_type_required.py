"""The flag of every vote is known (0003 filled it): it is required from now on. A migration of its own, so that
PostgreSQL does not alter the table in the transaction that updated its rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0003_flagvote_award_type"),
    ]

    operations = [
        migrations.AlterField(
            model_name="flagvote",
            name="award_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardtype",
                verbose_name="cờ thi đua",
            ),
        ),
    ]
