"""Nominations: a clerk enters them (one, or a unit's staff in bulk), gathers them in a tờ trình and sends it;
the council's office returns or takes them up; leaders decide. Every move is checked against the state and the
role, and recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.catalogue import calendar as cal
from awards.nominations import services as nomination_services
from awards.nominations import workflow
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination, NominationDocument, NominationTransition
from tests.factories.awards import AwardFactory, DecisionFactory, PersonYearFactory, award_type
from tests.factories.emulation import RegistrationFactory
from tests.factories.nominations import BatchFactory, NominationFactory, submit
from tests.factories.units import PersonFactory
from tests.files import pdf_bytes

# Nominations of 2026, sent in November to the provincial council and decided on 28/11/2026: a week later all
# of it is past, and 2026 is among the six work years the forms offer.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.today("2026-12-08"),
    pytest.mark.usefixtures("provincial_council"),
]

YEAR = 2026
S = NominationState


def nominate(tree, person, code="LDTT", year=YEAR, **extra) -> Nomination:
    return NominationFactory(
        nominating_unit=extra.pop("unit", tree["kv1"]), person=person, code=code, year=year, **extra
    )


def make_batch(tree, **extra) -> Batch:
    values = {"unit": tree["kv1"], "council_unit": tree["province"], "year": YEAR, "title": "Đề nghị khen thưởng 2026"}
    return BatchFactory(**{**values, **extra})


def register(person, code="LDTT", year=YEAR):
    RegistrationFactory(person=person, code=code, year=year)


def submitted(tree, staff, cast, **extra) -> Nomination:
    """A registered LĐTT nomination of Hằng, whose year's facts meet the standard, sent in a numbered tờ trình."""
    register(staff["hang"])
    PersonYearFactory(person=staff["hang"], year=YEAR)
    nomination = nominate(tree, staff["hang"], **extra)
    submit(
        [nomination],
        by=cast["regional_clerk"],
        council_unit=tree["province"],
        title="Đề nghị khen thưởng 2026",
        number="25/TTr-VKS",
    )
    return nomination


# -- entry ---------------------------------------------------------------------------------------


def form_data(tree, **changes):
    return {
        "nominating_unit": tree["kv1"].pk,
        "person_text": "CB-HANG",
        "award_type": award_type("CSTDCS").pk,
        "year": YEAR,
        "kind": "regular",
        "summary": "Hoàn thành xuất sắc nhiệm vụ; có sáng kiến được công nhận.",
        "figures": "Truy tố đúng hạn: 100%",
        "justification": "",
        **changes,
    }


def test_a_clerk_enters_a_nomination_by_staff_code_and_it_starts_as_a_draft(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:nomination-create"), form_data(tree))

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert (nomination.person, nomination.state, nomination.recipient_kind) == (staff["hang"], S.DRAFT, "individual")
    assert nomination.created_by == cast["regional_clerk"]
    page = client.get(response.url).content.decode()
    assert "Kiểm tra tiêu chuẩn" in page and "Đăng ký thi đua danh hiệu trong năm" in page


def test_the_same_person_cannot_be_nominated_twice_for_a_title_in_a_year(client, cast, tree, staff):
    nominate(tree, staff["hang"], code="CSTDCS")
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:nomination-create"), form_data(tree))

    assert response.status_code == 200
    assert "đã được" in str(response.context["form"].errors["award_type"])
    assert Nomination.objects.count() == 1


def test_a_withdrawn_nomination_may_be_entered_again(tree, staff, cast):
    first = nominate(tree, staff["hang"])
    workflow.nomination_move(nomination=first, name="withdraw", by=cast["regional_clerk"], comment="Nhầm năm")

    again = nominate(tree, staff["hang"])

    assert again.pk != first.pk and again.state == S.DRAFT


def test_an_individual_title_for_a_unit_is_a_field_error(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:nomination-create"), form_data(tree, person_text="", unit=tree["kv2"].pk))

    assert "chỉ dành cho cá nhân" in str(response.context["form"].errors["award_type"])


def test_a_second_editor_is_refused_and_keeps_his_text(client, cast, tree, staff):
    nomination = nominate(tree, staff["hang"], code="CSTDCS")
    client.force_login(cast["regional_clerk"])
    url = reverse("awards:nomination-update", args=[nomination.pk])
    opened = client.get(url).context["form"]["version"].value()
    client.post(url, form_data(tree, summary="Bản của người thứ nhất", version=opened))

    response = client.post(url, form_data(tree, summary="Bản của người thứ hai", version=opened))

    assert response.status_code == 200
    assert "vừa được" in response.content.decode()
    assert "Bản của người thứ hai" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.summary == "Bản của người thứ nhất"


def test_a_submitted_nomination_is_no_longer_editable(client, cast, tree, staff):
    nomination = submitted(tree, staff, cast)
    client.force_login(cast["regional_clerk"])

    assert client.get(reverse("awards:nomination-update", args=[nomination.pk])).status_code == 403
    with pytest.raises(ValidationError, match="không sửa được"):
        nomination_services.nomination_save(nomination=nomination)


# -- bulk entry ------------------------------------------------------------------------------------


def bulk_url(tree, code="LDTT", year=YEAR, **extra):
    query = f"unit={tree['kv1'].pk}&year={year}&award_type={award_type(code).pk}"
    return reverse("awards:nomination-bulk") + "?" + query + "".join(f"&{k}={v}" for k, v in extra.items())


def test_a_clerk_nominates_a_units_staff_for_ldtt_in_one_form(client, cast, tree, staff):
    people = [PersonFactory(code=f"KV1-{n}", unit=tree["kv1_office"]) for n in range(5)]
    nominate(tree, people[0])
    client.force_login(cast["regional_clerk"])
    page = client.get(bulk_url(tree))
    assert len(page.context["candidates"]) == 6  # Hằng, five of the office
    assert page.content.decode().count("đã đề nghị") == 1

    response = client.post(bulk_url(tree), {"pick": [p.pk for p in people[1:]] + [staff["hang"].pk]})

    assert response.status_code == 302
    assert Nomination.objects.filter(award_type__code="LDTT", year=YEAR, state=S.DRAFT).count() == 6


def test_copying_last_years_list_ticks_those_nominated_or_awarded_last_year(client, cast, tree, staff):
    kept = PersonFactory(code="KV1-A", unit=tree["kv1"])
    AwardFactory(person=kept, award_type=award_type("LDTT"), year=YEAR - 1)
    nominate(tree, staff["hang"], year=YEAR - 1)
    client.force_login(cast["regional_clerk"])

    page = client.get(bulk_url(tree, copy=1)).content.decode()

    assert f'value="{kept.pk}" checked' in page
    assert f'value="{staff["hang"].pk}" checked' in page


def test_the_bulk_form_refuses_someone_outside_the_unit(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(bulk_url(tree), {"pick": [staff["dung"].pk]})

    assert response.status_code == 400 and not Nomination.objects.exists()


# -- putting drafts into a tờ trình ---------------------------------------------------------------------


def test_the_clerk_picks_the_drafts_on_their_own_page_and_the_batch_shows_their_number(client, cast, tree, staff):
    drafts = [nominate(tree, staff["hang"]), nominate(tree, PersonFactory(code="KV1-B", unit=tree["kv1"]))]
    batch = make_batch(tree)
    client.force_login(cast["regional_clerk"])

    detail = client.get(reverse("awards:batch-detail", args=[batch.pk]))
    offered = client.get(reverse("awards:batch-add", args=[batch.pk]))
    response = client.post(reverse("awards:batch-add", args=[batch.pk]), {"nomination": [drafts[0].pk]})
    after = client.get(reverse("awards:batch-detail", args=[batch.pk]))

    assert detail.context["candidate_count"] == 2
    assert "Chọn đề nghị nháp đưa vào tờ trình (2)" in detail.content.decode()
    assert set(offered.context["candidates"]) == set(drafts)
    assert response.status_code == 302 and list(batch.nominations.all()) == [drafts[0]]
    assert after.context["candidate_count"] == 1


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("council_member", 403), ("outsider", 404)])
def test_only_the_clerk_opens_the_page_of_drafts_to_put_in(client, cast, tree, staff, who, status):
    nominate(tree, staff["hang"])
    batch = make_batch(tree)
    client.force_login(cast[who])

    assert client.get(reverse("awards:batch-add", args=[batch.pk])).status_code == status


def test_a_new_batch_opens_on_the_drafts_to_put_in(client, cast, tree):
    client.force_login(cast["regional_clerk"])
    data = {"unit": tree["kv1"].code, "council_unit": tree["province"].pk, "year": YEAR, "title": "Tờ trình năm"}

    response = client.post(reverse("awards:batch-create"), data)

    assert response.status_code == 302
    assert response.url == reverse("awards:batch-add", args=[Batch.objects.get().pk])


# -- the workflow ----------------------------------------------------------------------------------


def test_a_batch_cannot_be_sent_without_number_and_date(tree, staff, cast):
    nomination = nominate(tree, staff["hang"])
    batch = make_batch(tree)
    nomination_services.batch_add(batch=batch, nominations=[nomination])

    with pytest.raises(ValidationError) as refused:
        nomination_services.batch_submit(batch=batch, by=cast["regional_clerk"])

    assert set(refused.value.message_dict) == {"number", "date"}


def test_an_unregistered_candidate_needs_a_justification_to_be_sent(tree, staff, cast):
    nomination = nominate(tree, staff["hang"])
    batch = make_batch(tree, number="25/TTr-VKS", date=datetime.date(2026, 11, 20))
    nomination_services.batch_add(batch=batch, nominations=[nomination])

    with pytest.raises(ValidationError, match="giải trình"):
        nomination_services.batch_submit(batch=batch, by=cast["regional_clerk"])
    nomination.refresh_from_db()
    assert nomination.state == S.DRAFT

    nomination.justification = "Mới chuyển công tác về đơn vị, chưa kịp đăng ký."
    nomination_services.nomination_save(nomination=nomination)
    nomination_services.batch_submit(batch=batch, by=cast["regional_clerk"])
    nomination.refresh_from_db()
    assert nomination.state == S.SUBMITTED
    assert nomination.eligibility["passed"] is False
    assert nomination.eligibility["criteria"][0]["status"] == "not_met"


def test_a_nomination_outside_a_batch_cannot_be_sent(tree, staff, cast):
    nomination = nominate(tree, staff["hang"])

    with pytest.raises(ValidationError, match="tờ trình"):
        workflow.nomination_move(nomination=nomination, name="submit", by=cast["regional_clerk"])


def test_the_whole_life_of_a_nomination_is_recorded(tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    workflow.nomination_move(
        nomination=nomination, name="return", by=cast["council_secretary"], comment="Thiếu biên bản"
    )
    workflow.nomination_move(nomination=nomination, name="submit", by=cast["regional_clerk"])
    workflow.nomination_move(nomination=nomination, name="review", by=cast["council_secretary"])
    workflow.nomination_record_verdict(
        nomination=nomination, passed=True, council_unit=tree["province"], by=cast["council_secretary"], comment=""
    )
    decision = DecisionFactory(date=datetime.date(2026, 11, 28))
    award = AwardFactory(person=staff["hang"], award_type=award_type("LDTT"), year=YEAR, decision=decision)
    workflow.nomination_move(nomination=nomination, name="decide", by=cast["leader"], award=award)

    steps = list(
        NominationTransition.objects.filter(nomination=nomination).values_list(
            "from_state", "to_state", "by__username", "comment"
        )
    )
    assert steps == [
        (S.DRAFT, S.SUBMITTED, "regional_clerk", ""),
        (S.SUBMITTED, S.RETURNED, "secretary", "Thiếu biên bản"),
        (S.RETURNED, S.SUBMITTED, "regional_clerk", ""),
        (S.SUBMITTED, S.UNDER_REVIEW, "secretary", ""),
        (S.UNDER_REVIEW, S.RECOMMENDED, "secretary", ""),
        (S.RECOMMENDED, S.DECIDED, "leader", ""),
    ]
    nomination.refresh_from_db()
    assert nomination.award == award


# Who may make each move of a submitted (or later) nomination of khu vực 1, sent to the provincial council.
@pytest.mark.parametrize(
    ("move", "state", "allowed", "refused"),
    [
        (
            "return",
            S.SUBMITTED,
            ["council_secretary", "admin"],
            ["clerk", "regional_clerk", "leader", "council_member", "outsider"],
        ),
        (
            "review",
            S.SUBMITTED,
            ["council_secretary", "admin"],
            ["clerk", "regional_clerk", "leader", "council_member", "outsider"],
        ),
        (
            "withdraw",
            S.SUBMITTED,
            ["regional_clerk", "clerk", "admin"],
            ["leader", "council_secretary", "council_member", "outsider"],
        ),
        (
            "reject",
            S.RECOMMENDED,
            ["leader", "admin"],
            ["clerk", "regional_clerk", "council_secretary", "council_member"],
        ),
        ("decide", S.RECOMMENDED, ["leader", "admin"], ["clerk", "regional_clerk", "council_secretary", "outsider"]),
    ],
)
def test_who_may_make_each_move(tree, staff, cast, move, state, allowed, refused):
    nomination = submitted(tree, staff, cast)
    Nomination.objects.filter(pk=nomination.pk).update(state=state)
    nomination.refresh_from_db()

    for role in refused:
        assert not workflow.may_move(cast[role], nomination, move), role
        with pytest.raises(PermissionDenied):
            workflow.nomination_move(nomination=nomination, name=move, by=cast[role], comment="lý do")
    for role in allowed:
        assert workflow.may_move(cast[role], nomination, move), role


@pytest.mark.parametrize("move", ["recommend", "not_recommend"])
@pytest.mark.parametrize(
    "role", ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
)
def test_no_role_gives_the_council_verdict_by_hand(tree, staff, cast, move, role):
    """Only the council's published vote recommends or not: the move is neither offered nor accepted, even from
    the administrator or the council's secretary."""
    nomination = submitted(tree, staff, cast)
    workflow.nomination_move(nomination=nomination, name="review", by=cast["council_secretary"])
    nomination.refresh_from_db()

    assert move not in dict(workflow.moves_for(cast[role], nomination))
    with pytest.raises(PermissionDenied, match="Chỉ kết quả biểu quyết của Hội đồng"):
        workflow.nomination_move(nomination=nomination, name=move, by=cast[role], comment="lý do")
    assert Nomination.objects.get(pk=nomination.pk).state == S.UNDER_REVIEW
    assert not NominationTransition.objects.filter(
        nomination=nomination, to_state__in=[S.RECOMMENDED, S.NOT_RECOMMENDED]
    )


def test_a_verdict_counts_only_from_the_council_the_nomination_was_sent_to(tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    workflow.nomination_move(nomination=nomination, name="review", by=cast["council_secretary"])

    with pytest.raises(ValidationError, match="không được gửi tới Hội đồng"):
        workflow.nomination_record_verdict(
            nomination=nomination, passed=True, council_unit=tree["kv1"], by=cast["council_secretary"], comment=""
        )
    assert Nomination.objects.get(pk=nomination.pk).state == S.UNDER_REVIEW


def test_the_detail_page_offers_no_verdict_to_the_council_office(client, tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    workflow.nomination_move(nomination=nomination, name="review", by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])

    page = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))

    assert page.status_code == 200
    assert dict(page.context["moves"]) == {}  # under review, nothing is the office's to do: the council votes
    assert reverse("awards:nomination-move", args=[nomination.pk, "recommend"]) not in page.content.decode()
    response = client.post(reverse("awards:nomination-move", args=[nomination.pk, "recommend"]), {"comment": "x"})
    assert response.status_code == 403
    assert Nomination.objects.get(pk=nomination.pk).state == S.UNDER_REVIEW


@pytest.mark.parametrize(
    ("move", "state"),
    [
        ("submit", S.UNDER_REVIEW),
        ("withdraw", S.UNDER_REVIEW),
        ("withdraw", S.DECIDED),
        ("return", S.DRAFT),
        ("review", S.RETURNED),
        ("recommend", S.SUBMITTED),
        ("decide", S.NOT_RECOMMENDED),
        ("reject", S.SUBMITTED),
        ("submit", S.WITHDRAWN),
    ],
)
def test_moves_the_state_does_not_allow_are_refused_even_to_an_administrator(tree, staff, cast, move, state):
    nomination = submitted(tree, staff, cast)
    Nomination.objects.filter(pk=nomination.pk).update(state=state)

    with pytest.raises(ValidationError, match="Không thể"):
        workflow.nomination_move(nomination=nomination, name=move, by=cast["admin"], comment="lý do")
    assert Nomination.objects.get(pk=nomination.pk).state == state


def test_returning_needs_a_reason(tree, staff, cast):
    nomination = submitted(tree, staff, cast)

    with pytest.raises(ValidationError) as refused:
        workflow.nomination_move(nomination=nomination, name="return", by=cast["council_secretary"], comment="  ")

    assert "comment" in refused.value.message_dict


def test_the_page_offers_only_the_moves_the_user_may_make(client, tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    url = reverse("awards:nomination-detail", args=[nomination.pk])

    def offered(role):
        client.force_login(cast[role])
        return [name for name, _move in client.get(url).context["moves"]]

    assert offered("regional_clerk") == ["withdraw"]
    assert offered("council_secretary") == ["return", "review"]
    assert offered("leader") == []
    client.force_login(cast["leader"])
    response = client.post(reverse("awards:nomination-move", args=[nomination.pk, "review"]))
    assert response.status_code == 403


def test_a_move_through_the_page_shows_on_the_timeline(client, tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    client.force_login(cast["council_secretary"])

    client.post(reverse("awards:nomination-move", args=[nomination.pk, "return"]), {"comment": "Thiếu biên bản họp"})
    page = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()

    assert "Trả lại đơn vị" in page and "Thiếu biên bản họp" in page


def test_a_return_without_reason_through_the_page_is_explained(client, tree, staff, cast):
    nomination = submitted(tree, staff, cast)
    client.force_login(cast["council_secretary"])

    response = client.post(reverse("awards:nomination-move", args=[nomination.pk, "return"]), {"comment": ""})

    assert response.status_code == 400 and "Hãy ghi lý do" in response.content.decode()


# -- the dossier -----------------------------------------------------------------------------------


def test_a_renamed_executable_is_refused_from_the_dossier(client, tree, staff, cast):
    nomination = nominate(tree, staff["hang"])
    client.force_login(cast["regional_clerk"])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf")

    response = client.post(
        reverse("awards:nomination-document-upload", args=[nomination.pk]), {"kind": "achievement_report", "file": fake}
    )

    assert response.status_code == 400
    assert "nội dung tệp phải đúng định dạng" in response.content.decode()
    assert not NominationDocument.objects.exists()


def test_a_pdf_joins_the_dossier_and_ticks_the_checklist(client, tree, staff, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = nominate(tree, staff["hang"])
    client.force_login(cast["regional_clerk"])
    upload = SimpleUploadedFile("bao-cao.pdf", pdf_bytes(), content_type="application/pdf")

    client.post(
        reverse("awards:nomination-document-upload", args=[nomination.pk]),
        {"kind": "achievement_report", "file": upload},
    )
    response = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))

    document = NominationDocument.objects.get()
    assert (document.original_name, document.uploaded_by) == ("bao-cao.pdf", cast["regional_clerk"])
    checklist = {item["kind"]: item["present"] for item in response.context["checklist"]}
    assert checklist == {"proposal": False, "achievement_report": True, "minutes": False}
    download = client.get(reverse("awards:nomination-document", args=[nomination.pk, document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# -- visibility and lists --------------------------------------------------------------------------


def test_who_sees_a_nomination(client, tree, staff, cast):
    draft = nominate(tree, staff["hang"])
    url = reverse("awards:nomination-detail", args=[draft.pk])

    def status(role):
        client.force_login(cast[role])
        return client.get(url).status_code

    assert status("regional_clerk") == 200
    assert status("clerk") == 200
    assert status("leader") == 200
    assert status("outsider") == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_list_runs_the_same_queries_for_1_and_20_rows(client, tree, cast):
    client.force_login(cast["clerk"])
    people = [PersonFactory(code=f"P{n:02}", unit=tree["kv1"]) for n in range(20)]
    nominate(tree, people[0])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awards:nomination-list"))
    for person in people[1:]:
        nominate(tree, person)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("awards:nomination-list"))

    assert len(response.context["page"]) == 20
    assert len(twenty) == len(one)


def test_the_list_filters_by_state_and_year(client, tree, staff, cast):
    nominate(tree, staff["hang"])
    nominate(tree, staff["dung"], unit=tree["office"], year=YEAR - 1)
    client.force_login(cast["clerk"])

    def count(**params):
        return client.get(reverse("awards:nomination-list"), params).context["page"].paginator.count

    assert count(year="") == 2  # "Tất cả các năm"
    assert count(year=YEAR) == 1
    assert count(year=YEAR - 1) == 1
    assert count(year="", state="draft") == 2
    assert count(year="", state="submitted") == 0
    assert count(year="", q="dung") == 1


def test_the_list_opens_on_the_year_under_review(client, tree, staff, cast):
    nominate(tree, staff["hang"], year=cal.default_year_for_nominations())
    nominate(tree, staff["dung"], unit=tree["office"], year=cal.default_year_for_nominations() - 1)
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:nomination-list"))

    assert [n.person for n in response.context["page"]] == [staff["hang"]]
    assert response.context["form"]["year"].value() == str(cal.default_year_for_nominations())


def test_a_batch_is_seen_by_the_council_only_once_sent(client, tree, staff, cast):
    outsider_council = make_batch(tree)
    client.force_login(cast["outsider"])
    assert client.get(reverse("awards:batch-detail", args=[outsider_council.pk])).status_code == 404
    client.force_login(cast["regional_clerk"])
    assert client.get(reverse("awards:batch-detail", args=[outsider_council.pk])).status_code == 200


def test_the_timeline_names_people_family_name_first(client, tree, staff, cast):
    """Issue 19: the timeline printed "Tú Lê Thanh" (Django's first-name-first order); a Vietnamese name reads
    family name, middle name, given name."""
    clerk = cast["regional_clerk"]
    clerk.last_name, clerk.first_name = "Lê Thanh", "Tú"
    clerk.save()
    nomination = submitted(tree, staff, cast)
    client.force_login(clerk)

    page = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()

    assert "Lê Thanh Tú" in page and "Tú Lê Thanh" not in page
