"""Fixtures of the award register: a small history over the shared `tree` and `staff`.

history (staff["hang"], unit VKS-T-KV1):
  LĐTT 2020–2024, CSTĐCS 2022, 2023, 2024 (regular), Bằng khen VKSTC 2024;
  collective TTLĐTT 2023 and 2024 for VKS-T-KV1.
"""

import datetime

import pytest

from tests.factories.awards import AwardFactory, DecisionFactory


@pytest.fixture
def history(staff, tree):
    hang = staff["hang"]
    decisions = {
        year: DecisionFactory(number=f"{year - 2000}/QĐ-VKS-T", date=datetime.date(year, 12, 20))
        for year in range(2020, 2025)
    }
    ldtt = [AwardFactory(code="LDTT", person=hang, year=year, decision=decisions[year]) for year in range(2020, 2025)]
    cstdcs = [
        AwardFactory(code="CSTDCS", person=hang, year=year, decision=decisions[year]) for year in (2022, 2023, 2024)
    ]
    bk = AwardFactory(
        code="BKVKSTC",
        person=hang,
        year=2024,
        decision=DecisionFactory(
            number="512/QĐ-VKSTC", date=datetime.date(2025, 1, 15), authority="procurator_general"
        ),
    )
    ttldtt = [
        AwardFactory(code="TTLDTT", unit=tree["kv1"], year=year, decision=decisions[year]) for year in (2023, 2024)
    ]
    return {"person": hang, "decisions": decisions, "ldtt": ldtt, "cstdcs": cstdcs, "bk": bk, "ttldtt": ttldtt}
