"""The database constraints and triggers of the award register, exercised by writing rows past the services."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from awards.catalogue.enums import Frequency, RecipientKind, Recipients
from awards.catalogue.models import AwardType, IssuingBody
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, award_type

pytestmark = pytest.mark.integration


def body(code: str) -> IssuingBody:
    """A body of the shipped catalogue of issuers (loaded by migration)."""
    return IssuingBody.objects.get(code=code)


@pytest.fixture
def decision(db):
    return DecisionFactory(number="215/QĐ-VKS-T", date=datetime.date(2024, 12, 20))


def _award(code: str, *, decision: Decision, person=None, unit=None, year: int = 2024, **fields) -> Award:
    """An unsaved award with consistent copies of its type; `fields` then overrides anything."""
    award = Award(
        award_type=award_type(code),
        person=person,
        unit=unit,
        unit_at_time=unit or getattr(person, "unit", None),
        recipient_kind=RecipientKind.INDIVIDUAL if person is not None else RecipientKind.COLLECTIVE,
        year=year,
        decision=decision,
    )
    award.copy_type_fields()
    for name, value in fields.items():
        setattr(award, name, value)
    return award


def _refused(award: Award) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        award.save()


# -- one recipient, of a kind the type allows ------------------------------------------------------------


def test_award_with_person_and_unit_is_refused(decision, staff, tree):
    _refused(_award("GK", decision=decision, person=staff["hang"], unit=tree["kv1"]))

    assert not Award.objects.exists()


def test_award_without_recipient_is_refused(decision, tree):
    _refused(_award("GK", decision=decision, unit=None, unit_at_time=tree["kv1"]))

    assert not Award.objects.exists()


def test_award_whose_recipient_kind_does_not_match_the_recipient_is_refused(decision, staff):
    _refused(_award("GK", decision=decision, person=staff["hang"], recipient_kind=RecipientKind.COLLECTIVE))

    assert not Award.objects.exists()


def test_award_of_an_individual_title_to_a_unit_is_refused(decision, tree):
    _refused(_award("LDTT", decision=decision, unit=tree["kv1"]))

    assert not Award.objects.exists()


def test_award_of_a_collective_title_to_a_person_is_refused(decision, staff):
    _refused(_award("TTLDTT", decision=decision, person=staff["hang"]))

    assert not Award.objects.exists()


def test_award_of_a_form_for_both_goes_to_a_person_or_a_unit(decision, staff, tree):
    _award("GK", decision=decision, person=staff["hang"]).save()
    _award("GK", decision=decision, unit=tree["kv1"]).save()

    assert sorted(Award.objects.values_list("recipient_kind", flat=True)) == ["collective", "individual"]


def test_collective_award_unit_at_time_must_be_the_unit(decision, tree):
    _refused(_award("TTLDTT", decision=decision, unit=tree["kv1"], unit_at_time=tree["kv2"]))

    assert not Award.objects.exists()


def test_individual_award_unit_at_time_may_differ_from_the_current_unit(decision, staff, tree):
    award = _award("LDTT", decision=decision, person=staff["hang"], unit_at_time=tree["kv2"])

    award.save()

    assert Award.objects.get().unit_at_time == tree["kv2"]


def test_award_year_out_of_range_is_refused(decision, staff):
    _refused(_award("LDTT", decision=decision, person=staff["hang"], year=1900))

    assert not Award.objects.exists()


# -- the triggers on the copies of the type's fields ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("frequency", Frequency.ANY_TIME), ("frequency", Frequency.ONCE), ("type_recipients", Recipients.BOTH)],
)
def test_award_whose_copies_differ_from_its_type_is_refused(decision, staff, field, value):
    # LĐTT is annual and individual: with a wrong copy the row would escape the constraints that read it.
    _refused(_award("LDTT", decision=decision, person=staff["hang"], **{field: value}))

    assert not Award.objects.exists()


def test_award_bulk_create_with_wrong_copies_is_refused(decision, staff):
    good = _award("LDTT", decision=decision, person=staff["hang"])
    bad = _award("LDTT", decision=decision, person=staff["dung"], frequency=Frequency.ANY_TIME)

    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.bulk_create([good, bad])

    assert not Award.objects.exists()


def test_award_update_that_breaks_the_copies_is_refused(decision, staff):
    award = _award("LDTT", decision=decision, person=staff["hang"])
    award.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(frequency=Frequency.ANY_TIME)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(award_type=award_type("GK"))

    award.refresh_from_db()
    assert (award.award_type.code, award.frequency, award.type_recipients) == ("LDTT", "annual", "individual")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("frequency", Frequency.ONCE),
        ("recipients", Recipients.INDIVIDUAL),
        ("code", "GK-VKS"),
        ("category", "title"),
    ],
)
def test_award_type_in_use_keeps_its_frozen_fields(decision, staff, field, value):
    _award("GK", decision=decision, person=staff["hang"]).save()
    gk = award_type("GK")

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardType.objects.filter(pk=gk.pk).update(**{field: value})

    gk.refresh_from_db()
    assert (gk.code, gk.category, gk.recipients, gk.frequency) == ("GK", "form", "both", "any_time")


def test_award_type_in_use_can_be_renamed(decision, staff):
    _award("GK", decision=decision, person=staff["hang"]).save()
    gk = award_type("GK")

    AwardType.objects.filter(pk=gk.pk).update(name="Giấy khen của Viện trưởng", short_name="GK")

    gk.refresh_from_db()
    assert (gk.name, gk.short_name) == ("Giấy khen của Viện trưởng", "GK")


def test_award_type_not_in_use_can_change_its_frequency(db):
    unused = award_type("KNCBVPC")

    AwardType.objects.filter(pk=unused.pk).update(frequency=Frequency.ANY_TIME)

    unused.refresh_from_db()
    assert unused.frequency == Frequency.ANY_TIME


# -- how often a recipient may hold an award --------------------------------------------------------------


def test_annual_title_is_held_once_per_person_and_year(decision, staff):
    _award("LDTT", decision=decision, person=staff["hang"]).save()
    other_decision = DecisionFactory(number="216/QĐ-VKS-T", date=datetime.date(2024, 12, 27))

    _refused(_award("LDTT", decision=other_decision, person=staff["hang"]))

    assert Award.objects.count() == 1


def test_annual_title_is_held_once_per_unit_and_year(decision, tree):
    _award("TTLDTT", decision=decision, unit=tree["kv1"]).save()
    other_decision = DecisionFactory(number="216/QĐ-VKS-T", date=datetime.date(2024, 12, 27))

    _refused(_award("TTLDTT", decision=other_decision, unit=tree["kv1"]))

    assert Award.objects.count() == 1


def test_annual_title_is_held_again_in_another_year_and_by_someone_else(decision, staff):
    _award("LDTT", decision=decision, person=staff["hang"]).save()

    _award("LDTT", decision=decision, person=staff["hang"], year=2023).save()
    _award("LDTT", decision=decision, person=staff["dung"]).save()

    assert Award.objects.count() == 3


@pytest.mark.parametrize(("code", "recipient"), [("LDTT", "person"), ("TTLDTT", "unit")])
def test_annual_title_may_be_granted_again_once_the_first_is_revoked(decision, staff, tree, code, recipient):
    who = {"person": staff["hang"]} if recipient == "person" else {"unit": tree["kv1"]}
    first = _award(code, decision=decision, **who)
    first.save()
    Award.objects.filter(pk=first.pk).update(revoked_on=datetime.date(2025, 3, 1), revocation_reason="Sai hồ sơ")
    correction = DecisionFactory(number="40/QĐ-VKS-T", date=datetime.date(2025, 3, 5))

    _award(code, decision=correction, **who).save()

    assert Award.objects.count() == 2
    assert Award.objects.counting().count() == 1


def test_same_recipient_type_year_and_decision_is_refused_even_for_any_time_forms(decision, staff):
    _award("GK", decision=decision, person=staff["hang"]).save()

    _refused(_award("GK", decision=decision, person=staff["hang"]))

    assert Award.objects.count() == 1


def test_once_only_award_is_held_once_per_person(staff):
    first = DecisionFactory(number="152/QĐ-VKSTC", date=datetime.date(2022, 7, 6))
    later = DecisionFactory(number="38/QĐ-VKSTC", date=datetime.date(2023, 7, 24))
    _award("KNCVSNKS", decision=first, person=staff["hang"], year=2022).save()

    _refused(_award("KNCVSNKS", decision=later, person=staff["hang"], year=2023))

    assert Award.objects.count() == 1


def test_any_time_form_may_be_held_many_times(decision, staff):
    later = DecisionFactory(number="230/QĐ-VKS-T", date=datetime.date(2024, 12, 30))

    _award("GK", decision=decision, person=staff["hang"]).save()
    _award("GK", decision=later, person=staff["hang"]).save()

    assert Award.objects.count() == 2


# -- revocation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"revoked_on": datetime.date(2025, 3, 1)},
        {"revocation_reason": "Sai hồ sơ"},
    ],
)
def test_revocation_needs_both_date_and_reason(decision, staff, fields):
    _refused(_award("LDTT", decision=decision, person=staff["hang"], **fields))

    assert not Award.objects.exists()


def test_revocation_with_date_and_reason_is_recorded(decision, staff):
    award = _award(
        "LDTT", decision=decision, person=staff["hang"], revoked_on=datetime.date(2025, 3, 1), revocation_reason="Sai"
    )

    award.save()

    award.refresh_from_db()
    assert (award.is_revoked, Award.objects.counting().count()) == (True, 0)


# -- decisions ------------------------------------------------------------------------------------------


def test_decision_number_is_unique_for_one_issuer_within_a_year(tree):
    Decision.objects.create(
        number="12/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head", issuing_unit=tree["province"]
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            number="12/QĐ-VKS", date=datetime.date(2024, 11, 5), authority="unit_head", issuing_unit=tree["province"]
        )

    assert Decision.objects.count() == 1


def test_decision_number_is_unique_for_one_body_within_a_year(db):
    Decision.objects.create(
        number="12/QĐ-TTg", date=datetime.date(2024, 1, 5), authority="prime_minister", issuing_body=body("TTG")
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            number="12/QĐ-TTg", date=datetime.date(2024, 3, 5), authority="prime_minister", issuing_body=body("TTG")
        )

    assert Decision.objects.count() == 1


def test_the_same_number_of_two_issuers_in_a_year_is_two_decisions(tree):
    # Every procuracy numbers its own decisions: 12/QĐ-VKS of province T, of province X and of a body outside the
    # tree are three decisions of 2024.
    for issuer in ({"issuing_unit": tree["province"]}, {"issuing_unit": tree["other"]}, {"issuing_body": body("TTG")}):
        Decision.objects.create(number="12/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head", **issuer)

    assert Decision.objects.filter(number="12/QĐ-VKS", year=2024).count() == 3


def test_a_decision_has_exactly_one_issuer(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(number="12/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            number="13/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head",
            issuing_unit=tree["province"], issuing_body=body("TTG"),
        )  # fmt: skip

    assert Decision.objects.count() == 0


def test_decision_number_is_reused_in_another_year(tree):
    Decision.objects.create(
        number="12/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head", issuing_unit=tree["province"]
    )

    Decision.objects.create(
        number="12/QĐ-VKS", date=datetime.date(2025, 1, 6), authority="unit_head", issuing_unit=tree["province"]
    )

    assert sorted(Decision.objects.values_list("year", flat=True)) == [2024, 2025]


def test_decision_year_follows_the_date_on_a_partial_save(tree):
    decision = Decision.objects.create(
        number="12/QĐ-VKS", date=datetime.date(2024, 1, 5), authority="unit_head", issuing_unit=tree["province"]
    )
    decision.date = datetime.date(2025, 1, 6)

    decision.save(update_fields=["date"])

    decision.refresh_from_db()
    assert decision.year == 2025


def test_award_of_the_factory_passes_every_constraint(staff, tree):
    awards = [AwardFactory(person=staff["hang"]), AwardFactory(code="TTLDTT", unit=tree["kv1"])]

    assert [(a.recipient_kind, a.unit_at_time.code) for a in awards] == [
        ("individual", "VKS-T-KV1"),
        ("collective", "VKS-T-KV1"),
    ]
