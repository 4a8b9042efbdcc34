import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.units import PersonFactory, UnitFactory
from units import selectors, services
from units.enums import UnitLevel
from units.models import Assignment, Person, Unit

pytestmark = pytest.mark.integration


def test_unit_code_is_unique(tree):
    duplicate = Unit(code="VKS-T", name="Trùng mã", level=UnitLevel.OTHER)

    with pytest.raises(ValidationError) as exc:
        services.unit_save(unit=duplicate)

    assert "code" in exc.value.message_dict


def test_unit_code_rejects_spaces(db):
    with pytest.raises(ValidationError) as exc:
        services.unit_save(unit=Unit(code="VKS HUE", name="Sai mã", level=UnitLevel.OTHER))

    assert "code" in exc.value.message_dict


def test_unit_path_follows_the_tree(tree):
    assert tree["kv1_office"].path == "/VKS-T/VKS-T-KV1/VKS-T-KV1-VP/"
    assert set(Unit.objects.subtree_of(tree["kv1"]).values_list("code", flat=True)) == {"VKS-T-KV1", "VKS-T-KV1-VP"}


def test_unit_cannot_become_its_own_descendant(tree):
    kv1 = tree["kv1"]
    kv1.parent = tree["kv1_office"]

    with pytest.raises(ValidationError) as exc:
        services.unit_save(unit=kv1)

    assert "parent" in exc.value.message_dict
    kv1.refresh_from_db()
    assert kv1.parent == tree["province"]


def test_unit_cannot_be_its_own_parent(tree):
    kv2 = tree["kv2"]
    kv2.parent = kv2

    with pytest.raises(ValidationError):
        services.unit_save(unit=kv2)


def test_database_refuses_unit_that_ends_before_it_starts(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree["kv2"].pk).update(
            valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 6, 30)
        )


def test_unit_save_rejects_end_before_start(tree):
    kv2 = tree["kv2"]
    kv2.valid_from = datetime.date(2025, 7, 1)
    kv2.valid_to = datetime.date(2025, 6, 30)

    with pytest.raises(ValidationError) as exc:
        services.unit_save(unit=kv2)

    assert "valid_to" in exc.value.message_dict


def test_moving_a_unit_moves_its_subtree(tree):
    kv1 = tree["kv1"]
    kv1.parent = tree["kv2"]

    services.unit_save(unit=kv1)

    tree["kv1_office"].refresh_from_db()
    assert tree["kv1_office"].path == "/VKS-T/VKS-T-KV2/VKS-T-KV1/VKS-T-KV1-VP/"
    assert tree["kv1_office"].sort_key == "/VKS-T/VKS-T-KV000002/VKS-T-KV000001/VKS-T-KV000001-VP/"


def test_units_are_listed_in_reading_order_kv2_before_kv10(tree):
    kv10 = UnitFactory(code="VKS-T-KV10", name="Viện kiểm sát nhân dân khu vực 10", parent=tree["province"])
    UnitFactory(code="VKS-T-KV10-VP", name="Văn phòng khu vực 10", parent=kv10)

    codes = [u.code for u in Unit.objects.subtree_of(tree["province"])]

    assert codes == ["VKS-T", "VKS-T-KV1", "VKS-T-KV1-VP", "VKS-T-KV2", "VKS-T-KV10", "VKS-T-KV10-VP", "VKS-T-VP"]


def test_unit_close_refuses_a_unit_with_staff(tree, staff):
    with pytest.raises(ValidationError):
        services.unit_close(unit=tree["kv1"], on_date=datetime.date(2025, 6, 30))

    tree["kv1"].refresh_from_db()
    assert tree["kv1"].valid_to is None


def test_unit_close_refuses_a_unit_with_active_subunits(tree):
    with pytest.raises(ValidationError):
        services.unit_close(unit=tree["province"], on_date=datetime.date(2025, 6, 30))


def test_unit_close_keeps_the_unit(tree):
    services.unit_close(unit=tree["kv2"], on_date=datetime.date(2025, 6, 30))

    tree["kv2"].refresh_from_db()
    assert tree["kv2"].valid_to == datetime.date(2025, 6, 30)
    assert Unit.objects.filter(code="VKS-T-KV2").exists()


def test_person_create_opens_a_unit_history(tree):
    person = PersonFactory(unit=tree["kv1"], position="Kiểm sát viên trung cấp")

    assignments = list(person.assignments.values_list("unit__code", "end_date", "position"))
    assert assignments == [("VKS-T-KV1", None, "Kiểm sát viên trung cấp")]


def test_person_birth_date_in_the_future_is_rejected(tree):
    person = PersonFactory.build(unit=tree["kv1"], birth_date=datetime.date(2999, 1, 1))

    with pytest.raises(ValidationError) as exc:
        services.person_save(person=person)

    assert "birth_date" in exc.value.message_dict


def test_person_transfer_closes_the_previous_period(tree, cast):
    person = PersonFactory(unit=tree["kv1"])
    Assignment.objects.filter(person=person).update(start_date=datetime.date(2020, 1, 1))

    services.person_transfer(
        person=person, to_unit=tree["office"], on_date=datetime.date(2024, 3, 1), by=cast["clerk"], note="QĐ 12/QĐ-VKS"
    )

    person.refresh_from_db()
    assert person.unit == tree["office"]
    periods = list(person.assignments.order_by("start_date").values_list("unit__code", "start_date", "end_date"))
    assert periods == [
        ("VKS-T-KV1", datetime.date(2020, 1, 1), datetime.date(2024, 2, 29)),
        ("VKS-T-VP", datetime.date(2024, 3, 1), None),
    ]
    assert selectors.person_unit_on(person=person, day=datetime.date(2023, 12, 31)) == tree["kv1"]
    assert selectors.person_unit_on(person=person, day=datetime.date(2024, 3, 1)) == tree["office"]
    assert person.history.first().history_user == cast["clerk"]


def test_person_transfer_before_current_start_is_refused(tree):
    person = PersonFactory(unit=tree["kv1"])
    Assignment.objects.filter(person=person).update(start_date=datetime.date(2024, 5, 1))

    with pytest.raises(ValidationError):
        services.person_transfer(person=person, to_unit=tree["office"], on_date=datetime.date(2024, 1, 1))

    person.refresh_from_db()
    assert person.unit == tree["kv1"]
    assert person.assignments.count() == 1


def test_person_transfer_to_a_closed_unit_is_refused(tree):
    closed = UnitFactory(code="VKS-T-OLD", level=UnitLevel.REGIONAL, parent=tree["province"])
    services.unit_close(unit=closed, on_date=datetime.date(2025, 6, 30))
    person = PersonFactory(unit=tree["kv1"])

    with pytest.raises(ValidationError):
        services.person_transfer(person=person, to_unit=closed, on_date=datetime.date(2025, 8, 1))


def test_database_allows_one_open_period_per_person(tree):
    person = PersonFactory(unit=tree["kv1"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(person=person, unit=tree["office"])


def test_person_search_ignores_diacritics_and_case(staff):
    assert list(Person.objects.search("nguyen thi thanh hang").values_list("code", flat=True)) == ["CB-HANG"]
    assert list(Person.objects.search("LÊ VĂN ĐỨC").values_list("code", flat=True)) == ["CB-X"]
    assert list(Person.objects.search("dung").values_list("code", flat=True)) == ["CB-DUNG"]


def test_history_records_who_changed_what(tree, cast):
    unit = tree["kv2"]
    unit.name = "Viện kiểm sát nhân dân khu vực 2 – Huế"

    services.unit_save(unit=unit, by=cast["admin"])

    entries = selectors.object_history(obj=unit)
    assert entries[0]["record"].history_user == cast["admin"]
    assert [(c["old"], c["new"]) for c in entries[0]["changes"]] == [
        ("Viện kiểm sát nhân dân khu vực 2", "Viện kiểm sát nhân dân khu vực 2 – Huế")
    ]
