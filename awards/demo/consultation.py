"""The demo public consultation (lấy ý kiến nhân dân) of VKSND thành phố Huế: a Huân chương Lao động hạng Ba
proposed for the Viện trưởng of a khu vực procuracy, recommended by the Huế council and in its consultation window.

The province's clerk sends the nomination to the council in a tờ trình of the province; the council's secretary
puts it to a short session of the day of seeding, counts the paper ballots (all in favour), publishes the result and
ends the session; then opens the consultation from that day for the rule set's number of days; a regional clerk
sends an objection, which waits for the office's answer. Every step goes through the services, as a user would
take it, so the data satisfies `check_councils`. A vote is taken only from its session's day on: the session is the
day of seeding. Nothing is created twice, nor before the council's term.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind
from awards.catalogue.models import AwardType
from awards.councils import voting
from awards.councils.enums import Attendance, PollMode
from awards.councils.models import Council, Session
from awards.nominations import consultation as consultations
from awards.nominations import services as nomination_services
from awards.nominations.models import Batch, Consultation, Nomination
from awards.nominations.receiving import council_in_office_q
from units.enums import UnitLevel
from units.models import Person, Unit

HUE = "VKS-HUE"
YEAR = 2026
AWARD = "HCLD3"
CLERK = "vanthu"  # the province's clerk: he writes the tờ trình of the province
SECRETARY = "thuky"  # the council's secretary: its session, and the consultation (the council's office)
OPINION_AUTHOR = "vanthu_kv1"  # a regional clerk, staff of the province's subtree: reads the public page
SESSION_TITLE = "Họp xét đề nghị tặng Huân chương Lao động"
SUMMARY = (
    "Hơn 25 năm công tác trong ngành Kiểm sát, trong đó 12 năm giữ chức vụ lãnh đạo đơn vị; đơn vị do đồng chí "
    "lãnh đạo nhiều năm liền đạt danh hiệu Tập thể lao động xuất sắc; bản thân 3 lần đạt danh hiệu Chiến sĩ thi "
    "đua cơ sở, được tặng Bằng khen của Thủ tướng Chính phủ."
)
FIGURES = "Án truy tố đúng thời hạn: 100%\nKháng nghị phúc thẩm được chấp nhận: 9/10\nSáng kiến được công nhận: 2"
OBJECTION = (
    "Đề nghị Hội đồng làm rõ thời gian giữ chức vụ lãnh đạo của đồng chí trong giai đoạn 2013–2015 khi đơn vị "
    "chưa được thành lập theo mô hình khu vực."
)


def _nominee(province: Unit) -> Person | None:
    """The Viện trưởng of the first khu vực procuracy (not a member of the provincial council)."""
    return (
        Person.objects.filter(
            unit__parent=province, unit__level=UnitLevel.REGIONAL, unit__valid_to__isnull=True, position="Viện trưởng"
        )
        .order_by("unit__sort_key", "code")
        .first()
    )


@transaction.atomic
def seed_consultation() -> int:
    """Create the demo consultation if missing; returns the number of opinions created (0 when nothing was)."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None or Consultation.objects.filter(council_unit=province).exists():
        return 0
    today = cal.today()
    council = Council.objects.filter(council_in_office_q(today), unit=province).first()
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=[CLERK, SECRETARY, OPINION_AUTHOR])
    }
    award_type = AwardType.objects.filter(code=AWARD).first()
    nominee = _nominee(province)
    if council is None or len(users) < 3 or award_type is None or nominee is None:
        return 0
    clerk, secretary = users[CLERK], users[SECRETARY]
    if Nomination.objects.filter(person=nominee, award_type=award_type, year=YEAR).exists():
        return 0
    nomination = nomination_services.nomination_save(
        nomination=Nomination(
            nominating_unit=province,
            person=nominee,
            award_type=award_type,
            year=YEAR,
            kind=AwardKind.DEDICATION,
            summary=SUMMARY,
            figures=FIGURES,
            justification="Đơn vị đã đối chiếu hồ sơ cán bộ: đồng chí đủ thời gian giữ chức vụ lãnh đạo theo quy định.",
        ),
        by=clerk,
    )
    batch = nomination_services.batch_save(
        batch=Batch(
            unit=province,
            council_unit=province,
            year=YEAR,
            number="30/TTr-VKS",
            date=today,
            title="Về việc đề nghị tặng Huân chương Lao động hạng Ba",
            signer_title="Viện trưởng",
        ),
        by=clerk,
    )
    nomination_services.batch_add(batch=batch, nominations=[nomination], by=clerk)
    nomination_services.batch_submit(batch=batch, by=clerk)
    nomination.refresh_from_db()
    _vote(council, nomination, secretary)
    consultation = consultations.consultation_open(
        council_unit=province, nominations=[nomination], opens_on=today, by=secretary
    )
    nomination.refresh_from_db()
    consultations.opinion_add(
        consultation=consultation, nomination=nomination, text=OBJECTION, is_objection=True, by=users[OPINION_AUTHOR]
    )
    return 1


def _vote(council: Council, nomination: Nomination, secretary) -> None:
    """The secretary's session of the day: every voting member present, a paper ballot all in favour, the result
    published (the nomination is recommended), the session ended."""
    session = voting.session_create(
        council=council,
        session=Session(
            title=SESSION_TITLE,
            date=cal.today(),
            start_time=datetime.time(14, 0),
            place="Phòng họp số 1, VKSND thành phố Huế",
            year=YEAR,
        ),
        by=secretary,
    )
    voting.agenda_add(session=session, nominations=[nomination], by=secretary)
    seats = voting.voting_members(session)
    voting.attendance_record(session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=secretary)
    poll = voting.poll_create(
        session=session,
        title="Bỏ phiếu kín đề nghị tặng Huân chương Lao động hạng Ba",
        nominations=[nomination],
        mode=PollMode.PAPER,
        by=secretary,
    )
    voting.poll_open(poll=poll, by=secretary)
    present = len(seats)
    voting.paper_count_record(
        poll=poll,
        nomination=nomination,
        by=secretary,
        issued=present,
        returned=present,
        valid=present,
        invalid=0,
        agree=present,
        disagree=0,
    )
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)
    voting.session_close(session=session, by=secretary)
