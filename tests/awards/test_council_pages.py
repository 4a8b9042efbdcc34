"""The secretary's pages of a council: the whole session through the browser's requests (session, agenda,
attendance and quorum, polls opened, closed and published, results), refused moves shown as messages, paper counts
that must add up, who sees what, a turnout that never tells a choice, and the query count of the console."""

import datetime

import pytest
from django.urls import reverse

from awards.catalogue.models import RuleSet
from awards.councils import voting
from awards.councils.enums import Attendance, Choice, PollMode, PollState
from awards.councils.models import AgendaItem, CouncilMember, PaperCount, Poll, Session, WrittenOpinion
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from tests.factories.councils import SessionFactory, attend, candidates, council_with_members, members, poll_on
from tests.factories.units import UserFactory

# The council of 2026 meets on 02/12/2026; the session form offers the last six work years only.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


@pytest.fixture
def council(tree):
    """The provincial council: ten voting members with accounts (the secretary's seat is the role's)."""
    return council_with_members(
        unit=tree["province"],
        count=10,
        staff_unit=tree["office"],
        name="Hội đồng TĐKT VKSND tỉnh T",
        member_name="Thành viên {n:02d}",
    )


@pytest.fixture
def session(council):
    return SessionFactory(council=council, year=YEAR)


def url(name: str, *args) -> str:
    return reverse(f"awards:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# -- the whole flow ------------------------------------------------------------------------------------------


def test_secretary_runs_a_session_from_creation_to_published_results(client, council, tree, cast):
    an, binh = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("session-create", council.pk),
        {
            "title": "Họp xét thi đua năm 2026",
            "date": "02/12/2026",
            "start_time": "08:00",
            "place": "Hội trường",
            "year": YEAR,
        },
    )
    session = Session.objects.get()
    assert response.url == url("session-detail", session.pk)
    assert (session.date, session.start_time, session.council, session.created_by) == (
        datetime.date(2026, 12, 2),
        datetime.time(8, 0),
        council,
        cast["council_secretary"],
    )

    assert client.get(url("session-detail", session.pk)).context["add_count"] == 2
    page = client.get(url("session-agenda-add", session.pk))
    offered = [pk for group in page.context["add_groups"] for pk, _who, _where in group["rows"]]
    assert offered == [an.pk, binh.pk]
    client.post(url("session-agenda-add", session.pk), {"nominations": [an.pk, binh.pk]})
    assert list(session.agenda.values_list("nomination_id", flat=True)) == [an.pk, binh.pk]
    an.refresh_from_db()
    assert an.state == NominationState.UNDER_REVIEW

    seats = members(council)
    statuses = {f"member-{m.pk}": Attendance.PRESENT if i < 8 else Attendance.ABSENT for i, m in enumerate(seats)}
    response = client.post(url("session-attendance", session.pk), statuses, follow=True)
    assert "Có mặt 8/10, cần 7: đủ túc số" in text(response)

    response = client.post(
        url("session-poll-create", session.pk),
        {"title": "Bỏ phiếu LĐTT", "mode": "secret", "candidates": [an.pk, binh.pk]},
    )
    poll = Poll.objects.get()
    assert response.url == url("session-detail", session.pk) + f"#phieu-{poll.pk}"
    assert sorted(poll.candidates.values_list("pk", flat=True)) == [an.pk, binh.pk]

    client.post(url("session-poll-open", session.pk, poll.pk))
    poll.refresh_from_db()
    assert (poll.state, poll.members_present, poll.members_total) == (PollState.OPEN, 8, 10)
    for index, member in enumerate(seats[:8]):
        voting.ballot_cast(
            poll=poll, user=member.user, choices={an.pk: AGREE, binh.pk: AGREE if index < 3 else DISAGREE}
        )
    assert "Đã bỏ phiếu 8/8" in text(client.get(url("session-poll-turnout", session.pk, poll.pk)))

    client.post(url("session-poll-close", session.pk, poll.pk))
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED
    page = client.get(url("session-detail", session.pk))
    rows = [(r.nomination_id, r.agree, r.denominator, r.passed) for r in page.context["polls"][0].shown_results]
    assert rows == [(an.pk, 8, 8, True), (binh.pk, 3, 8, False)]
    assert "Không đạt" in text(page)

    response = client.post(url("session-poll-publish", session.pk, poll.pk), follow=True)
    poll.refresh_from_db()
    an.refresh_from_db()
    binh.refresh_from_db()
    assert (poll.state, an.state, binh.state) == (
        PollState.PUBLISHED,
        NominationState.RECOMMENDED,
        NominationState.NOT_RECOMMENDED,
    )
    assert messages_of(response) == ["Đã công bố kết quả cuộc bỏ phiếu “Bỏ phiếu LĐTT”."]
    assert "100,0%" in text(response) and "37,5%" in text(response)


def test_poll_open_without_quorum_shows_the_message_and_stays_created(client, session, tree, cast):
    poll = poll_on(session, cast, candidates(tree, cast, ["An"]))
    attend(session, present=6)
    client.force_login(cast["council_secretary"])

    response = client.post(url("session-poll-open", session.pk, poll.pk), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == ["Chưa đủ túc số: có mặt 6/10 thành viên, cần ít nhất 7."]
    assert "Có mặt 6/10, cần 7: chưa đủ túc số" in text(response)
    poll.refresh_from_db()
    assert poll.state == PollState.CREATED


def test_a_second_close_shows_the_message_not_an_error_page(client, session, tree, cast):
    poll = poll_on(session, cast, candidates(tree, cast, ["An"]))
    attend(session, present=10)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for member in members(session.council):
        voting.ballot_cast(poll=poll, user=member.user, choices={n.pk: AGREE for n in poll.candidates.all()})
    voting.poll_close(poll=poll, by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])

    response = client.post(url("session-poll-close", session.pk, poll.pk), follow=True)

    assert messages_of(response) == ["Cuộc bỏ phiếu chưa mở hoặc đã đóng."]


# -- paper counts and written opinions --------------------------------------------------------------------------


@pytest.fixture
def paper_poll(session, tree, cast):
    nominations = candidates(tree, cast, ["An"])
    poll = poll_on(session, cast, nominations, mode=PollMode.PAPER)
    attend(session, present=9, written=1)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    return poll, nominations[0]


def test_paper_count_that_does_not_add_up_shows_the_field_error(client, session, paper_poll, cast):
    poll, an = paper_poll
    client.force_login(cast["council_secretary"])
    counts = {"issued": 9, "returned": 9, "valid": 8, "invalid": 0, "agree": 8, "disagree": 0}

    response = client.post(url("session-paper-count", session.pk, poll.pk, an.pk), counts)

    assert response.status_code == 400
    form = response.context["polls"][0].count_rows[0][0]
    assert form.errors == {"valid": ["Số phiếu hợp lệ cộng không hợp lệ phải bằng số phiếu thu về."]}
    assert "Số phiếu hợp lệ cộng không hợp lệ phải bằng số phiếu thu về." in text(response)
    assert not PaperCount.objects.exists()


def test_paper_count_refuses_negative_numbers_in_vietnamese(client, session, paper_poll, cast):
    poll, an = paper_poll
    client.force_login(cast["council_secretary"])
    counts = {"issued": -1, "returned": 9, "valid": 9, "invalid": 0, "agree": 8, "disagree": 1}

    response = client.post(url("session-paper-count", session.pk, poll.pk, an.pk), counts)

    assert response.status_code == 400
    assert response.context["polls"][0].count_rows[0][0].errors == {"issued": ["Hãy nhập số không âm."]}


def test_paper_count_that_adds_up_is_recorded_and_closes_the_poll(client, session, paper_poll, cast):
    poll, an = paper_poll
    client.force_login(cast["council_secretary"])
    counts = {"issued": 9, "returned": 9, "valid": 8, "invalid": 1, "agree": 7, "disagree": 1}

    response = client.post(url("session-paper-count", session.pk, poll.pk, an.pk), counts)
    client.post(url("session-poll-close", session.pk, poll.pk))

    assert response.url == url("session-detail", session.pk) + f"#phieu-{poll.pk}"
    count = PaperCount.objects.get()
    assert (count.issued, count.valid, count.invalid, count.agree) == (9, 8, 1, 7)
    poll.refresh_from_db()
    assert (poll.state, poll.results.get().agree) == (PollState.CLOSED, 7)


def test_written_opinion_of_an_absent_member_is_recorded(client, session, paper_poll, cast, council):
    _poll, an = paper_poll
    absent = members(council)[9]
    client.force_login(cast["council_secretary"])

    page = client.get(url("session-detail", session.pk))
    response = client.post(url("session-written-opinion", session.pk, absent.pk), {f"n-{an.pk}": AGREE})

    assert [form.member for form in page.context["written_forms"]] == [absent]
    assert response.url == url("session-detail", session.pk) + "#y-kien"
    assert list(WrittenOpinion.objects.values_list("member_id", "nomination_id", "choice")) == [
        (absent.pk, an.pk, AGREE)
    ]


def test_written_opinion_of_a_present_member_is_refused_with_a_message(client, session, paper_poll, cast, council):
    _poll, an = paper_poll
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("session-written-opinion", session.pk, members(council)[0].pk), {f"n-{an.pk}": AGREE}, follow=True
    )

    assert messages_of(response) == ["Chỉ ghi ý kiến bằng văn bản của thành viên vắng mặt có gửi ý kiến."]
    assert not WrittenOpinion.objects.exists()


# -- conflicts of interest ------------------------------------------------------------------------------------------


def test_a_member_who_is_a_candidate_or_belongs_to_a_nominated_unit_is_flagged(client, session, tree, cast, council):
    (an,) = candidates(tree, cast, ["Nguyễn Văn An"])
    CouncilMember.objects.create(council=council, person=an.person, role="member", order=20)
    voting.agenda_add(session=session, nominations=[an], by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])

    response = client.get(url("session-detail", session.pk))

    (item,) = response.context["agenda"]
    assert [member.person for member in item.conflicts] == [an.person]
    assert "xung đột lợi ích" in text(response)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # The head of the Văn phòng only; nobody heads the province among the members.
        (RuleSet.CollectiveConflict.HEAD, {1: 1}),
        # Every member of the Văn phòng; never the whole council on its own unit (then its head, not a member).
        (RuleSet.CollectiveConflict.MEMBERS, {1: 10}),
    ],
)
def test_conflicts_with_a_nominated_unit_follow_the_rule_set(tree, council, rule, expected):
    from awards.councils import selectors  # noqa: PLC0415 -- the function under test only

    RuleSet.objects.update(collective_conflict=rule)
    chief = members(council)[0].person  # all ten work in the Văn phòng; the first heads it
    chief.position, chief.is_manager = "Chánh Văn phòng", True
    chief.save()
    office = Nomination(unit=tree["office"], person=None, year=YEAR)
    province = Nomination(unit=tree["province"], person=None, year=YEAR)
    kv2 = Nomination(unit=tree["kv2"], person=None, year=YEAR)
    items = [AgendaItem(nomination=n) for n in (office, province, kv2)]
    office.pk, province.pk, kv2.pk = 1, 2, 3
    seats = list(selectors.council_members(council=council))

    conflicts = selectors.member_conflicts(members=seats, agenda=items)

    assert {pk: len(found) for pk, found in conflicts.items()} == expected


# -- who sees what -----------------------------------------------------------------------------------------------


@pytest.fixture
def open_poll(session, tree, cast, council):
    nominations = candidates(tree, cast, ["An", "Bình"])
    poll = poll_on(session, cast, nominations, mode=PollMode.NAMED)
    attend(session, present=9)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    first, second = members(council)[:2]
    voting.ballot_cast(poll=poll, user=first.user, choices={n.pk: AGREE for n in nominations})
    voting.ballot_cast(poll=poll, user=second.user, choices={n.pk: DISAGREE for n in nominations})
    return poll


def the_others_vote(poll, council, choice=DISAGREE) -> None:
    """Members 3 to 9 vote too: everybody present has voted, the poll may close."""
    for member in members(council)[2:9]:
        voting.ballot_cast(poll=poll, user=member.user, choices={n.pk: choice for n in poll.candidates.all()})


CONSOLE = "session-poll-create"


@pytest.mark.parametrize(
    ("role", "status", "console"),
    [
        ("council_secretary", 200, True),
        ("admin", 200, True),
        ("clerk", 200, False),
        ("leader", 200, False),
        ("council_member", 200, False),
        ("regional_clerk", 404, False),
        ("outsider", 404, False),
    ],
)
def test_session_page_by_role(client, session, open_poll, cast, role, status, console):
    client.force_login(cast[role])

    response = client.get(url("session-detail", session.pk))

    assert response.status_code == status
    if status == 200:
        assert (url(CONSOLE, session.pk) in text(response)) is console
        assert ("Đã bỏ phiếu 2/9" in text(response)) is console  # the turnout is the secretary's only


def test_a_seat_on_the_council_without_a_role_reads_the_session(client, session, open_poll, council):
    client.force_login(members(council)[0].user)

    response = client.get(url("session-detail", session.pk))

    assert (response.status_code, response.context["can_run"]) == (200, False)


@pytest.mark.parametrize(
    ("role", "status"),
    [("council_secretary", 302), ("clerk", 403), ("leader", 403), ("council_member", 403), ("outsider", 404)],
)
def test_poll_buttons_by_role(client, session, open_poll, cast, council, role, status):
    the_others_vote(open_poll, council)
    client.force_login(cast[role])

    response = client.post(url("session-poll-close", session.pk, open_poll.pk))

    assert response.status_code == status
    open_poll.refresh_from_db()
    assert open_poll.state == (PollState.CLOSED if status == 302 else PollState.OPEN)


@pytest.mark.parametrize(
    ("role", "status"),
    [("council_secretary", 200), ("leader", 403), ("council_member", 403), ("outsider", 404)],
)
def test_turnout_fragment_by_role(client, session, open_poll, cast, role, status):
    client.force_login(cast[role])

    response = client.get(url("session-poll-turnout", session.pk, open_poll.pk))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("council_secretary", 200), ("admin", 200), ("leader", 403), ("council_member", 403), ("outsider", 404)],
)
def test_session_create_by_role(client, council, cast, role, status):
    client.force_login(cast[role])

    response = client.get(url("session-create", council.pk))

    assert response.status_code == status


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member", "council_secretary", "admin", "outsider"])
def test_council_pages_by_role(client, council, cast, role):
    client.force_login(cast[role])

    listing = client.get(url("council-list"))
    detail = client.get(url("council-detail", council.pk))

    visible = role != "outsider"
    assert [c.pk for c in listing.context["councils"]] == ([council.pk] if visible else [])
    assert detail.status_code == (200 if visible else 404)
    if visible:
        assert ("Thêm phiên họp" in text(detail)) is (role in ("council_secretary", "admin"))


def test_the_members_link_goes_to_the_admin_for_administrators(client, council):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(url("council-detail", council.pk))
    change = client.get(response.context["admin_url"])

    assert response.context["admin_url"] == reverse("admin:awards_council_change", args=[council.pk])
    assert change.status_code == 200
    assert "Thành viên 09" in text(change)


def test_console_post_urls_refuse_get(client, session, open_poll, cast):
    client.force_login(cast["council_secretary"])

    response = client.get(url("session-poll-close", session.pk, open_poll.pk))

    assert response.status_code == 405
    open_poll.refresh_from_db()
    assert open_poll.state == PollState.OPEN


def test_results_are_hidden_from_readers_until_published(client, session, open_poll, cast, council):
    the_others_vote(open_poll, council)
    voting.poll_close(poll=open_poll, by=cast["council_secretary"])
    client.force_login(cast["leader"])

    closed = client.get(url("session-detail", session.pk))
    voting.poll_publish(poll=open_poll, by=cast["council_secretary"])
    published = client.get(url("session-detail", session.pk))

    assert closed.context["polls"][0].shown_results is None
    assert [r.agree for r in published.context["polls"][0].shown_results] == [1, 1]


# -- turnout never tells a choice ------------------------------------------------------------------------------------


def test_turnout_fragment_names_who_voted_never_what(client, session, open_poll, cast, council):
    client.force_login(cast["council_secretary"])

    response = client.get(url("session-poll-turnout", session.pk, open_poll.pk))

    content = text(response)
    assert "Đã bỏ phiếu 2/9" in content
    assert "Thành viên 00" in content and "Thành viên 01" in content and "Thành viên 08" in content
    for word in ("Đồng ý", "Không đồng ý", "agree", "disagree"):
        assert word not in content
    assert [m.pk for m in response.context["turnout"]["voted"]] == [m.pk for m in members(council)[:2]]


# -- queries -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seats", "count", "polls"), [(5, 1, 1), (15, 20, 2)])
def test_session_page_query_count(client, tree, cast, django_assert_max_num_queries, seats, count, polls):
    """The console of a council of 5 with one candidate in one open poll costs what a council of 15 with 20
    candidates in two open polls does: the seats and the attendance are read once (the quorum counts from them) and
    the live turnout of every open poll comes in two queries."""
    council = council_with_members(unit=tree["province"], count=seats, staff_unit=tree["office"])
    session = SessionFactory(council=council, year=YEAR)
    nominations = candidates(tree, cast, [f"Cán bộ {n:02d}" for n in range(count)])
    attend(session, present=seats - 1, written=1)
    for share in range(polls):
        on_poll = nominations[share::polls]
        poll = poll_on(session, cast, on_poll)
        voting.poll_open(poll=poll, by=cast["council_secretary"])
        voting.ballot_cast(poll=poll, user=members(council)[0].user, choices={n.pk: AGREE for n in on_poll})
    client.force_login(cast["council_secretary"])

    # session, user, role paths; the session with council and unit (visibility as a subquery); the agenda with
    # nominations, types, persons, units; the seats; the attendance; the rule set; polls, then their candidates,
    # results and paper counts; the open polls' participations and voters; written opinions; nominations that may
    # be added; the poll form's candidates (no decision form: the secretary does not record the head's decision)
    with django_assert_max_num_queries(17):
        response = client.get(url("session-detail", session.pk))

    assert len(response.context["agenda"]) == count
    assert response.context["quorum"].present == seats - 1
    turnouts = [poll.live_turnout for poll in response.context["polls"]]
    assert [(turnout["count"], turnout["total"]) for turnout in turnouts] == [(1, seats - 1)] * polls
