"""The facts of a unit's year entered in one grid, and the suggestions page."""

import datetime

import pytest
from django.urls import reverse

from awards.register.models import PersonYear
from tests.factories.awards import AwardFactory, DecisionFactory, award_type, prerequisites_of
from tests.factories.units import PersonFactory

# The grid and the suggestions offer the last six work years only, and the decisions of 2025 must be past.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026


def grid_url(unit, year=YEAR) -> str:
    return f"{reverse('awards:person-years')}?unit={unit.pk}&year={year}"


def grid_post(page, rows: dict) -> dict:
    """The grid's own data (as the browser would send it) with the changes of `rows` {index: {field: value}}."""
    formset = page.context["formset"]
    data = {f"r-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name, "")
            data[f"r-{index}-{name}"] = "" if value is None else value
        for name, value in rows.get(index, {}).items():
            data[f"r-{index}-{name}"] = value
    for key in [k for k, v in data.items() if v is False]:
        del data[key]
    return data


def test_a_clerk_records_the_year_of_his_units_staff_in_one_grid(client, cast, tree, staff):
    other = PersonFactory(code="KV1-B", full_name="Lê Văn Bình", unit=tree["kv1_office"])
    client.force_login(cast["regional_clerk"])
    page = client.get(grid_url(tree["kv1"]))
    assert [person.code for person, _row in page.context["rows"]] == ["CB-HANG", "KV1-B"]

    response = client.post(
        grid_url(tree["kv1"]),
        grid_post(
            page,
            {
                0: {"rating": "excellent", "service_months": 12, "absence_months": 0},
                1: {"rating": "good", "service_months": 5, "discipline": "reprimand"},
            },
        ),
    )

    assert response.status_code == 302
    hang = PersonYear.objects.get(person=staff["hang"], year=YEAR)
    assert (hang.rating, hang.service_months, hang.absence_months, hang.updated_by) == (
        "excellent",
        12,
        0,
        cast["regional_clerk"],
    )
    assert PersonYear.objects.get(person=other).discipline == "reprimand"


def test_a_row_changed_meanwhile_refuses_the_whole_grid(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])
    page = client.get(grid_url(tree["kv1"]))
    PersonYear.objects.create(person=staff["hang"], year=YEAR, rating="done", service_months=12)  # a colleague

    response = client.post(grid_url(tree["kv1"]), grid_post(page, {0: {"rating": "excellent"}}))

    assert response.status_code == 400
    assert "vừa được người khác sửa" in response.content.decode()
    assert PersonYear.objects.get(person=staff["hang"]).rating == "done"


def test_months_beyond_twelve_are_a_row_error(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])
    page = client.get(grid_url(tree["kv1"]))

    response = client.post(grid_url(tree["kv1"]), grid_post(page, {0: {"service_months": 13}}))

    assert response.status_code == 400
    assert not PersonYear.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("council_member", 403), ("outsider", 200)])
def test_only_clerks_of_the_unit_enter_the_facts(client, cast, tree, staff, role, status):
    client.force_login(cast[role])

    response = client.get(grid_url(tree["kv1"]))

    assert response.status_code == status
    if status == 200:  # another province's clerk: khu vực 1 is not offered
        assert "unit" in response.context["form"].errors and "rows" not in response.context


def test_the_suggestions_page_groups_people_by_the_form_they_now_meet(client, cast, tree, staff):
    for year, day in ((2024, (2024, 12, 20)), (2025, (2025, 11, 28))):
        decision = DecisionFactory(date=datetime.date(*day))
        prerequisites_of(code="CSTDCS", year=year, decision=decision, person=staff["hang"])
        AwardFactory(person=staff["hang"], award_type=award_type("CSTDCS"), year=year, decision=decision)
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("awards:nomination-suggestions"), {"unit": tree["kv1"].pk, "year": 2025})

    groups = {award_type.code: [item.person.code for item in items] for award_type, items in page.context["groups"]}
    assert groups.get("BKVKSTC") == ["CB-HANG"]
    assert "CSTĐCS 2024, 2025" in page.content.decode()
