"""Shared fixtures: a small procuracy tree and the fixed cast of users.

Tree:  province (VKS-T)
         ├─ office   (VKS-T-VP, department)
         ├─ regional (VKS-T-KV1, regional) ─ regional office (VKS-T-KV1-VP)
         └─ regional (VKS-T-KV2, regional)
       other province (VKS-X), outside everybody's scope but the administrator's.
The province's council (`provincial_council`) is there only for the tests that ask for it.
"""

import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from awards.catalogue.enums import Authority, AwardKind
from awards.register import services
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative, Movement
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.councils import CouncilFactory
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from units.enums import Role, UnitLevel

D = datetime.date

# `TDKT_TEST_TODAY=2032-06-15 make test` runs the whole suite as if it were that day (see docs/dev/testing.md).
TODAY_VARIABLE = "TDKT_TEST_TODAY"
_traveller_key = pytest.StashKey[time_machine.travel]()


def morning_of(day: datetime.date) -> datetime.datetime:
    """09:00 in Hà Nội on `day`, in UTC: an aware UTC destination leaves the process's TZ alone (a ZoneInfo one
    makes time-machine set TZ and call tzset)."""
    local = datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    return local.astimezone(datetime.UTC)


def pytest_configure(config):
    """Pin the clock for the whole run when TDKT_TEST_TODAY is set. A hook, not a fixture, so that it holds before
    any fixture runs, in every xdist worker (each one loads this conftest) and, as time-machine patches the C
    functions behind time and datetime, in the live server's thread too. tick=True: time still passes."""
    config.addinivalue_line("markers", "today(day): pin the clock to that day for the test (see the clock fixture)")
    value = os.environ.get(TODAY_VARIABLE)
    if not value:
        return
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"{TODAY_VARIABLE}={value!r}: expected a date YYYY-MM-DD") from None
    traveller = config.stash[_traveller_key] = time_machine.travel(morning_of(day), tick=True)
    traveller.start()


def pytest_unconfigure(config):
    traveller = config.stash.get(_traveller_key, None)
    if traveller is not None:
        traveller.stop()


def pytest_collection_modifyitems(items):
    """A test marked `today` sets up `clock` first, before the fixtures that build its data."""
    for item in items:
        if item.get_closest_marker("today"):
            item.fixturenames.insert(0, "clock")
    _refuse_mixed_modules(items)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


def _refuse_mixed_modules(items) -> None:
    """A transactional test ends by flushing the database, data migrations' rows (the catalogue, the rule sets)
    included. pytest-django runs them after the others, but `--dist loadscope` sends a whole module to one worker:
    a module mixing both kinds would flush the catalogue under the tests its worker runs next. So a transactional
    test lives in a module of its own kind."""
    kinds: dict[str, set[bool]] = {}
    for item in items:
        kinds.setdefault(item.nodeid.split("::")[0], set()).add(_transactional(item))
    mixed = sorted(module for module, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            "modules mixing transactional and ordinary database tests (move the transactional ones to a module of "
            "their own): " + ", ".join(mixed)
        )


def pytest_report_header(config):
    value = os.environ.get(TODAY_VARIABLE)
    return f"{TODAY_VARIABLE}={value}: the clock is pinned to {value} 09:00 (Asia/Ho_Chi_Minh)" if value else None


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in Vietnamese: a request in English (LocaleMiddleware) leaves its language active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clock(request, time_machine) -> datetime.date:
    """Today's date for the test. A test (class, module) that holds only on some days pins it with
    `@pytest.mark.today("2026-12-08")` (or a date): 09:00 in Hà Nội that day, time still ticking, from before its
    other fixtures run to its end, whatever the real or the TDKT_TEST_TODAY clock says."""
    marker = request.node.get_closest_marker("today")
    if marker is not None:
        time_machine.move_to(morning_of(datetime.date.fromisoformat(str(marker.args[0]))))
    return timezone.localdate()


@pytest.fixture
def tree(db):
    province = UnitFactory(code="VKS-T", name="Viện kiểm sát nhân dân tỉnh T", short_name="VKSND tỉnh T")
    office = UnitFactory(code="VKS-T-VP", name="Văn phòng", level=UnitLevel.DEPARTMENT, parent=province)
    kv1 = UnitFactory(
        code="VKS-T-KV1", name="Viện kiểm sát nhân dân khu vực 1", level=UnitLevel.REGIONAL, parent=province
    )
    kv1_office = UnitFactory(code="VKS-T-KV1-VP", name="Văn phòng khu vực 1", level=UnitLevel.DEPARTMENT, parent=kv1)
    kv2 = UnitFactory(
        code="VKS-T-KV2", name="Viện kiểm sát nhân dân khu vực 2", level=UnitLevel.REGIONAL, parent=province
    )
    other = UnitFactory(code="VKS-X", name="Viện kiểm sát nhân dân tỉnh X", short_name="VKSND tỉnh X")
    return {"province": province, "office": office, "kv1": kv1, "kv1_office": kv1_office, "kv2": kv2, "other": other}


@pytest.fixture
def cast(tree):
    """The fixed cast: a provincial clerk, a regional clerk, a leader, council roles, an admin, an outsider."""
    return {
        "clerk": user_with_role(Role.CLERK, tree["province"], "clerk"),
        "regional_clerk": user_with_role(Role.CLERK, tree["kv1"], "regional_clerk"),
        "leader": user_with_role(Role.LEADER, tree["province"], "leader"),
        "council_secretary": user_with_role(Role.COUNCIL_SECRETARY, tree["province"], "secretary"),
        "council_member": user_with_role(Role.COUNCIL_MEMBER, tree["province"], "member"),
        "admin": user_with_role(Role.ADMIN, None, "admin"),
        "outsider": user_with_role(Role.CLERK, tree["other"], "outsider"),
    }


@pytest.fixture
def provincial_council(tree):
    """The council of province T, in office from 05/01/2026 on: it receives the tờ trình of the khu vực and the
    phòng (a tờ trình goes only to a council in office on its date)."""
    return CouncilFactory(unit=tree["province"], name="Hội đồng Thi đua - Khen thưởng VKSND tỉnh T")


@pytest.fixture
def staff(tree):
    return {
        "hang": PersonFactory(code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"]),
        "dung": PersonFactory(code="CB-DUNG", full_name="Trần Văn Dũng", gender="male", unit=tree["office"]),
        "outsider": PersonFactory(code="CB-X", full_name="Lê Văn Đức", gender="male", unit=tree["other"]),
    }


@pytest.fixture
def province_awards(tree, staff):
    """Province T: 4 collectives and 4 individuals over 2020–2024, plus awards that must not count."""
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["province"], is_manager=True)
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["kv1_office"])
    hang, dung = staff["hang"], staff["dung"]

    d22 = DecisionFactory(number="101/QĐ-VKS", date=D(2022, 12, 20))
    d23 = DecisionFactory(number="88/QĐ-VKS", date=D(2024, 1, 10))
    flag22 = DecisionFactory(number="20/QĐ-VKSTC", date=D(2023, 1, 15), authority=Authority.PROCURATOR_GENERAL)
    ttg = DecisionFactory(number="950/QĐ-TTg", date=D(2024, 6, 20), authority=Authority.PRIME_MINISTER)
    ad_hoc = DecisionFactory(number="45/QĐ-VKS", date=D(2024, 4, 15))
    thematic = DecisionFactory(number="310/QĐ-VKSTC", date=D(2024, 9, 2), authority=Authority.PROCURATOR_GENERAL)
    d24 = DecisionFactory(number="120/QĐ-VKS", date=D(2024, 12, 25))
    ubnd = DecisionFactory(number="2500/QĐ-UBND", date=D(2025, 1, 20), authority=Authority.PROVINCIAL_COMMITTEE)

    AwardFactory(code="LDTT", person=hang, year=2022, decision=d22)
    AwardFactory(code="CTDN", unit=tree["kv1"], year=2022, decision=flag22)
    AwardFactory(code="TTLDXS", unit=tree["kv1"], year=2023, decision=d23)
    AwardFactory(code="BKTTG", unit=tree["province"], year=2023, decision=ttg)
    AwardFactory(code="GK", person=mai, year=2024, decision=ad_hoc, kind=AwardKind.AD_HOC)
    AwardFactory(code="BKVKSTC", person=dung, year=2024, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(code="LDTT", person=lan, year=2024, decision=d24)
    AwardFactory(code="CTDUBND", unit=tree["kv2"], year=2024, decision=ubnd)
    # Not counted: revoked, another province.
    revoked = AwardFactory(code="LDTT", person=dung, year=2022, decision=d22)
    services.award_revoke(award=revoked, on=D(2023, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai đối tượng")
    AwardFactory(code="LDTT", person=staff["outsider"], year=2023, decision=d23)

    Movement.objects.create(
        code="PT-48", name="Phong trào thi đua Vì công lý", launching_unit=tree["province"],
        start_date=D(2022, 1, 10), doc_number="48/KH-VKS", doc_date=D(2022, 1, 10), doc_issuer="VKSND tỉnh T",
    )  # fmt: skip
    Initiative.objects.create(
        title="Sáng kiến số hóa hồ sơ", unit=tree["kv1"], year=2023, level=InitiativeLevel.SECTOR,
        status=InitiativeStatus.RECOGNISED, decision_number="1/QĐ-VKS", decision_date=D(2023, 11, 1),
    )  # fmt: skip
    return tree
