import datetime

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.units import PersonFactory, UnitFactory
from units import selectors, services
from units.enums import UnitLevel
from units.importing import run_import
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


# -- the manager flag of each post (Assignment.is_manager) -------------------------------------------------------


def posts_of(person) -> list[tuple]:
    return list(
        person.assignments.order_by("start_date").values_list("unit__code", "position", "is_manager", "end_date")
    )


def test_a_new_persons_first_post_carries_the_manager_flag(tree):
    head = PersonFactory(unit=tree["kv2"], position="Viện trưởng", is_manager=True)
    prosecutor = PersonFactory(unit=tree["kv2"], position="Kiểm sát viên trung cấp")

    assert posts_of(head) == [("VKS-T-KV2", "Viện trưởng", True, None)]
    assert posts_of(prosecutor) == [("VKS-T-KV2", "Kiểm sát viên trung cấp", False, None)]


def test_an_edit_of_the_flag_in_the_same_unit_corrects_the_open_post(tree, cast):
    person = PersonFactory(unit=tree["kv2"], position="Kiểm sát viên trung cấp")
    person.position, person.is_manager = "Phó Viện trưởng", True

    services.person_save(person=person, by=cast["clerk"], expected_version=person.version)

    assert posts_of(person) == [("VKS-T-KV2", "Phó Viện trưởng", True, None)]
    assert person.assignments.get().history.first().history_user == cast["clerk"]


def test_a_transfer_records_the_new_posts_flag_and_keeps_the_old_one(tree):
    person = PersonFactory(unit=tree["kv2"], position="Viện trưởng", is_manager=True)
    Assignment.objects.filter(person=person).update(start_date=datetime.date(2020, 1, 1))

    services.person_transfer(
        person=person,
        to_unit=tree["office"],
        on_date=datetime.date(2024, 3, 1),
        position="Kiểm sát viên cao cấp",
        is_manager=False,
    )

    person.refresh_from_db()
    assert person.is_manager is False
    assert posts_of(person) == [
        ("VKS-T-KV2", "Viện trưởng", True, datetime.date(2024, 2, 29)),
        ("VKS-T-VP", "Kiểm sát viên cao cấp", False, None),
    ]
    assert selectors.person_post_on(person=person, day=datetime.date(2022, 11, 30)).position == "Viện trưởng"
    assert selectors.person_post_on(person=person, day=datetime.date(2024, 11, 30)).is_manager is False


def test_a_transfer_without_a_flag_keeps_the_persons_flag(tree):
    person = PersonFactory(unit=tree["kv2"], position="Phó Viện trưởng", is_manager=True)

    services.person_transfer(person=person, to_unit=tree["kv1"], on_date=datetime.date(2024, 3, 1))

    assert [flag for _unit, _position, flag, _end in posts_of(person)] == [True, True]


def test_the_post_on_a_day_is_the_period_covering_it(tree):
    person = PersonFactory(unit=tree["kv2"], position="Kiểm sát viên trung cấp")
    services.person_transfer(
        person=person, to_unit=tree["kv1"], on_date=datetime.date(2023, 1, 1), position="Viện trưởng", is_manager=True
    )
    periods = list(person.assignments.order_by("id"))

    found = selectors.person_post_on(person=person, day=datetime.date(2024, 6, 1))

    assert found == periods[1]
    assert selectors.post_on(periods, datetime.date(2024, 6, 1)) == periods[1]
    assert selectors.post_on(periods, datetime.date(2022, 6, 1)) == periods[0]
    assert selectors.person_posts(person_ids=[person.pk]) == {person.pk: periods}


def test_the_post_on_a_day_prefers_a_dated_period_to_an_undated_one():
    undated = Assignment(pk=1, position="Kiểm sát viên", start_date=None, end_date=None)
    dated = Assignment(pk=2, position="Viện trưởng", start_date=datetime.date(2023, 1, 1), end_date=None)

    assert selectors.post_on([dated, undated], datetime.date(2024, 6, 1)) == dated
    assert selectors.post_on([dated, undated], datetime.date(2022, 6, 1)) == undated


def test_a_persons_import_without_the_manager_column_leaves_the_flag_unknown(tree):
    dataset = tablib.Dataset(headers=["code", "full_name", "unit_code", "position"])
    dataset.append(["CB-NEW", "Hồ Văn Mới", "VKS-T-KV2", "Viện trưởng"])
    with_column = tablib.Dataset(headers=["code", "full_name", "unit_code", "position", "is_manager"])
    with_column.append(["CB-KNOWN", "Hồ Văn Biết", "VKS-T-KV2", "Viện trưởng", "1"])

    run_import(kind="persons", dataset=dataset, dry_run=False)
    run_import(kind="persons", dataset=with_column, dry_run=False)

    assert posts_of(Person.objects.get(code="CB-NEW")) == [("VKS-T-KV2", "Viện trưởng", None, None)]
    assert posts_of(Person.objects.get(code="CB-KNOWN")) == [("VKS-T-KV2", "Viện trưởng", True, None)]
