"""A 2025-style reorganisation built with the factories: provinces A, B and C (each with two districts and one
member of staff in each district) merged on 01/07/2025 into a new province N, whose regional procuracies (khu vực)
absorbed the districts; the staff moved with their districts, the old units closed on 30/06/2025.

    A ─ A1, A2          N ─ KV1 (← A1, A2)
    B ─ B1, B2    →       ├ KV2 (← B1, B2, C1)
    C ─ C1, C2            └ KV3 (← C2)          N ← A, B, C

`merge_2025("A")` merges one province only (N ← A, KV1 ← A1, A2): the same shape with fewer predecessors.
"""

import dataclasses
import datetime

from awards.register.models import Decision
from tests.factories.awards import DecisionFactory
from tests.factories.units import PersonFactory, UnitFactory
from units import services as unit_services
from units.enums import UnitLevel
from units.models import Person, Unit

MERGED_ON = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
# Which regional procuracy of N absorbed each district.
ABSORBED_BY = {"A1": "KV1", "A2": "KV1", "B1": "KV2", "B2": "KV2", "C1": "KV2", "C2": "KV3"}


@dataclasses.dataclass
class Merger:
    old: dict[str, Unit]  # "A", "B", "C"
    districts: dict[str, Unit]  # "A1", "A2", …
    staff: dict[str, Person]  # one per district, by the district's key
    new: Unit
    regions: dict[str, Unit]  # "KV1", …

    def decision(self, issuer: Unit, number: str, day: datetime.date) -> Decision:
        """The decision `number` of `issuer` (the province that confers its units' titles) in the year of `day`,
        recorded the first time it is named: each issuer numbers its own decisions."""
        found = Decision.objects.filter(issuing_unit=issuer, number=number, year=day.year).first()
        return found or DecisionFactory(issuing_unit=issuer, number=number, date=day)


def merge_2025(letters: str = "ABC") -> Merger:
    old = {
        letter: UnitFactory(
            code=f"VKS-{letter}",
            name=f"Viện kiểm sát nhân dân tỉnh {letter}",
            short_name=f"VKSND tỉnh {letter}",
            level=UnitLevel.PROVINCIAL,
        )
        for letter in letters
    }
    districts = {
        f"{letter}{n}": UnitFactory(
            code=f"VKS-{letter}-H{n}",
            name=f"Viện kiểm sát nhân dân huyện {letter}{n}",
            short_name=f"VKSND huyện {letter}{n}",
            level=UnitLevel.REGIONAL,
            parent=old[letter],
        )
        for letter in letters
        for n in (1, 2)
    }
    staff = {
        key: PersonFactory(code=f"CB-{key}", full_name=f"Cán bộ huyện {key}", unit=district)
        for key, district in districts.items()
    }
    new = UnitFactory(
        code="VKS-N",
        name="Viện kiểm sát nhân dân tỉnh N",
        short_name="VKSND tỉnh N",
        level=UnitLevel.PROVINCIAL,
        valid_from=MERGED_ON,
    )
    new.predecessors.set(old.values())
    regions = {}
    for region in sorted({ABSORBED_BY[key] for key in districts}):
        regions[region] = UnitFactory(
            code=f"VKS-N-{region}",
            name=f"Viện kiểm sát nhân dân khu vực {region[2:]}",
            short_name=f"VKSND khu vực {region[2:]}",
            level=UnitLevel.REGIONAL,
            parent=new,
            valid_from=MERGED_ON,
        )
        regions[region].predecessors.set([districts[key] for key in districts if ABSORBED_BY[key] == region])
    # The merger: the staff move with their districts, then the districts and the provinces close.
    for key, person in staff.items():
        staff[key] = unit_services.person_transfer(person=person, to_unit=regions[ABSORBED_BY[key]], on_date=MERGED_ON)
    for unit in [*districts.values(), *old.values()]:
        unit_services.unit_close(unit=unit, on_date=LAST_DAY)
    for units in (old, districts):
        for unit in units.values():
            unit.refresh_from_db()
    return Merger(old=old, districts=districts, staff=staff, new=new, regions=regions)
