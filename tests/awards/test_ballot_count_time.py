"""The time of the ballot-count minutes is the poll's close, in Vietnam's time, with its full date: a count that
ended on another day than the session's says so, and is dated that day, not the session's."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from awards.councils import minutes, voting
from awards.councils.enums import Choice
from awards.councils.models import Poll
from tests.factories.councils import attend, candidate, council_with_members, members, poll_on
from tests.pdf import pdf_text

pytestmark = pytest.mark.integration

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SESSION_DAY = datetime.date(2026, 12, 2)


@pytest.fixture
def session(tree, cast):
    """The provincial council's session of 02/12/2026 in the Hội trường tầng 3, five members, all present."""
    council = council_with_members(unit=tree["province"], count=5, staff_unit=tree["office"])
    session = council.sessions.create(date=SESSION_DAY, place="Hội trường tầng 3", year=2026)
    attend(session, present=5, by=cast["council_secretary"])
    return session


def vote(session, cast, tree, time_machine, *, opened: datetime.datetime, closed: datetime.datetime):
    """The secretary opens a poll on one candidate at `opened`; all five agree; he closes it at `closed`."""
    time_machine.move_to(opened, tick=False)
    poll = poll_on(session, cast, [candidate(tree, "LDTT", "Nguyễn Văn An", cast)])
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for seat in members(session.council):
        voting.ballot_cast(poll=poll, user=seat.user, choices={n.pk: Choice.AGREE for n in poll.candidates.all()})
    time_machine.move_to(closed, tick=False)
    voting.poll_close(poll=poll, by=cast["council_secretary"])
    return poll


def test_a_count_on_the_session_day_is_dated_and_placed_with_the_session(session, cast, tree, time_machine, tmp_path):
    poll = vote(
        session,
        cast,
        tree,
        time_machine,
        opened=datetime.datetime(2026, 12, 2, 9, 40, tzinfo=HANOI),
        closed=datetime.datetime(2026, 12, 2, 10, 15, tzinfo=HANOI),
    )

    text = pdf_text(minutes.ballot_count_minutes_pdf(poll), tmp_path)

    assert "Huế, ngày 02 tháng 12 năm 2026" in text
    assert "Hồi 10 giờ 15, ngày 02 tháng 12 năm 2026, tại Hội trường tầng 3, Ban kiểm phiếu" in text
    assert "không phải ngày họp" not in text
    assert "được lập xong vào hồi 10 giờ 15 cùng ngày" in text


def test_a_count_after_midnight_is_dated_the_day_it_ended(session, cast, tree, time_machine, tmp_path):
    """Closed at 00:10 on 03/12 in Hà Nội, which is still 02/12 in UTC: the minutes read Hà Nội's day and time."""
    poll = vote(
        session,
        cast,
        tree,
        time_machine,
        opened=datetime.datetime(2026, 12, 2, 23, 30, tzinfo=HANOI),
        closed=datetime.datetime(2026, 12, 3, 0, 10, tzinfo=HANOI),
    )
    assert Poll.objects.get(pk=poll.pk).closed_at.astimezone(datetime.UTC).date() == SESSION_DAY

    with timezone.override(zoneinfo.ZoneInfo("UTC")):  # whatever zone a request activated
        text = pdf_text(minutes.ballot_count_minutes_pdf(poll), tmp_path)

    assert "Huế, ngày 03 tháng 12 năm 2026" in text
    assert "Hồi 00 giờ 10, ngày 03 tháng 12 năm 2026, Ban kiểm phiếu" in text  # not placed in the session's room
    assert "Hội trường tầng 3" not in text
    assert "Cuộc bỏ phiếu kết thúc ngày 03/12/2026, không phải ngày họp của phiên họp (02/12/2026)." in text
    assert "Phiên họp Hội đồng Thi đua - Khen thưởng ngày 02/12/2026" in text
