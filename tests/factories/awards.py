import datetime

import factory
from django.utils import timezone

from awards.catalogue.enums import Authority
from awards.catalogue.models import AwardType
from awards.register import services
from awards.register.models import Award, Decision, PersonYear
from tests.factories.units import PersonFactory


def award_type(code: str) -> AwardType:
    """A type of the shipped catalogue (loaded by migration), e.g. award_type("CSTDCS")."""
    return AwardType.objects.get(code=code)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-VKS")
    date = datetime.date(2024, 12, 20)
    authority = Authority.UNIT_HEAD
    issuer = "Viện kiểm sát nhân dân tỉnh T"
    signer_name = "Nguyễn Văn Viện"
    signer_title = "Viện trưởng"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
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
    # after today (decision_save) nor in a year before the achievement's (award_create).
    decision = factory.LazyAttribute(
        lambda o: DecisionFactory(date=min(datetime.date(o.year, 12, 20), timezone.localdate()))
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.award_create(award=model_class(*args, **kwargs))


class PersonYearFactory(factory.django.DjangoModelFactory):
    """A person's facts of a year as the register keeps them: a good rating, a full year served, no absence."""

    class Meta:
        model = PersonYear

    person = factory.SubFactory(PersonFactory)
    year = 2026
    rating = "good"
    service_months = 12
    absence_months = 0
