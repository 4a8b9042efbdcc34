import datetime

import factory

from awards.catalogue.enums import Authority
from awards.catalogue.models import AwardType
from awards.register import services
from awards.register.models import Award, Decision


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
    """An award through `awards.services.award_create`; pass person=… or unit=…, and code="LDTT" or award_type=…."""

    class Meta:
        model = Award
        exclude = ["code"]

    code = "LDTT"
    award_type = factory.LazyAttribute(lambda o: award_type(o.code))
    year = 2024
    decision = factory.LazyAttribute(
        lambda o: DecisionFactory(date=datetime.date(o.year, 12, 20)) if o.year < 2026 else DecisionFactory()
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.award_create(award=model_class(*args, **kwargs))
