"""Registrations (đăng ký thi đua): a clerk ticks a unit's staff for a title, withdraws, sees the quota and the
cluster's summary; who may do what; the list's queries; the demo registrations."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.catalogue.models import AwardType
from emulation import selectors, services
from emulation.enums import MemberRole
from emulation.models import Registration
from tests.factories.emulation import make_group
from tests.factories.units import PersonFactory

# The forms offer the last six work years only: registering for 2026 holds in December 2026, not in 2032.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026


@pytest.fixture
def types(db):
    return {code: AwardType.objects.get(code=code) for code in ("LDTT", "CSTDCS", "TTLDTT", "BKVKSTC")}


@pytest.fixture
def kv1_staff(tree):
    """Ten people of khu vực 1: four in its Văn phòng, six directly in the unit."""
    people = [
        PersonFactory(code=f"KV1-{n:02}", full_name=f"Nguyễn Văn Cán Bộ {n:02}", unit=tree["kv1"]) for n in range(6)
    ]
    people += [
        PersonFactory(code=f"KV1-VP-{n}", full_name=f"Trần Thị Văn Phòng {n}", unit=tree["kv1_office"])
        for n in range(4)
    ]
    return people


def bulk_url(unit, award_type, year=YEAR) -> str:
    return f"{reverse('emulation:registration-bulk')}?unit={unit.pk}&year={year}&award_type={award_type.pk}"


def registered(award_type, year=YEAR) -> set[str]:
    return set(
        Registration.objects.filter(award_type=award_type, year=year, person__isnull=False).values_list(
            "person__code", flat=True
        )
    )


# -- the bulk form --------------------------------------------------------------------------------


def test_a_clerk_registers_all_staff_of_a_unit_for_ldtt_in_one_form(client, cast, tree, types, kv1_staff):
    client.force_login(cast["regional_clerk"])
    page = client.get(bulk_url(tree["kv1"], types["LDTT"]))
    assert page.status_code == 200
    assert len(page.context["candidates"]) == 10

    response = client.post(bulk_url(tree["kv1"], types["LDTT"]), {"pick": [p.pk for p in kv1_staff]}, follow=True)

    assert registered(types["LDTT"]) == {p.code for p in kv1_staff}
    assert "thêm 10, rút 0" in response.content.decode()
    first = Registration.objects.get(person=kv1_staff[7], year=YEAR)
    assert first.registering_unit == tree["kv1_office"]
    assert first.created_by == cast["regional_clerk"]
    assert first.history.get().history_user == cast["regional_clerk"]


def test_unticking_a_registered_person_withdraws_only_that_registration(client, cast, tree, types, kv1_staff):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff)
    client.force_login(cast["regional_clerk"])
    keep = kv1_staff[1:]

    client.post(
        bulk_url(tree["kv1"], types["LDTT"]), {"pick": [p.pk for p in keep], "shown": [p.pk for p in kv1_staff]}
    )

    assert registered(types["LDTT"]) == {p.code for p in keep}
    assert (
        Registration.history.filter(history_type="-", person=kv1_staff[0]).get().history_user == cast["regional_clerk"]
    )


def test_a_registration_made_meanwhile_by_someone_else_is_not_withdrawn(client, cast, tree, types, kv1_staff):
    """The form withdraws only those it showed as registered: a colleague's registration made after the page
    was opened survives the save."""
    client.force_login(cast["regional_clerk"])
    client.get(bulk_url(tree["kv1"], types["LDTT"]))  # nobody registered yet
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=[kv1_staff[9]], by=cast["clerk"])

    client.post(bulk_url(tree["kv1"], types["LDTT"]), {"pick": [kv1_staff[0].pk]})

    assert registered(types["LDTT"]) == {kv1_staff[0].code, kv1_staff[9].code}


def test_registering_twice_changes_nothing(client, cast, tree, types, kv1_staff):
    client.force_login(cast["regional_clerk"])
    data = {"pick": [p.pk for p in kv1_staff[:3]]}
    client.post(bulk_url(tree["kv1"], types["LDTT"]), data)
    client.post(bulk_url(tree["kv1"], types["LDTT"]), data)

    assert Registration.objects.filter(year=YEAR).count() == 3


def test_a_person_of_another_unit_cannot_be_slipped_into_the_form(client, cast, tree, types, kv1_staff, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(bulk_url(tree["kv1"], types["LDTT"]), {"pick": [kv1_staff[0].pk, staff["dung"].pk]})

    assert response.status_code == 400
    assert "không thuộc đơn vị đã chọn" in response.content.decode()
    assert not Registration.objects.exists()


def test_collective_titles_offer_the_unit_and_its_subunits(client, cast, tree, types):
    client.force_login(cast["regional_clerk"])
    page = client.get(bulk_url(tree["kv1"], types["TTLDTT"]))
    assert [unit.code for unit in page.context["candidates"]] == ["VKS-T-KV1", "VKS-T-KV1-VP"]

    client.post(bulk_url(tree["kv1"], types["TTLDTT"]), {"pick": [tree["kv1_office"].pk]})

    registration = Registration.objects.get()
    assert registration.unit == tree["kv1_office"] and registration.person is None


def test_forms_of_commendation_are_not_registered(client, cast, tree, types):
    client.force_login(cast["regional_clerk"])

    page = client.get(bulk_url(tree["kv1"], types["BKVKSTC"]))

    assert "award_type" in page.context["form"].errors
    assert types["BKVKSTC"] not in page.context["form"].fields["award_type"].queryset


def test_the_cstdcs_form_shows_the_quota_from_the_ldtt_registrations(client, cast, tree, types, kv1_staff):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff[:7])
    services.registrations_bulk(year=YEAR, award_type=types["CSTDCS"], persons=kv1_staff[:2])
    client.force_login(cast["regional_clerk"])

    page = client.get(bulk_url(tree["kv1"], types["CSTDCS"]))

    assert page.context["quota"] == {"ldtt": 7, "cstdcs": 2, "percent": 15, "limit": 1}
    text = page.content.decode()
    assert "7 người đăng ký LĐTT" in text and "tối đa 1 người CSTĐCS" in text
    # Two chosen against a limit of one: the warning shows without waiting for a click.
    assert 'id="quota-warning" class="text-danger fw-semibold">' in text
    # Three people not registered for LĐTT are flagged.
    assert text.count("chưa đăng ký LĐTT") == 3


def test_the_quota_follows_the_rule_set(tree, types, kv1_staff):
    from awards.catalogue.services import ruleset_for_year  # noqa: PLC0415

    ruleset = ruleset_for_year(YEAR)
    ruleset.cstdcs_quota_percent = 30
    ruleset.save()
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff)

    assert selectors.registration_quota(unit=tree["kv1"], year=YEAR)["limit"] == 3


# -- permissions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("clerk", 200),
        ("regional_clerk", 200),
        ("admin", 200),
        ("outsider", 200),  # the form opens, but khu vực 1 is not among its units: a form error, no list
        ("leader", 403),
        ("council_secretary", 403),
        ("council_member", 403),
    ],
)
def test_who_may_open_the_bulk_form(client, cast, tree, types, kv1_staff, role, status):
    client.force_login(cast[role])

    response = client.get(bulk_url(tree["kv1"], types["LDTT"]))

    assert response.status_code == status
    if role == "outsider":
        assert "unit" in response.context["form"].errors
        assert "candidates" not in response.context


@pytest.mark.parametrize("role", ["outsider", "leader", "council_member"])
def test_who_may_not_register_a_unit(client, cast, tree, types, kv1_staff, role):
    client.force_login(cast[role])

    client.post(bulk_url(tree["kv1"], types["LDTT"]), {"pick": [kv1_staff[0].pk]})

    assert not Registration.objects.exists()


def test_a_regional_clerk_cannot_register_the_provincial_office(client, cast, tree, types, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(bulk_url(tree["office"], types["LDTT"]), {"pick": [staff["dung"].pk]})

    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_anonymous_users_are_sent_to_the_login_page(client, tree, types):
    response = client.get(reverse("emulation:registration-list"))

    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize(("role", "allowed"), [("regional_clerk", True), ("clerk", True), ("leader", False)])
def test_withdrawing_one_registration_from_the_list(client, cast, tree, types, kv1_staff, role, allowed):
    (registration,) = services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff[:1])
    client.force_login(cast[role])

    response = client.post(reverse("emulation:registration-withdraw", args=[registration.pk]))

    assert Registration.objects.exists() is not allowed
    assert response.status_code == (302 if allowed else 403)


def test_a_clerk_sees_only_registrations_of_his_subtree(client, cast, tree, types, kv1_staff, staff):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=[kv1_staff[0], staff["dung"]])
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=[staff["outsider"]])

    def names(user):
        client.force_login(user)
        return {r.person.code for r in client.get(reverse("emulation:registration-list")).context["page"]}

    assert names(cast["regional_clerk"]) == {kv1_staff[0].code}
    assert names(cast["clerk"]) == {kv1_staff[0].code, "CB-DUNG"}
    assert names(cast["outsider"]) == {"CB-X"}
    assert names(cast["admin"]) == {kv1_staff[0].code, "CB-DUNG", "CB-X"}
    client.force_login(cast["outsider"])
    hidden = Registration.objects.get(person=kv1_staff[0])
    assert client.post(reverse("emulation:registration-withdraw", args=[hidden.pk])).status_code == 404


# -- list, export and the cluster's summary --------------------------------------------------------------


def test_the_list_filters_by_year_title_unit_and_name(client, cast, tree, types, kv1_staff, staff):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=[*kv1_staff[:2], staff["dung"]])
    services.registrations_bulk(year=YEAR - 1, award_type=types["LDTT"], persons=kv1_staff[:1])
    services.registrations_bulk(year=YEAR, award_type=types["CSTDCS"], persons=kv1_staff[:1])
    client.force_login(cast["clerk"])

    def count(**params):
        return client.get(reverse("emulation:registration-list"), params).context["page"].paginator.count

    # The list opens on the year being registered for; "Tất cả các năm" (an empty year) lists them all.
    assert count() == 4
    assert count(year="") == 5
    assert count(year=YEAR) == 4
    assert count(year=YEAR, award_type=types["LDTT"].pk) == 3
    assert count(unit=tree["office"].pk) == 1
    assert count(q="hang", year=YEAR) == 0
    assert count(q="dung") == 1


def test_the_list_runs_the_same_queries_for_1_and_20_rows(client, cast, tree, types):
    client.force_login(cast["clerk"])
    people = [PersonFactory(code=f"P{n:02}", unit=tree["kv1"] if n % 2 else tree["office"]) for n in range(20)]
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=people[:1])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("emulation:registration-list"))
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=people)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("emulation:registration-list"))

    assert len(response.context["page"]) == 20
    assert len(twenty) == len(one)


def test_the_list_stays_within_its_query_budget(client, cast, tree, types, kv1_staff, django_assert_max_num_queries):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff)
    client.force_login(cast["clerk"])

    with django_assert_max_num_queries(12):
        client.get(reverse("emulation:registration-list"))


def test_the_bulk_form_queries_do_not_grow_with_the_staff(client, cast, tree, types, kv1_staff):
    client.force_login(cast["regional_clerk"])
    with CaptureQueriesContext(connection) as ten:
        client.get(bulk_url(tree["kv1"], types["CSTDCS"]))
    for n in range(30):
        PersonFactory(code=f"MORE-{n}", unit=tree["kv1_office"])
    with CaptureQueriesContext(connection) as forty:
        response = client.get(bulk_url(tree["kv1"], types["CSTDCS"]))

    assert len(response.context["candidates"]) == 40
    assert len(forty) == len(ten)


def test_the_export_lists_the_filtered_registrations(client, cast, tree, types, kv1_staff):
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=kv1_staff[:3])
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:registration-export"), {"year": YEAR})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Năm", "Đơn vị đăng ký", "Cá nhân, tập thể", "Chức vụ", "Danh hiệu đăng ký")
    assert len(rows) == 4
    assert {row[4] for row in rows[1:]} == {"Lao động tiên tiến"}


def test_the_cluster_summary_counts_each_member_with_its_subunits(client, cast, tree, types, kv1_staff, staff):
    group = make_group(
        tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY, tree["office"]: MemberRole.MEMBER}
    )
    services.registrations_bulk(year=YEAR, award_type=types["LDTT"], persons=[*kv1_staff, staff["dung"]])
    services.registrations_bulk(year=YEAR, award_type=types["CSTDCS"], persons=kv1_staff[:1])
    services.registrations_bulk(year=YEAR, award_type=types["TTLDTT"], units=[tree["kv1"], tree["kv1_office"]])
    services.registrations_bulk(year=YEAR - 1, award_type=types["LDTT"], persons=[staff["hang"]])  # another year
    client.force_login(cast["leader"])

    page = client.get(reverse("emulation:group-registrations", args=[group.pk]))

    summary = page.context["summary"]
    codes = [t.code for t in summary["types"]]
    assert codes[:2] == ["CSTDCS", "LDTT"] and "TTLDTT" in codes
    by_unit = {row["unit"].code: dict(zip(codes, row["counts"], strict=True)) for row in summary["rows"]}
    assert by_unit["VKS-T-KV1"]["LDTT"] == 10 and by_unit["VKS-T-KV1"]["CSTDCS"] == 1
    assert by_unit["VKS-T-KV1"]["TTLDTT"] == 2
    assert by_unit["VKS-T-VP"]["LDTT"] == 1
    assert by_unit["VKS-T-KV2"]["LDTT"] == 0
    assert {row["unit"].code: row["staff"] for row in summary["rows"]} == {
        "VKS-T-VP": 1,
        "VKS-T-KV1": 11,
        "VKS-T-KV2": 0,
    }
    assert dict(zip(codes, summary["totals"], strict=True))["LDTT"] == 11

    export = client.get(reverse("emulation:group-registrations-export", args=[group.pk]))
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Tổng hợp", "Danh sách"]
    total_row = list(book["Tổng hợp"].iter_rows(values_only=True))[-1]
    assert total_row[1] == "Tổng cộng" and total_row[2] == 12
    assert book["Danh sách"].max_row == 1 + 14


def test_the_cluster_summary_is_hidden_from_units_outside_the_cluster(client, cast, tree):
    group = make_group(tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    client.force_login(cast["outsider"])

    assert client.get(reverse("emulation:group-registrations", args=[group.pk])).status_code == 404
    assert client.get(reverse("emulation:group-registrations-export", args=[group.pk])).status_code == 404
