"""Demo registrations (đăng ký thi đua) of VKSND thành phố Huế for the work years 2025 and 2026, by its units
of today.

Every member of staff registers for LĐTT; about one in eight, leaders first, for CSTĐCS (within the 15 % quota of
each unit); each open unit for TTLĐTT and a few for TTLĐXS; the best khu vực of 2025 for the sector's flag. The
current work year is left open for the clerks. Draws come from `random.Random` seeded with a constant, and the
service keeps existing registrations, so a second run writes nothing.
"""

import random

from awards.catalogue.models import AwardType
from emulation import services
from units.models import Person, Unit

SEED = "tdkt-seed-registrations-v1"
HUE = "VKS-HUE"
YEARS = (2025, 2026)
CSTDCS_SHARE = 0.12
EXCELLENT_UNITS = ("KV5", "KV6", "P2", "VP")
FLAG_UNITS = ("KV5",)


def seed_registrations() -> int:
    """Create the missing demo registrations; returns how many were created."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None:
        return 0
    return sum(_seed_year(province, year) for year in YEARS)


def _seed_year(province: Unit, year: int) -> int:
    rng = random.Random(f"{SEED}-{year}")
    types = {t.code: t for t in AwardType.objects.filter(code__in=["LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "CTDN"])}
    units = list(Unit.objects.filter(path__startswith=province.path, valid_to__isnull=True).order_by("sort_key"))
    staff = list(Person.objects.filter(unit__in=units).order_by("unit__sort_key", "-is_manager", "code"))
    created = len(services.registrations_bulk(year=year, award_type=types["LDTT"], persons=staff))
    chosen = []
    by_unit: dict[int, list[Person]] = {}
    for person in staff:
        by_unit.setdefault(person.unit_id, []).append(person)
    for people in by_unit.values():
        quota = int(len(people) * 0.15)
        wanted = min(quota, max(1, round(len(people) * CSTDCS_SHARE))) if quota else 0
        leaders = [p for p in people if p.is_manager]
        others = [p for p in people if not p.is_manager]
        rng.shuffle(others)
        chosen.extend((leaders + others)[:wanted])
    created += len(services.registrations_bulk(year=year, award_type=types["CSTDCS"], persons=chosen))
    collectives = [unit for unit in units if unit != province]
    created += len(services.registrations_bulk(year=year, award_type=types["TTLDTT"], units=collectives))
    excellent = [unit for unit in collectives if unit.code.removeprefix(f"{HUE}-") in EXCELLENT_UNITS]
    created += len(services.registrations_bulk(year=year, award_type=types["TTLDXS"], units=excellent))
    if "CTDN" in types:
        flagged = [unit for unit in collectives if unit.code.removeprefix(f"{HUE}-") in FLAG_UNITS]
        created += len(services.registrations_bulk(year=year, award_type=types["CTDN"], units=flagged))
    return created
