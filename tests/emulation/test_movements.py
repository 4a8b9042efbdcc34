"""Emulation movements: pages, permissions, filters, concurrent edits, and the `movements` import."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation import services
from emulation.models import Movement
from emulation.resources import parse_citation
from units import importing

pytestmark = pytest.mark.integration

HEADER = "code,name,kind,unit_code,start_date,end_date,document\n"


def make_movement(unit, code="PT-2022", start=datetime.date(2022, 1, 10), end=datetime.date(2022, 12, 31), **extra):
    values = {
        "name": "Phong trào thi đua “Chuyển đổi số”",
        "kind": "thematic",
        "doc_type": "KH",
        "doc_number": "48/KH-VKS",
        "doc_date": datetime.date(2022, 1, 10),
        "doc_issuer": "VKSND thành phố Huế",
        **extra,
    }
    return services.movement_save(
        movement=Movement(code=code, launching_unit=unit, start_date=start, end_date=end, **values)
    )


def test_the_launching_document_is_cited_as_reports_print_it(tree):
    movement = make_movement(tree["province"])

    assert movement.citation == "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"


def test_a_citation_is_split_into_the_document_fields():
    parsed = parse_citation("Hướng dẫn số 33/HD-VKSTC ngày 18/11/2020 của VKSND tối cao")

    assert parsed == {
        "document_text": "",
        "doc_type": "HD",
        "doc_number": "33/HD-VKSTC",
        "doc_date": datetime.date(2020, 11, 18),
        "doc_issuer": "VKSND tối cao",
    }
    assert parse_citation("Công điện khẩn")["document_text"] == "Công điện khẩn"


def test_a_movement_is_active_in_the_periods_it_meets(client, cast, tree):
    make_movement(tree["province"], code="PT-2022")
    make_movement(tree["province"], code="PT-OPEN", start=datetime.date(2021, 3, 1), end=None)
    client.force_login(cast["clerk"])

    def codes(start, end):
        response = client.get(reverse("emulation:movement_list"), {"active_from": start, "active_to": end})
        return sorted(movement.code for movement in response.context["page"])

    assert codes("01/01/2022", "31/12/2022") == ["PT-2022", "PT-OPEN"]
    assert codes("01/01/2023", "31/12/2023") == ["PT-OPEN"]
    assert codes("01/01/2020", "31/12/2020") == []


@pytest.mark.parametrize(
    ("role", "list_status", "detail_status", "edit_status"),
    [
        ("clerk", 200, 200, 200),
        ("regional_clerk", 200, 404, 404),
        ("leader", 200, 200, 403),
        ("council_secretary", 200, 200, 403),
        ("council_member", 200, 200, 403),
        ("admin", 200, 200, 200),
        ("outsider", 200, 404, 404),
    ],
)
def test_movement_pages_for_every_role(client, cast, tree, role, list_status, detail_status, edit_status):
    movement = make_movement(tree["province"])
    client.force_login(cast[role])

    assert client.get(reverse("emulation:movement_list")).status_code == list_status
    assert client.get(reverse("emulation:movement_detail", args=[movement.pk])).status_code == detail_status
    assert client.get(reverse("emulation:movement_update", args=[movement.pk])).status_code == edit_status


def test_a_regional_clerk_sees_a_movement_its_unit_takes_part_in(client, cast, tree):
    movement = make_movement(tree["province"])
    movement.participating_units.add(tree["kv1"])
    client.force_login(cast["regional_clerk"])

    assert client.get(reverse("emulation:movement_detail", args=[movement.pk])).status_code == 200
    assert client.get(reverse("emulation:movement_update", args=[movement.pk])).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("emulation:movement_list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_leader_may_not_create_a_movement(client, cast):
    client.force_login(cast["leader"])

    assert client.get(reverse("emulation:movement_create")).status_code == 403


def test_a_clerk_creates_a_movement_and_records_its_result(client, cast, tree):
    client.force_login(cast["clerk"])
    response = client.post(
        reverse("emulation:movement_create"),
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
        reverse("emulation:movement_review_add", args=[movement.pk]),
        {"date": "15/06/2024", "title": "Sơ kết 6 tháng", "text": "100% đơn vị hưởng ứng."},
    )
    assert movement.reviews.get().title == "Sơ kết 6 tháng"
    assert movement.history.first().history_user == cast["clerk"]


def test_an_end_before_the_start_is_a_field_error_in_vietnamese(client, cast, tree):
    client.force_login(cast["clerk"])
    response = client.post(
        reverse("emulation:movement_create"),
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
    url = reverse("emulation:movement_update", args=[movement.pk])

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
        client.get(reverse("emulation:movement_list"))
    for index in range(1, 20):
        make_movement(tree["kv1"] if index % 2 else tree["province"], code=f"PT-{index}")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("emulation:movement_list"))

    assert len(response.context["page"]) == 20
    assert len(twenty) == len(one)


# -- import and export -------------------------------------------------------------------------------


def run(text: str, *, user=None):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "phong-trao.csv")
    return importing.run_import(kind="movements", dataset=dataset, dry_run=False, user=user)


GOOD = HEADER + (
    "PT-CDS,Phong trào thi đua “Chuyển đổi số”,thematic,VKS-T,10/01/2022,31/12/2022,"
    "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T\n"
    "PT-TX,Phong trào thi đua thường xuyên,regular,VKS-T-KV1,01/01/2023,,\n"
)


def test_a_good_movements_file_is_imported_and_its_document_parsed(tree):
    report = run(GOOD)

    assert [str(error) for error in report.errors] == []
    movement = Movement.objects.get(code="PT-CDS")
    assert (movement.doc_type, movement.doc_number, movement.doc_date) == (
        "KH",
        "48/KH-VKS",
        datetime.date(2022, 1, 10),
    )
    assert movement.citation == "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T"


def test_bad_movement_rows_save_nothing_and_are_reported(tree):
    text = HEADER + (
        "PT-A,Đúng,regular,VKS-T,01/01/2023,,\n"
        "PT-B,Sai loại,yearly,VKS-T,01/01/2023,,\n"
        "PT-C,Sai đơn vị,regular,VKS-NOWHERE,01/01/2023,,\n"
        "PT-D,Sai ngày,regular,VKS-T,30/02/2023,,\n"
    )

    report = run(text)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "kind"),
        (4, "unit_code"),
        (5, "start_date"),
    ]
    assert not Movement.objects.exists()


def test_importing_movements_twice_changes_nothing_and_exports_round_trip(tree):
    run(GOOD)

    again = run(GOOD)
    exported = importing.export_dataset(kind="movements", queryset=Movement.objects.order_by("code"))
    round_trip = importing.run_import(
        kind="movements",
        dataset=importing.load_dataset(io.BytesIO(importing.dataset_bytes(exported, "csv")), "x.csv"),
        dry_run=True,
    )

    assert (again.new, again.update, again.skip) == (0, 0, 2)
    assert (round_trip.new, round_trip.update, round_trip.errors) == (0, 0, [])


def test_a_regional_clerk_imports_movements_of_its_own_subtree_only(tree, cast):
    report = run(GOOD, user=cast["regional_clerk"])

    assert [(error.row, error.column) for error in report.errors] == [(2, "unit_code")]
    assert not Movement.objects.exists()


def test_the_demo_movements_cite_their_real_documents_and_seed_once(db):
    from emulation.demo.movements import seed_movements  # noqa: PLC0415
    from units import demo  # noqa: PLC0415

    demo.seed_demo(scale="province")

    assert seed_movements() == 8
    assert seed_movements() == 0
    assert Movement.objects.get(code="PT-CDS").citation == (
        "Kế hoạch số 2185/KH-VKS ngày 22/11/2023 của VKSND thành phố Huế"
    )
