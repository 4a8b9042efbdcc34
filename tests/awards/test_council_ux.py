"""What a council's people see first: the member finds an open ballot one tap from the home page (and the menu
counts the polls waiting for him), a poll opens on the session's day and not before, the leader's decision is
never dated before the session and comes prefilled with the signer the draft names, the attendance shows
"— Chưa ghi nhận —" until something is recorded, and the ballot names a phòng with its unit."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.councils import decisions, minutes, voting
from awards.councils.enums import Attendance, Choice, PollMode, PollState
from awards.councils.models import SessionAttendance
from awards.register.models import Decision
from awards.templatetags.ballot_tags import ballots_waiting
from tests.factories.councils import (
    CouncilMemberFactory,
    SessionFactory,
    attend,
    candidate,
    candidates,
    council_with_members,
    members,
    poll_on,
)
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory
from units.models import Person, Unit

# The factories' session meets on 02/12/2026; a week later its polls may open and its decision be signed.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]


@pytest.fixture
def council(tree, cast):
    """The provincial council: three voting members with accounts hd0…hd2, and a fourth seat for the cast's
    council member (who holds the role, as the demo's members do)."""
    council = council_with_members(unit=tree["province"], count=3, staff_unit=tree["office"])
    CouncilMemberFactory(
        council=council,
        person=PersonFactory(code="HD-M", full_name="Đỗ Thị Thành Viên", unit=tree["office"]),
        user=cast["council_member"],
        order=3,
    )
    return council


@pytest.fixture
def session(council, cast):
    session = SessionFactory(council=council, title="Họp xét thi đua năm 2026")
    attend(session, present=4, by=cast["council_secretary"])
    return session


def open_poll(session, cast, nominations, title="Bỏ phiếu kín LĐTT", mode=PollMode.SECRET):
    poll = poll_on(session, cast, nominations, mode=mode)
    poll.title = title
    poll.save(update_fields=["title"])
    return voting.poll_open(poll=poll, by=cast["council_secretary"])


def html(response) -> str:
    return response.content.decode()


def member(council):
    return members(council)[0]


# -- 1. the ballot one tap from home ------------------------------------------------------------------------------


def test_a_member_finds_the_open_ballot_first_on_the_home_page(client, council, session, tree, cast):
    poll = open_poll(session, cast, candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"]))
    client.force_login(member(council).user)

    page = html(client.get(reverse("home")))

    ballot_url = reverse("awards:ballot-form", args=[poll.pk])
    link = re.search(rf'<a class="btn[^"]*home-ballot-go" href="{ballot_url}">(.*?)</a>', page, re.S)
    assert link is not None
    assert " ".join(re.sub(r"<[^>]+>", "", link.group(1)).split()) == (
        "Bỏ phiếu: phiên họp 02/12/2026, 2 người trong phiếu"
    )
    # What he does comes first: the ballot, then his council's sessions, then the unit and staff counts.
    assert page.index(ballot_url) < page.index('id="phien-hop"') < page.index("Đơn vị đang hoạt động")
    assert reverse("awards:session-detail", args=[session.pk]) in page


def test_the_home_page_says_the_member_already_voted_and_offers_no_second_ballot(client, council, session, tree, cast):
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    poll = open_poll(session, cast, [an])
    voting.ballot_cast(poll=poll, user=member(council).user, choices={an.pk: Choice.AGREE})
    client.force_login(member(council).user)

    page = html(client.get(reverse("home")))

    assert "Bạn đã bỏ phiếu trong cuộc bỏ phiếu này." in page
    assert f'href="{reverse("awards:ballot-form", args=[poll.pk])}"' not in page
    assert reverse("awards:ballot-done", args=[poll.pk]) in page


def test_no_card_for_a_paper_poll_an_absent_member_or_a_leader_without_a_seat(client, council, tree, cast):
    session = SessionFactory(council=council)
    attend(session, present=3, by=cast["council_secretary"])  # the cast's member (fourth seat) is absent
    open_poll(session, cast, [candidate(tree, "LDTT", "Nguyễn Văn An", cast)], title="Phiếu điện tử")
    open_poll(session, cast, [candidate(tree, "LDTT", "Trần Thị Bình", cast)], title="Phiếu giấy", mode="paper")

    pages = {}
    for who, user in {
        "present": member(council).user,
        "absent": cast["council_member"],
        "leader": cast["leader"],
    }.items():
        client.force_login(user)
        pages[who] = html(client.get(reverse("home")))

    assert pages["present"].count("home-ballot-go") == 1 and "Phiếu giấy" not in pages["present"]
    assert "home-ballot-go" not in pages["absent"]
    assert "Không có cuộc bỏ phiếu nào đang chờ bạn." in pages["absent"]
    assert "home-ballot-go" not in pages["leader"] and 'id="phien-hop"' not in pages["leader"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_home_page_costs_the_same_queries_however_many_polls_are_open(
    client, council, tree, cast, django_assert_max_num_queries, count
):
    for n in range(count):
        session = SessionFactory(council=council, title=f"Phiên {n}")
        attend(session, present=4, by=cast["council_secretary"])
        open_poll(session, cast, candidates(tree, cast, [f"Cán bộ {n}-{m}" for m in range(count)]), title=f"P{n}")
    client.force_login(cast["council_member"])

    # session, user, role paths; the open polls with `voted` and candidate counts (one query); the unit and staff
    # counts; the seats, the sessions; the menu's badge (polls waiting); roles
    with django_assert_max_num_queries(10):
        page = html(client.get(reverse("home")))

    assert page.count("home-ballot-go") == count


def test_the_menu_counts_the_polls_waiting_for_the_member(client, council, session, tree, cast):
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    poll = open_poll(session, cast, [an])
    client.force_login(cast["council_member"])

    before = html(client.get(reverse("awards:ballot-list")))
    voting.ballot_cast(poll=poll, user=cast["council_member"], choices={an.pk: Choice.AGREE})
    after = html(client.get(reverse("awards:ballot-list")))

    entry = re.compile(r"<a [^>]*data-nav-ballots>(.*?)</a>", re.S)
    assert " ".join(re.sub(r"<[^>]+>", " ", entry.search(before).group(1)).split()) == "Phiếu bầu 1"
    assert " ".join(re.sub(r"<[^>]+>", " ", entry.search(after).group(1)).split()) == "Phiếu bầu"


def test_the_menu_asks_nothing_for_those_without_the_member_role(rf, cast, django_assert_num_queries):
    request = rf.get("/")
    request.user = cast["clerk"]
    ballots_waiting({"request": request})  # reads the roles once, as the menu does anyway

    with django_assert_num_queries(0):
        assert ballots_waiting({"request": request}) is None


# -- 2. a poll opens on the session's day -------------------------------------------------------------------------


def test_a_poll_does_not_open_before_the_session_day(client, council, tree, cast):
    later = SessionFactory(council=council, date=datetime.date(2026, 12, 10))
    attend(later, present=4, by=cast["council_secretary"])
    poll = poll_on(later, cast, [candidate(tree, "LDTT", "Nguyễn Văn An", cast)])

    with pytest.raises(ValidationError) as refused:
        voting.poll_open(poll=poll, by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])
    page = html(client.get(reverse("awards:session-detail", args=[later.pk])))

    assert refused.value.messages == ["Phiên họp ngày 10/12/2026 chưa đến: chưa thể mở bỏ phiếu."]
    poll.refresh_from_db()
    assert poll.state == PollState.CREATED
    assert "Mở được từ ngày họp 10/12/2026" in page
    assert reverse("awards:session-poll-open", args=[later.pk, poll.pk]) not in page


@pytest.mark.today("2026-12-10")
def test_a_poll_opens_on_the_session_day(council, tree, cast):
    today = SessionFactory(council=council, date=datetime.date(2026, 12, 10))
    attend(today, present=4, by=cast["council_secretary"])
    poll = poll_on(today, cast, [candidate(tree, "LDTT", "Nguyễn Văn An", cast)])

    voting.poll_open(poll=poll, by=cast["council_secretary"])

    poll.refresh_from_db()
    assert poll.state == PollState.OPEN


# -- 3 and 4. the leader's decision: its date, its signer ------------------------------------------------------------


@pytest.fixture
def head(tree):
    return PersonFactory(code="VT", full_name="Phan Văn Trưởng", position="Viện trưởng", unit=tree["province"])


def test_the_service_refuses_a_decision_dated_before_the_session(session, cast):
    with pytest.raises(ValidationError) as refused:
        decisions.decision_record_from_session(
            session=session, number="16/QĐ-VKS-T", date=datetime.date(2026, 12, 1), signer_name="A",
            signer_title="Viện trưởng", by=cast["leader"],
        )  # fmt: skip

    assert refused.value.message_dict == {
        "date": ["Ngày ký quyết định không được trước ngày họp của Hội đồng (02/12/2026)."]
    }
    assert not Decision.objects.exists()


def test_the_form_shows_the_date_refusal_on_its_field(client, session, cast, head):
    client.force_login(cast["leader"])

    response = client.post(
        reverse("awards:session-decision-record", args=[session.pk]),
        {
            "number": "16/QĐ-VKS-T",
            "date": "01/12/2026",
            "signer_name": "Phan Văn Trưởng",
            "signer_title": "Viện trưởng",
        },
    )

    assert response.status_code == 400
    assert response.context["decision_form"].errors == {
        "date": ["Ngày ký quyết định không được trước ngày họp của Hội đồng (02/12/2026)."]
    }
    assert 'data-field-error="date"' in html(response)
    assert 'value="Phan Văn Trưởng"' in html(response)  # what he typed is kept
    assert not Decision.objects.exists()


def test_the_decision_form_names_the_signer_the_draft_prints(client, session, cast, head, tree):
    PersonFactory(code="PVT", full_name="Lê Văn Phó", position="Phó Viện trưởng", unit=tree["province"])
    client.force_login(cast["leader"])

    form = client.get(reverse("awards:session-detail", args=[session.pk])).context["decision_form"]
    draft = minutes.decision_draft_context(session)

    assert (form["signer_name"].value(), form["signer_title"].value()) == ("Phan Văn Trưởng", "Viện trưởng")
    assert (draft["signer_name"], draft["sign_position"]) == ("Phan Văn Trưởng", "Viện trưởng")


def test_without_a_known_head_the_signer_is_left_to_fill(client, session, cast):
    client.force_login(cast["leader"])

    form = client.get(reverse("awards:session-detail", args=[session.pk])).context["decision_form"]

    assert (form["signer_name"].value(), form["signer_title"].value()) == ("", "Viện trưởng")


# -- 5. attendance before anything is recorded -------------------------------------------------------------------


def _selected(page: str, seat) -> list[str]:
    select = re.search(rf'<select name="member-{seat.pk}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_unrecorded_members_show_not_recorded_and_agree_with_the_header(client, council, cast):
    session = SessionFactory(council=council)
    client.force_login(cast["council_secretary"])
    seats = members(council)
    voting.attendance_record(session=session, statuses={seats[0].pk: Attendance.ABSENT}, by=cast["council_secretary"])

    page = html(client.get(reverse("awards:session-detail", args=[session.pk])))

    assert "Có mặt 0/4, cần 3" in page
    assert _selected(page, seats[0]) == ["absent"]
    assert "— Chưa ghi nhận —" not in re.search(rf'<select name="member-{seats[0].pk}".*?</select>', page, re.S).group(
        0
    )
    assert [_selected(page, seat) for seat in seats[1:]] == [[""], [""], [""]]
    assert page.count("— Chưa ghi nhận —") == 3


def test_saving_leaves_the_unchosen_members_unrecorded(client, council, cast):
    session = SessionFactory(council=council)
    seats = members(council)
    client.force_login(cast["council_secretary"])

    client.post(
        reverse("awards:session-attendance", args=[session.pk]),
        {f"member-{seats[0].pk}": Attendance.PRESENT, f"member-{seats[1].pk}": "", f"member-{seats[2].pk}": ""},
    )

    assert dict(SessionAttendance.objects.filter(session=session).values_list("member_id", "status")) == {
        seats[0].pk: Attendance.PRESENT
    }


def test_all_present_marks_every_member_present(client, council, cast):
    session = SessionFactory(council=council)
    client.force_login(cast["council_secretary"])

    response = client.post(reverse("awards:session-attendance", args=[session.pk]), {"all_present": "1"}, follow=True)

    assert "Có mặt 4/4, cần 3: đủ túc số" in html(response)
    assert SessionAttendance.objects.filter(session=session, status=Attendance.PRESENT).count() == 4


def test_saving_nothing_says_so(client, council, cast):
    session = SessionFactory(council=council)
    client.force_login(cast["council_secretary"])

    response = client.post(reverse("awards:session-attendance", args=[session.pk]), {}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Hãy chọn tình trạng có mặt của ít nhất một thành viên."]
    assert not SessionAttendance.objects.filter(session=session).exists()


# -- 6. a phòng is named with its unit on the ballot -------------------------------------------------------------


def phong_candidates(tree, cast, count: int) -> list:
    """`count` staff of the Văn phòng of khu vực 1 and the Văn phòng itself as a collective, sent to the council;
    the units go by their full names (no short names)."""
    Unit.objects.filter(pk__in=[tree["kv1"].pk, tree["kv1_office"].pk]).update(short_name="")
    people = candidates(tree, cast, [f"Cán bộ Văn phòng {n}" for n in range(count)])
    Person.objects.filter(pk__in=[n.person_id for n in people]).update(unit=tree["kv1_office"])
    office = NominationFactory(
        nominating_unit=tree["kv1"], unit=tree["kv1_office"], code="TTLDXS", year=2026, justification="x"
    )
    submit([office], by=cast["regional_clerk"], council_unit=tree["province"], title="Đề nghị", number="9/TTr-KV1")
    return [*people, office]


def test_the_ballot_names_a_phong_with_its_unit(client, council, session, tree, cast):
    poll = open_poll(session, cast, phong_candidates(tree, cast, 1))
    client.force_login(member(council).user)

    page = html(client.get(reverse("awards:ballot-form", args=[poll.pk])))

    label = "Văn phòng khu vực 1, Viện kiểm sát nhân dân khu vực 1"
    units = [" ".join(m.split()) for m in re.findall(r"data-candidate-unit>(.*?)</div>", page, re.S)]
    assert units == [label, "Đơn vị đề nghị: Viện kiểm sát nhân dân khu vực 1"]
    assert f'<h2 class="h5 mb-1">{label}</h2>' in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_ballot_costs_the_same_queries_with_the_units_parents(
    client, council, session, tree, cast, django_assert_max_num_queries, count
):
    poll = open_poll(session, cast, phong_candidates(tree, cast, count))
    client.force_login(member(council).user)

    # session, user, role paths; the poll; the poll's state and the voter's seat (for the page, then for his
    # conflicts); voted; the candidates with types, persons, units and their parents in one query; the rule set and
    # the member's person for the conflicts
    with django_assert_max_num_queries(12):
        page = html(client.get(reverse("awards:ballot-form", args=[poll.pk])))

    assert page.count("Văn phòng khu vực 1, Viện kiểm sát nhân dân khu vực 1") == count + 1
