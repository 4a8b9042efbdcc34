"""The council member's ballot pages: a vote through the page counts once whatever is clicked, an incomplete
ballot is refused with the choices kept, only present voting members vote, nobody sees anybody's choice."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.councils import ballot_box
from awards.councils import voting as services
from awards.councils.enums import Choice, PollMode, PollState
from awards.councils.models import Ballot, CouncilMember, Participation, Poll, PollResult
from tests.factories.councils import SessionFactory, attend, candidate, council_with_members, members, poll_on
from tests.factories.units import PersonFactory, UserFactory

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


@pytest.fixture
def council(tree):
    """Four voting members with accounts (hd0…hd3); the sessions below seat the first three."""
    return council_with_members(unit=tree["province"], count=4, staff_unit=tree["office"])


@pytest.fixture
def session(council, cast):
    session = SessionFactory(council=council)
    attend(session, present=3, by=cast["council_secretary"])
    return session


def open_poll_on(session, cast, nominations, mode=PollMode.SECRET) -> Poll:
    poll = poll_on(session, cast, nominations, mode=mode)
    services.poll_open(poll=poll, by=cast["council_secretary"])
    return poll


@pytest.fixture
def poll(session, tree, cast):
    return open_poll_on(
        session, cast, [candidate(tree, "LDTT", "Nguyễn Văn An", cast), candidate(tree, "CSTDCS", "Lê Thị Bình", cast)]
    )


def everyone_votes(poll, council, choice=AGREE) -> None:
    """The three members present vote `choice` on every candidate."""
    for member in members(council)[:3]:
        services.ballot_cast(poll=poll, user=member.user, choices={n.pk: choice for n in poll.candidates.all()})


def candidates(poll) -> list:
    return list(poll.candidates.order_by("pk"))


def ballot(poll, *choices) -> dict:
    return {f"c{nomination.pk}": choice for nomination, choice in zip(candidates(poll), choices, strict=False)}


def form_url(poll) -> str:
    return reverse("awards:ballot-form", args=[poll.pk])


def page_of(response) -> str:
    return response.content.decode()


def test_ballot_member_votes_through_the_page_and_the_counts_are_right(client, poll, council, cast):
    an, binh = candidates(poll)
    sent = [(AGREE, AGREE), (AGREE, DISAGREE), (DISAGREE, AGREE)]

    for member, choices in zip(members(council), sent, strict=False):
        client.force_login(member.user)
        response = client.post(form_url(poll), ballot(poll, *choices))
        assert response.status_code == 302
        assert response.url == reverse("awards:ballot-done", args=[poll.pk])
    done = client.get(response.url)
    services.poll_close(poll=poll, by=cast["council_secretary"])

    assert "Phiếu của bạn đã được ghi nhận" in page_of(done)
    results = {r.nomination_id: (r.agree, r.disagree) for r in PollResult.objects.filter(poll=poll)}
    assert results == {an.pk: (2, 1), binh.pk: (2, 1)}
    assert Participation.objects.filter(poll=poll).count() == 3


def test_ballot_page_shows_each_candidate_with_two_choices_and_the_secret_notice(client, poll, council):
    client.force_login(members(council)[0].user)

    page = page_of(client.get(form_url(poll)))

    assert page.count("data-candidate=") == 2
    assert "Nguyễn Văn An" in page and "Lê Thị Bình" in page
    assert "Lao động tiên tiến" in page and "Chiến sĩ thi đua cơ sở" in page
    for nomination in candidates(poll):
        assert f'name="c{nomination.pk}"' in page
        assert page.count(f'name="c{nomination.pk}"') == 2
    assert page.count("<details") == 2
    assert "Bỏ phiếu kín: không ai, kể cả quản trị hệ thống, biết bạn đã chọn gì." in page
    assert "awards/js/ballot.js" in page
    assert "<script>" not in page and "style=" not in page


def test_ballot_named_poll_says_the_choice_is_recorded_with_the_name(client, session, tree, cast, council):
    poll = open_poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)], mode=PollMode.NAMED)
    client.force_login(members(council)[0].user)

    page = page_of(client.get(form_url(poll)))

    assert "Bỏ phiếu kín" not in page
    assert "Biểu quyết công khai" in page


def test_ballot_missing_choice_is_a_form_error_and_keeps_the_choices(client, poll, council):
    _an, binh = candidates(poll)
    client.force_login(members(council)[0].user)

    response = client.post(form_url(poll), {f"c{binh.pk}": DISAGREE})

    page = page_of(response)
    assert response.status_code == 200
    assert "Phiếu chưa đủ: còn 1 người chưa chọn Đồng ý hoặc Không đồng ý." in page
    assert page.count("data-field-error") == 1
    checked = re.findall(r'name="(c\d+)"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == [(f"c{binh.pk}", DISAGREE)]
    assert Participation.objects.count() == 0
    assert Ballot.objects.count() == 0


def test_ballot_second_post_is_refused_and_counted_once(client, poll, council):
    client.force_login(members(council)[0].user)
    client.post(form_url(poll), ballot(poll, AGREE, AGREE))

    response = client.post(form_url(poll), ballot(poll, DISAGREE, DISAGREE), follow=True)

    page = page_of(response)
    assert response.redirect_chain == [(reverse("awards:ballot-done", args=[poll.pk]), 302)]
    assert "Bạn đã bỏ phiếu trong cuộc bỏ phiếu này; phiếu thứ hai không được tính." in page
    assert Participation.objects.filter(poll=poll).count() == 1
    sealed = Ballot.objects.filter(poll=poll).values_list("sealed", "nomination_id")
    assert sorted(ballot_box.unseal(box, poll_id=poll.pk, nomination_id=pk) for box, pk in sealed) == [AGREE, AGREE]


def test_ballot_page_after_voting_offers_no_form(client, poll, council):
    client.force_login(members(council)[0].user)
    client.post(form_url(poll), ballot(poll, AGREE, AGREE))

    page = page_of(client.get(form_url(poll)))

    assert "Bạn đã bỏ phiếu trong cuộc bỏ phiếu này." in page
    assert 'id="ballot-form"' not in page


def test_ballot_second_post_even_incomplete_says_already_voted(client, poll, council):
    client.force_login(members(council)[0].user)
    client.post(form_url(poll), ballot(poll, AGREE, AGREE))

    response = client.post(form_url(poll), {}, follow=True)

    assert "phiếu thứ hai không được tính" in page_of(response)
    assert Participation.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize("who", ["absent", "secretary_seat", "council_member", "council_secretary", "clerk"])
def test_ballot_members_absent_and_non_voters_get_403(client, poll, council, cast, who):
    if who == "absent":
        user = members(council)[3].user
    elif who == "secretary_seat":
        user = UserFactory(username="thuky-ghe")
        CouncilMember.objects.create(
            council=council, person=PersonFactory(code="TK"), user=user, role="secretary", votes=False
        )
    else:
        user = cast[who]
    client.force_login(user)

    responses = [
        client.get(form_url(poll)),
        client.post(form_url(poll), ballot(poll, AGREE, AGREE)),
        client.get(reverse("awards:ballot-done", args=[poll.pk])),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert Participation.objects.count() == 0
    assert Ballot.objects.count() == 0


def test_ballot_outsider_gets_404(client, poll, cast):
    client.force_login(cast["outsider"])

    responses = [
        client.get(form_url(poll)),
        client.post(form_url(poll), ballot(poll, AGREE, AGREE)),
        client.get(reverse("awards:ballot-done", args=[poll.pk])),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert Ballot.objects.count() == 0


def test_ballot_anonymous_user_goes_to_the_login_page(client, poll):
    response = client.get(form_url(poll))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_ballot_page_contains_no_choice_of_other_members(client, poll, council):
    first, second, third = members(council)[:3]
    client.force_login(first.user)
    client.post(form_url(poll), ballot(poll, DISAGREE, DISAGREE))
    client.force_login(second.user)
    client.post(form_url(poll), ballot(poll, AGREE, DISAGREE))
    client.force_login(third.user)

    pages = [page_of(client.get(url)) for url in (form_url(poll), reverse("awards:ballot-list"))]

    assert " checked" not in pages[0]
    assert "data-result" not in pages[1]
    for page in pages:
        assert "Thành viên Hội đồng" not in page  # nor who voted
        assert "1/3" not in page and "2/3" not in page


def test_ballot_done_page_before_voting_sends_back_to_the_ballot(client, poll, council):
    client.force_login(members(council)[0].user)

    response = client.get(reverse("awards:ballot-done", args=[poll.pk]))

    assert response.status_code == 302
    assert response.url == form_url(poll)


def test_ballot_leaves_no_choice_in_the_session_or_messages(client, poll, council):
    client.force_login(members(council)[0].user)

    response = client.post(form_url(poll), ballot(poll, DISAGREE, AGREE), follow=True)

    assert list(response.context["messages"]) == []
    assert not any(DISAGREE in str(value) for value in client.session.values())


@pytest.mark.parametrize(
    ("state", "text"),
    [(PollState.CREATED, "Cuộc bỏ phiếu chưa mở."), (PollState.CANCELLED, "Cuộc bỏ phiếu đã kết thúc")],
)
def test_ballot_poll_not_open_shows_a_message_and_no_form(client, session, tree, cast, council, state, text):
    poll = poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)])
    if state == PollState.CANCELLED:  # opened, then the session ended before anybody voted
        services.poll_open(poll=poll, by=cast["council_secretary"])
        services.session_close(session=session, by=cast["council_secretary"])
    client.force_login(members(council)[0].user)

    page = page_of(client.get(form_url(poll)))
    posted = client.post(form_url(poll), ballot(poll, AGREE))

    assert text in page
    assert 'id="ballot-form"' not in page
    assert posted.status_code == 200
    assert Ballot.objects.count() == 0


def test_ballot_paper_poll_is_not_cast_on_the_page(client, session, tree, cast, council):
    poll = open_poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)], mode=PollMode.PAPER)
    client.force_login(members(council)[0].user)

    page = page_of(client.get(form_url(poll)))

    assert "phiếu giấy" in page
    assert 'id="ballot-form"' not in page


def _poll_block(page: str, poll) -> str:
    match = re.search(rf'<article[^>]*data-poll="{poll.pk}".*?</article>', page, re.DOTALL)
    assert match, f"poll {poll.pk} is not listed"
    return match.group(0)


def test_ballot_list_marks_voted_polls(client, session, tree, cast, council):
    first = open_poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)])
    second = open_poll_on(session, cast, [candidate(tree, "LDTT", "Bình", cast)])
    member = members(council)[0]
    services.ballot_cast(poll=first, user=member.user, choices={candidates(first)[0].pk: AGREE})
    client.force_login(member.user)

    page = page_of(client.get(reverse("awards:ballot-list")))

    assert "Đã bỏ phiếu" in _poll_block(page, first)
    assert "Đã bỏ phiếu" not in _poll_block(page, second)
    assert reverse("awards:ballot-form", args=[second.pk]) in _poll_block(page, second)


def test_ballot_list_hides_open_polls_from_absent_members_and_other_councils(client, poll, council, cast):
    client.force_login(members(council)[3].user)
    absent_page = page_of(client.get(reverse("awards:ballot-list")))
    client.force_login(cast["outsider"])
    outsider_page = page_of(client.get(reverse("awards:ballot-list")))

    assert f'data-poll="{poll.pk}"' not in absent_page
    assert f'data-poll="{poll.pk}"' not in outsider_page
    assert "Không có cuộc bỏ phiếu nào đang chờ bạn." in absent_page


def test_ballot_list_shows_results_only_once_published(client, poll, council, cast):
    an, binh = candidates(poll)
    for member in members(council)[:3]:
        services.ballot_cast(poll=poll, user=member.user, choices={an.pk: AGREE, binh.pk: DISAGREE})
    services.poll_close(poll=poll, by=cast["council_secretary"])
    client.force_login(members(council)[3].user)  # absent today, still a member: sees the results

    closed = _poll_block(page_of(client.get(reverse("awards:ballot-list"))), poll)
    services.poll_publish(poll=poll, by=cast["council_secretary"])
    published = _poll_block(page_of(client.get(reverse("awards:ballot-list"))), poll)

    assert "data-result" not in closed
    assert "kết quả sẽ hiện ở đây khi được công bố" in closed
    assert re.search(rf'data-result="{an.pk}".*?3/3 đồng ý.*?Đạt', published, re.DOTALL)
    assert re.search(rf'data-result="{binh.pk}".*?0/\d+ đồng ý.*?Không đạt', published, re.DOTALL)


@pytest.mark.parametrize("count", [1, 3])
def test_ballot_list_queries_do_not_grow_with_the_polls(client, session, tree, cast, council, count):
    polls = [open_poll_on(session, cast, [candidate(tree, "LDTT", f"Người {n}", cast)]) for n in range(count)]
    for poll in polls:
        everyone_votes(poll, council)
        services.poll_close(poll=poll, by=cast["council_secretary"])
        services.poll_publish(poll=poll, by=cast["council_secretary"])
    open_poll_on(session, cast, [candidate(tree, "LDTT", "Mở", cast)])
    client.force_login(members(council)[0].user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("awards:ballot-list"))

    assert response.status_code == 200
    # session, user; the menu of base.html: role assignments (no model permissions: he is not staff); the open polls
    # (voted and candidate count annotated); the past polls; their published results with the nominations.
    assert len(queries) == 6, "\n".join(query["sql"][:150] for query in queries)


def test_a_member_who_is_a_candidate_may_abstain_on_himself_only(client, poll, council):
    an, _binh = candidates(poll)
    seat = members(council)[0]
    CouncilMember.objects.filter(pk=seat.pk).update(person=an.person)
    client.force_login(seat.user)

    page = page_of(client.get(form_url(poll)))
    assert page.count('value="abstain"') == 1 and "xung đột lợi ích" in page
    refused = client.post(form_url(poll), ballot(poll, AGREE, "abstain"))
    assert refused.status_code == 200 and "Hãy chọn Đồng ý hoặc Không đồng ý." in page_of(refused)
    assert not Participation.objects.filter(poll=poll).exists()

    response = client.post(form_url(poll), ballot(poll, "abstain", AGREE))

    assert response.status_code == 302
    assert Participation.objects.filter(poll=poll).count() == 1
