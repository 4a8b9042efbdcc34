"""Suggestions of higher forms a unit's staff may now be nominated for."""

import dataclasses
from collections.abc import Iterable

from awards.catalogue.enums import RecipientKind
from awards.catalogue.models import AwardType
from awards.nominations.eligibility.criteria import _criteria
from awards.nominations.eligibility.facts import KNC, MET, PENDING, SUGGESTED_CODES, Check, Facts, Subject
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from units.models import Person, Unit

# -- suggestions -------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Suggestion:
    """A person who meets the criteria of a higher form in a year and is not nominated for it."""

    person: Person
    award_type: AwardType
    year: int
    check: Check

    @property
    def reason(self) -> str:
        return " ".join(criterion.reason for criterion in self.check.criteria if criterion.reason)

    @property
    def evidence(self) -> list[str]:
        return [line for criterion in self.check.criteria for line in criterion.evidence]


def suggestions(unit: Unit, year: int, codes: Iterable[str] = SUGGESTED_CODES) -> list[Suggestion]:
    """The staff of the unit's subtree who meet every criterion of a higher form (`codes`) for the year, save the
    registration, and have neither a live nomination for it nor the award that year. Bounded queries: the staff,
    the live nominations, then the facts as for `evaluate`."""
    persons = list(
        Person.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("unit__sort_key", "full_name", "code")
    )
    if not persons:
        return []
    types = AwardType.objects.in_bulk()
    by_code = {award_type.code: award_type for award_type in types.values()}
    targets = [by_code[code] for code in codes if code in by_code]
    taken = set(
        Nomination.objects.filter(
            person__unit__path__startswith=unit.path, year=year, award_type__in=[t.pk for t in targets]
        )
        .exclude(state__in=NominationState.dead_states)
        .values_list("person_id", "award_type_id")
    )
    facts = Facts(
        types=types,
        person_ids={person.pk for person in persons},
        years={year},
        codes={award_type.code for award_type in targets},
        service=any(award_type.code == KNC for award_type in targets),
    )
    rules = facts.ruleset(year)
    found = []
    for person in persons:
        for award_type in targets:
            if (person.pk, award_type.pk) in taken or any(
                held.code == award_type.code and held.year == year and held.revoked_on is None
                for held in facts.held.get(person.pk, ())
            ):
                continue
            nomination = Nomination(
                person=person,
                award_type=award_type,
                year=year,
                nominating_unit=person.unit,
                recipient_kind=RecipientKind.INDIVIDUAL,
            )
            criteria = _criteria(Subject(nomination=nomination, award_type=award_type, rules=rules, facts=facts))
            # Registration comes after the suggestion: the clerk registers whom the suggestion names. A chain that
            # ends in a title of the same round still suggests the form (it is decided after that title).
            criteria = [criterion for criterion in criteria if criterion.code != "registered"]
            if criteria and all(criterion.status in (MET, PENDING) for criterion in criteria):
                found.append(Suggestion(person=person, award_type=award_type, year=year, check=Check(criteria)))
    return found
