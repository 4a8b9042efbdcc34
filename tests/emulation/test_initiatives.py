"""Initiatives (sáng kiến): pages, permissions per role, filters, the recognition decision, concurrent edits,
the one-title-per-initiative rule, the export and the demo data."""

import io
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.demo import history as awards_demo
from emulation import services
from emulation.demo.initiatives import seed_initiatives
from emulation.models import Initiative, InitiativeUse
from tests.factories.emulation import InitiativeFactory
from tests.factories.units import PersonFactory

pytestmark = pytest.mark.integration

TITLE = "Giải pháp nâng cao chất lượng báo cáo án trong các vụ án ma túy"


def cstdcs():
    return AwardType.objects.get(code="CSTDCS")


def form_data(tree, staff, **changes):
    return {
        "title": TITLE,
        "unit": tree["kv1"].pk,
        "domain": "Thực hành quyền công tố",
        "year": "2024",
        "main_author": staff["hang"].code,  # the pickers send staff codes
        "coauthors": [staff["dung"].code],
        "level": "grassroots",
        "status": "recognised",
        "decision_number": "12/QĐ-VKS",
        "decision_date": "05/12/2024",
        "decision_issuer": "VKSND thành phố Huế",
        **changes,
    }


def titles(response) -> list[str]:
    return sorted(initiative.title for initiative in response.context["page"])


def exported_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


# Status of each page for an initiative of the province (VKS-T): clerks elsewhere (a regional clerk, the clerk
# of another province) do not know it exists (404) but may record initiatives of their own units.
PAGE_STATUS = {
    #                   list export detail create update
    "clerk": (200, 200, 200, 200, 200),
    "regional_clerk": (200, 200, 404, 200, 404),
    "leader": (200, 200, 200, 403, 403),
    "council_secretary": (200, 200, 200, 403, 403),
    "council_member": (200, 200, 200, 403, 403),
    "admin": (200, 200, 200, 200, 200),
    "outsider": (200, 200, 404, 200, 404),
}


@pytest.mark.parametrize("role", list(PAGE_STATUS))
def test_initiative_pages_for_every_role(client, cast, tree, staff, role):
    initiative = InitiativeFactory(unit=tree["province"], authors=[staff["dung"]])
    client.force_login(cast[role])

    statuses = (
        client.get(reverse("emulation:initiative-list")).status_code,
        client.get(reverse("emulation:initiative-export")).status_code,
        client.get(reverse("emulation:initiative-detail", args=[initiative.pk])).status_code,
        client.get(reverse("emulation:initiative-create")).status_code,
        client.get(reverse("emulation:initiative-update", args=[initiative.pk])).status_code,
    )

    assert statuses == PAGE_STATUS[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("clerk", 302),
        ("regional_clerk", 302),
        ("leader", 403),
        ("council_secretary", 403),
        ("council_member", 403),
        ("admin", 302),
        ("outsider", 404),
    ],
)
def test_only_clerks_of_the_subtree_and_administrators_edit_an_initiative(client, cast, tree, staff, role, status):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]])
    client.force_login(cast[role])

    response = client.post(
        reverse("emulation:initiative-update", args=[initiative.pk]),
        form_data(tree, staff, title="Tên mới", coauthors=[], version=initiative.version),
    )

    initiative.refresh_from_db()
    assert response.status_code == status
    assert initiative.title == ("Tên mới" if status == 302 else TITLE)


@pytest.mark.parametrize("role", list(PAGE_STATUS))
def test_the_list_and_export_show_only_initiatives_in_scope(client, cast, tree, staff, role):
    InitiativeFactory(unit=tree["province"], authors=[staff["dung"]], title="Sáng kiến của tỉnh")
    InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]], title="Sáng kiến của khu vực 1")
    InitiativeFactory(unit=tree["other"], authors=[staff["outsider"]], title="Sáng kiến của tỉnh X")
    client.force_login(cast[role])
    expected = {
        "clerk": ["Sáng kiến của khu vực 1", "Sáng kiến của tỉnh"],
        "regional_clerk": ["Sáng kiến của khu vực 1"],
        "leader": ["Sáng kiến của khu vực 1", "Sáng kiến của tỉnh"],
        "council_secretary": ["Sáng kiến của khu vực 1", "Sáng kiến của tỉnh"],
        "council_member": ["Sáng kiến của khu vực 1", "Sáng kiến của tỉnh"],
        "admin": ["Sáng kiến của khu vực 1", "Sáng kiến của tỉnh", "Sáng kiến của tỉnh X"],
        "outsider": ["Sáng kiến của tỉnh X"],
    }[role]

    listed = client.get(reverse("emulation:initiative-list"))
    exported = client.get(reverse("emulation:initiative-export"))

    assert titles(listed) == expected
    assert sorted(row[0] for row in exported_rows(exported)[1:]) == expected


def test_anonymous_users_are_sent_to_the_login_page(client, tree, staff):
    initiative = InitiativeFactory(unit=tree["province"], authors=[staff["dung"]])

    for url in (
        reverse("emulation:initiative-list"),
        reverse("emulation:initiative-export"),
        reverse("emulation:initiative-detail", args=[initiative.pk]),
        reverse("emulation:initiative-create"),
        reverse("emulation:initiative-update", args=[initiative.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_a_clerk_records_an_initiative_with_its_authors(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:initiative-create"),
        form_data(tree, staff, main_author=staff["hang"].code, coauthors=[staff["dung"].code, staff["hang"].code]),
    )

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("emulation:initiative-detail", args=[initiative.pk])
    assert [(a.person.code, a.is_main) for a in initiative.authorships.all()] == [
        ("CB-HANG", True),
        ("CB-DUNG", False),
    ]
    assert (initiative.unit, initiative.year, initiative.status) == (tree["kv1"], 2024, "recognised")
    assert initiative.history.first().history_user == cast["clerk"]


def test_a_clerk_may_not_record_an_initiative_for_a_unit_above_them(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("emulation:initiative-create"), form_data(tree, staff, unit=tree["province"].pk, coauthors=[])
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["unit"]
    assert not Initiative.objects.exists()


def test_authors_are_chosen_among_the_staff_in_the_users_scope(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    form = client.get(reverse("emulation:initiative-create")).context["form"]

    assert list(form.fields["main_author"].queryset) == [staff["hang"]]
    assert list(form.fields["coauthors"].queryset) == [staff["hang"]]


def test_an_author_who_moved_out_of_scope_stays_offered_on_edit(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    client.force_login(cast["regional_clerk"])

    form = client.get(reverse("emulation:initiative-update", args=[initiative.pk])).context["form"]

    assert sorted(p.code for p in form.fields["coauthors"].queryset) == ["CB-DUNG", "CB-HANG"]
    assert form["main_author"].value() == staff["hang"].code
    assert form["coauthors"].value() == [staff["dung"].code]


def test_a_recognised_initiative_without_its_decision_is_a_field_error_in_vietnamese(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:initiative-create"), form_data(tree, staff, decision_number="", decision_date="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decision_number": ["Sáng kiến được công nhận phải có số quyết định công nhận."],
        "decision_date": ["Sáng kiến được công nhận phải có ngày quyết định công nhận."],
    }
    assert "Sáng kiến được công nhận phải có số quyết định công nhận." in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_submitted_initiative_needs_no_decision(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:initiative-create"),
        form_data(tree, staff, status="submitted", decision_number="", decision_date="", decision_issuer=""),
    )

    assert response.status_code == 302
    assert Initiative.objects.get().status == "submitted"


def test_an_initiative_needs_a_main_author(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:initiative-create"), form_data(tree, staff, main_author=""))

    assert response.context["form"].errors == {"main_author": ["Trường này là bắt buộc."]}
    assert not Initiative.objects.exists()


def test_the_second_of_two_concurrent_edits_is_refused(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]])
    client.force_login(cast["clerk"])
    url = reverse("emulation:initiative-update", args=[initiative.pk])
    form = form_data(tree, staff, version=initiative.version)

    assert client.post(url, {**form, "title": "Tên mới"}).status_code == 302
    second = client.post(url, {**form, "title": "Tên khác", "coauthors": []})

    assert second.status_code == 200
    page = second.content.decode()
    assert "vừa được" in page
    assert "Tên khác" in page  # the user's input is still on the page
    initiative.refresh_from_db()
    assert initiative.title == "Tên mới"
    assert sorted(a.person.code for a in initiative.authorships.all()) == ["CB-DUNG", "CB-HANG"]


def test_the_detail_cites_the_decision_and_marks_the_main_author(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    client.force_login(cast["leader"])

    response = client.get(reverse("emulation:initiative-detail", args=[initiative.pk]))

    page = response.content.decode()
    assert response.context["citation"] == "Quyết định số 12/QĐ-VKS ngày 05/12/2024 của VKSND thành phố Huế"
    assert "Quyết định số 12/QĐ-VKS ngày 05/12/2024 của VKSND thành phố Huế" in page
    assert [(a.person.full_name, a.is_main) for a in response.context["initiative"].authorships.all()] == [
        ("Nguyễn Thị Thanh Hằng", True),
        ("Trần Văn Dũng", False),
    ]
    assert "tác giả chính" in page
    assert response.context["use_text"] == "Chưa dùng"
    assert response.context["can_change"] is False  # a leader reads only
    assert reverse("emulation:initiative-update", args=[initiative.pk]) not in page


def test_an_initiative_backs_one_title_only_and_the_detail_names_it(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    services.initiative_use(initiative=initiative, person=staff["hang"], award_type=cstdcs(), year=2024)

    with pytest.raises(ValidationError) as refused:
        services.initiative_use(initiative=initiative, person=staff["dung"], award_type=cstdcs(), year=2025)
    client.force_login(cast["clerk"])
    response = client.get(reverse("emulation:initiative-detail", args=[initiative.pk]))

    assert refused.value.messages == [
        f"Sáng kiến “{TITLE}” đã được dùng cho CSTĐCS năm 2024 của Nguyễn Thị Thanh Hằng."
    ]
    assert InitiativeUse.objects.filter(initiative=initiative).count() == 1
    expected = "Đã dùng làm căn cứ cho CSTĐCS năm 2024 của Nguyễn Thị Thanh Hằng"
    assert response.context["use_text"] == expected
    assert expected in response.content.decode()


def test_the_list_filters_by_year_level_status_unit_and_text(client, cast, tree, staff):
    InitiativeFactory(unit=tree["province"], authors=[staff["dung"]], title="Số hóa hồ sơ kiểm sát", level="sector")
    InitiativeFactory(
        unit=tree["kv1"], authors=[staff["hang"]], title="Kiểm sát tin báo trên không gian mạng", year=2023
    )
    InitiativeFactory(
        unit=tree["kv1_office"],
        authors=[staff["hang"]],
        title="Sổ tay văn thư",
        status="rejected",
        decision_number="",
        decision_date=None,
        decision_issuer="",
    )
    client.force_login(cast["clerk"])

    def listed(**params):
        return titles(client.get(reverse("emulation:initiative-list"), params))

    assert listed(year=2023) == ["Kiểm sát tin báo trên không gian mạng"]
    assert listed(level="sector") == ["Số hóa hồ sơ kiểm sát"]
    assert listed(status="rejected") == ["Sổ tay văn thư"]
    assert listed(unit=tree["kv1"].pk) == ["Kiểm sát tin báo trên không gian mạng", "Sổ tay văn thư"]
    assert listed(q="khong gian mang") == ["Kiểm sát tin báo trên không gian mạng"]
    assert listed(q="so hoa ho so") == ["Số hóa hồ sơ kiểm sát"]
    assert listed() == ["Kiểm sát tin báo trên không gian mạng", "Số hóa hồ sơ kiểm sát", "Sổ tay văn thư"]


def test_the_list_shows_authors_and_use_per_row(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    services.initiative_use(initiative=initiative, person=staff["hang"], award_type=cstdcs(), year=2024)
    client.force_login(cast["clerk"])

    page = client.get(reverse("emulation:initiative-list")).content.decode()

    assert "Nguyễn Thị Thanh Hằng" in page
    assert "Trần Văn Dũng" in page
    assert "Đã dùng: CSTĐCS 2024" in page


def test_the_export_holds_the_filtered_initiatives_with_authors_decision_and_use(client, cast, tree, staff):
    used = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    services.initiative_use(initiative=used, person=staff["hang"], award_type=cstdcs(), year=2024)
    InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]], title="Sáng kiến năm 2023", year=2023)
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:initiative-export"), {"year": 2024})

    rows = exported_rows(response)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="sang-kien-')
    assert rows == [
        (
            "Tên sáng kiến",
            "Tác giả",
            "Đơn vị",
            "Lĩnh vực",
            "Năm",
            "Cấp công nhận",
            "Trạng thái",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan công nhận",
            "Dùng cho danh hiệu",
            "Năm danh hiệu",
            "Người được khen",
        ),
        (
            TITLE,
            "Nguyễn Thị Thanh Hằng (chính); Trần Văn Dũng",
            "Viện kiểm sát nhân dân khu vực 1",
            "Thực hành quyền công tố",
            2024,
            "Cấp cơ sở",
            "Được công nhận",
            "12/QĐ-VKS",
            "05/12/2024",
            "VKSND thành phố Huế",
            "CSTĐCS",
            2024,
            "Nguyễn Thị Thanh Hằng",
        ),
    ]


def test_the_initiative_list_runs_the_same_queries_for_1_and_20_rows(client, cast, tree, staff):
    client.force_login(cast["clerk"])
    authors = [staff["hang"], staff["dung"]]
    first = InitiativeFactory(unit=tree["province"], authors=authors, title="Sáng kiến 0")
    services.initiative_use(initiative=first, person=staff["hang"], award_type=cstdcs(), year=2024)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("emulation:initiative-list"))
    for index in range(1, 20):
        person = PersonFactory(code=f"CB-{index:02d}", full_name=f"Tác giả {index}", unit=tree["kv1"])
        unit = tree["kv1"] if index % 2 else tree["province"]
        initiative = InitiativeFactory(unit=unit, authors=[person, *authors], title=f"Sáng kiến {index}")
        if index % 3 == 0:
            services.initiative_use(initiative=initiative, person=person, award_type=cstdcs(), year=2024)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("emulation:initiative-list"))

    assert len(response.context["page"]) == 20
    assert len(twenty) == len(one)


@pytest.mark.parametrize("rows", [1, 20])
def test_the_initiative_list_stays_within_its_query_budget(
    client, cast, tree, staff, rows, django_assert_max_num_queries
):
    for index in range(rows):
        InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]], title=f"Sáng kiến {index}")
    client.force_login(cast["clerk"])

    # 1 session, 2 user, 3 role assignments (scope), 4 years of the year filter, 5 count, 6 units of the unit
    # filter, 7 the page of initiatives (unit, use, its person and title joined), 8 their authors (persons joined).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("emulation:initiative-list"))

    assert len(response.context["page"]) == rows


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Huế's units, staff and award register with the demo initiatives, seeded once for the class and rolled
    back after it."""
    from units.demo import organisation as unit_demo  # noqa: PLC0415 -- only this slow fixture needs the unit demo

    with django_db_blocker.unblock(), transaction.atomic():
        # A browser test on this worker may have flushed the catalogue and rule sets of the data migrations.
        ensure_defaults(AwardType, RuleSet)
        unit_demo.seed_demo(scale="province")
        awards_demo.seed_awards(scale="province")
        out = StringIO()
        created = seed_initiatives(stdout=out, title_holder=awards_demo.cstdcs_holder)
        yield created, out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestDemoInitiatives:
    def test_twelve_initiatives_of_hue_from_2022_to_2025(self, seeded):
        created, out = seeded

        assert created == 12
        assert out == "Sáng kiến: 12 mới; 2 lượt dùng làm căn cứ khen thưởng mới."
        assert sorted(set(Initiative.objects.values_list("year", flat=True))) == [2022, 2023, 2024, 2025]
        assert set(Initiative.objects.values_list("level", flat=True)) == {"grassroots", "sector", "national"}
        assert set(Initiative.objects.values_list("status", flat=True)) == {"submitted", "recognised", "rejected"}
        assert all(code.startswith("VKS-HUE") for code in Initiative.objects.values_list("unit__code", flat=True))

    def test_each_use_is_a_cstdcs_the_author_holds_that_year(self):
        uses = list(InitiativeUse.objects.select_related("initiative", "award", "person"))

        assert len(uses) == 2
        for use in uses:
            assert use.award.award_type.code == "CSTDCS"
            assert (use.award.person, use.award.year, use.award.revoked_on) == (use.person, use.year, None)
            assert use.initiative.authorships.filter(person=use.person, is_main=True).exists()

    def test_a_second_run_creates_nothing(self):
        out = StringIO()

        assert seed_initiatives(stdout=out, title_holder=awards_demo.cstdcs_holder) == 0
        assert out.getvalue() == "Sáng kiến: 0 mới; 0 lượt dùng làm căn cứ khen thưởng mới."
        assert Initiative.objects.count() == 12
        assert InitiativeUse.objects.count() == 2


def test_a_used_initiative_keeps_its_recognition_and_the_author_who_used_it(client, cast, tree, staff):
    initiative = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"], staff["dung"]])
    services.initiative_use(initiative=initiative, person=staff["hang"], award_type=cstdcs(), year=2024)
    client.force_login(cast["clerk"])
    url = reverse("emulation:initiative-update", args=[initiative.pk])

    rejected = client.post(url, form_data(tree, staff, status="rejected", version=initiative.version))
    without_her = client.post(
        url, form_data(tree, staff, main_author=staff["dung"].code, coauthors=[], version=initiative.version)
    )

    assert "không đổi trạng thái được" in rejected.content.decode()
    assert "Nguyễn Thị Thanh Hằng đã dùng sáng kiến này" in without_her.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == "recognised"
    assert set(initiative.authorships.values_list("person__code", flat=True)) == {"CB-HANG", "CB-DUNG"}
