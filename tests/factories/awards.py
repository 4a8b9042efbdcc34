import datetime

import factory
from django.utils import timezone

from awards.catalogue.enums import Authority, IssuerKind
from awards.catalogue.loading import load_issuing_bodies
from awards.catalogue.models import AwardType, IssuingBody
from awards.register import services, validation
from awards.register.models import Award, Decision, PersonYear
from tests.factories.units import PersonFactory


def award_type(code: str) -> AwardType:
    """A type of the shipped catalogue (loaded by migration), e.g. award_type("CSTDCS")."""
    return AwardType.objects.get(code=code)


def issuing_body(code: str = "CQ-VKS-T", name: str = "Viện kiểm sát nhân dân tỉnh T", **fields) -> IssuingBody:
    """A body outside the test tree that signs decisions; by default a provincial procuracy (its code is no unit's:
    an `issuer_code` names a unit before a body)."""
    defaults = {"kind": IssuerKind.PROCURACY, "authority": Authority.UNIT_HEAD, "level": "provincial", **fields}
    return IssuingBody.objects.get_or_create(code=code, defaults={"name": name, **defaults})[0]


def shipped_body(code: str) -> IssuingBody:
    """A shipped body (awards/catalogue/data/issuing-bodies.csv: CTN, TTG, VKSTC, TLDLD, HLG, KHAC…), loaded again
    where a transactional test flushed them; or "UBND-T", the People's Committee of the test tree's province."""
    if code == "UBND-T":
        return issuing_body(
            "UBND-T", "Ủy ban nhân dân tỉnh T", short_name="UBND tỉnh T", kind=IssuerKind.PEOPLES_COMMITTEE,
            authority=Authority.PROVINCIAL_COMMITTEE, level="",
        )  # fmt: skip
    load_issuing_bodies(IssuingBody)
    return IssuingBody.objects.get(code=code)


# The body that signs a decision of each authority by default: one that may confer its types.
BODY_OF_AUTHORITY = {
    Authority.STATE_PRESIDENT: "CTN",
    Authority.PRIME_MINISTER: "TTG",
    Authority.PROCURATOR_GENERAL: "VKSTC",
    Authority.PROVINCIAL_COMMITTEE: "UBND-T",
    Authority.OTHER: "KHAC",
}


def body_for(authority: str) -> IssuingBody:
    """The default signer of a decision of this authority: a shipped body, or for a unit head's the test body of
    province T (`issuing_body()`)."""
    code = BODY_OF_AUTHORITY.get(authority)
    return shipped_body(code) if code else issuing_body()


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision; signed by `issuing_unit=…` or `issuing_body=…`, by default by the body of its authority
    (`body_for`: VKSTC for the Procurator General's, TTG for the Prime Minister's…, `issuing_body()` for a unit
    head's)."""

    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-VKS")
    date = datetime.date(2024, 12, 20)
    authority = Authority.UNIT_HEAD
    signer_name = "Nguyễn Văn Viện"
    signer_title = "Viện trưởng"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("issuing_unit") is None and kwargs.get("issuing_body") is None:
            kwargs["issuing_body"] = body_for(kwargs.get("authority") or Authority.UNIT_HEAD)
        return services.decision_save(decision=model_class(*args, **kwargs))


class AwardFactory(factory.django.DjangoModelFactory):
    """An award through `awards.register.services.award_create`; pass person=… or unit=…, and code="LDTT" or
    award_type=…."""

    class Meta:
        model = Award
        exclude = ["code"]

    code = "LDTT"
    award_type = factory.LazyAttribute(lambda o: award_type(o.code))
    year = 2024
    # Signed on 20/12 of the award's year, or today while that day is still to come: a decision is never dated
    # after today (decision_save) nor in a year before the achievement's (award_create); by a body that may confer
    # the type (`body_for` its authority).
    decision = factory.LazyAttribute(
        lambda o: DecisionFactory(
            date=min(datetime.date(o.year, 12, 20), timezone.localdate()), authority=o.award_type.authority
        )
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.award_create(award=model_class(*args, **kwargs))


def prerequisites_of(*, code: str, year: int, decision: Decision | None = None, person=None, unit=None) -> list[Award]:
    """The titles a regular `code` of `year` rests on (`awards.register.validation.SAME_YEAR_PREREQUISITES`: the
    LĐTT under a CSTĐCS, the CSTĐCS under a CSTĐ ngành…), recorded first as the register asks, by `decision` when
    its authority confers them, else by a decision of theirs of the same day; those the recipient holds already are
    kept. Returns the awards recorded."""
    recorded = []
    day = decision.date if decision is not None else min(datetime.date(year, 12, 20), timezone.localdate())
    for needed in validation.SAME_YEAR_PREREQUISITES.get(code, ()):
        holder = {"person": person} if person is not None else {"unit": unit}
        if Award.objects.counting().filter(**holder, year=year, award_type__code=needed).exists():
            continue
        needed_type = award_type(needed)
        by = (
            decision
            if decision is not None and decision.authority == needed_type.authority
            else DecisionFactory(date=day, authority=needed_type.authority)
        )
        recorded += prerequisites_of(code=needed, year=year, decision=by, **holder)
        recorded.append(AwardFactory(code=needed, year=year, decision=by, **holder))
    return recorded


class PersonYearFactory(factory.django.DjangoModelFactory):
    """A person's facts of a year as the register keeps them: a good rating, a full year served, no absence."""

    class Meta:
        model = PersonYear

    person = factory.SubFactory(PersonFactory)
    year = 2026
    rating = "good"
    service_months = 12
    absence_months = 0
    discipline = "none"
