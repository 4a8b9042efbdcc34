"""Factories of awards' councils: a council with its seats, a session, a poll; and the steps of a meeting as the
secretary takes them through `awards.councils.voting` (attendance, a poll on the agenda), with candidates sent to
the council the way a regional clerk sends them."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from awards.councils import voting
from awards.councils.enums import Attendance, CouncilRole, PollMode
from awards.councils.models import Council, CouncilMember, Poll, Session
from awards.nominations.models import Nomination
from tests.factories.awards import PersonYearFactory
from tests.factories.emulation import RegistrationFactory
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory, UnitFactory, UserFactory
from units.enums import Role

_SERIAL = itertools.count(1)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    unit = factory.SubFactory(UnitFactory)
    name = "Hội đồng Thi đua - Khen thưởng VKSND tỉnh T"
    term_start = datetime.date(2026, 1, 5)


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    """A voting member's seat (role "member"); pass user=None for a seat without an account."""

    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..council.unit"))
    user = factory.SubFactory(UserFactory)
    role = CouncilRole.MEMBER
    order = factory.Sequence(lambda n: n)


def council_with_members(
    *, unit, count: int, staff_unit, member_name: str = "Thành viên Hội đồng {n}", **fields
) -> Council:
    """A council of `unit` with `count` voting members (role "member", in order 0…), persons HD-0… of `staff_unit`
    named after `member_name` and holding the accounts hd0…."""
    council = CouncilFactory(unit=unit, **fields)
    for n in range(count):
        CouncilMemberFactory(
            council=council,
            person=PersonFactory(code=f"HD-{n}", full_name=member_name.format(n=n), unit=staff_unit),
            user=UserFactory(username=f"hd{n}"),
            order=n,
        )
    return council


def members(council) -> list[CouncilMember]:
    """The council's seats in their order."""
    return list(council.members.order_by("order"))


class SessionFactory(factory.django.DjangoModelFactory):
    """The meeting of 02/12/2026 in the Hội trường, on the achievements of 2026."""

    class Meta:
        model = Session

    council = factory.SubFactory(CouncilFactory)
    date = datetime.date(2026, 12, 2)
    place = "Hội trường"
    year = 2026


class PollFactory(factory.django.DjangoModelFactory):
    """A poll row written directly (no candidates, no ballots); `poll_on` creates one as the secretary does."""

    class Meta:
        model = Poll

    session = factory.SubFactory(SessionFactory)
    title = "Bỏ phiếu"


def secretary_of(council):
    """The account holding the council secretary role over the council's unit (the test cast's "secretary")."""
    return (
        get_user_model()
        .objects.filter(role_assignments__role=Role.COUNCIL_SECRETARY, role_assignments__unit=council.unit)
        .first()
    )


def attend(session, present: int, written: int = 0, *, by=None) -> None:
    """The secretary (`by`, else `secretary_of` the council) marks the first `present` seats present, the next
    `written` absent with a written opinion, the rest absent."""
    statuses = {}
    for index, member in enumerate(members(session.council)):
        if index < present:
            statuses[member.pk] = Attendance.PRESENT
        elif index < present + written:
            statuses[member.pk] = Attendance.WRITTEN
        else:
            statuses[member.pk] = Attendance.ABSENT
    by = by or secretary_of(session.council)
    assert by is not None, "no council secretary yet: request the `cast` fixture or pass by="
    voting.attendance_record(session=session, statuses=statuses, by=by)


def poll_on(session, cast, nominations, mode=PollMode.SECRET, reason: str = "") -> Poll:
    """The secretary puts `nominations` on the session's agenda (those not yet on it) and creates a poll on them
    (not opened)."""
    secretary = cast["council_secretary"]
    on_agenda = set(session.agenda.values_list("nomination_id", flat=True))
    voting.agenda_add(session=session, nominations=[n for n in nominations if n.pk not in on_agenda], by=secretary)
    return voting.poll_create(
        session=session, title="Bỏ phiếu", nominations=nominations, mode=mode, reason=reason, by=secretary
    )


def candidates(tree, cast, names, code: str = "LDTT", *, year: int = 2026) -> list[Nomination]:
    """Nominations of VKS-T-KV1 for new people named `names`, each registered for `code` with an excellent year,
    sent in one tờ trình to the provincial council by the regional clerk."""
    nominations = []
    for name in names:
        person = PersonFactory(code=f"CB-{next(_SERIAL)}", full_name=name, unit=tree["kv1"])
        RegistrationFactory(person=person, code=code, year=year)
        PersonYearFactory(person=person, year=year, rating="excellent")
        nominations.append(
            NominationFactory(nominating_unit=tree["kv1"], person=person, code=code, year=year, justification="x")
        )
    submit(nominations, by=cast["regional_clerk"], council_unit=tree["province"], title="Đề nghị")
    return nominations


def candidate(tree, code: str, name: str, cast) -> Nomination:
    """One nomination before the provincial council, in its own tờ trình (see `candidates`)."""
    return candidates(tree, cast, [name], code)[0]
