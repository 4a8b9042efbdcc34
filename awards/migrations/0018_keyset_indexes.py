"""Indexes in the order the keyset lists read (units.common.paging.keyset_page: the key, then id, descending).

The register walked `awards_award_year_type` (year, award_type) backwards and sorted a whole year (~21,000 awards)
to show 50, and a deep page read every row before its cursor: `(year, id)` serves the register's order and its
cursor as one index range, `(award_type, year, id)` the same within an award type (the register's most common
filter); `(date, id)` replaces `(date)` for the decisions list. tests/test_query_plans.py checks the plans on
PostgreSQL.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0017_discipline_recorded"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="decision",
            name="awards_decision_date",
        ),
        migrations.AddIndex(
            model_name="award",
            index=models.Index(fields=["year", "id"], name="awards_award_year_id"),
        ),
        migrations.AddIndex(
            model_name="award",
            index=models.Index(fields=["award_type", "year", "id"], name="awards_award_type_year_id"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["date", "id"], name="awards_decision_date_id"),
        ),
    ]
