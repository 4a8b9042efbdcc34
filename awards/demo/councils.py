"""The demo council of VKSND thành phố Huế and its year-end session, ready for a vote.

Members: the Viện trưởng (chair, the `lanhdao` account), the Phó Viện trưởng (vice-chairs; one is `hoidong`), the
Chánh Văn phòng (standing vice-chair), the heads of the phòng, and the Phó Chánh Văn phòng as secretary without a
vote (`thuky`). Members without a demo account get one (`hoidong1`, `hoidong2`, …, same password) so that a whole
vote can be tried in the browser. The session of 10/12/2026 (or of the day of seeding, `session_day`) has the
khu vực's CSTĐCS nominations (and the same staff's LĐTT) on its agenda, put there by the secretary; attendance and
polls are left to the secretary, and a poll opens from the session's day on (`voting.poll_open`): the demo holds no
vote, open or closed, before that day. Nothing is created twice.

The council comes before the nominations (`seed_council`: a tờ trình goes only to a council in office on its
date), the session after them (`seed_session`: its agenda is the nominations sent).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from awards.catalogue import calendar as cal
from awards.councils import voting as services
from awards.councils.enums import CouncilRole
from awards.councils.models import Council, CouncilMember, Session
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from units import services as unit_services
from units.demo.organisation import DEMO_PASSWORD
from units.enums import Role
from units.models import Person, Unit

HUE = "VKS-HUE"
YEAR = 2026
SESSION_DAY = datetime.date(2026, 12, 10)
# The work year 2026 ends on 30/11/2026: a demo seeded between then and the session's planned day holds the session
# on the day it is seeded, so that a vote can be tried at once (a poll opens only from the session's day on).
WORK_YEAR_AFTER = datetime.date(2026, 12, 1)
MEMBER_ACCOUNT = "hoidong"
SECRETARY = "thuky"  # the demo account of the council's secretary (role and seat): it sets the agenda


def _people(province: Unit, named: dict) -> list[tuple[Person, str, bool]]:
    """(person, council role, votes) in the order of the council's decision."""
    staff = Person.objects.filter(unit__path__startswith=province.path, unit__valid_to__isnull=True).select_related(
        "unit"
    )
    own = [p for p in staff if p.unit_id == province.pk]
    office = [p for p in staff if p.unit.code == f"{HUE}-VP"]
    heads = sorted(
        (p for p in staff if p.unit.parent_id == province.pk and p.position == "Trưởng phòng"),
        key=lambda p: p.unit.sort_key,
    )
    members = [(p, CouncilRole.CHAIR, True) for p in own if p.position == "Viện trưởng"]
    members += [(p, CouncilRole.VICE_CHAIR, True) for p in own if p.position == "Phó Viện trưởng"]
    members += [(p, CouncilRole.STANDING_VICE_CHAIR, True) for p in office if p.position == "Chánh Văn phòng"]
    members += [(p, CouncilRole.MEMBER, True) for p in heads[:5]]
    deputies = sorted(
        (p for p in office if p.position == "Phó Chánh Văn phòng"), key=lambda p: p.full_name not in named
    )
    members += [(p, CouncilRole.SECRETARY, False) for p in deputies[:1]]
    return members


@transaction.atomic
def seed_council() -> int:
    """Create the demo council with its members if missing; returns the number of council members created."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None or Council.objects.filter(unit=province).exists():
        return 0
    users = get_user_model().objects
    council = Council.objects.create(
        unit=province,
        name="Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân thành phố Huế",
        term_start=datetime.date(2026, 1, 5),
        decision="Quyết định số 05/QĐ-VKS ngày 05/01/2026 của Viện trưởng VKSND thành phố Huế",
    )
    password = make_password(DEMO_PASSWORD)
    # The demo accounts sit in the seats of the people whose names they carry.
    named = {}
    for username in ("lanhdao", MEMBER_ACCOUNT, SECRETARY):
        user = users.filter(username=username).first()
        if user is not None:
            named[f"{user.last_name} {user.first_name}".strip()] = user
    created = extra = 0
    for order, (person, role, votes) in enumerate(_people(province, named), start=1):
        user = named.get(person.full_name)
        if user is None and votes:
            extra += 1
            family, _sep, given = person.full_name.rpartition(" ")
            user, _new = users.get_or_create(
                username=f"{MEMBER_ACCOUNT}{extra}",
                defaults={"first_name": given, "last_name": family, "password": password},
            )
            unit_services.role_assign(user=user, role=Role.COUNCIL_MEMBER, unit=province)
        CouncilMember.objects.create(council=council, person=person, user=user, role=role, votes=votes, order=order)
        created += 1
    return created


def session_day() -> datetime.date:
    """10/12/2026, or the day of seeding when that falls between the end of the work year and 10/12/2026."""
    return min(max(cal.today(), WORK_YEAR_AFTER), SESSION_DAY)


@transaction.atomic
def seed_session() -> bool:
    """Create the session of `session_day()` with the CSTĐCS nominations sent to the council on its agenda, if the
    council has no session yet; returns whether it was created."""
    council = Council.objects.filter(unit__code=HUE).select_related("unit").first()
    if council is None or council.sessions.exists():
        return False
    session = Session.objects.create(
        council=council,
        title="Họp xét thi đua, khen thưởng năm 2026",
        date=session_day(),
        start_time=datetime.time(8, 0),
        place="Hội trường VKSND thành phố Huế",
        year=YEAR,
    )
    sent = Nomination.objects.filter(state=NominationState.SUBMITTED, year=YEAR, batch__council_unit=council.unit)
    nominees = sent.filter(award_type__code="CSTDCS").values("person_id")
    # A CSTĐCS is recorded only with (or after) the same year's LĐTT (awards.register.validation.prerequisite_error):
    # the nominees' LĐTT are on the agenda too, so that the head's decision records both together.
    agenda = sent.filter(Q(award_type__code="CSTDCS") | Q(award_type__code="LDTT", person_id__in=nominees)).order_by(
        "nominating_unit__sort_key", "person_id", "award_type__report_order", "id"
    )
    secretary = get_user_model().objects.filter(username=SECRETARY).first()
    if secretary is not None:
        services.agenda_add(session=session, nominations=list(agenda), by=secretary)
    return True
