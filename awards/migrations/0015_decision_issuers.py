"""Every decision gets its issuer: the shipped bodies outside the unit tree are loaded, and a decision recorded with
only the issuer's name is given the body of its authority (Chủ tịch nước, Thủ tướng, VKSND tối cao) or a body of
that name."""

from django.db import migrations, models
from django.db.models import Q

from awards.catalogue.loading import load_issuing_bodies

BODY_OF_AUTHORITY = {"state_president": "CTN", "prime_minister": "TTG", "procurator_general": "VKSTC"}


def give_issuers(apps, schema_editor):
    body_model = apps.get_model("awards", "IssuingBody")
    decision_model = apps.get_model("awards", "Decision")
    unit_model = apps.get_model("units", "Unit")
    load_issuing_bodies(body_model)
    bodies = {body.code: body for body in body_model.objects.all()}
    supreme = unit_model.objects.filter(level="supreme", valid_to__isnull=True).order_by("path").first()
    by_name = {body.name: body for body in bodies.values()}
    for decision in decision_model.objects.filter(issuing_unit__isnull=True).order_by("pk"):
        code = BODY_OF_AUTHORITY.get(decision.authority)
        if code == "VKSTC" and supreme is not None:
            decision.issuing_unit = supreme
        elif code is not None:
            decision.issuing_body = bodies[code]
        elif decision.issuer.strip():
            name = decision.issuer.strip()
            body = by_name.get(name)
            if body is None:
                body = body_model.objects.create(
                    code=f"CQ-{len(bodies) + 1:03d}",
                    name=name,
                    kind="peoples_committee" if decision.authority == "provincial_committee" else "other",
                    authority=decision.authority,
                )
                bodies[body.code] = by_name[name] = body
            decision.issuing_body = body
        else:
            decision.issuing_body = bodies["KHAC"]
        decision.save(update_fields=["issuing_unit", "issuing_body"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0014_real_history"),
        ("units", "0006_history_details"),
    ]

    operations = [
        migrations.RunPython(give_issuers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="decision", name="issuer"),
        migrations.RemoveField(model_name="historicaldecision", name="issuer"),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=Q(issuing_unit__isnull=False, issuing_body__isnull=True)
                | Q(issuing_unit__isnull=True, issuing_body__isnull=False),
                name="awards_decision_one_issuer",
            ),
        ),
    ]
