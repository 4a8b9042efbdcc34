"""The plain choice column of the ballots goes: only the sealed choice remains (see 0011; a migration of its own so
that PostgreSQL alters the table after the data step's transaction)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_council_integrity")]

    operations = [migrations.RemoveField(model_name="ballot", name="choice")]
