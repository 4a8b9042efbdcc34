"""Exemplars (điển hình tiên tiến): the pages and who may use them, the scope of the unit that found them, one
recipient, the award among the recipient's own, the history of changes, the list's queries, the demo data and the
reports' section on them."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.demo import history as awards_demo
from awards.register import services as award_services
from emulation import selectors, services
from emulation.demo.exemplars import seed_exemplars
from emulation.demo.movements import seed_movements
from emulation.models import Exemplar
from reports import documents
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.emulation import ExemplarFactory, MovementFactory
from tests.factories.units import PersonFactory
from tests.pdf import pdf_text
from units import lineage
from units.common import pdf

pytestmark = pytest.mark.integration

D = datetime.date
ACHIEVEMENT = "Giải quyết 100% đơn khiếu nại, tố cáo đúng hạn; không có đơn tồn đọng, kéo dài."
EITHER_ONE = "Điển hình tiên tiến là một cá nhân hoặc một tập thể: chọn đúng một trong hai."


def form_data(tree, **changes) -> dict:
    """A collective exemplar of KV1 found by the province (the pickers send unit and staff codes)."""
    return {
        "year": "2024",
        "movement": "",
        "found_by": tree["province"].code,
        "person": "",
        "unit": tree["kv1"].code,
        "achievement": ACHIEVEMENT,
        "fostering": "Biểu dương tại Hội nghị tổng kết năm 2024.",
        "award": "",
        **changes,
    }


def errors_of(response) -> list[str]:
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


# -- pages and permissions ------------------------------------------------------------------------------------

# Status of each page for an exemplar found by the province (VKS-T): clerks elsewhere (KV1's clerk, the clerk of
# another province) do not know it exists (404) but may record exemplars of their own units; readers may not write.
PAGE_STATUS = {
    #                   list detail create update
    "clerk": (200, 200, 200, 200),
    "regional_clerk": (200, 404, 200, 404),
    "leader": (200, 200, 403, 403),
    "council_secretary": (200, 200, 403, 403),
    "council_member": (200, 200, 403, 403),
    "admin": (200, 200, 200, 200),
    "outsider": (200, 404, 200, 404),
}


@pytest.mark.parametrize("role", list(PAGE_STATUS))
def test_exemplar_pages_for_every_role(client, cast, tree, role):
    exemplar = ExemplarFactory(unit=tree["office"], found_by=tree["province"])
    client.force_login(cast[role])

    statuses = (
        client.get(reverse("emulation:exemplar-list")).status_code,
        client.get(reverse("emulation:exemplar-detail", args=[exemplar.pk])).status_code,
        client.get(reverse("emulation:exemplar-create")).status_code,
        client.get(reverse("emulation:exemplar-update", args=[exemplar.pk])).status_code,
    )

    assert statuses == PAGE_STATUS[role]


def test_anonymous_users_are_sent_to_the_login_page(client, tree):
    exemplar = ExemplarFactory(unit=tree["office"], found_by=tree["province"])

    for url in (
        reverse("emulation:exemplar-list"),
        reverse("emulation:exemplar-detail", args=[exemplar.pk]),
        reverse("emulation:exemplar-create"),
        reverse("emulation:exemplar-awards"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [("clerk", 302), ("admin", 302), ("leader", 403), ("council_member", 403), ("regional_clerk", 404)],
)
def test_only_clerks_of_the_finder_and_administrators_delete_an_exemplar(client, cast, tree, role, status):
    exemplar = ExemplarFactory(unit=tree["office"], found_by=tree["province"])
    client.force_login(cast[role])

    response = client.post(reverse("emulation:exemplar-delete", args=[exemplar.pk]))

    assert response.status_code == status
    assert Exemplar.objects.filter(pk=exemplar.pk).exists() == (status != 302)


def test_deleting_asks_a_post_and_the_history_keeps_who_deleted(client, cast, tree):
    exemplar = ExemplarFactory(unit=tree["office"], found_by=tree["province"])
    client.force_login(cast["clerk"])
    url = reverse("emulation:exemplar-delete", args=[exemplar.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.url == reverse("emulation:exemplar-list")
    assert not Exemplar.objects.filter(pk=exemplar.pk).exists()
    deleted = Exemplar.history.get(id=exemplar.pk, history_type="-")
    assert deleted.history_user == cast["clerk"]


@pytest.mark.parametrize(("role", "status"), [("clerk", 302), ("admin", 302), ("leader", 403), ("regional_clerk", 404)])
def test_only_clerks_of_the_finder_and_administrators_edit_an_exemplar(client, cast, tree, role, status):
    exemplar = ExemplarFactory(unit=tree["office"], found_by=tree["province"])
    client.force_login(cast[role])
    data = form_data(tree, unit=tree["office"].code, achievement="Sửa thành tích.", version=exemplar.version)

    response = client.post(reverse("emulation:exemplar-update", args=[exemplar.pk]), data)

    exemplar.refresh_from_db()
    assert response.status_code == status
    assert (exemplar.achievement == "Sửa thành tích.") == (status == 302)


# -- recording ------------------------------------------------------------------------------------------------


def test_a_clerk_records_a_collective_exemplar_and_the_history_names_him(client, cast, tree):
    movement = MovementFactory(code="PT-48", launching_unit=tree["province"])
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:exemplar-create"), form_data(tree, movement=movement.pk))

    exemplar = Exemplar.objects.get()
    assert response.url == reverse("emulation:exemplar-detail", args=[exemplar.pk])
    assert (exemplar.year, exemplar.found_by, exemplar.unit, exemplar.person, exemplar.movement) == (
        2024,
        tree["province"],
        tree["kv1"],
        None,
        movement,
    )
    assert exemplar.created_by == cast["clerk"]
    assert [(row.history_type, row.history_user) for row in exemplar.history.all()] == [("+", cast["clerk"])]


def test_the_detail_shows_the_exemplar_its_award_and_who_changed_it(client, cast, tree, staff):
    decision = DecisionFactory(number="7/QĐ-VKS", date=D(2024, 12, 5), issuing_unit=tree["province"])
    award = AwardFactory(code="GK", person=staff["hang"], year=2024, decision=decision)
    client.force_login(cast["clerk"])
    client.post(
        reverse("emulation:exemplar-create"),
        form_data(tree, unit="", person=staff["hang"].code, award=award.pk),
    )
    exemplar = Exemplar.objects.get()
    client.post(
        reverse("emulation:exemplar-update", args=[exemplar.pk]),
        form_data(
            tree, unit="", person=staff["hang"].code, award=award.pk, fostering="Tham luận.", version=exemplar.version
        ),
    )

    response = client.get(reverse("emulation:exemplar-detail", args=[exemplar.pk]))

    assert response.context["award_text"] == ("Giấy khen năm 2024 – Quyết định số 07/QĐ-VKS ngày 05/12/2024")
    history = response.context["history"]
    assert [entry["record"].history_type for entry in history] == ["~", "+"]
    assert {entry["record"].history_user for entry in history} == {cast["clerk"]}
    assert [(change["field"], change["new"]) for change in history[0]["changes"]] == [
        ("bồi dưỡng, nhân rộng", "Tham luận.")
    ]


def test_neither_a_person_nor_a_collective_is_a_form_error_in_vietnamese(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:exemplar-create"), form_data(tree, unit=""))

    assert response.status_code == 200
    assert errors_of(response) == [EITHER_ONE]
    assert EITHER_ONE in response.content.decode()
    assert not Exemplar.objects.exists()


def test_both_a_person_and_a_collective_is_a_form_error_in_vietnamese(client, cast, tree, staff):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:exemplar-create"), form_data(tree, person=staff["hang"].code))

    assert errors_of(response) == [EITHER_ONE]
    assert not Exemplar.objects.exists()


def test_the_service_refuses_two_recipients_or_none_in_vietnamese(tree, staff):
    both = Exemplar(year=2024, found_by=tree["province"], unit=tree["kv1"], person=staff["hang"], achievement="x")
    none = Exemplar(year=2024, found_by=tree["province"], achievement="x")

    for exemplar in (both, none):
        with pytest.raises(ValidationError) as caught:
            services.exemplar_save(exemplar=exemplar)
        assert caught.value.messages == [EITHER_ONE]


def test_a_regional_clerk_may_not_record_for_the_province_nor_name_staff_outside(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    above = client.post(reverse("emulation:exemplar-create"), form_data(tree))
    outside = client.post(
        reverse("emulation:exemplar-create"),
        form_data(tree, found_by=tree["kv1"].code, unit="", person=staff["dung"].code),
    )

    assert list(above.context["form"].errors) == ["found_by"]
    assert list(outside.context["form"].errors) == ["person"]
    assert "Không tìm thấy cán bộ “CB-DUNG” trong phạm vi đơn vị của bạn." in errors_of(outside)
    assert not Exemplar.objects.exists()


def test_a_unit_records_exemplars_of_its_own_subtree_only(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:exemplar-create"), form_data(tree, found_by=tree["kv2"].code, unit=tree["kv1"].code)
    )

    assert errors_of(response) == [
        "VKSND VKS-T-KV1 không thuộc VKSND VKS-T-KV2: đơn vị chỉ ghi nhận điển hình tiên tiến trong phạm vi của mình."
    ]
    assert not Exemplar.objects.exists()


def test_the_second_of_two_concurrent_edits_is_refused(client, cast, tree):
    exemplar = ExemplarFactory(unit=tree["kv1"], found_by=tree["province"])
    client.force_login(cast["clerk"])
    url = reverse("emulation:exemplar-update", args=[exemplar.pk])
    started = exemplar.version

    first = client.post(url, form_data(tree, achievement="Bản thứ nhất.", version=started))
    second = client.post(url, form_data(tree, achievement="Bản thứ hai.", version=started))

    exemplar.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200
    assert exemplar.achievement == "Bản thứ nhất."


# -- the award it led to --------------------------------------------------------------------------------------


def test_the_award_select_offers_the_recipients_own_awards_only(client, cast, tree, staff):
    own = AwardFactory(code="GK", person=staff["hang"], year=2024)
    AwardFactory(code="LDTT", person=staff["dung"], year=2024)
    revoked = AwardFactory(code="LDTT", person=staff["hang"], year=2023)
    award_services.award_revoke(award=revoked, on=D(2024, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai")
    exemplar = ExemplarFactory(unit=None, person=staff["hang"], found_by=tree["province"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:exemplar-update", args=[exemplar.pk]))

    assert list(response.context["form"].fields["award"].queryset) == [own]


def test_an_award_of_someone_else_is_a_form_error_in_vietnamese(client, cast, tree, staff):
    others = AwardFactory(code="LDTT", person=staff["dung"], year=2024)
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:exemplar-create"), form_data(tree, unit="", person=staff["hang"].code, award=others.pk)
    )

    assert errors_of(response) == ["Khen thưởng đã chọn không phải của cá nhân, tập thể điển hình này."]
    assert not Exemplar.objects.exists()


def test_the_service_refuses_an_award_of_someone_else(tree, staff):
    others = AwardFactory(code="LDTT", person=staff["dung"], year=2024)
    exemplar = Exemplar(year=2024, found_by=tree["province"], person=staff["hang"], achievement="x", award=others)

    with pytest.raises(ValidationError) as caught:
        services.exemplar_save(exemplar=exemplar)

    assert caught.value.message_dict == {
        "award": ["Khen thưởng đã chọn không phải của cá nhân, tập thể điển hình này."]
    }


def test_the_awards_of_a_picked_recipient_come_as_json_within_the_scope(client, cast, tree, staff):
    decision = DecisionFactory(number="3/QĐ-VKSTC", date=D(2025, 1, 10), authority="procurator_general")
    award = AwardFactory(code="BKVKSTC", unit=tree["kv1"], year=2024, decision=decision)
    AwardFactory(code="LDTT", person=staff["outsider"], year=2024)
    url = reverse("emulation:exemplar-awards")
    client.force_login(cast["clerk"])

    unit = json.loads(client.get(url, {"unit": tree["kv1"].code}).content)
    outside = json.loads(client.get(url, {"person": staff["outsider"].code}).content)
    client.force_login(cast["leader"])
    leader = client.get(url, {"unit": tree["kv1"].code})

    assert unit == {
        "results": [
            {
                "value": award.pk,
                "label": "Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao năm 2024 – Quyết định số "
                "03/QĐ-VKSTC ngày 10/01/2025",
            }
        ]
    }
    assert outside == {"results": []}
    assert leader.status_code == 403


# -- the list -------------------------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [exemplar.unit.name if exemplar.unit else exemplar.person.full_name for exemplar in response.context["page"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("clerk", ["Viện kiểm sát nhân dân tỉnh T", "Văn phòng khu vực 1"]),
        ("regional_clerk", ["Văn phòng khu vực 1"]),
        ("admin", ["Viện kiểm sát nhân dân tỉnh T", "Văn phòng khu vực 1", "Viện kiểm sát nhân dân tỉnh X"]),
        ("outsider", ["Viện kiểm sát nhân dân tỉnh X"]),
    ],
)
def test_the_list_shows_the_exemplars_found_in_scope(client, cast, tree, role, expected):
    ExemplarFactory(unit=tree["province"], found_by=tree["province"], year=2024)
    ExemplarFactory(unit=tree["kv1_office"], found_by=tree["kv1"], year=2023)
    ExemplarFactory(unit=tree["other"], found_by=tree["other"], year=2022)
    client.force_login(cast[role])

    response = client.get(reverse("emulation:exemplar-list"))

    assert names(response) == expected


def test_the_list_filters_by_year_movement_and_finder(client, cast, tree, staff):
    movement = MovementFactory(code="PT-CDS", name="Phong trào Chuyển đổi số", launching_unit=tree["province"])
    ExemplarFactory(unit=tree["province"], found_by=tree["province"], year=2024, movement=movement)
    ExemplarFactory(unit=tree["kv1_office"], found_by=tree["kv1"], year=2023)
    ExemplarFactory(unit=None, person=staff["hang"], found_by=tree["kv1"], year=2024)
    client.force_login(cast["clerk"])
    url = reverse("emulation:exemplar-list")

    by_year = client.get(url, {"year": 2024})
    by_movement = client.get(url, {"movement": movement.pk})
    by_finder = client.get(url, {"unit": tree["kv1"].code})

    assert names(by_year) == ["Viện kiểm sát nhân dân tỉnh T", "Nguyễn Thị Thanh Hằng"]
    assert names(by_movement) == ["Viện kiểm sát nhân dân tỉnh T"]
    assert names(by_finder) == ["Nguyễn Thị Thanh Hằng", "Văn phòng khu vực 1"]
    assert [choice[1] for choice in by_year.context["form"].fields["movement"].choices][1:] == [
        "Phong trào Chuyển đổi số"
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_runs_the_same_queries_on_three_times_the_rows(
    client, cast, tree, rows, django_assert_max_num_queries
):
    movement = MovementFactory(code="PT-48", launching_unit=tree["province"])
    for index in range(rows):
        person = PersonFactory(code=f"CB-E{index}", full_name=f"Cán bộ {index}", unit=tree["kv1_office"])
        award = AwardFactory(code="GK", person=person, year=2024)
        ExemplarFactory(unit=None, person=person, found_by=tree["kv1"], movement=movement, award=award)
        ExemplarFactory(unit=tree["kv1_office"], found_by=tree["province"], year=2020 + index, movement=movement)
    client.force_login(cast["clerk"])

    # 1 session, 2 user, 3 role assignments (scope), 4 years of the year filter, 5 movements of the movement
    # filter, 6 count, 7 the page of exemplars (recipient and his unit, finder, movement, award, its type and
    # decision joined)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("emulation:exemplar-list"))

    assert len(response.context["page"]) == 2 * rows


def test_the_default_year_of_the_form_is_the_year_under_review(client, cast, tree, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 15, 9, tzinfo=datetime.UTC))
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:exemplar-create"))

    assert response.context["form"]["year"].value() == 2026


# -- the reports' section -------------------------------------------------------------------------------------


@pytest.fixture
def found(tree, staff):
    """Province T's exemplars of 2023–2024 (one collective, one individual with its award), one of 2019 and one of
    another province that the report must leave out."""
    decision = DecisionFactory(number="9/QĐ-VKSTC", date=D(2024, 12, 20), authority="procurator_general")
    award = AwardFactory(code="BKVKSTC", person=staff["hang"], year=2024, decision=decision)
    ExemplarFactory(unit=tree["kv1"], found_by=tree["province"], year=2023, achievement="Dẫn đầu Cụm thi đua số 1.")
    ExemplarFactory(
        unit=None, person=staff["hang"], found_by=tree["kv1"], year=2024, achievement=ACHIEVEMENT, award=award
    )
    ExemplarFactory(unit=tree["kv2"], found_by=tree["kv2"], year=2019)
    ExemplarFactory(unit=tree["other"], found_by=tree["other"], year=2024)


def test_the_selector_lists_the_exemplars_of_the_reach_and_years(tree, found):
    reach = lineage.own_reach(tree["province"])

    rows = selectors.exemplars_for_report(reach=reach, years=(2020, 2024))

    assert [(row.year, row.unit.name if row.unit else row.person.full_name) for row in rows] == [
        (2023, "Viện kiểm sát nhân dân khu vực 1"),
        (2024, "Nguyễn Thị Thanh Hằng"),
    ]


def test_the_report_lists_the_exemplars_in_part_one(tree, found, tmp_path):
    figures = documents.compute_figures(kind="five_year", unit=tree["province"], start=2020, end=2024)

    text = pdf_text(
        pdf.render_pdf("pdf/report.html", documents.report_context(figures, unit=tree["province"])), tmp_path
    )

    section = text[text.index("3. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến") : text.index("II. NHẬN XÉT")]
    assert section == (
        "3. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến "
        "Trong 05 năm (từ năm 2020 đến năm 2024), qua các phong trào thi đua, Viện kiểm sát nhân dân tỉnh T đã "
        "phát hiện, bồi dưỡng, nhân rộng 01 tập thể và 01 cá nhân điển hình tiên tiến, tiêu biểu: "
        "- Viện kiểm sát nhân dân khu vực 1 (năm 2023): Dẫn đầu Cụm thi đua số 1; "
        "- Đồng chí Nguyễn Thị Thanh Hằng, Kiểm sát viên sơ cấp, Viện kiểm sát nhân dân khu vực 1 (năm 2024): "
        "Giải quyết 100% đơn khiếu nại, tố cáo đúng hạn; không có đơn tồn đọng, kéo dài; được tặng Bằng khen của "
        "Viện trưởng Viện kiểm sát nhân dân tối cao năm 2024 (Quyết định số 09/QĐ-VKSTC ngày 20/12/2024 của Viện "
        "kiểm sát nhân dân tối cao). "
    )


def test_an_annual_report_without_exemplars_says_so(tree, staff, tmp_path):
    figures = documents.compute_figures(kind="annual", unit=tree["province"], year=2024)

    context = documents.report_context(figures, unit=tree["province"])

    assert context["exemplars_text"] == "Trong năm 2024, chưa có tập thể, cá nhân điển hình tiên tiến được ghi nhận."
    assert context["exemplar_lines"] == []


def test_figures_frozen_before_exemplars_print_no_section(tree, found):
    figures = documents.compute_figures(kind="annual", unit=tree["province"], year=2024)
    frozen = {key: value for key, value in figures.items() if key != "exemplars"}

    with_section = render_to_string("pdf/report.html", documents.report_context(figures, unit=tree["province"]))
    without = render_to_string("pdf/report.html", documents.report_context(frozen, unit=tree["province"]))

    assert "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến" in with_section
    assert "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến" not in without


def test_a_new_exemplar_is_in_the_next_figures(tree, found):
    before = documents.compute_figures(kind="annual", unit=tree["province"], year=2024)
    with transaction.atomic():
        ExemplarFactory(unit=tree["office"], found_by=tree["province"], year=2024)
    after = documents.compute_figures(kind="annual", unit=tree["province"], year=2024)

    assert len(before["exemplars"]["rows"]) == 1
    assert len(after["exemplars"]["rows"]) == 2


# -- the demo -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Huế's units, staff, movements and award register with the demo exemplars, seeded once for the class and
    rolled back after it."""
    from units.demo import organisation as unit_demo  # noqa: PLC0415 -- only this slow fixture needs the unit demo

    with django_db_blocker.unblock(), transaction.atomic():
        # A browser test on this worker may have flushed the catalogue and rule sets of the data migrations.
        ensure_defaults(AwardType, RuleSet)
        unit_demo.seed_demo(scale="province")
        seed_movements()
        awards_demo.seed_awards(scale="province")
        out = StringIO()
        yield seed_exemplars(stdout=out), out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestDemoExemplars:
    def test_four_exemplars_of_hue_with_the_awards_they_led_to(self, seeded):
        exemplars = list(Exemplar.objects.select_related("award", "found_by", "movement").order_by("year", "pk"))

        assert seeded == (4, "Điển hình tiên tiến: 4 mới.")
        assert [(exemplar.year, exemplar.unit_id is not None) for exemplar in exemplars] == [
            (2023, True),
            (2023, False),
            (2024, True),
            (2025, False),
        ]
        assert all(exemplar.found_by.code.startswith("VKS-HUE") and exemplar.movement for exemplar in exemplars)
        for exemplar in exemplars:
            assert exemplar.award is not None
            assert (exemplar.award.person_id, exemplar.award.unit_id) == (exemplar.person_id, exemplar.unit_id)

    def test_a_second_run_creates_nothing(self):
        assert seed_exemplars() == 0
        assert Exemplar.objects.count() == 4
