"""Issue 21: the pages of the public consultation. The public page shows the staff of the council unit's subtree the
nominees and their achievements and nothing private; the opinions and their authors are the council's office's
alone; the nominee's page and the tờ trình upward show the result."""

import datetime

import pytest
from django.urls import reverse

from awards.councils import decisions as decisions_from_votes
from awards.councils.models import AgendaItem
from awards.nominations import consultation as consultations
from awards.nominations.enums import NominationState
from awards.nominations.models import Consultation, ConsultationOpinion, Nomination
from tests.docx import docx_body_lines
from tests.factories.councils import CouncilFactory, SessionFactory, candidate
from tests.factories.units import UnitFactory, UserFactory, user_with_role
from tests.pdf import pdf_text
from units import services as unit_services
from units.enums import Role, UnitLevel
from units.models import Person

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

S = NominationState
D = datetime.date
TODAY = D(2026, 12, 8)
SUMMARY = "Hơn 25 năm công tác trong ngành, 12 năm giữ chức vụ lãnh đạo đơn vị."
FIGURES = "Án truy tố đúng thời hạn: 100%"
OTHER_OPINION = "Đồng chí từng bị nhắc nhở năm 2019 (ý kiến riêng)"
LETTER_AUTHOR = "Ông Nguyễn Văn Bình, tổ dân phố 3"


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def recommended(tree, cast, code: str, name: str) -> Nomination:
    nomination = candidate(tree, code, name, cast)
    Nomination.objects.filter(pk=nomination.pk).update(
        state=S.RECOMMENDED, summary=SUMMARY, figures=FIGURES, justification="Giải trình nội bộ của đơn vị"
    )
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def hcld(tree, cast, provincial_council) -> Nomination:
    nomination = recommended(tree, cast, "HCLD3", "Phạm Văn Long")
    Person.objects.filter(pk=nomination.person_id).update(
        birth_date=D(1970, 5, 3), hometown="Xã Hương Thủy, thành phố Huế", position="Viện trưởng"
    )
    return nomination


@pytest.fixture
def opened(tree, cast, hcld) -> Consultation:
    return consultations.consultation_open(
        council_unit=tree["province"], nominations=[hcld], opens_on=TODAY, by=cast["council_secretary"]
    )


@pytest.fixture
def with_opinions(cast, tree, hcld, opened) -> Consultation:
    """An objection sent by a clerk of khu vực 2 and a letter recorded by the office."""
    kv2_clerk = user_with_role(Role.CLERK, tree["kv2"], "kv2_clerk")
    kv2_clerk.first_name, kv2_clerk.last_name = "Tâm", "Hoàng Minh"
    kv2_clerk.save()
    consultations.opinion_add(consultation=opened, nomination=hcld, text=OTHER_OPINION, is_objection=True, by=kv2_clerk)
    consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Đồng ý đề nghị", is_objection=False, author_name=LETTER_AUTHOR,
        by=cast["council_secretary"],
    )  # fmt: skip
    return opened


def page_text(response) -> str:
    return response.content.decode()


# -- the public page ----------------------------------------------------------------------------------------------


def test_the_public_page_lists_the_nominee_and_nothing_private(client, cast, hcld, with_opinions):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:consultation-public", args=[with_opinions.pk]))

    text = page_text(response)
    assert response.status_code == 200
    for shown in ("Phạm Văn Long", "Viện trưởng", "Huân chương Lao động hạng Ba", SUMMARY, "100%", "17/12/2026"):
        assert shown in text
    for private in (
        "03/05/1970", "1970", "Hương Thủy", hcld.person.code, "Giải trình nội bộ", OTHER_OPINION, "Hoàng Minh Tâm",
        "kv2_clerk", LETTER_AUTHOR, "Đồng ý đề nghị",
    ):  # fmt: skip
        assert private not in text, private


@pytest.mark.parametrize("role", ["admin", "clerk", "regional_clerk", "leader", "council_secretary", "council_member"])
def test_every_staff_member_of_the_subtree_reads_the_public_page(client, cast, opened, role):
    client.force_login(cast[role])

    response = client.get(reverse("awards:consultation-public", args=[opened.pk]))

    assert response.status_code == 200
    assert 'id="gop-y"' in page_text(response)


def test_an_outsider_does_not_find_the_consultation(client, cast, tree, hcld, opened):
    nobody = UserFactory(username="nobody")
    client.force_login(cast["outsider"])

    urls = [
        reverse("awards:consultation-public", args=[opened.pk]),
        reverse("awards:consultation-detail", args=[opened.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404, 404]
    posted = client.post(
        reverse("awards:consultation-opinion-create", args=[opened.pk]),
        {"nomination": hcld.pk, "text": "Ý kiến", "is_objection": "on"},
    )
    assert posted.status_code == 404
    client.force_login(nobody)
    assert client.get(urls[0]).status_code == 404
    assert not ConsultationOpinion.objects.exists()


def test_a_staff_member_sends_an_opinion_from_the_public_page(client, cast, hcld, opened):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("awards:consultation-opinion-create", args=[opened.pk]),
        {"nomination": hcld.pk, "text": "Đề nghị làm rõ thời gian lãnh đạo", "is_objection": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("awards:consultation-public", args=[opened.pk])
    opinion = ConsultationOpinion.objects.get()
    assert (opinion.created_by, opinion.is_objection, opinion.author_name) == (cast["regional_clerk"], True, "")
    again = client.get(response["Location"])
    assert "Đề nghị làm rõ thời gian lãnh đạo" not in page_text(again)


def test_a_staff_member_cannot_pass_for_the_office_with_an_author_name(client, cast, hcld, opened):
    client.force_login(cast["regional_clerk"])

    client.post(
        reverse("awards:consultation-opinion-create", args=[opened.pk]),
        {"nomination": hcld.pk, "text": "Thư", "author_name": "Ai đó"},
    )

    assert ConsultationOpinion.objects.get().author_name == ""


def test_an_opinion_after_the_window_is_refused_on_the_page(client, cast, hcld, opened, time_machine):
    time_machine.move_to(morning(D(2026, 12, 18)))
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("awards:consultation-opinion-create", args=[opened.pk]), {"nomination": hcld.pk, "text": "Muộn"}
    )

    assert response.status_code == 400
    assert "Chỉ nhận ý kiến từ ngày 08/12/2026 đến hết ngày 17/12/2026." in page_text(response)
    assert not ConsultationOpinion.objects.exists()


@pytest.mark.parametrize("name", ["consultation-opinion-create", "consultation-close", "consultation-opinion-answer"])
def test_a_get_on_a_post_url_changes_nothing(client, cast, with_opinions, name):
    opinion = with_opinions.opinions.first()
    args = [with_opinions.pk, opinion.pk] if name == "consultation-opinion-answer" else [with_opinions.pk]
    client.force_login(cast["council_secretary"])

    response = client.get(reverse(f"awards:{name}", args=args))

    assert response.status_code == 405


# -- the office's pages --------------------------------------------------------------------------------------------


def test_the_office_reads_every_opinion_with_its_author(client, cast, with_opinions):
    client.force_login(cast["council_secretary"])

    response = client.get(reverse("awards:consultation-detail", args=[with_opinions.pk]))

    text = page_text(response)
    assert response.status_code == 200
    for shown in (OTHER_OPINION, "Hoàng Minh Tâm", LETTER_AUTHOR, "Đồng ý đề nghị"):
        assert shown in text
    assert 'id="y-kien-van-ban"' in text


@pytest.mark.parametrize("role", ["clerk", "regional_clerk", "leader", "council_member"])
def test_the_opinions_are_closed_to_everybody_but_the_office(client, cast, with_opinions, role):
    client.force_login(cast[role])

    response = client.get(reverse("awards:consultation-detail", args=[with_opinions.pk]))

    assert response.status_code == 403
    assert OTHER_OPINION not in page_text(response)


def test_the_administrator_reads_the_office_page(client, cast, with_opinions):
    client.force_login(cast["admin"])

    assert client.get(reverse("awards:consultation-detail", args=[with_opinions.pk])).status_code == 200


def test_the_office_records_a_letter(client, cast, hcld, opened):
    client.force_login(cast["council_secretary"])

    response = client.post(
        reverse("awards:consultation-opinion-create", args=[opened.pk]),
        {"nomination": hcld.pk, "text": "Thư góp ý", "author_name": LETTER_AUTHOR},
    )

    assert response["Location"] == reverse("awards:consultation-detail", args=[opened.pk])
    assert ConsultationOpinion.objects.get().author_name == LETTER_AUTHOR


def test_the_office_answers_and_a_clerk_may_not(client, cast, with_opinions):
    objection = with_opinions.opinions.get(is_objection=True)
    url = reverse("awards:consultation-opinion-answer", args=[with_opinions.pk, objection.pk])
    client.force_login(cast["clerk"])

    assert client.post(url, {"answer": "Không"}).status_code == 403
    client.force_login(cast["council_secretary"])
    response = client.post(url, {"answer": "Đã xác minh: thông tin không đúng."})

    assert response["Location"] == reverse("awards:consultation-detail", args=[with_opinions.pk]) + (
        f"#y-kien-{objection.pk}"
    )
    objection.refresh_from_db()
    assert (objection.answer, objection.answered_by) == (
        "Đã xác minh: thông tin không đúng.",
        cast["council_secretary"],
    )


def test_the_close_on_the_page_waits_for_the_window_and_the_answers(client, cast, hcld, with_opinions, time_machine):
    url = reverse("awards:consultation-close", args=[with_opinions.pk])
    client.force_login(cast["council_secretary"])

    early = client.post(url, follow=True)
    time_machine.move_to(morning(D(2026, 12, 18)))
    client.force_login(cast["council_secretary"])  # the session of ten days ago has expired
    unanswered = client.post(url, follow=True)
    objection = with_opinions.opinions.get(is_objection=True)
    consultations.opinion_answer(opinion=objection, answer="Đã xác minh", by=cast["council_secretary"])
    closed = client.post(url, follow=True)

    assert "chỉ kết thúc được từ ngày 18/12/2026" in page_text(early)
    assert "Còn 1 ý kiến phản ánh chưa được trả lời" in page_text(unanswered)
    assert "Có 1 ý kiến phản ánh, đã được xem xét, trả lời: Phạm Văn Long: Đã xác minh" in page_text(closed)
    assert Nomination.objects.get(pk=hcld.pk).state == S.RECOMMENDED


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member"])
def test_only_the_office_closes_on_the_page(client, cast, hcld, opened, time_machine, role):
    time_machine.move_to(morning(D(2026, 12, 18)))
    client.force_login(cast[role])

    response = client.post(reverse("awards:consultation-close", args=[opened.pk]))

    assert response.status_code == 403
    assert Consultation.objects.get(pk=opened.pk).closed_at is None


# -- opening ----------------------------------------------------------------------------------------------------


def test_the_open_form_offers_the_recommended_nominations_with_the_rule_sets_window(client, cast, hcld):
    client.force_login(cast["council_secretary"])

    response = client.get(reverse("awards:consultation-create"))

    text = page_text(response)
    assert response.status_code == 200
    assert f'value="{hcld.pk}"' in text and "Phạm Văn Long" in text
    assert 'value="08/12/2026"' in text and 'value="17/12/2026"' in text
    assert "Cổng thông tin điện tử và trụ sở của đơn vị" in text


def test_the_office_opens_a_consultation_from_the_form(client, cast, tree, hcld):
    client.force_login(cast["council_secretary"])

    response = client.post(
        reverse("awards:consultation-create"),
        {
            "council": tree["province"].pk,
            "nominations": [hcld.pk],
            "opens_on": "08/12/2026",
            "closes_on": "21/12/2026",
            "published_where": "Báo Bảo vệ pháp luật",
            "title": "",
        },
    )

    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("awards:consultation-detail", args=[consultation.pk])
    assert (consultation.closes_on, consultation.published_where) == (D(2026, 12, 21), "Báo Bảo vệ pháp luật")
    assert Nomination.objects.get(pk=hcld.pk).state == S.CONSULTING


@pytest.mark.parametrize("role", ["clerk", "regional_clerk", "leader", "council_member", "outsider"])
def test_only_an_office_opens_the_form(client, cast, hcld, role):
    client.force_login(cast[role])

    assert client.get(reverse("awards:consultation-create")).status_code == 403


# -- the list -------------------------------------------------------------------------------------------------------


def test_the_list_shows_the_office_what_waits_and_links_its_pages(client, cast, tree, hcld):
    client.force_login(cast["council_secretary"])
    waiting = page_text(client.get(reverse("awards:consultation-list")))
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=[hcld], opens_on=TODAY, by=cast["council_secretary"]
    )

    listed = page_text(client.get(reverse("awards:consultation-list")))

    assert "1 đề nghị đã được Hội đồng đề nghị khen thưởng cần lấy ý kiến nhân dân" in waiting
    assert reverse("awards:consultation-detail", args=[consultation.pk]) in listed
    assert "cần lấy ý kiến nhân dân trước khi trình cấp trên" not in listed


def test_the_list_links_the_staff_to_the_public_page_and_hides_it_from_outsiders(client, cast, opened):
    client.force_login(cast["regional_clerk"])
    staff = page_text(client.get(reverse("awards:consultation-list")))
    client.force_login(cast["outsider"])
    outsider = page_text(client.get(reverse("awards:consultation-list")))

    assert f'href="{reverse("awards:consultation-public", args=[opened.pk])}"' in staff
    assert f'href="{reverse("awards:consultation-detail", args=[opened.pk])}"' not in staff
    assert opened.title not in outsider


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_query_count(client, cast, tree, provincial_council, django_assert_num_queries, count):
    for n in range(count):
        Consultation.objects.create(
            council_unit=tree["province"], title=f"Đợt {n}", opens_on=D(2026, 12, 1), closes_on=D(2026, 12, 10)
        )
    client.force_login(cast["council_secretary"])

    # session, user, role paths, COUNT and one page of consultations with their council unit and counts, the
    # councils the user runs (in office today), the nominations waiting for a consultation
    with django_assert_num_queries(7):
        response = client.get(reverse("awards:consultation-list"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_public_page_query_count(client, cast, tree, provincial_council, django_assert_num_queries, count):
    nominations = [recommended(tree, cast, "HCLD3", f"Cán bộ {n}") for n in range(count)]
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=nominations, opens_on=TODAY, by=cast["council_secretary"]
    )
    client.force_login(cast["regional_clerk"])

    # session, user, role paths, the consultation (scoped), its nominees with type, person, units and parents,
    # whether the user is the council's office (its council in office, the secretary's seat)
    with django_assert_num_queries(7):
        response = client.get(reverse("awards:consultation-public", args=[consultation.pk]))

    assert len(response.context["nominees"]) == count


# -- the nominee's page and the tờ trình ---------------------------------------------------------------------------


def test_the_nominees_page_shows_the_consultation_and_the_dossier_its_result(client, cast, hcld, opened, time_machine):
    client.force_login(cast["council_secretary"])
    before = page_text(client.get(reverse("awards:nomination-detail", args=[hcld.pk])))
    time_machine.move_to(morning(D(2026, 12, 18)))
    consultations.consultation_close(consultation=opened, by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])  # the session of ten days ago has expired

    after = page_text(client.get(reverse("awards:nomination-detail", args=[hcld.pk])))

    assert 'id="lay-y-kien"' in before and "Đang nhận ý kiến" in before
    assert "Từ ngày 08/12/2026 đến hết ngày 17/12/2026" in after
    assert "Kết quả:</strong> Không có ý kiến phản ánh." in after
    assert 'bi-check-square text-success"></i> Kết quả lấy ý kiến nhân dân' in after


def test_a_recommended_nomination_waiting_for_one_says_so(client, cast, hcld):
    client.force_login(cast["council_secretary"])

    text = page_text(client.get(reverse("awards:nomination-detail", args=[hcld.pk])))

    assert "phải lấy ý kiến nhân dân sau khi Hội đồng đề nghị khen thưởng" in text
    assert f"{reverse('awards:consultation-create')}?council=" in text
    assert 'bi-square text-muted"></i> Kết quả lấy ý kiến nhân dân' in text


def test_the_consultations_moves_are_refused_on_the_move_url(client, cast, hcld):
    client.force_login(cast["council_secretary"])

    response = client.post(reverse("awards:nomination-move", args=[hcld.pk, "consult"]))

    assert response.status_code == 403
    assert Nomination.objects.get(pk=hcld.pk).state == S.RECOMMENDED


def test_the_tor_trinh_upward_prints_the_result(client, cast, tree, provincial_council, time_machine, tmp_path):
    nomination = recommended(tree, cast, "HCLD3", "Phạm Văn Long")
    session = SessionFactory(council=provincial_council)
    AgendaItem.objects.create(session=session, nomination=nomination, order=1)
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=[nomination], opens_on=TODAY, by=cast["council_secretary"]
    )
    objection = consultations.opinion_add(
        consultation=consultation, nomination=nomination, text="Phản ánh", is_objection=True,
        by=cast["regional_clerk"],
    )  # fmt: skip
    consultations.opinion_answer(opinion=objection, answer="Đã xác minh, không có căn cứ", by=cast["council_secretary"])
    time_machine.move_to(morning(D(2026, 12, 18)))
    consultations.consultation_close(consultation=consultation, by=cast["council_secretary"])
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    province = tree["province"]
    province.parent = supreme
    unit_services.unit_save(unit=province)
    CouncilFactory(unit=supreme, name="Hội đồng Thi đua - Khen thưởng ngành Kiểm sát nhân dân")
    batch = decisions_from_votes.batch_above_authority(session=session, by=cast["clerk"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:batch-pdf", args=[batch.pk]))
    word = client.get(reverse("awards:batch-docx", args=[batch.pk]))

    line = (
        "Kết quả lấy ý kiến nhân dân (từ ngày 08/12/2026 đến hết ngày 17/12/2026, Cổng thông tin điện tử và trụ sở "
        "của đơn vị): Có 1 ý kiến phản ánh, đã được xem xét, trả lời: Đã xác minh, không có căn cứ."
    )
    assert response.content.startswith(b"%PDF-")
    assert line in pdf_text(response.content, tmp_path)
    assert line in docx_body_lines(word.content)
