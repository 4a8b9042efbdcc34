import factory
from django.contrib.auth import get_user_model

from units import services
from units.enums import Role, UnitLevel
from units.models import Person, RoleAssignment, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Viện kiểm sát nhân dân {o.code}")
    short_name = factory.LazyAttribute(lambda o: f"VKSND {o.code}")
    level = UnitLevel.PROVINCIAL
    place_name = "Huế"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_save(unit=model_class(*args, **kwargs))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = "Nguyễn Thị Hằng"
    gender = "female"
    position = "Kiểm sát viên sơ cấp"
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.person_save(person=model_class(*args, **kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("matkhau-123")


def user_with_role(role: str, unit: Unit | None, username: str | None = None):
    user = UserFactory(**({"username": username} if username else {}))
    RoleAssignment.objects.create(user=user, role=role, unit=None if role == Role.ADMIN else unit)
    return user
