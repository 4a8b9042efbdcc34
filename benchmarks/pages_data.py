"""The national records that benchmarks/pages.py needs and the demo seeds for Huế only.

`seed_demo --scale nation` gives every province its units, staff and five years of awards, but its movements,
groups, registrations, initiatives, nominations, tờ trình, council, session and reports are Huế's alone (a few
hundred rows). A national administrator's lists would then hold a province's worth of rows. `seed_national` gives
each of the other provinces the same kinds of records at Huế's density, through the services where they write in
bulk or a province at a time, and in bulk rows (as the test factories write a state past the workflow) where a
service would take one row per call:

  councils      one per province in office since 05/01/2026: the Viện trưởng (chair), the Phó Viện trưởng, the
                Chánh Văn phòng, five Trưởng phòng, a Phó Chánh Văn phòng as secretary without a vote (rows);
  movements     the demo's 8 movements, launched by each province for its units (`movement_save`);
  groups        2025: the khu vực of each province in clusters of 6 and its phòng in a bloc (`group_save`);
                2026 copied with the head's rotation (`groups_copy_to_next_year`);
  registrations 2025 and 2026: LĐTT for all staff, CSTĐCS for ~12 % (within each unit's 15 %), TTLĐTT for every
                open unit below a province (`registrations_bulk`);
  initiatives   5 a year 2022–2025 per province, recognised, with one or two authors (`initiative_save`);
  nominations   2026: the year's facts of every member of staff (rows), then every registration of 2026 as a
                nomination of the unit under the province that the person belongs to (rows), one tờ trình per such
                unit (`batch_save`); the first half of each province's khu vực send theirs (`batch_submit`);
  sessions      each council's session of the demo's day with the CSTĐCS sent (and the same staff's LĐTT) on its
                agenda (`agenda_add`);
  reports       a draft 5-year report 2021–2025 of each province and of the whole sector (`report_create`).

Then Huế's session opens a secret poll on its whole agenda with every member present (`attendance_record`,
`poll_create`, `poll_open`: the secretary's steps), so that the council member has a ballot page to open; that
needs the session's day to have come (the demo holds it between 01/12 and 10/12/2026, or on the day it is seeded).

Draws come from `random.Random` seeded with a constant: two databases seeded the same way hold the same rows.
"""

import datetime
import random
import time
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from awards.catalogue.enums import RecipientKind
from awards.catalogue.models import AwardType
from awards.councils import voting
from awards.councils.enums import Attendance, CouncilRole, PollMode, SessionState
from awards.councils.models import Council, CouncilMember, Session
from awards.demo.councils import session_day
from awards.nominations import services as nomination_services
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination
from awards.register.enums import Discipline, TaskRating
from awards.register.models import PersonYear
from emulation import services as emulation_services
from emulation.demo.movements import MOVEMENTS
from emulation.enums import GroupKind, GroupLevel, InitiativeLevel, InitiativeStatus, MemberRole
from emulation.models import EmulationGroup, Initiative, Movement, Registration
from reports import services as report_services
from reports.models import Report, ReportKind
from units.common import versions
from units.enums import UnitLevel
from units.models import Person, Unit

SEED = "tdkt-bench-pages-v1"
HUE = "VKS-HUE"
YEAR = 2026
SENT_ON = datetime.date(2026, 11, 20)
TERM_START = datetime.date(2026, 1, 5)
CLUSTER_SIZE = 6
INITIATIVES_PER_YEAR = 5
SUMMARY = (
    "Hoàn thành tốt nhiệm vụ được giao năm {year}; chấp hành nghiêm chủ trương, chính sách của Đảng, pháp luật "
    "của Nhà nước; tích cực tham gia các phong trào thi đua của ngành."
)
JUSTIFICATION = "Đơn vị xác nhận đồng chí đủ tiêu chuẩn; số liệu đã được kiểm tra."
BATCH_SIZE = 2000


def seeded() -> bool:
    """Whether `seed_national` ran on this database (its last step leaves a sector report)."""
    return Report.objects.filter(unit__parent__isnull=True).exists()


def seed_national(*, admin, secretary, echo=print) -> None:
    """Give every province but Huế the records the demo gives Huế (module docstring); `echo` reports each step."""
    provinces = list(
        Unit.objects.filter(level=UnitLevel.PROVINCIAL, valid_to__isnull=True).exclude(code=HUE).order_by("sort_key")
    )
    rng = random.Random(SEED)
    steps = [
        ("councils", lambda: _councils(provinces)),
        ("movements", lambda: _movements(provinces, admin)),
        ("emulation groups", lambda: _groups(provinces, admin)),
        ("registrations", lambda: _registrations(provinces, rng, admin)),
        ("initiatives", lambda: _initiatives(provinces, rng, admin)),
        ("nominations", lambda: _nominations(provinces, rng, admin)),
        ("session agenda items", lambda: _sessions(provinces, admin)),
        ("an open poll in Huế (candidates)", lambda: _open_poll(secretary)),
        ("reports", lambda: _reports(provinces, admin)),
    ]
    for label, step in steps:
        started = time.perf_counter()
        with transaction.atomic():
            made = step()
        if connection.vendor == "postgresql":
            # The next step's queries read the rows just loaded: plan them with their statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        echo(f"seed: {made:,} {label} in {time.perf_counter() - started:.1f} s")
    # The nominations were written in bulk, which sends no post_save: no cached figure may outlive them.
    for name in versions.NAMES:
        versions.bump(name)


def _open_children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("sort_key"))


def _staff_of(unit: Unit) -> list[Person]:
    """The staff of the unit and the units below it (open ones), in the unit order."""
    return list(
        Person.objects.filter(unit__path__startswith=unit.path, unit__valid_to__isnull=True)
        .select_related("unit")
        .order_by("unit__sort_key", "-is_manager", "code")
    )


# -- councils, movements, groups --------------------------------------------------------------------------


def _councils(provinces: list[Unit]) -> int:
    seats = []
    for province in provinces:
        own = list(Person.objects.filter(unit=province))
        office = list(Person.objects.filter(unit__code=f"{province.code}-VP"))
        heads = list(
            Person.objects.filter(unit__parent=province, position="Trưởng phòng").order_by("unit__sort_key")[:5]
        )
        members = [(p, CouncilRole.CHAIR, True) for p in own if p.position == "Viện trưởng"]
        members += [(p, CouncilRole.VICE_CHAIR, True) for p in own if p.position == "Phó Viện trưởng"]
        members += [(p, CouncilRole.STANDING_VICE_CHAIR, True) for p in office if p.position == "Chánh Văn phòng"]
        members += [(p, CouncilRole.MEMBER, True) for p in heads]
        members += [(p, CouncilRole.SECRETARY, False) for p in office if p.position == "Phó Chánh Văn phòng"][:1]
        council = Council.objects.create(
            unit=province,
            name=f"Hội đồng Thi đua - Khen thưởng {province.name}",
            term_start=TERM_START,
            decision=f"Quyết định số 05/QĐ-VKS ngày 05/01/2026 của Viện trưởng {province.short_name}",
        )
        seats += [
            CouncilMember(council=council, person=person, role=role, votes=votes, order=order)
            for order, (person, role, votes) in enumerate(members, start=1)
        ]
    CouncilMember.objects.bulk_create(seats)
    return len(provinces)


def _movements(provinces: list[Unit], admin) -> int:
    made = 0
    for province in provinces:
        suffix = province.code.removeprefix("VKS-")
        participants = _open_children(province)
        for code, name, kind, start, end, (doc_type, number, doc_date) in MOVEMENTS:
            movement = Movement(
                code=f"{code}-{suffix}",
                name=name,
                kind=kind,
                launching_unit=province,
                start_date=datetime.date(*start),
                end_date=datetime.date(*end) if end else None,
                doc_type=doc_type,
                doc_number=number,
                doc_date=datetime.date(*doc_date),
                doc_issuer=province.short_name,
            )
            emulation_services.movement_save(movement=movement, participating_units=participants, by=admin)
            made += 1
    return made


def _groups(provinces: list[Unit], admin) -> int:
    made = 0
    for province in provinces:
        children = _open_children(province)
        regions = [unit for unit in children if unit.level == UnitLevel.REGIONAL]
        offices = [unit for unit in children if unit.level != UnitLevel.REGIONAL]
        plans = [
            (GroupKind.CLUSTER, f"Cụm thi đua số {n // CLUSTER_SIZE + 1}", regions[n : n + CLUSTER_SIZE])
            for n in range(0, len(regions), CLUSTER_SIZE)
        ]
        plans.append((GroupKind.BLOC, "Khối các phòng nghiệp vụ và Văn phòng", offices))
        for kind, name, units in plans:
            if len(units) < 2:
                continue
            roles = dict.fromkeys(units, MemberRole.MEMBER) | {units[0]: MemberRole.HEAD, units[1]: MemberRole.DEPUTY}
            group = EmulationGroup(year=YEAR - 1, kind=kind, level=GroupLevel.PROVINCIAL, name=name, organiser=province)
            emulation_services.group_save(group=group, roles=roles, by=admin)
            made += 1
        made += len(emulation_services.groups_copy_to_next_year(organiser=province, year=YEAR - 1, by=admin))
    return made


# -- registrations, initiatives ----------------------------------------------------------------------------


def _registrations(provinces: list[Unit], rng: random.Random, admin) -> int:
    types = {t.code: t for t in AwardType.objects.filter(code__in=["LDTT", "CSTDCS", "TTLDTT"])}
    made = 0
    for province in provinces:
        staff = _staff_of(province)
        collectives = list(
            Unit.objects.filter(path__startswith=province.path, valid_to__isnull=True).exclude(pk=province.pk)
        )
        by_unit: dict[int, list[Person]] = defaultdict(list)
        for person in staff:
            by_unit[person.unit_id].append(person)
        for year in (YEAR - 1, YEAR):
            chosen = []
            for people in by_unit.values():
                quota = int(len(people) * 0.15)
                leaders = [p for p in people if p.is_manager]
                others = [p for p in people if not p.is_manager]
                rng.shuffle(others)
                chosen += (leaders + others)[: min(quota, max(1, round(len(people) * 0.12)))] if quota else []
            register = emulation_services.registrations_bulk
            made += len(register(year=year, award_type=types["LDTT"], persons=staff, by=admin))
            made += len(register(year=year, award_type=types["CSTDCS"], persons=chosen, by=admin))
            made += len(register(year=year, award_type=types["TTLDTT"], units=collectives, by=admin))
    return made


def _initiatives(provinces: list[Unit], rng: random.Random, admin) -> int:
    made = 0
    for province in provinces:
        units = _open_children(province)
        staff = defaultdict(list)
        for person in _staff_of(province):
            staff[person.unit.path].append(person)
        for year in range(2022, 2026):
            for n in range(INITIATIVES_PER_YEAR):
                unit = units[(year * INITIATIVES_PER_YEAR + n) % len(units)]
                people = [p for path, persons in staff.items() if path.startswith(unit.path) for p in persons]
                if not people:
                    continue
                initiative = Initiative(
                    title=f"Giải pháp nâng cao chất lượng công tác số {n + 1} năm {year} của {unit.short_name}",
                    unit=unit,
                    domain="Thực hành quyền công tố, kiểm sát điều tra",
                    year=year,
                    level=InitiativeLevel.GRASSROOTS,
                    status=InitiativeStatus.RECOGNISED,
                    decision_number=f"{200 + year % 100}/QĐ-VKS",
                    decision_date=datetime.date(year, 12, 10),
                    decision_issuer=province.short_name,
                )
                authors = rng.sample(people, min(len(people), rng.choice((1, 2))))
                emulation_services.initiative_save(initiative=initiative, authors=authors, by=admin)
                made += 1
    return made


# -- nominations, tờ trình, sessions -----------------------------------------------------------------------


def _person_years(staff: list[Person], rng: random.Random) -> None:
    rows = []
    for person in staff:
        draw = rng.random()
        rows.append(
            PersonYear(
                person=person,
                year=YEAR,
                rating=TaskRating.EXCELLENT if draw < 0.2 else TaskRating.GOOD if draw < 0.96 else TaskRating.DONE,
                service_months=12 if rng.random() > 0.02 else 4,
                absence_months=0 if rng.random() > 0.03 else 4,
                discipline=Discipline.REPRIMAND if rng.random() < 0.01 else Discipline.NONE,
            )
        )
    PersonYear.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _nominations(provinces: list[Unit], rng: random.Random, admin) -> int:
    registered = defaultdict(list)  # person id -> award types registered for YEAR
    for person_id, type_id in Registration.objects.filter(year=YEAR, person__isnull=False).values_list(
        "person_id", "award_type_id"
    ):
        registered[person_id].append(type_id)
    types = {t.pk: t for t in AwardType.objects.filter(code__in=["LDTT", "CSTDCS"])}
    made = 0
    for province in provinces:
        staff = _staff_of(province)
        _person_years(staff, rng)
        children = _open_children(province)
        regions = [unit for unit in children if unit.level == UnitLevel.REGIONAL]
        sending = set(regions[: len(regions) // 2])
        for number, unit in enumerate(children, start=1):
            sent = unit in sending
            batch = nomination_services.batch_save(
                batch=Batch(
                    unit=unit,
                    council_unit=province,
                    year=YEAR,
                    title=f"Về việc đề nghị công nhận danh hiệu thi đua năm {YEAR}",
                    number=f"{number:02d}/TTr-VKS" if sent else "",
                    date=SENT_ON if sent else None,
                ),
                by=admin,
            )
            rows = [
                Nomination(
                    nominating_unit=unit,
                    recipient_kind=RecipientKind.INDIVIDUAL,
                    person=person,
                    award_type=types[type_id],
                    year=YEAR,
                    summary=SUMMARY.format(year=YEAR),
                    justification=JUSTIFICATION,
                    state=NominationState.DRAFT,
                    batch=batch,
                    created_by=admin,
                )
                for person in staff
                if person.unit.path.startswith(unit.path)
                for type_id in registered[person.pk]
                if type_id in types
            ]
            bulk_create_with_history(rows, Nomination, batch_size=BATCH_SIZE, default_user=admin)
            made += len(rows)
            if sent and rows:
                nomination_services.batch_submit(batch=batch, by=admin)
    return made


def _sessions(provinces: list[Unit], admin) -> int:
    made = 0
    for council in Council.objects.filter(unit__in=provinces).select_related("unit"):
        session = Session.objects.create(
            council=council,
            title=f"Họp xét thi đua, khen thưởng năm {YEAR}",
            date=session_day(),
            start_time=datetime.time(8, 0),
            place=f"Hội trường {council.unit.short_name}",
            year=YEAR,
        )
        sent = list(
            Nomination.objects.filter(
                state=NominationState.SUBMITTED, year=YEAR, batch__council_unit=council.unit
            ).select_related("award_type", "nominating_unit")
        )
        nominees = {n.person_id for n in sent if n.award_type.code == "CSTDCS"}
        agenda = sorted(
            (n for n in sent if n.person_id in nominees),
            key=lambda n: (n.nominating_unit.sort_key, n.person_id, n.award_type.report_order, n.pk),
        )
        made += voting.agenda_add(session=session, nominations=agenda, by=admin)
    return made


def _open_poll(secretary) -> int:
    """A secret poll on the whole agenda of Huế's session, open, every member present."""
    # The demo's session of the year (its HCLĐ session is closed already).
    sessions = Session.objects.filter(council__unit__code=HUE).exclude(state=SessionState.CLOSED)
    session = sessions.order_by("date", "pk").first()
    if session is None or secretary is None:
        return 0
    seats = session.council.seats_on(session.date)
    voting.attendance_record(session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=secretary)
    nominations = [item.nomination for item in session.agenda.select_related("nomination")]
    poll = voting.poll_create(
        session=session, title="Bỏ phiếu kín danh hiệu CSTĐCS, LĐTT", nominations=nominations,
        mode=PollMode.SECRET, by=secretary,
    )  # fmt: skip
    try:
        voting.poll_open(poll=poll, by=secretary)
    except ValidationError as exc:  # the session's day has not come: the ballot page stays empty
        print(f"seed: the poll of Huế's session stays closed: {' '.join(exc.messages)}")
        return 0
    return len(nominations)


def _reports(provinces: list[Unit], admin) -> int:
    units = [*provinces, *Unit.objects.filter(parent__isnull=True)]
    for unit in units:
        report_services.report_create(unit=unit, kind=ReportKind.FIVE_YEAR, start_year=2021, end_year=2025, by=admin)
    return len(units)
