"""The post periods recorded before the manager flag of a period existed: the open period takes the person's
current flag (what `units.services.person_save` records now); closed periods stay unknown."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    assignment_model = apps.get_model("units", "Assignment")
    person_model = apps.get_model("units", "Person")
    flag = person_model.objects.filter(pk=OuterRef("person_id")).values("is_manager")[:1]
    assignment_model.objects.filter(end_date__isnull=True, is_manager__isnull=True).update(is_manager=Subquery(flag))


class Migration(migrations.Migration):
    dependencies = [("units", "0006_history_details")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
