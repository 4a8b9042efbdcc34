"""The Word copies of a council session's documents: the minutes of the meeting, the vote-counting minutes and the
draft decision, made from the same content as their PDFs, behind the same checks."""

import datetime

import pytest
from django.urls import reverse

from awards.councils import voting
from awards.councils.enums import Attendance, Choice, CouncilRole
from awards.councils.models import CouncilMember, Session
from tests.docx import docx_body_lines, docx_document, docx_text, figures, pdf_page_numbers
from tests.factories.councils import CouncilFactory, candidates
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text
from units.common.docx import DOCX_CONTENT_TYPE

# The session of 02/12/2026, seen a week later: the draft decision continues the decisions of 2026.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
DOCUMENTS = ["session-minutes", "decision-draft", "ballot-minutes"]
# The provincial council's session is not known to another province's clerk nor to a regional unit's.
NOT_THE_COUNCILS = {"outsider", "regional_clerk"}


@pytest.fixture
def council(tree):
    """Four voting members (the chair first) and a secretary without a vote."""
    council = CouncilFactory(unit=tree["province"], name="Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh T")
    names = ["Phan Văn Trưởng", "Ngô Thị Hoa", "Đào Minh Khôi", "Vũ Thị Lệ"]
    for order, name in enumerate(names):
        CouncilMember.objects.create(
            council=council,
            person=PersonFactory(code=f"HD-{order}", full_name=name, position="Phó Viện trưởng", unit=tree["office"]),
            user=UserFactory(username=f"hd{order}"),
            role=CouncilRole.CHAIR if order == 0 else CouncilRole.MEMBER,
            order=order,
        )
    CouncilMember.objects.create(
        council=council,
        person=PersonFactory(code="HD-TK", full_name="Lê Thị Thư Ký", unit=tree["office"]),
        role=CouncilRole.SECRETARY,
        votes=False,
        order=20,
    )
    return council


@pytest.fixture
def voted(council, tree, cast):
    """All four present; a secret poll on two LĐTT, published: Nguyễn Văn An 4/4 passes, Trần Thị Bình 1/4 fails."""
    secretary = cast["council_secretary"]
    session = Session.objects.create(
        council=council, date=datetime.date(2026, 12, 2), start_time=datetime.time(8, 0), place="Hội trường", year=2026
    )
    an, binh = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    voting.agenda_add(session=session, nominations=[an, binh], by=secretary)
    seats = list(council.members.filter(votes=True).order_by("order"))
    voting.attendance_record(session=session, statuses={s.pk: Attendance.PRESENT for s in seats}, by=secretary)
    poll = voting.poll_create(session=session, title="Bỏ phiếu kín năm 2026", nominations=[an, binh], by=secretary)
    voting.poll_open(poll=poll, by=secretary)
    for index, seat in enumerate(seats):
        choices = {an.pk: Choice.AGREE, binh.pk: Choice.AGREE if index == 0 else Choice.DISAGREE}
        voting.ballot_cast(poll=poll, user=seat.user, choices=choices)
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)
    return {"session": session, "poll": poll}


def urls(voted, name: str) -> tuple[str, str]:
    session = voted["session"]
    args = [session.pk, voted["poll"].pk] if name == "ballot-minutes" else [session.pk]
    return reverse(f"awards:{name}-pdf", args=args), reverse(f"awards:{name}-docx", args=args)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "session-minutes",
            ["BIÊN BẢN", "Phan Văn Trưởng", "Nguyễn Văn An", "Trần Thị Bình", "4/4", "1/4", "III. KẾT LUẬN"],
        ),
        ("ballot-minutes", ["BIÊN BẢN KIỂM PHIẾU", "Bỏ phiếu kín năm 2026", "Nguyễn Văn An", "Trần Thị Bình"]),
        ("decision-draft", ["QUYẾT ĐỊNH", "DỰ THẢO", "Điều 1.", "Nguyễn Văn An", "DANH SÁCH"]),
    ],
)
def test_each_documents_word_copy_has_the_pdfs_content(client, cast, voted, tmp_path, name, expected):
    client.force_login(cast["council_secretary"])
    pdf_url, word_url = urls(voted, name)

    pdf, word = client.get(pdf_url), client.get(word_url)

    pdf_words, word_words = pdf_text(pdf.content, tmp_path), docx_text(word.content)
    header = docx_document(word.content).tables[0].rows[0].cells[1].paragraphs[0].text
    assert (word.status_code, word["Content-Type"]) == (200, DOCX_CONTENT_TYPE)
    assert word["Content-Disposition"].startswith('attachment; filename="')
    assert word["Content-Disposition"].endswith('.docx"')
    assert header == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for text in expected:
        assert text in pdf_words, text
        assert text in word_words, text
    assert figures(word_words) - figures(pdf_words) == set()
    assert figures(pdf_words) - figures(word_words) <= pdf_page_numbers(pdf.content)
    assert "Trần Thị Bình" not in docx_body_lines(word.content)[-1]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_whoever_may_not_see_the_pdf_gets_the_same_refusal_for_the_word_copy(client, cast, voted, role, name):
    client.force_login(cast[role])
    pdf_url, word_url = urls(voted, name)

    pdf, word = client.get(pdf_url), client.get(word_url)

    assert word.status_code == pdf.status_code
    assert (word.status_code == 404) == (role in NOT_THE_COUNCILS)


def test_an_unpublished_count_is_the_secretarys_alone_in_word_too(client, cast, voted, tree):
    session = voted["session"]
    (cuong,) = candidates(tree, cast, ["Lê Văn Cường"])
    secretary = cast["council_secretary"]
    voting.agenda_add(session=session, nominations=[cuong], by=secretary)
    poll = voting.poll_create(session=session, title="Bỏ phiếu bổ sung", nominations=[cuong], by=secretary)
    voting.poll_open(poll=poll, by=secretary)
    for seat in session.council.members.filter(votes=True):
        voting.ballot_cast(poll=poll, user=seat.user, choices={cuong.pk: Choice.AGREE})
    voting.poll_close(poll=poll, by=secretary)
    url = reverse("awards:ballot-minutes-docx", args=[session.pk, poll.pk])

    statuses = {}
    for role in ("council_secretary", "council_member"):
        client.force_login(cast[role])
        statuses[role] = client.get(url).status_code

    assert statuses == {"council_secretary": 200, "council_member": 404}
