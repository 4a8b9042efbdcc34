"""Checks a clerk meets around a nomination (issue 19): the nominating unit must be the person's unit of the year
(or a unit above it); a title resting on another of the same year waits for it and is decided only with it or after
it; "Gửi Hội đồng" refused says why, one line per criterion, and reloading sends nothing; the nomination page shows
what was uploaded, by whom, with names in Vietnamese order."""

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.catalogue.models import RuleSet
from awards.councils import decisions as decisions_from_votes
from awards.councils import voting
from awards.councils.enums import Choice
from awards.nominations import eligibility
from awards.nominations import services as nomination_services
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register import services as register_services
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, PersonYearFactory, award_type
from tests.factories.councils import SessionFactory, attend, council_with_members, poll_on
from tests.factories.emulation import RegistrationFactory
from tests.factories.mergers import merge_2025
from tests.factories.nominations import BatchFactory, NominationFactory, submit
from tests.factories.units import PersonFactory, user_with_role
from tests.files import pdf_bytes
from units import importing
from units import services as unit_services
from units.enums import Role

# The review of 2026, a week after the council met: every date below is past.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.today("2026-12-08"),
    pytest.mark.usefixtures("provincial_council"),
]

YEAR = 2026
D = datetime.date


def refusal(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


# -- 1. the nominating unit is the person's unit of the year, or a unit above it ---------------------------------


def test_a_person_of_khu_vuc_2_nominated_by_khu_vuc_1_is_refused_naming_both_units(tree):
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])

    with pytest.raises(ValidationError) as refused:
        NominationFactory(nominating_unit=tree["kv1"], person=lan, year=YEAR)

    assert refusal(refused) == {
        "nominating_unit": [
            "Phạm Thị Lan thuộc VKSND VKS-T-KV2 trong năm 2026, không thuộc VKSND VKS-T-KV1: đơn vị đề nghị phải là "
            "đơn vị của cán bộ hoặc đơn vị cấp trên."
        ]
    }
    assert not Nomination.objects.exists()


def test_the_persons_own_unit_a_phong_of_it_and_the_province_may_nominate(tree):
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["kv1_office"])

    by_phong = NominationFactory(nominating_unit=tree["kv1_office"], person=mai, code="LDTT", year=YEAR)
    by_region = NominationFactory(nominating_unit=tree["kv1"], person=mai, code="CSTDCS", year=YEAR)
    by_province = NominationFactory(nominating_unit=tree["province"], person=mai, code="BKVKSTC", year=YEAR)

    assert [n.nominating_unit for n in (by_phong, by_region, by_province)] == [
        tree["kv1_office"],
        tree["kv1"],
        tree["province"],
    ]


def test_a_phong_does_not_nominate_the_staff_of_another_phong(tree, staff):
    with pytest.raises(ValidationError) as refused:
        NominationFactory(nominating_unit=tree["kv1_office"], person=staff["hang"], year=YEAR)

    assert refusal(refused)["nominating_unit"] == [
        "Nguyễn Thị Thanh Hằng thuộc VKSND VKS-T-KV1 trong năm 2026, không thuộc VKSND VKS-T-KV1-VP, VKSND "
        "VKS-T-KV1: đơn vị đề nghị phải là đơn vị của cán bộ hoặc đơn vị cấp trên."
    ]


def test_the_unit_of_the_year_counts_not_the_unit_of_today(tree):
    # Lan served in khu vực 2 through 2025 and moved to khu vực 1 on 15/01/2026: 2025 is khu vực 2's to nominate.
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    unit_services.person_transfer(person=lan, to_unit=tree["kv1"], on_date=D(2026, 1, 15))

    with pytest.raises(ValidationError) as refused:
        NominationFactory(nominating_unit=tree["kv1"], person=lan, year=2025)
    by_old_unit = NominationFactory(nominating_unit=tree["kv2"], person=lan, year=2025)
    this_year = NominationFactory(nominating_unit=tree["kv1"], person=lan, year=YEAR)

    assert refusal(refused)["nominating_unit"] == [
        "Phạm Thị Lan thuộc VKSND VKS-T-KV2 trong năm 2025, không thuộc VKSND VKS-T-KV1: đơn vị đề nghị phải là "
        "đơn vị của cán bộ hoặc đơn vị cấp trên."
    ]
    assert (by_old_unit.nominating_unit, this_year.nominating_unit) == (tree["kv2"], tree["kv1"])


def test_after_the_merger_a_region_nominates_for_the_years_of_the_districts_it_took_over():
    merger = merge_2025()
    a1 = merger.staff["A1"]  # district A1 until 30/06/2025, then khu vực 1, which took A1 over

    by_region = NominationFactory(nominating_unit=merger.regions["KV1"], person=a1, year=2024)
    with pytest.raises(ValidationError) as refused:
        NominationFactory(nominating_unit=merger.regions["KV2"], person=a1, year=2024, code="CSTDCS")

    assert by_region.pk is not None
    assert refusal(refused)["nominating_unit"] == [
        "Cán bộ huyện A1 thuộc VKSND huyện A1 trong năm 2024, không thuộc VKSND khu vực 2: đơn vị đề nghị phải là "
        "đơn vị của cán bộ hoặc đơn vị cấp trên."
    ]


def test_a_collective_is_nominated_by_itself_or_a_unit_above_it(tree):
    own = NominationFactory(nominating_unit=tree["kv1"], unit=tree["kv1_office"], code="TTLDTT", year=YEAR)

    with pytest.raises(ValidationError) as refused:
        NominationFactory(nominating_unit=tree["kv2"], unit=tree["kv1"], code="TTLDXS", year=YEAR)

    assert own.pk is not None
    assert refusal(refused)["nominating_unit"] == [
        "VKSND VKS-T-KV1 không thuộc VKSND VKS-T-KV2: đơn vị đề nghị phải là chính tập thể được đề nghị hoặc đơn vị "
        "cấp trên."
    ]


def test_the_form_shows_the_refusal_on_the_nominating_unit(client, tree, cast):
    PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:nomination-create"),
        {
            "nominating_unit": tree["kv1"].pk,
            "person_text": "CB-LAN",
            "award_type": award_type("LDTT").pk,
            "year": YEAR,
            "kind": "regular",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["nominating_unit"] == [
        "Phạm Thị Lan thuộc VKSND VKS-T-KV2 trong năm 2026, không thuộc VKSND VKS-T-KV1: đơn vị đề nghị phải là "
        "đơn vị của cán bộ hoặc đơn vị cấp trên."
    ]
    assert not Nomination.objects.exists()


def test_the_bulk_entry_refuses_a_person_of_another_unit_and_creates_none(tree, staff):
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])

    with pytest.raises(ValidationError, match="Phạm Thị Lan thuộc VKSND VKS-T-KV2 trong năm 2026"):
        nomination_services.nominations_bulk(
            nominating_unit=tree["kv1"], award_type=award_type("LDTT"), year=YEAR, persons=[staff["hang"], lan]
        )

    assert not Nomination.objects.exists()


def test_the_nominee_list_import_reports_the_unit_on_its_column(tree, staff, cast):
    PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    text = (
        "nominating_unit_code,person_code,unit_code,award_code,year,kind,summary\n"
        "VKS-T-KV1,CB-HANG,,LDTT,2026,,\n"
        "VKS-T-KV1,CB-LAN,,LDTT,2026,,\n"
    )

    report = importing.run_import(
        kind="nominations",
        dataset=importing.load_dataset(io.BytesIO(text.encode()), "de-nghi.csv"),
        dry_run=False,
        user=cast["clerk"],
    )

    assert [str(error) for error in report.errors] == [
        "row 3: nominating_unit_code: Phạm Thị Lan thuộc VKSND VKS-T-KV2 trong năm 2026, không thuộc VKSND "
        "VKS-T-KV1: đơn vị đề nghị phải là đơn vị của cán bộ hoặc đơn vị cấp trên."
    ]
    assert not Nomination.objects.exists()


# -- 2. a title resting on another of the same year -----------------------------------------------------------------


def test_a_cstdcs_whose_ldtt_is_a_draft_reads_as_waiting_not_as_met(client, tree, staff, cast):
    hang = staff["hang"]
    NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=YEAR)
    cstdcs = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="CSTDCS", year=YEAR)
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("awards:nomination-detail", args=[cstdcs.pk])).content.decode()

    criterion = eligibility.evaluate([cstdcs])[cstdcs.pk].get("ldtt_same_year")
    assert (criterion.status, criterion.evidence) == (
        eligibility.PENDING,
        ["LĐTT 2026: đề nghị cùng đợt, chờ quyết định (Nháp)"],
    )
    assert "đề nghị cùng đợt, chờ quyết định" in page
    assert "Đạt tất cả tiêu chí" not in page


def test_a_cstdcs_sent_with_its_ldtt_asks_no_justification_and_keeps_the_wait_on_record(tree, staff, cast):
    hang = staff["hang"]
    RuleSet.objects.update(cstdcs_requires_initiative=False)
    for code in ("LDTT", "CSTDCS"):
        RegistrationFactory(person=hang, code=code, year=YEAR)
    PersonYearFactory(person=hang, year=YEAR)
    ldtt = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=YEAR)
    cstdcs = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="CSTDCS", year=YEAR)

    submit([ldtt, cstdcs], by=cast["regional_clerk"], council_unit=tree["province"], title="Đề nghị", number="5/TTr")

    assert (ldtt.state, cstdcs.state) == (NominationState.SUBMITTED, NominationState.SUBMITTED)
    stored = {key: value for key, value in cstdcs.eligibility.items() if key != "criteria"}
    assert stored == {"passed": False, "pending": True, "needs_justification": False}
    assert [(c["code"], c["status"]) for c in cstdcs.eligibility["criteria"] if c["status"] != "met"] == [
        ("ldtt_same_year", "pending")
    ]


def test_the_register_refuses_a_cstdcs_before_its_ldtt(staff):
    hang = staff["hang"]

    with pytest.raises(ValidationError) as refused:
        AwardFactory(code="CSTDCS", person=hang, year=2025, decision=DecisionFactory(date=D(2025, 12, 20)))

    assert refusal(refused) == {
        "award_type": [
            "Nguyễn Thị Thanh Hằng: chưa có LĐTT năm 2025 trong sổ khen thưởng. CSTĐCS năm 2025 chỉ được quyết định "
            "sau hoặc cùng quyết định LĐTT năm đó."
        ]
    }
    assert not Award.objects.exists()


def test_the_register_refuses_a_cstdcs_dated_before_the_decision_of_its_ldtt(staff):
    hang = staff["hang"]
    AwardFactory(code="LDTT", person=hang, year=2025, decision=DecisionFactory(date=D(2025, 12, 22)))

    with pytest.raises(ValidationError) as refused:
        AwardFactory(code="CSTDCS", person=hang, year=2025, decision=DecisionFactory(date=D(2025, 12, 20)))

    assert refusal(refused)["award_type"] == [
        "Nguyễn Thị Thanh Hằng: LĐTT năm 2025 được quyết định ngày 22/12/2025, sau quyết định này. CSTĐCS năm 2025 "
        "chỉ được quyết định sau hoặc cùng quyết định LĐTT năm đó."
    ]


def test_the_register_takes_a_cstdcs_with_its_ldtt_in_the_same_decision_or_an_earlier_one(staff, tree):
    hang, dung = staff["hang"], staff["dung"]
    together = DecisionFactory(date=D(2025, 12, 20))
    AwardFactory(code="LDTT", person=hang, year=2025, decision=together)
    AwardFactory(code="LDTT", person=dung, year=2025, decision=DecisionFactory(date=D(2025, 12, 1)))

    AwardFactory(code="CSTDCS", person=hang, year=2025, decision=together)
    AwardFactory(code="CSTDCS", person=dung, year=2025, decision=together)

    assert Award.objects.filter(award_type__code="CSTDCS").count() == 2


def test_a_revoked_ldtt_does_not_carry_a_cstdcs(staff):
    hang = staff["hang"]
    ldtt = AwardFactory(code="LDTT", person=hang, year=2025, decision=DecisionFactory(date=D(2025, 12, 1)))
    register_services.award_revoke(award=ldtt, on=D(2025, 12, 5), revoking_decision="3/QĐ-VKS", reason="Sai")

    with pytest.raises(ValidationError, match="chưa có LĐTT năm 2025 trong sổ khen thưởng"):
        AwardFactory(code="CSTDCS", person=hang, year=2025, decision=DecisionFactory(date=D(2025, 12, 20)))


def test_a_cstd_nganh_needs_the_cstdcs_of_its_year(staff):
    hang = staff["hang"]
    day = DecisionFactory(date=D(2025, 12, 20))
    AwardFactory(code="LDTT", person=hang, year=2025, decision=day)

    with pytest.raises(ValidationError, match="chưa có CSTĐCS năm 2025 trong sổ khen thưởng"):
        AwardFactory(code="CSTDN", person=hang, year=2025)


def test_a_thematic_title_rests_on_its_movement_not_on_a_lower_title(staff):
    award = AwardFactory(code="CSTDCS", person=staff["hang"], year=2025, kind="thematic")

    assert award.pk is not None


@pytest.fixture
def council(tree, cast):
    return council_with_members(unit=tree["province"], count=3, staff_unit=tree["office"])


def _recommended(council, cast, nominations):
    """The council's session of 02/12/2026 votes the nominations through (3 of 3 present agree), in this order."""
    session = SessionFactory(council=council, date=D(2026, 12, 2))
    attend(session, present=3, by=cast["council_secretary"])
    poll = poll_on(session, cast, nominations)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for seat in council.members.order_by("order"):
        voting.ballot_cast(poll=poll, user=seat.user, choices={n.pk: Choice.AGREE for n in nominations})
    voting.poll_close(poll=poll, by=cast["council_secretary"])
    voting.poll_publish(poll=poll, by=cast["council_secretary"])
    return session


def _record(session, cast) -> Decision:
    return decisions_from_votes.decision_record_from_session(
        session=session, number="16/QĐ-VKS-T", date=D(2026, 12, 3), signer_name="Phan Văn Trưởng",
        signer_title="Viện trưởng", by=cast["leader"],
    )  # fmt: skip


def _sent(tree, cast, person, codes) -> list[Nomination]:
    for code in codes:
        RegistrationFactory(person=person, code=code, year=YEAR)
    PersonYearFactory(person=person, year=YEAR, rating="excellent")
    nominations = [
        NominationFactory(nominating_unit=tree["kv1"], person=person, code=code, year=YEAR, justification="x")
        for code in codes
    ]
    submit(nominations, by=cast["regional_clerk"], council_unit=tree["province"], title="Đề nghị", number="9/TTr")
    return nominations


def test_the_head_records_a_cstdcs_and_its_ldtt_decided_together_lower_title_first(council, tree, staff, cast):
    # On the agenda the CSTĐCS comes first; the decision records the LĐTT first, so the CSTĐCS finds it.
    cstdcs, ldtt = _sent(tree, cast, staff["hang"], ["CSTDCS", "LDTT"])
    session = _recommended(council, cast, [cstdcs, ldtt])

    decision = _record(session, cast)

    awards = list(decision.awards.order_by("pk").values_list("award_type__code", flat=True))
    assert awards == ["LDTT", "CSTDCS"]
    cstdcs.refresh_from_db()
    assert (cstdcs.state, cstdcs.award.decision) == (NominationState.DECIDED, decision)


def test_the_head_cannot_record_a_cstdcs_while_its_ldtt_waits(council, tree, staff, cast):
    ldtt, cstdcs = _sent(tree, cast, staff["hang"], ["LDTT", "CSTDCS"])
    session = _recommended(council, cast, [cstdcs])  # the LĐTT waits for another session

    with pytest.raises(ValidationError) as refused:
        _record(session, cast)

    assert refused.value.messages == [
        "Nguyễn Thị Thanh Hằng: chưa có LĐTT năm 2026 trong sổ khen thưởng. CSTĐCS năm 2026 chỉ được quyết định "
        "sau hoặc cùng quyết định LĐTT năm đó."
    ]
    assert not Decision.objects.exists()
    cstdcs.refresh_from_db()
    ldtt.refresh_from_db()
    assert (cstdcs.state, ldtt.state) == (NominationState.RECOMMENDED, NominationState.SUBMITTED)


def test_the_ballot_card_shows_a_cstdcs_waiting_for_its_ldtt_as_waiting(client, council, tree, staff, cast):
    """The member reads on his ballot that the CSTĐCS holds once the LĐTT on the same ballot is decided, with the
    hourglass of a criterion that waits, not the grey "?" of an unknown one."""
    RuleSet.objects.update(cstdcs_requires_initiative=False)
    ldtt, cstdcs = _sent(tree, cast, staff["hang"], ["LDTT", "CSTDCS"])
    session = SessionFactory(council=council, date=D(2026, 12, 2))
    attend(session, present=3, by=cast["council_secretary"])
    poll = poll_on(session, cast, [ldtt, cstdcs])
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    member = council.members.order_by("order").first().user
    client.force_login(member)

    page = client.get(reverse("awards:ballot-form", args=[poll.pk])).content.decode()

    assert "Đạt khi đề nghị cùng đợt được quyết định" in page
    assert "bi-hourglass-split" in page


AWARDS_HEADER = (
    "award_code,recipient_kind,person_code,unit_code,year,decision_number,decision_date,kind,movement_code,note\n"
)


def _import_awards(text: str):
    return importing.run_import(
        kind="awards", dataset=importing.load_dataset(io.BytesIO(text.encode()), "khen-thuong.csv"), dry_run=False
    )


def test_a_history_file_of_cstdcs_alone_is_imported_with_a_word_on_the_row(staff):
    report = _import_awards(
        AWARDS_HEADER
        + "CSTDCS,individual,CB-HANG,VKS-T-KV1,2022,216/QĐ-VKS,20/12/2022,,,\n"
        + "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"
        + "CSTDCS,individual,CB-HANG,VKS-T-KV1,2023,231/QĐ-VKS,19/12/2023,,,\n"
    )

    assert (report.errors, report.new) == ([], 3)
    labels = {change.row: change.label for change in report.changes}
    assert labels == {
        2: "CSTĐCS 2022 – Nguyễn Thị Thanh Hằng — Lưu ý: Nguyễn Thị Thanh Hằng: chưa có LĐTT năm 2022 trong sổ khen "
        "thưởng. CSTĐCS năm 2022 chỉ được quyết định sau hoặc cùng quyết định LĐTT năm đó.",
        3: "LĐTT 2023 – Nguyễn Thị Thanh Hằng",
        4: "CSTĐCS 2023 – Nguyễn Thị Thanh Hằng",  # its LĐTT is in the file, decided the same day: no word
    }
    assert Award.objects.filter(award_type__code="CSTDCS").count() == 2


def test_the_import_finds_the_ldtt_in_the_register_and_names_one_decided_later(staff):
    AwardFactory(code="LDTT", person=staff["hang"], year=2023, decision=DecisionFactory(date=D(2023, 12, 19)))

    report = _import_awards(
        AWARDS_HEADER
        + "CSTDCS,individual,CB-HANG,VKS-T-KV1,2023,231/QĐ-VKS,19/12/2023,,,\n"
        + "LDTT,individual,CB-DUNG,VKS-T-VP,2023,240/QĐ-VKS,28/12/2023,,,\n"
        + "CSTDCS,individual,CB-DUNG,VKS-T-VP,2023,231/QĐ-VKS,19/12/2023,,,\n"
    )

    labels = {change.row: change.label for change in report.changes}
    assert labels[2] == "CSTĐCS 2023 – Nguyễn Thị Thanh Hằng"
    assert labels[4].endswith(
        "Lưu ý: Trần Văn Dũng: LĐTT năm 2023 được quyết định ngày 28/12/2023, sau quyết định này. CSTĐCS năm 2023 "
        "chỉ được quyết định sau hoặc cùng quyết định LĐTT năm đó."
    )


# -- 3. "Gửi Hội đồng" refused: the reasons after a redirect, and the check in the column -------------------------


def _draft_batch(tree, nominations):
    batch = BatchFactory(
        unit=tree["kv1"], council_unit=tree["province"], year=YEAR, number="25/TTr-VKS", date=D(2026, 11, 20)
    )
    nomination_services.batch_add(batch=batch, nominations=nominations)
    return batch


def test_a_refused_submission_redirects_to_the_batch_with_one_line_per_unmet_criterion(client, tree, staff, cast):
    hang = staff["hang"]
    PersonYearFactory(person=hang, year=YEAR)  # the year's facts are met; the registration is missing
    ldtt = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=YEAR)
    batch = _draft_batch(tree, [ldtt])
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:batch-submit", args=[batch.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("awards:batch-detail", args=[batch.pk])
    assert [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)] == [
        ("error", "Tờ trình chưa được gửi: không đề nghị nào được gửi cho đến khi khắc phục các điểm dưới đây."),
        (
            "error",
            "Nguyễn Thị Thanh Hằng: LĐTT 2026 — chưa đạt “Đăng ký thi đua danh hiệu trong năm”: Không có đăng ký "
            "LĐTT năm 2026. Hãy ghi giải trình trước khi gửi.",
        ),
    ]
    ldtt.refresh_from_db()
    assert ldtt.state == NominationState.DRAFT


def test_the_reasons_show_once_on_the_batch_page_and_reloading_sends_nothing(client, tree, staff, cast):
    ldtt = NominationFactory(nominating_unit=tree["kv1"], person=staff["hang"], code="LDTT", year=YEAR)
    batch = _draft_batch(tree, [ldtt])
    client.force_login(cast["regional_clerk"])

    page = client.post(reverse("awards:batch-submit", args=[batch.pk]), follow=True).content.decode()
    again = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()

    assert "chưa rõ “Đánh giá năm của cán bộ”" in page
    assert "Đánh giá năm của cán bộ" not in again  # shown once, after the redirect
    assert "Kiểm tra khi gửi" not in page
    assert "2 tiêu chí chưa đạt hoặc chưa rõ: cần giải trình" in again


def test_adding_a_nomination_the_batch_cannot_take_redirects_with_the_reason(client, tree, cast):
    """A nomination not offered to this tờ trình (another unit's, a crafted id) is refused with a message after a
    redirect, like the submit: reloading the page re-sends nothing."""
    batch = _draft_batch(tree, [])
    of_kv2 = PersonFactory(code="CB-KV2", full_name="Lý Văn Sơn", unit=tree["kv2"])
    stranger = NominationFactory(nominating_unit=tree["kv2"], person=of_kv2, code="LDTT", year=YEAR)
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:batch-add", args=[batch.pk]), {"nomination": [stranger.pk]})

    assert response.status_code == 302
    assert response["Location"] == reverse("awards:batch-detail", args=[batch.pk])
    assert [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)] == [
        ("error", "Có đề nghị không thể đưa vào tờ trình này.")
    ]
    assert not batch.nominations.exists()


def _column(response) -> dict[str, str]:
    """The "Tiêu chuẩn" cell of each row of the batch page, by the recipient's name, as text."""
    page = response.content.decode()
    rows = re.findall(
        r'<tr>\s*<td>\d+</td>\s*<td><a [^>]*>([^<]+)</a>.*?<td class="small" data-check>(.*?)</td>', page, re.S
    )
    return {name: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for name, cell in rows}


def test_the_criteria_column_shows_the_check_before_the_batch_is_sent(client, tree, staff, cast):
    hang, dung = staff["hang"], staff["dung"]
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv1"])
    for person in (hang, lan):
        RegistrationFactory(person=person, code="LDTT", year=YEAR)
        PersonYearFactory(person=person, year=YEAR)
    RegistrationFactory(person=lan, code="CSTDCS", year=YEAR)
    RuleSet.objects.update(cstdcs_requires_initiative=False)
    met = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=YEAR)
    NominationFactory(nominating_unit=tree["kv1"], person=lan, code="LDTT", year=YEAR)
    waiting = NominationFactory(nominating_unit=tree["kv1"], person=lan, code="CSTDCS", year=YEAR)
    justified = NominationFactory(
        nominating_unit=tree["province"], person=dung, code="LDTT", year=YEAR, justification="Mới chuyển về."
    )
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["office"])
    unjustified = NominationFactory(nominating_unit=tree["province"], person=mai, code="LDTT", year=YEAR)
    batch = BatchFactory(
        unit=tree["province"], council_unit=tree["province"], year=YEAR, number="1/TTr", date=D(2026, 11, 20)
    )
    nomination_services.batch_add(batch=batch, nominations=[met, waiting, justified, unjustified])
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:batch-detail", args=[batch.pk]))

    checks = {n.pk: n.criteria_check for n in response.context["nominations"]}
    assert (checks[met.pk].passed, [c.code for c in checks[waiting.pk].pending]) == (True, ["ldtt_same_year"])
    assert "Kiểm tra khi gửi" not in response.content.decode()
    assert sorted(_column(response).values()) == sorted(
        [
            "Đạt",
            "Đạt khi đề nghị cùng đợt được quyết định",
            "2 tiêu chí chưa đạt hoặc chưa rõ, có giải trình",
            "2 tiêu chí chưa đạt hoặc chưa rõ: cần giải trình",
        ]
    )


def test_the_batch_page_checks_its_nominations_in_queries_that_do_not_grow_with_them(client, tree, cast):
    people = [PersonFactory(code=f"CB-Q{n}", full_name=f"Cán bộ {n}", unit=tree["kv1"]) for n in range(4)]
    batch = _draft_batch(tree, [NominationFactory(nominating_unit=tree["kv1"], person=people[0], year=YEAR)])
    client.force_login(cast["regional_clerk"])
    url = reverse("awards:batch-detail", args=[batch.pk])
    client.get(url)  # the session and the caches warmed

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    nomination_services.batch_add(
        batch=batch,
        nominations=[NominationFactory(nominating_unit=tree["kv1"], person=p, year=YEAR) for p in people[1:]],
    )
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)

    assert len(response.context["nominations"]) == 4
    assert len(four) == len(one)


# -- 4. the nomination page ------------------------------------------------------------------------------------------


def test_without_a_summary_the_clerk_is_offered_to_write_one_and_a_reader_sees_no_empty_card(client, tree, staff, cast):
    nomination = NominationFactory(nominating_unit=tree["kv1"], person=staff["hang"], year=YEAR)
    url = reverse("awards:nomination-detail", args=[nomination.pk])

    client.force_login(cast["regional_clerk"])
    clerk_page = client.get(url).content.decode()
    client.force_login(cast["leader"])
    leader_page = client.get(url).content.decode()

    assert "Chưa có tóm tắt thành tích." in clerk_page
    assert reverse("awards:nomination-update", args=[nomination.pk]) + "#id_summary" in clerk_page
    assert "Tóm tắt thành tích" not in leader_page
    assert "Chưa có tóm tắt thành tích." not in leader_page


def test_uploads_and_deletions_join_the_timeline_with_a_name_in_vietnamese_order(
    client, tree, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    tu = user_with_role(Role.CLERK, tree["kv1"], "tu")
    tu.first_name, tu.last_name = "Tú", "Lê Thanh"
    tu.save()
    nomination = NominationFactory(nominating_unit=tree["kv1"], person=staff["hang"], year=YEAR)
    client.force_login(tu)
    upload = SimpleUploadedFile("bao-cao-thanh-tich.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(
        reverse("awards:nomination-document-upload", args=[nomination.pk]),
        {"kind": "achievement_report", "file": upload},
    )
    document = nomination.documents.get()
    client.post(reverse("awards:nomination-document-delete", args=[nomination.pk, document.pk]))

    response = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))

    steps = [(step.kind, step.document_name, step.by) for step in response.context["timeline"]]
    assert steps == [("upload", "bao-cao-thanh-tich.pdf", tu), ("delete", "bao-cao-thanh-tich.pdf", tu)]
    page = response.content.decode()
    assert "Tải lên tài liệu <strong>bao-cao-thanh-tich.pdf</strong>" in page
    assert "Xóa tài liệu <strong>bao-cao-thanh-tich.pdf</strong>" in page
    assert page.count("Lê Thanh Tú") >= 3  # the menu, the upload and the deletion
    assert "Tú Lê Thanh" not in page
    for url in (reverse("awards:nomination-list"), reverse("awards:nomination-update", args=[nomination.pk])):
        assert "Tú Lê Thanh" not in client.get(url).content.decode()


def test_the_moves_of_the_timeline_name_their_author_in_vietnamese_order(client, tree, staff, cast):
    tu = user_with_role(Role.CLERK, tree["kv1"], "tu")
    tu.first_name, tu.last_name = "Tú", "Lê Thanh"
    tu.save()
    RegistrationFactory(person=staff["hang"], code="LDTT", year=YEAR)
    PersonYearFactory(person=staff["hang"], year=YEAR)
    nomination = NominationFactory(nominating_unit=tree["kv1"], person=staff["hang"], year=YEAR)
    submit([nomination], by=tu, council_unit=tree["province"], title="Đề nghị", number="3/TTr")
    client.force_login(cast["leader"])

    page = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()

    assert "Lê Thanh Tú" in page
    assert "Tú Lê Thanh" not in page
