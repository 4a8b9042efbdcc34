"""Factories of awards' nominations: a nomination through `nomination_save`, a tờ trình (batch) through
`batch_save`, and `submit`, which sends nominations to their council as a clerk does."""

import datetime

import factory

from awards.catalogue.enums import RecipientKind
from awards.nominations import services
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination
from tests.factories.awards import award_type
from tests.factories.units import UnitFactory


class NominationFactory(factory.django.DjangoModelFactory):
    """A draft nomination through `nomination_save`; pass person=… or unit=… (a collective), code="LDTT" or
    award_type=…; the nominating unit defaults to the person's unit or the collective. `state=…` then puts it
    straight into that state, past the workflow (for tests where only the count per state matters)."""

    class Meta:
        model = Nomination
        exclude = ["code"]

    code = "LDTT"
    award_type = factory.LazyAttribute(lambda o: award_type(o.code))
    year = 2026
    person = None
    unit = None
    nominating_unit = factory.LazyAttribute(lambda o: o.person.unit if o.person else o.unit)

    @classmethod
    def _create(cls, model_class, *args, state=NominationState.DRAFT, **kwargs):
        nomination = services.nomination_save(nomination=model_class(*args, **kwargs))
        if state != NominationState.DRAFT:
            Nomination.objects.filter(pk=nomination.pk).update(state=state)
            nomination.state = state
        return nomination


class BatchFactory(factory.django.DjangoModelFactory):
    """A draft tờ trình through `batch_save`, to the council of the unit above (or the unit's own, at the top)."""

    class Meta:
        model = Batch

    unit = factory.SubFactory(UnitFactory)
    council_unit = factory.LazyAttribute(lambda o: o.unit.parent or o.unit)
    year = 2026
    title = "Đề nghị khen thưởng"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.batch_save(batch=model_class(*args, **kwargs))


def submit(nominations, *, by, **batch) -> Batch:
    """Gather `nominations` (drafts of one unit and year) in a new tờ trình, dated 20/11 of their year, and send it
    as `by`; the tờ trình and the nominations are refreshed. `batch` sets the tờ trình's fields (unit, council_unit,
    number: by default "<first nomination's id>/TTr", …)."""
    nominations = list(nominations)
    first = nominations[0]
    created = BatchFactory(
        **{
            "unit": first.nominating_unit,
            "year": first.year,
            "number": f"{first.pk}/TTr",
            "date": datetime.date(first.year, 11, 20),
            **batch,
        }
    )
    services.batch_add(batch=created, nominations=nominations)
    services.batch_submit(batch=created, by=by)
    created.refresh_from_db()
    for nomination in nominations:
        nomination.refresh_from_db()
    return created


def nomination_row(
    *, unit, award_code: str, person=None, recipient_unit=None, year: int = 2025, **fields
) -> Nomination:
    """A nomination row written as is (no service, no checks): for the documents printed from it, where only what
    the row holds matters."""
    return Nomination.objects.create(
        nominating_unit=unit,
        recipient_kind=RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE,
        person=person,
        unit=recipient_unit,
        award_type=award_type(award_code),
        year=year,
        **fields,
    )
