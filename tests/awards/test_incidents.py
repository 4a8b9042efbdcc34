"""A clerk records the serious incidents of his units' years; other provinces neither see nor change them; each
change keeps who made it; the form speaks Vietnamese when an entry is wrong."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.register.enums import IncidentKind
from awards.register.models import UnitIncident
from awards.register.services import incident_save

# The work year 2025 is in progress: an incident of 2026 has not begun, one dated after today is refused.
pytestmark = [pytest.mark.integration, pytest.mark.today("2025-06-15")]

D = datetime.date
LIST = reverse("awards:incident-list")
CREATE = reverse("awards:incident-create")


def incident_data(unit, **changes) -> dict:
    return {
        "unit": unit.pk,
        "year": 2025,
        "kind": IncidentKind.PRESS,
        "date": "02/04/2025",
        "description": "Báo Pháp luật phản ánh cán bộ gây phiền hà cho đương sự",
        **changes,
    }


def record(unit, year=2025, description="Án bị tuyên không phạm tội", by=None) -> UnitIncident:
    return incident_save(
        incident=UnitIncident(unit=unit, year=year, kind=IncidentKind.CASE_RETURNED, description=description), by=by
    )


def test_a_regional_clerk_records_an_incident_of_his_unit(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(CREATE, incident_data(tree["kv1"]))

    assert response.status_code == 302
    assert response.url == LIST
    incident = UnitIncident.objects.get()
    assert (incident.unit, incident.year, incident.kind, incident.date, incident.created_by) == (
        tree["kv1"],
        2025,
        IncidentKind.PRESS,
        D(2025, 4, 2),
        cast["regional_clerk"],
    )
    assert incident.history.get().history_user == cast["regional_clerk"]


def test_a_correction_is_kept_in_the_history_with_who_made_it(client, cast, tree):
    incident = record(tree["kv1"], by=cast["regional_clerk"])
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:incident-update", args=[incident.pk]),
        incident_data(tree["kv1"], kind=IncidentKind.CASE_RETURNED, description="Án bị tuyên không phạm tội (sửa)"),
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.description == "Án bị tuyên không phạm tội (sửa)"
    assert [entry.history_user for entry in incident.history.order_by("history_id")] == [
        cast["regional_clerk"],
        cast["clerk"],
    ]
    page = client.get(reverse("awards:incident-update", args=[incident.pk]))
    assert page.context["history"][0]["record"].history_user == cast["clerk"]
    assert {change["new"] for change in page.context["history"][0]["changes"]} == {
        "Án bị tuyên không phạm tội (sửa)",
        "02/04/2025",
    }


def test_a_clerk_of_another_province_neither_sees_nor_changes_it(client, cast, tree):
    incident = record(tree["kv1"])
    client.force_login(cast["outsider"])

    listed = client.get(LIST)
    opened = client.get(reverse("awards:incident-update", args=[incident.pk]))
    posted = client.post(CREATE, incident_data(tree["kv1"]))

    assert listed.status_code == 200
    assert list(listed.context["page"]) == []
    assert opened.status_code == 404
    assert posted.status_code == 200
    assert "unit" in posted.context["form"].errors
    assert UnitIncident.objects.count() == 1


def test_a_council_member_sees_the_incident_but_may_not_change_it(client, cast, tree):
    incident = record(tree["kv2"])
    client.force_login(cast["council_member"])

    listed = client.get(LIST)
    opened = client.get(reverse("awards:incident-update", args=[incident.pk]))
    created = client.get(CREATE)

    assert list(listed.context["page"]) == [incident]
    assert (opened.status_code, created.status_code) == (403, 403)


def test_a_regional_clerk_may_not_record_for_the_neighbouring_region(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(CREATE, incident_data(tree["kv2"]))

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not UnitIncident.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"description": "  "}, "description", "Hãy ghi nội dung vụ việc."),
        ({"kind": ""}, "kind", "Hãy chọn loại vụ việc."),
        ({"date": "16/06/2025"}, "date", "Ngày xảy ra, phát hiện không được sau ngày hôm nay."),
        ({"date": "30/11/2024"}, "date", "Ngày xảy ra, phát hiện phải từ ngày 01/12/2024 (đầu năm 2025) trở đi."),
    ],
)
def test_wrong_entries_are_refused_on_their_field_in_vietnamese(client, cast, tree, changes, field, message):
    client.force_login(cast["clerk"])

    response = client.post(CREATE, incident_data(tree["kv2"], **changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not UnitIncident.objects.exists()


def test_an_incident_of_a_unit_closed_before_the_year_is_refused(tree):
    closed = tree["kv2"]
    closed.valid_to = D(2024, 6, 30)
    closed.save(update_fields=["valid_to"])

    with pytest.raises(ValidationError) as refused:
        record(closed)

    assert refused.value.message_dict == {"unit": ["VKSND VKS-T-KV2 không hoạt động trong năm 2025."]}


def test_an_incident_of_a_year_not_begun_is_refused(tree):
    with pytest.raises(ValidationError) as refused:
        record(tree["kv2"], year=2026)

    assert refused.value.message_dict == {"year": ["Năm 2026 chưa bắt đầu."]}


def test_the_list_filters_by_year_and_unit(client, cast, tree):
    kv1_2024 = record(tree["kv1"], 2024, "Vụ việc năm 2024")
    kv1_2025 = record(tree["kv1"], 2025, "Vụ việc năm 2025")
    kv2_2025 = record(tree["kv2"], 2025, "Vụ việc của khu vực 2")
    client.force_login(cast["clerk"])

    everything = client.get(LIST)
    of_2025 = client.get(LIST, {"year": 2025})
    of_kv1 = client.get(LIST, {"unit": tree["kv1"].pk})

    assert list(everything.context["page"]) == [kv1_2025, kv2_2025, kv1_2024]
    assert list(of_2025.context["page"]) == [kv1_2025, kv2_2025]
    assert list(of_kv1.context["page"]) == [kv1_2025, kv1_2024]


def test_a_user_without_role_is_refused_the_list(client, tree):
    from tests.factories.units import UserFactory  # noqa: PLC0415 -- one test needs a user without role

    record(tree["kv1"])
    client.force_login(UserFactory(username="no_role"))

    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_costs_the_same_queries_for_one_or_three_incidents(
    client, cast, tree, django_assert_num_queries, count
):
    for n in range(count):
        record(tree["kv1"] if n % 2 else tree["kv2"], description=f"Vụ việc {n}", by=cast["clerk"])
    client.force_login(cast["clerk"])

    # the session, the user, the user's roles; the page of incidents with their units and authors (the unit
    # filter is a picker: no units)
    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert len(list(response.context["page"])) == count
