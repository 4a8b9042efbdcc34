import pytest
from django.urls import reverse

from units.models import Person

pytestmark = pytest.mark.integration


def test_person_form_errors_are_in_vietnamese(client, cast):
    client.force_login(cast["clerk"])

    response = client.post(reverse("units:person-create"), {"code": "", "full_name": "", "birth_date": "31/02/1990"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường này là bắt buộc." in body
    assert "Nhập một ngày hợp lệ." in body
    assert Person.objects.count() == 0


def test_person_create_records_the_start_of_the_unit_history(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("units:person-create"),
        {
            "code": "CB-MOI",
            "full_name": "  Phạm   Thị  Thu  ",
            "gender": "female",
            "birth_date": "05/09/1990",
            "position": "Kiểm tra viên",
            "unit": tree["kv1_office"].pk,
            "start_date": "01/07/2025",
        },
    )

    person = Person.objects.get(code="CB-MOI")
    assert response.status_code == 302
    assert response.url == reverse("units:person-detail", args=[person.pk])
    assert person.full_name == "Phạm Thị Thu"
    assert person.birth_date.isoformat() == "1990-09-05"
    assert list(person.assignments.values_list("unit__code", "start_date")) == [
        ("VKS-T-KV1-VP", person.birth_date.replace(year=2025, month=7, day=1))
    ]
    assert person.history.get().history_user == cast["regional_clerk"]


def test_person_transfer_through_the_page(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:person-transfer", args=[staff["hang"].pk]),
        {"to_unit": tree["office"].pk, "on_date": "01/08/2025", "note": "Quyết định số 15/QĐ-VKS"},
    )

    assert response.status_code == 302
    staff["hang"].refresh_from_db()
    assert staff["hang"].unit == tree["office"]
    detail = client.get(reverse("units:person-detail", args=[staff["hang"].pk])).content.decode()
    assert "31/07/2025" in detail
    assert "01/08/2025" in detail
    assert "Quyết định số 15/QĐ-VKS" in detail


def test_unit_edit_shows_the_change_in_history(client, cast, tree):
    client.force_login(cast["clerk"])
    kv2 = tree["kv2"]

    client.post(
        reverse("units:unit-update", args=[kv2.pk]),
        {
            "name": "Viện kiểm sát nhân dân khu vực 2 – Huế",
            "short_name": "VKSND khu vực 2",
            "level": "regional",
            "parent": tree["province"].pk,
            "place_name": "Huế",
            "is_remote_area": "on",
            "version": kv2.version,
        },
    )

    kv2.refresh_from_db()
    assert kv2.is_remote_area is True
    detail = client.get(reverse("units:unit-detail", args=[kv2.pk])).content.decode()
    assert "Vùng sâu, vùng xa, khó khăn" in detail
    assert "clerk" in detail
    assert "Viện kiểm sát nhân dân khu vực 2 – Huế" in detail


def test_unit_code_cannot_be_changed_by_editing(client, cast, tree):
    client.force_login(cast["clerk"])

    client.post(
        reverse("units:unit-update", args=[tree["kv2"].pk]),
        {"code": "HACKED", "name": "X", "level": "regional", "parent": tree["province"].pk},
    )

    tree["kv2"].refresh_from_db()
    assert tree["kv2"].code == "VKS-T-KV2"


def test_close_unit_with_staff_shows_a_clear_error(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(reverse("units:unit-close", args=[tree["kv1_office"].pk]), {"on_date": "30/06/2025"})
    assert response.status_code == 302  # kv1_office has no staff and no subunits: it closes

    response = client.post(reverse("units:unit-close", args=[tree["office"].pk]), {"on_date": "30/06/2025"})

    assert response.status_code == 200
    assert "điều chuyển cán bộ" in response.content.decode()
    tree["office"].refresh_from_db()
    assert tree["office"].valid_to is None


def test_dates_are_shown_day_first(client, cast, staff):
    Person.objects.filter(pk=staff["hang"].pk).update(birth_date="1985-03-07")
    client.force_login(cast["clerk"])

    body = client.get(reverse("units:person-detail", args=[staff["hang"].pk])).content.decode()

    assert "07/03/1985" in body


def test_second_of_two_concurrent_edits_is_refused(client, cast, staff):
    person = staff["hang"]
    client.force_login(cast["clerk"])
    form_data = {
        "full_name": "Nguyễn Thị Thanh Hằng",
        "gender": "female",
        "position": "Kiểm sát viên trung cấp",
        "version": person.version,
    }
    first = client.post(reverse("units:person-update", args=[person.pk]), form_data)

    second = client.post(
        reverse("units:person-update", args=[person.pk]), {**form_data, "position": "Kiểm sát viên cao cấp"}
    )

    assert first.status_code == 302
    assert second.status_code == 200
    body = second.content.decode()
    assert "vừa được clerk sửa" in body
    assert "Kiểm sát viên cao cấp" in body  # what the second clerk typed is still on the page
    person.refresh_from_db()
    assert person.position == "Kiểm sát viên trung cấp"
