"""Factories of the emulation app. Each saves through the app's service, as a clerk's entry would: movements
(`movement_save`), clusters and blocs with their members (`group_save`), pledges with their targets and signing
units (`pledge_save`), registrations (`registrations_bulk`), initiatives with their authors (`initiative_save`)
and exemplars (`exemplar_save`)."""

import datetime

import factory

from emulation import services
from emulation.enums import GroupKind, GroupLevel, InitiativeLevel, InitiativeStatus, MemberRole
from emulation.models import (
    EmulationGroup,
    Exemplar,
    GroupMembership,
    Initiative,
    Movement,
    Pledge,
    Registration,
)
from tests.factories.awards import award_type
from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel


class MovementFactory(factory.django.DjangoModelFactory):
    """A movement through `movement_save`; `participating_units=[…]` names the units taking part."""

    class Meta:
        model = Movement

    code = factory.Sequence(lambda n: f"PT-{n + 1:03d}")
    name = factory.LazyAttribute(lambda o: f"Phong trào thi đua {o.code}")
    launching_unit = factory.SubFactory(UnitFactory)
    start_date = datetime.date(2022, 1, 10)

    @classmethod
    def _create(cls, model_class, *args, participating_units=None, **kwargs):
        return services.movement_save(
            movement=model_class(*args, **kwargs),
            participating_units=list(participating_units) if participating_units is not None else None,
        )


def make_movement(unit, code="PT-2022", start=datetime.date(2022, 1, 10), end=datetime.date(2022, 12, 31), **extra):
    """The thematic movement “Chuyển đổi số” of 2022, launched by plan 48/KH-VKS of 10/01/2022 (its citation as
    reports print it: "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế")."""
    values = {
        "name": "Phong trào thi đua “Chuyển đổi số”",
        "kind": "thematic",
        "doc_type": "KH",
        "doc_number": "48/KH-VKS",
        "doc_date": datetime.date(2022, 1, 10),
        "doc_issuer": "VKSND thành phố Huế",
        **extra,
    }
    return MovementFactory(code=code, launching_unit=unit, start_date=start, end_date=end, **values)


class EmulationGroupFactory(factory.django.DjangoModelFactory):
    """A cluster (or bloc) through `group_save`: `roles={unit: MemberRole.HEAD, …}` are its members, one head; by
    default a new regional unit under the organiser is the head and only member."""

    class Meta:
        model = EmulationGroup

    year = 2025
    kind = GroupKind.CLUSTER
    level = GroupLevel.PROVINCIAL
    name = "Cụm thi đua số 1"
    organiser = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, roles=None, **kwargs):
        group = model_class(*args, **kwargs)
        if roles is None:
            roles = {UnitFactory(level=UnitLevel.REGIONAL, parent=group.organiser): MemberRole.HEAD}
        return services.group_save(group=group, roles=roles)


def make_group(tree, year: int, roles: dict, name: str = "Cụm thi đua số 1") -> EmulationGroup:
    """A provincial cluster organised by the tree's province (VKS-T)."""
    return EmulationGroupFactory(year=year, name=name, organiser=tree["province"], roles=roles)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    """A membership row written directly (`group_save` writes the members of a group it saves)."""

    class Meta:
        model = GroupMembership

    group = factory.SubFactory(EmulationGroupFactory)
    unit = factory.SubFactory(UnitFactory)
    role = MemberRole.MEMBER
    year = factory.LazyAttribute(lambda o: o.group.year)
    level = factory.LazyAttribute(lambda o: o.group.level)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge through `pledge_save`: `targets=[(indicator, value), …]`, `signing_units=[…]` (by default every
    member of the group)."""

    class Meta:
        model = Pledge

    group = factory.SubFactory(EmulationGroupFactory)
    signed_on = factory.LazyAttribute(lambda o: datetime.date(o.group.year, 2, 9))
    place = "Huế"
    theme = "Đoàn kết, đổi mới"

    @classmethod
    def _create(cls, model_class, *args, targets=None, signing_units=None, **kwargs):
        pledge = model_class(*args, **kwargs)
        return services.pledge_save(
            pledge=pledge,
            targets=targets or [("Tỷ lệ giải quyết tin báo, tố giác về tội phạm", "Trên 90%")],
            signing_units=pledge.group.members.all() if signing_units is None else signing_units,
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration through `registrations_bulk`; pass person=… or unit=…, and code="LDTT" or award_type=…."""

    class Meta:
        model = Registration
        exclude = ["code"]

    code = "LDTT"
    award_type = factory.LazyAttribute(lambda o: award_type(o.code))
    year = 2026
    person = None
    unit = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        (registration,) = services.registrations_bulk(
            year=kwargs["year"],
            award_type=kwargs["award_type"],
            persons=[kwargs["person"]] if kwargs.get("person") else (),
            units=[kwargs["unit"]] if kwargs.get("unit") else (),
        )
        return registration


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative recognised by decision 12/QĐ-VKS of 05/12/2024, through `initiative_save`: `authors=[…]`
    (the first is the main author unless `main_author=…`; by default a new person of the unit)."""

    class Meta:
        model = Initiative

    title = "Giải pháp nâng cao chất lượng báo cáo án trong các vụ án ma túy"
    unit = factory.SubFactory(UnitFactory)
    year = 2024
    domain = "Thực hành quyền công tố"
    level = InitiativeLevel.GRASSROOTS
    status = InitiativeStatus.RECOGNISED
    decision_number = "12/QĐ-VKS"
    decision_date = datetime.date(2024, 12, 5)
    decision_issuer = "VKSND thành phố Huế"

    @classmethod
    def _create(cls, model_class, *args, authors=None, main_author=None, **kwargs):
        initiative = model_class(*args, **kwargs)
        return services.initiative_save(
            initiative=initiative,
            authors=authors if authors is not None else [PersonFactory(unit=initiative.unit)],
            main_author=main_author,
        )


class ExemplarFactory(factory.django.DjangoModelFactory):
    """An exemplar of 2024 through `exemplar_save`: by default the collective `unit`, found by itself; pass
    `person=…` (and `unit=None`) for an individual, `found_by=…` for the unit that found it."""

    class Meta:
        model = Exemplar

    year = 2024
    unit = factory.SubFactory(UnitFactory)
    person = None
    found_by = factory.LazyAttribute(lambda o: o.unit or o.person.unit)
    achievement = "Dẫn đầu Khối thi đua Nội chính; 100% án kiểm sát đúng hạn."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.exemplar_save(exemplar=model_class(*args, **kwargs))
