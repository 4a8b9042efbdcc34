"""Query counts stay flat: a list page runs as many SQL queries with three times the rows as with one (issue 20).

A page that reads a relation row by row, or counts something per unit shown, is quick on a test's handful of rows
and slow on the national register; benchmarks/pages.py times the pages on the national data, this test catches the
queries that grow with the rows on small data.

The data: province T with its khu vực KV1 and KV2 and the roles of the issue's benchmark (an administrator, the
province's clerk, KV1's clerk, the council's secretary and a member). `grow` adds one slice: in each khu vực a new
phòng with a member of staff, his awards of two years (each with its own decision), a registration, an initiative,
a nomination sent to the provincial council in its own tờ trình, a movement of the khu vực, a report; and a cluster
of the two phòng, a council of the KV1 phòng and a session of the provincial council. One slice is added and every
page is read by every role that opens it; two more, and every page is read again. The counts must be equal, and
the page bigger (it lists the new rows: the data did reach it). Each count is of a role's second request to the page
in a row, the first one filling whatever a page caches.
"""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.councils.enums import CouncilRole
from emulation.enums import MemberRole
from reports.models import ReportKind
from tests.factories.awards import AwardFactory
from tests.factories.councils import CouncilFactory, CouncilMemberFactory, SessionFactory
from tests.factories.emulation import EmulationGroupFactory, InitiativeFactory, MovementFactory, RegistrationFactory
from tests.factories.nominations import NominationFactory, submit
from tests.factories.reports import ReportFactory
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from units.enums import Role, UnitLevel

# django_db: the tests only compare the counts, but it makes pytest-django set up the test database that the
# module's fixture reads and writes.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ADMIN, CLERK, REGIONAL, SECRETARY, MEMBER = "admin", "clerk", "regional_clerk", "council_secretary", "council_member"
DAY = datetime.datetime(2026, 12, 8, 2, 0, tzinfo=datetime.UTC)
EVERYONE = (ADMIN, CLERK, REGIONAL, SECRETARY, MEMBER)

# Each list page and the roles that open it (the others are refused: not measured).
PAGES = {
    "home": EVERYONE,
    "awards:award-list": EVERYONE,
    "awards:decision-list": EVERYONE,
    "units:person-list": EVERYONE,
    "units:unit-list": EVERYONE,
    "emulation:movement-list": EVERYONE,
    "emulation:registration-list": EVERYONE,
    "awards:nomination-list": EVERYONE,
    "emulation:initiative-list": EVERYONE,
    "emulation:group-list": EVERYONE,
    "awards:batch-list": EVERYONE,
    "awards:council-list": EVERYONE,
    "awards:council-detail": (ADMIN, CLERK, SECRETARY, MEMBER),  # the provincial council's sessions
    "reports:report-list": EVERYONE,
}


def grow(place: dict, serial: int) -> None:
    """One more of every record the lists show, in both khu vực (see the module's docstring)."""
    province = place["province"]
    phong = {}
    for region in ("kv1", "kv2"):
        kv = place[region]
        unit = phong[region] = UnitFactory(
            code=f"{kv.code}-P{serial}", name=f"Phòng {serial} {kv.name}", level=UnitLevel.DEPARTMENT, parent=kv
        )
        person = PersonFactory(code=f"CB-{unit.code}", full_name=f"Cán bộ {serial} {region}", unit=unit)
        for year in (2024, 2025):
            AwardFactory(code="LDTT", person=person, year=year)
        RegistrationFactory(person=person, year=2026)
        InitiativeFactory(unit=unit, authors=[person], title=f"Sáng kiến {serial} của {unit.code}")
        nomination = NominationFactory(person=person, nominating_unit=unit, justification="Đủ tiêu chuẩn.")
        clerk = place["users"][REGIONAL if region == "kv1" else CLERK]
        submit([nomination], by=clerk, council_unit=province, number=f"{serial}/TTr-{unit.code}")
        MovementFactory(code=f"PT-{unit.code}", launching_unit=kv, participating_units=[unit])
        ReportFactory(unit=kv, kind=ReportKind.ANNUAL, start_year=2019 + serial)
    EmulationGroupFactory(
        organiser=province, year=2025, name=f"Cụm thi đua số {serial}",
        roles={phong["kv1"]: MemberRole.HEAD, phong["kv2"]: MemberRole.MEMBER},
    )  # fmt: skip
    CouncilFactory(unit=phong["kv1"], name=f"Hội đồng Thi đua - Khen thưởng {phong['kv1'].name}")
    SessionFactory(council=place["council"], date=datetime.date(2026, 12, serial), title=f"Phiên họp số {serial}")


def read_all(place: dict) -> dict:
    """{(page, role): (queries, bytes, status)} of each role's second request to each page."""
    council = place["council"]
    found = {}
    for role, user in place["users"].items():
        client = Client()
        client.force_login(user)
        for page, roles in PAGES.items():
            if role not in roles:
                continue
            url = reverse(page, args=[council.pk]) if page == "awards:council-detail" else reverse(page)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            found[page, role] = (len(queries), len(response.content), response.status_code)
    return found


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """The counts on one slice and on three, measured once for the module and rolled back after it. The clock is
    09:00 in Hà Nội on 08/12/2026, after the tờ trình of 20/11/2026 and the sessions of 1–3/12/2026 (a module-scoped
    fixture is built before the `clock` fixture of a `today` mark would run)."""
    with time_machine.travel(DAY, tick=True), django_db_blocker.unblock(), transaction.atomic():
        # A browser test on this worker may have flushed the catalogue and rule sets of the data migrations.
        ensure_defaults(AwardType, RuleSet)
        province = UnitFactory(code="VKS-T", name="Viện kiểm sát nhân dân tỉnh T", short_name="VKSND tỉnh T")
        place = {
            "province": province,
            "kv1": UnitFactory(code="VKS-T-KV1", name="VKSND khu vực 1", level=UnitLevel.REGIONAL, parent=province),
            "kv2": UnitFactory(code="VKS-T-KV2", name="VKSND khu vực 2", level=UnitLevel.REGIONAL, parent=province),
            "council": CouncilFactory(unit=province),
        }
        place["users"] = {
            ADMIN: user_with_role(Role.ADMIN, None, "admin"),
            CLERK: user_with_role(Role.CLERK, province, "clerk"),
            REGIONAL: user_with_role(Role.CLERK, place["kv1"], "regional_clerk"),
            SECRETARY: user_with_role(Role.COUNCIL_SECRETARY, province, "secretary"),
            MEMBER: user_with_role(Role.COUNCIL_MEMBER, province, "member"),
        }
        # The secretary and the member hold seats of the provincial council: their home page lists its sessions.
        for order, role in enumerate((SECRETARY, MEMBER)):
            CouncilMemberFactory(
                council=place["council"],
                person=PersonFactory(code=f"HD-{role}", full_name=f"Thành viên {order}", unit=province),
                user=place["users"][role],
                role=CouncilRole.SECRETARY if role == SECRETARY else CouncilRole.MEMBER,
                votes=role == MEMBER,
                order=order,
            )
        grow(place, 1)
        once = read_all(place)
        grow(place, 2)
        grow(place, 3)
        thrice = read_all(place)
        transaction.set_rollback(True)
    return once, thrice


# Pages whose queries grow with the rows today, for the lead to fix (issue 20): strict, so that a fix shows.
NOT_FLAT: dict[tuple[str, str], str] = {}


def cases() -> list:
    return [
        pytest.param(
            page,
            role,
            id=f"{page}-{role}",
            marks=[pytest.mark.xfail(strict=True, reason=NOT_FLAT[page, role])] if (page, role) in NOT_FLAT else [],
        )
        for page, roles in PAGES.items()
        for role in roles
    ]


@pytest.mark.parametrize(("page", "role"), cases())
def test_the_page_runs_as_many_queries_on_three_times_the_rows(counts, page, role):
    once, thrice = counts
    queries_once, size_once, status_once = once[page, role]
    queries_thrice, size_thrice, status_thrice = thrice[page, role]

    assert (status_once, status_thrice) == (200, 200)
    assert size_thrice > size_once, "the page does not show the rows added"
    assert queries_thrice == queries_once
