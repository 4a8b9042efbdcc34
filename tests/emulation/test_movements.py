"""Emulation movements: pages, permissions, filters, concurrent edits, and the `movements` import."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation import selectors as emulation_selectors
from emulation import services
from emulation.models import Movement, MovementReview
from tests.factories.emulation import MovementFactory, make_movement
from tests.factories.units import UnitFactory
from units import importing

pytestmark = pytest.mark.integration


def test_the_launching_document_is_cited_as_reports_print_it(tree):
    movement = make_movement(tree["province"])

    assert movement.citation == "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"


def test_a_movement_is_active_in_the_periods_it_meets(client, cast, tree):
    make_movement(tree["province"], code="PT-2022")
    make_movement(tree["province"], code="PT-OPEN", start=datetime.date(2021, 3, 1), end=None)
    client.force_login(cast["clerk"])

    def codes(start, end):
        response = client.get(reverse("emulation:movement-list"), {"active_from": start, "active_to": end})
        return sorted(movement.code for movement in response.context["page"])

    assert codes("01/01/2022", "31/12/2022") == ["PT-2022", "PT-OPEN"]
    assert codes("01/01/2023", "31/12/2023") == ["PT-OPEN"]
    assert codes("01/01/2020", "31/12/2020") == []


def form_data(tree, **changes):
    return {
        "code": "PT-MOI",
        "name": "Phong trào thi đua “Chuyển đổi số”",
        "kind": "thematic",
        "launching_unit": tree["province"].pk,
        "start_date": "10/01/2022",
        "end_date": "31/12/2022",
        "doc_type": "KH",
        "doc_number": "48/KH-VKS",
        "doc_date": "10/01/2022",
        "doc_issuer": "VKSND tỉnh T",
        **changes,
    }


# Status of each page for a movement launched by the province (VKS-T): clerks elsewhere (a regional clerk,
# the clerk of another province) do not know it exists (404) but may create movements of their own units.
PAGE_STATUS = {
    #                   list export detail create update review
    "clerk": (200, 200, 200, 200, 200, 302),
    "regional_clerk": (200, 200, 404, 200, 404, 404),
    "leader": (200, 200, 200, 403, 403, 403),
    "council_secretary": (200, 200, 200, 403, 403, 403),
    "council_member": (200, 200, 200, 403, 403, 403),
    "admin": (200, 200, 200, 200, 200, 302),
    "outsider": (200, 200, 404, 200, 404, 404),
}


@pytest.mark.parametrize("role", list(PAGE_STATUS))
def test_movement_pages_for_every_role(client, cast, tree, role):
    movement = make_movement(tree["province"])
    client.force_login(cast[role])

    statuses = (
        client.get(reverse("emulation:movement-list")).status_code,
        client.get(reverse("emulation:movement-export")).status_code,
        client.get(reverse("emulation:movement-detail", args=[movement.pk])).status_code,
        client.get(reverse("emulation:movement-create")).status_code,
        client.get(reverse("emulation:movement-update", args=[movement.pk])).status_code,
        client.post(
            reverse("emulation:movement-review-add", args=[movement.pk]),
            {"date": "15/06/2022", "title": "Sơ kết", "text": "Tốt."},
        ).status_code,
    )

    assert statuses == PAGE_STATUS[role]
    assert movement.reviews.count() == (1 if statuses[-1] == 302 else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("clerk", 302),
        ("regional_clerk", 404),
        ("leader", 403),
        ("council_secretary", 403),
        ("council_member", 403),
        ("admin", 302),
        ("outsider", 404),
    ],
)
def test_only_managers_change_a_movement_by_post(client, cast, tree, role, status):
    movement = make_movement(tree["province"])
    client.force_login(cast[role])

    response = client.post(
        reverse("emulation:movement-update", args=[movement.pk]),
        form_data(tree, name="Tên mới", version=movement.version),
    )

    movement.refresh_from_db()
    assert response.status_code == status
    assert movement.name == ("Tên mới" if status == 302 else "Phong trào thi đua “Chuyển đổi số”")


def test_the_list_filters_by_kind_launching_subtree_and_text(client, cast, tree):
    make_movement(tree["province"], code="PT-CDS", kind="thematic")
    make_movement(tree["kv1"], code="PT-VHCS", kind="regular", name="Văn hóa công sở", doc_number="7/KH-VKSKV1")
    make_movement(tree["kv1_office"], code="PT-VP", kind="thematic", name="Thi đua ngắn hạn", doc_number="")
    client.force_login(cast["clerk"])

    def codes(**params):
        response = client.get(reverse("emulation:movement-list"), params)
        return sorted(movement.code for movement in response.context["page"])

    assert codes(kind="thematic") == ["PT-CDS", "PT-VP"]
    assert codes(unit=tree["kv1"].pk) == ["PT-VHCS", "PT-VP"]
    assert codes(q="công sở") == ["PT-VHCS"]
    assert codes(q="7/KH-VKSKV1") == ["PT-VHCS"]
    assert codes(q="pt-cds") == ["PT-CDS"]


def test_an_invalid_filter_date_is_reported_in_vietnamese(client, cast, tree):
    make_movement(tree["province"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:movement-list"), {"active_from": "32/01/2022"})

    assert response.context["form"].errors == {"active_from": ["Nhập một ngày hợp lệ."]}
    assert "Nhập một ngày hợp lệ." in response.content.decode()


def test_the_export_holds_the_filtered_movements_with_their_citation(client, cast, tree):
    make_movement(tree["province"], code="PT-2022")
    make_movement(tree["province"], code="PT-2024", start=datetime.date(2024, 1, 1), end=None)
    client.force_login(cast["clerk"])

    response = client.get(
        reverse("emulation:movement-export"),
        {"active_from": "01/01/2022", "active_to": "31/12/2022", "layout": "import"},
    )

    dataset = importing.load_dataset(io.BytesIO(response.content), "phong-trao.xlsx")
    assert response["Content-Type"] == importing.CONTENT_TYPES["xlsx"]
    assert dataset.headers[:7] == ["code", "name", "kind", "unit_code", "start_date", "end_date", "document"]
    assert list(dataset["code"]) == ["PT-2022"]
    assert list(dataset["document"]) == ["Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"]


@pytest.mark.parametrize("role", list(PAGE_STATUS))
def test_the_list_and_export_show_only_movements_in_scope(client, cast, tree, role):
    make_movement(tree["province"], code="PT-T")
    make_movement(tree["kv1"], code="PT-KV1")
    make_movement(tree["other"], code="PT-X")
    client.force_login(cast[role])
    expected = {
        "clerk": ["PT-KV1", "PT-T"],
        "regional_clerk": ["PT-KV1"],
        "leader": ["PT-KV1", "PT-T"],
        "council_secretary": ["PT-KV1", "PT-T"],
        "council_member": ["PT-KV1", "PT-T"],
        "admin": ["PT-KV1", "PT-T", "PT-X"],
        "outsider": ["PT-X"],
    }[role]

    listed = client.get(reverse("emulation:movement-list")).context["page"]
    exported = client.get(reverse("emulation:movement-export"), {"layout": "import"})

    assert sorted(movement.code for movement in listed) == expected
    dataset = importing.load_dataset(io.BytesIO(exported.content), "phong-trao.xlsx")
    assert sorted(dataset["code"]) == expected


def test_a_clerk_manages_movements_launched_in_their_subtree(client, cast, tree):
    movement = make_movement(tree["kv1"])

    for role in ("clerk", "regional_clerk"):
        client.force_login(cast[role])
        assert client.get(reverse("emulation:movement-update", args=[movement.pk])).status_code == 200


def test_a_clerk_may_not_launch_a_movement_for_a_unit_above_them(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("emulation:movement-create"), form_data(tree))

    assert response.status_code == 200
    assert "launching_unit" in response.context["form"].errors
    assert not Movement.objects.exists()


def test_closed_units_are_offered_only_to_the_movements_that_name_them(client, cast, tree):
    tree["kv2"].valid_to = datetime.date(2025, 6, 30)
    tree["kv2"].save()
    movement = make_movement(tree["province"])
    movement.participating_units.set([tree["kv2"]])
    client.force_login(cast["clerk"])

    new = client.get(reverse("emulation:movement-create")).context["form"]
    old = client.get(reverse("emulation:movement-update", args=[movement.pk])).context["form"]

    assert tree["kv2"] not in new.fields["participating_units"].queryset
    assert tree["kv2"] in old.fields["participating_units"].queryset


def test_adding_a_result_is_post_only(client, cast, tree):
    movement = make_movement(tree["province"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:movement-review-add", args=[movement.pk]))

    assert response.status_code == 405
    assert movement.reviews.count() == 0


def test_an_empty_result_is_refused_with_vietnamese_errors(client, cast, tree):
    movement = make_movement(tree["province"])
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:movement-review-add", args=[movement.pk]), {"date": "31/02/2024"})

    assert response.status_code == 400
    assert response.context["review_form"].errors == {
        "date": ["Nhập một ngày hợp lệ."],
        "title": ["Trường này là bắt buộc."],
        "text": ["Trường này là bắt buộc."],
    }
    assert movement.reviews.count() == 0


def test_the_detail_shows_the_citation_units_and_results(client, cast, tree):
    movement = make_movement(tree["province"])
    movement.participating_units.set([tree["kv1"], tree["kv2"]])
    services.movement_review_add(
        review=MovementReview(movement=movement, date=datetime.date(2022, 6, 30), title="Sơ kết 6 tháng", text="Tốt.")
    )
    client.force_login(cast["leader"])

    response = client.get(reverse("emulation:movement-detail", args=[movement.pk]))

    content = response.content.decode()
    assert "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế" in content
    assert [unit.code for unit in response.context["units"]] == ["VKS-T-KV1", "VKS-T-KV2"]
    assert [review.title for review in response.context["reviews"]] == ["Sơ kết 6 tháng"]
    assert response.context["review_form"] is None  # a leader reads only


def test_a_regional_clerk_sees_a_movement_its_unit_takes_part_in(client, cast, tree):
    movement = make_movement(tree["province"])
    movement.participating_units.add(tree["kv1"])
    client.force_login(cast["regional_clerk"])

    assert client.get(reverse("emulation:movement-detail", args=[movement.pk])).status_code == 200
    assert client.get(reverse("emulation:movement-update", args=[movement.pk])).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("emulation:movement-list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_leader_may_not_create_a_movement(client, cast):
    client.force_login(cast["leader"])

    assert client.get(reverse("emulation:movement-create")).status_code == 403


def test_a_clerk_creates_a_movement_and_records_its_result(client, cast, tree):
    client.force_login(cast["clerk"])
    response = client.post(
        reverse("emulation:movement-create"),
        {
            "code": "PT-VHCS",
            "name": "Phong trào xây dựng văn hóa công sở",
            "kind": "regular",
            "launching_unit": tree["province"].pk,
            "start_date": "01/02/2024",
            "end_date": "",
            "doc_type": "KH",
            "doc_number": "12/KH-VKS",
            "doc_date": "20/01/2024",
            "doc_issuer": "VKSND tỉnh T",
            "participating_units": [tree["kv1"].pk, tree["kv2"].pk],
        },
    )
    movement = Movement.objects.get(code="PT-VHCS")
    assert response.status_code == 302
    assert sorted(u.code for u in movement.participating_units.all()) == ["VKS-T-KV1", "VKS-T-KV2"]

    client.post(
        reverse("emulation:movement-review-add", args=[movement.pk]),
        {"date": "15/06/2024", "title": "Sơ kết 6 tháng", "text": "100% đơn vị hưởng ứng."},
    )
    assert movement.reviews.get().title == "Sơ kết 6 tháng"
    assert movement.history.first().history_user == cast["clerk"]


def test_an_end_before_the_start_is_a_field_error_in_vietnamese(client, cast, tree):
    client.force_login(cast["clerk"])
    response = client.post(
        reverse("emulation:movement-create"),
        {
            "code": "PT-X",
            "name": "Sai ngày",
            "kind": "regular",
            "launching_unit": tree["province"].pk,
            "start_date": "01/02/2024",
            "end_date": "01/01/2024",
            "doc_type": "KH",
        },
    )

    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not Movement.objects.filter(code="PT-X").exists()


def test_the_second_of_two_concurrent_edits_is_refused(client, cast, tree):
    movement = make_movement(tree["province"])
    client.force_login(cast["clerk"])
    form = {
        "name": "Tên mới",
        "kind": "thematic",
        "launching_unit": tree["province"].pk,
        "start_date": "10/01/2022",
        "end_date": "31/12/2022",
        "doc_type": "KH",
        "version": movement.version,
    }
    url = reverse("emulation:movement-update", args=[movement.pk])

    assert client.post(url, form).status_code == 302
    second = client.post(url, {**form, "name": "Tên khác"})

    assert second.status_code == 200
    assert "vừa được" in second.content.decode()
    assert "Tên khác" in second.content.decode()  # the user's input is still on the page
    movement.refresh_from_db()
    assert movement.name == "Tên mới"


def test_the_movement_list_runs_the_same_queries_for_1_and_20_rows(client, cast, tree):
    client.force_login(cast["clerk"])
    make_movement(tree["province"], code="PT-0")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("emulation:movement-list"))
    for index in range(1, 20):
        make_movement(tree["kv1"] if index % 2 else tree["province"], code=f"PT-{index}")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("emulation:movement-list"))

    assert len(response.context["page"]) == 20
    assert len(twenty) == len(one)


def test_a_decision_offers_the_movements_of_its_issuer_above_and_joined_only(tree, cast):
    root = UnitFactory(code="VKSTC-M", name="Viện kiểm sát nhân dân tối cao")
    national = MovementFactory(code="PT-NAT", launching_unit=root)
    provincial = MovementFactory(code="PT-T", launching_unit=tree["province"])
    regional = MovementFactory(code="PT-KV1", launching_unit=tree["kv1"])
    joined = MovementFactory(code="PT-X", launching_unit=tree["other"], participating_units=[tree["province"]])
    elsewhere = MovementFactory(code="PT-X2", launching_unit=tree["other"])
    admin = cast["admin"]

    offered = set(emulation_selectors.movements_rewardable_by(user=admin, unit=tree["province"]))
    outside_body = set(emulation_selectors.movements_rewardable_by(user=admin, unit=None))

    assert offered == {provincial, joined}
    assert regional not in offered and elsewhere not in offered and national not in offered  # root is not above T
    # the fixture's provinces have no unit above them: top units, like the sector's root
    assert outside_body == {national, provincial, joined, elsewhere}
