import datetime

import pytest

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Authority, AwardKind
from awards.register import services
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative
from reports import statistics
from tests.factories.awards import AwardFactory, DecisionFactory, prerequisites_of, shipped_body
from tests.factories.emulation import MovementFactory
from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel

pytestmark = pytest.mark.integration

D = datetime.date


@pytest.fixture
def register(tree, staff):
    """Awards of province T over 2022–2024, plus awards that must not count.

    kv3 is a remote-area unit; Lan is a manager; Mai works in the regional office under kv1.
    """
    kv3 = UnitFactory(
        code="VKS-T-KV3", name="Viện kiểm sát nhân dân khu vực 3", level=UnitLevel.REGIONAL,
        parent=tree["province"], is_remote_area=True,
    )  # fmt: skip
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["province"], is_manager=True)
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["kv1_office"])
    minh = PersonFactory(code="CB-MINH", full_name="Võ Văn Minh", unit=kv3)
    hang, dung = staff["hang"], staff["dung"]

    d21 = DecisionFactory(number="99/QĐ-VKS", date=D(2021, 12, 20))
    d22 = DecisionFactory(number="101/QĐ-VKS", date=D(2022, 12, 20))
    d23 = DecisionFactory(number="88/QĐ-VKS", date=D(2024, 1, 10))
    flag22 = DecisionFactory(number="20/QĐ-VKSTC", date=D(2023, 1, 15), authority=Authority.PROCURATOR_GENERAL)
    ttg = DecisionFactory(number="950/QĐ-TTg", date=D(2024, 6, 20), authority=Authority.PRIME_MINISTER)
    ad_hoc = DecisionFactory(number="45/QĐ-VKS", date=D(2024, 4, 15))
    thematic = DecisionFactory(number="310/QĐ-VKSTC", date=D(2024, 9, 2), authority=Authority.PROCURATOR_GENERAL)
    d24 = DecisionFactory(number="120/QĐ-VKS", date=D(2024, 12, 25))
    ubnd = DecisionFactory(number="2500/QĐ-UBND", date=D(2025, 1, 20), authority=Authority.PROVINCIAL_COMMITTEE)

    # Counted: 4 collectives, 7 individuals.
    AwardFactory(code="LDTT", person=hang, year=2022, decision=d22)
    AwardFactory(code="LDTT", person=hang, year=2023, decision=d23)
    # Dũng's LĐTT 2023 first, which his CSTĐCS rests on (the register's rule); revoked below.
    dung_ldtt = AwardFactory(code="LDTT", person=dung, year=2023, decision=d23)
    AwardFactory(code="CSTDCS", person=dung, year=2023, decision=d23)
    AwardFactory(code="TTLDXS", unit=tree["kv1"], year=2023, decision=d23)
    AwardFactory(code="CTDN", unit=tree["kv1"], year=2022, decision=flag22)
    AwardFactory(code="BKTTG", unit=tree["province"], year=2023, decision=ttg)
    AwardFactory(code="GK", person=mai, year=2024, decision=ad_hoc, kind=AwardKind.AD_HOC)
    AwardFactory(code="BKVKSTC", person=dung, year=2024, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(code="LDTT", person=lan, year=2024, decision=d24)
    AwardFactory(code="LDTT", person=minh, year=2024, decision=d24)
    AwardFactory(code="CTDUBND", unit=kv3, year=2024, decision=ubnd)
    # Not counted: revoked, another province, before the period.
    revoked = AwardFactory(code="LDTT", person=dung, year=2022, decision=d22)
    services.award_revoke(award=revoked, on=D(2023, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai đối tượng")
    services.award_revoke(award=dung_ldtt, on=D(2024, 3, 1), revoking_decision="6/QĐ-VKS", reason="Sai đối tượng")
    AwardFactory(code="LDTT", person=staff["outsider"], year=2023, decision=d23)
    AwardFactory(code="LDTT", person=hang, year=2021, decision=d21)
    return {**tree, "kv3": kv3}


@pytest.fixture
def period(register):
    return statistics.awards_in_period(unit=register["province"], years=(2022, 2024))


def test_awards_in_period_counts_subtree_years_and_not_revoked(period):
    assert period.count() == 11


def test_awards_in_period_needs_exactly_one_window(tree):
    with pytest.raises(ValueError, match="exactly one"):
        statistics.awards_in_period(unit=tree["province"])

    with pytest.raises(ValueError, match="exactly one"):
        statistics.awards_in_period(unit=tree["province"], years=(2024, 2024), decided_between=(D(2024, 1, 1),) * 2)


def test_by_type_counts_per_type_in_report_order(period):
    rows = statistics.by_type(period)

    assert [(row["code"], row["collectives"], row["individuals"], row["total"]) for row in rows] == [
        ("CSTDCS", 0, 1, 1),
        ("LDTT", 0, 4, 4),
        ("CTDN", 1, 0, 1),
        ("CTDUBND", 1, 0, 1),
        ("TTLDXS", 1, 0, 1),
        ("BKTTG", 1, 0, 1),
        ("BKVKSTC", 0, 1, 1),
        ("GK", 0, 1, 1),
    ]
    assert rows[0]["name"] == "Chiến sĩ thi đua cơ sở"
    assert rows[0]["category"] == "title"


def test_by_authority_counts_per_conferring_authority(period):
    rows = statistics.by_authority(period)

    assert [(row["authority"], row["collectives"], row["individuals"], row["total"]) for row in rows] == [
        (Authority.PRIME_MINISTER, 1, 0, 1),
        (Authority.PROCURATOR_GENERAL, 1, 1, 2),
        (Authority.PROVINCIAL_COMMITTEE, 1, 0, 1),
        (Authority.UNIT_HEAD, 1, 6, 7),
    ]
    assert rows[0]["label"] == "Thủ tướng Chính phủ"


def test_the_awards_of_bodies_outside_the_sector_are_stated_by_issuer(register, staff):
    union, lawyers = shipped_body("TLDLD"), shipped_body("HLG")
    for number, body, person in (("15/QĐ-TLĐ", union, staff["hang"]), ("16/QĐ-TLĐ", union, staff["dung"])):
        AwardFactory(
            code="BKKHAC", person=person, year=2024,
            decision=DecisionFactory(number=number, date=D(2024, 7, 28), authority=Authority.OTHER, issuing_body=body),
        )  # fmt: skip
    by_lawyers = DecisionFactory(
        number="7/QĐ-HLG", date=D(2023, 9, 10), authority=Authority.OTHER, issuing_body=lawyers
    )
    AwardFactory(code="BKKHAC", unit=register["kv1"], year=2023, decision=by_lawyers)

    rows = statistics.by_authority(statistics.awards_in_period(unit=register["province"], years=(2022, 2024)))

    assert [(row["label"], row["collectives"], row["individuals"]) for row in rows[-2:]] == [
        ("Tổng Liên đoàn Lao động Việt Nam", 0, 2),
        ("Hội Luật gia Việt Nam", 1, 0),
    ]
    assert "Cơ quan khác" not in [row["label"] for row in rows]


def test_subsets_counts_thematic_and_ad_hoc(period):
    result = statistics.subsets(period)

    assert result == {
        "thematic": {"collectives": 0, "individuals": 1, "total": 1},
        "ad_hoc": {"collectives": 0, "individuals": 1, "total": 1},
    }


def test_by_year_and_type_builds_the_matrix(period):
    years, types, matrix = statistics.by_year_and_type(period, years=(2021, 2024))

    assert years == [2021, 2022, 2023, 2024]
    assert [t["code"] for t in types] == ["CSTDCS", "LDTT", "CTDN", "CTDUBND", "TTLDXS", "BKTTG", "BKVKSTC", "GK"]
    assert matrix == [
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 1, 1, 0, 0, 0, 0, 0],
        [1, 1, 0, 0, 1, 1, 0, 0],
        [0, 2, 0, 1, 0, 0, 1, 1],
    ]


def test_by_year_and_type_without_years_lists_years_with_awards(period):
    years, _types, _matrix = statistics.by_year_and_type(period)

    assert years == [2022, 2023, 2024]


def test_by_unit_counts_the_unit_and_each_child_subtree(register, period):
    rows = statistics.by_unit(period, unit=register["province"])

    assert [(row["unit"].code, row["collectives"], row["individuals"], row["total"]) for row in rows] == [
        ("VKS-T", 1, 1, 2),
        ("VKS-T-KV1", 2, 3, 5),
        ("VKS-T-KV2", 0, 0, 0),
        ("VKS-T-KV3", 1, 1, 2),
        ("VKS-T-VP", 0, 2, 2),
    ]


def test_higher_recipients_lists_awards_above_the_unit_head_naming_a_phong_with_its_unit(period):
    rows = statistics.higher_recipients(period)

    assert rows == [
        {
            "year": 2022,
            "name": "Viện kiểm sát nhân dân khu vực 1",
            "recipient_kind": "collective",
            "unit": "Viện kiểm sát nhân dân khu vực 1",
            "award": "Cờ thi đua ngành Kiểm sát nhân dân",
            "decision_number": "20/QĐ-VKSTC",
            "decision_date": D(2023, 1, 15),
        },
        {
            "year": 2023,
            "name": "Viện kiểm sát nhân dân tỉnh T",
            "recipient_kind": "collective",
            "unit": "Viện kiểm sát nhân dân tỉnh T",
            "award": "Bằng khen của Thủ tướng Chính phủ",
            "decision_number": "950/QĐ-TTg",
            "decision_date": D(2024, 6, 20),
        },
        {
            "year": 2024,
            "name": "Viện kiểm sát nhân dân khu vực 3",
            "recipient_kind": "collective",
            "unit": "Viện kiểm sát nhân dân khu vực 3",
            "award": "Cờ thi đua của Ủy ban nhân dân tỉnh",
            "decision_number": "2500/QĐ-UBND",
            "decision_date": D(2025, 1, 20),
        },
        {
            "year": 2024,
            "name": "Trần Văn Dũng",
            "recipient_kind": "individual",
            "unit": "Văn phòng, Viện kiểm sát nhân dân tỉnh T",  # a phòng is named with its unit
            "award": "Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao",
            "decision_number": "310/QĐ-VKSTC",
            "decision_date": D(2024, 9, 2),
        },
    ]


def test_higher_recipients_narrowed_by_codes_or_authorities(period):
    by_code = statistics.higher_recipients(period, codes=["BKVKSTC"])
    by_authority = statistics.higher_recipients(period, authorities=[Authority.PRIME_MINISTER])

    assert [row["name"] for row in by_code] == ["Trần Văn Dũng"]
    assert [row["name"] for row in by_authority] == ["Viện kiểm sát nhân dân tỉnh T"]


def test_indicators_staff_managers_remote_and_ad_hoc(period):
    result = statistics.indicators(period)

    assert result == {
        "individuals": 7,
        "staff": {"count": 6, "percent": 85.7},
        "managers": {"count": 1, "percent": 14.3},
        "unknown": {"count": 0, "percent": 0.0},
        "remote_area": {"collectives": 1, "individuals": 1, "total": 2},
        "ad_hoc": 1,
        "rotating": [],
    }


def test_indicators_without_individuals_has_no_percentages(tree):
    result = statistics.indicators(statistics.awards_in_period(unit=tree["kv2"], years=(2022, 2024)))

    assert result["staff"] == {"count": 0, "percent": None}
    assert result["managers"] == {"count": 0, "percent": None}


def test_flags_per_year_lists_flag_units(period):
    assert statistics.flags_per_year(period) == {
        2022: ["Viện kiểm sát nhân dân khu vực 1"],
        2024: ["Viện kiểm sát nhân dân khu vực 3"],
    }
    assert statistics.flags_per_year(period, codes=("CTDN",)) == {2022: ["Viện kiểm sát nhân dân khu vực 1"]}


def test_six_month_window_counts_by_decision_date(register):
    window = cal.six_month_window(2024)

    half_year = statistics.awards_in_period(unit=register["province"], decided_between=window)
    year_2024 = statistics.awards_in_period(unit=register["province"], years=(2024, 2024))

    assert window == (D(2023, 12, 1), D(2024, 5, 31))
    # Decision 88 (10/01/2024, achievements of 2023) and the ad hoc decision 45 (15/04/2024); not the
    # Prime Minister's decision of 20/06/2024 nor the other province's award under decision 88.
    assert [(row["code"], row["total"]) for row in statistics.by_type(half_year)] == [
        ("CSTDCS", 1),
        ("LDTT", 1),
        ("TTLDXS", 1),
        ("GK", 1),
    ]
    assert [(row["code"], row["total"]) for row in statistics.by_type(year_2024)] == [
        ("LDTT", 2),
        ("CTDUBND", 1),
        ("BKVKSTC", 1),
        ("GK", 1),
    ]


@pytest.fixture
def rotation(tree):
    """CSTĐCS of 2021–2024: two people taking turns in kv1's office, a chain in the office, four in kv2."""
    an = PersonFactory(code="CB-AN", full_name="Lê Văn An", unit=tree["kv1_office"])
    binh = PersonFactory(code="CB-BINH", full_name="Hồ Thị Bình", unit=tree["kv1_office"])
    chain = PersonFactory(code="CB-CHAIN", full_name="Ngô Văn Chính", unit=tree["office"])

    def cstdcs(person, year):
        prerequisites_of(code="CSTDCS", year=year, person=person)  # the LĐTT it rests on
        AwardFactory(code="CSTDCS", person=person, year=year)

    for year in (2021, 2023):
        cstdcs(an, year)
    for year in (2022, 2024):
        cstdcs(binh, year)
    for year in (2021, 2022, 2023, 2024):
        cstdcs(chain, year)
        kv2_holder = PersonFactory(code=f"CB-KV2-{year}", full_name=f"Cán bộ {year}", unit=tree["kv2"])
        cstdcs(kv2_holder, year)
    return tree


def test_indicators_warns_of_rotating_cstdcs(rotation):
    qs = statistics.awards_in_period(unit=rotation["province"], years=(2021, 2024))

    result = statistics.indicators(qs)

    assert result["rotating"] == [
        {
            "unit": "Văn phòng khu vực 1",
            "within": rotation["kv1"].short_name or rotation["kv1"].name,
            "people": ["Hồ Thị Bình", "Lê Văn An"],
            "years": [2021, 2022, 2023, 2024],
        }
    ]


def test_rotating_needs_three_years(rotation):
    qs = statistics.awards_in_period(unit=rotation["province"], years=(2022, 2023))

    assert statistics.rotating(qs) == []


def test_initiatives_counts_recognised_by_level(tree):
    def initiative(unit, year, level, status=InitiativeStatus.RECOGNISED):
        decision = {"decision_number": "1/QĐ-VKS", "decision_date": D(year, 11, 1)}
        Initiative.objects.create(
            title=f"Sáng kiến {year}", unit=unit, year=year, level=level, status=status,
            **(decision if status == InitiativeStatus.RECOGNISED else {}),
        )  # fmt: skip

    initiative(tree["kv1_office"], 2023, InitiativeLevel.GRASSROOTS)
    initiative(tree["office"], 2024, InitiativeLevel.GRASSROOTS)
    initiative(tree["province"], 2024, InitiativeLevel.SECTOR)
    initiative(tree["kv1"], 2024, InitiativeLevel.GRASSROOTS, status=InitiativeStatus.SUBMITTED)
    initiative(tree["kv1"], 2021, InitiativeLevel.SECTOR)
    initiative(tree["other"], 2024, InitiativeLevel.NATIONAL)

    result = statistics.initiatives(unit=tree["province"], years=(2022, 2024))

    assert result == {"grassroots": 2, "sector": 1, "national": 0, "total": 3}


def test_movements_in_period_from_subtree_and_ancestors(tree):
    def movement(code, unit, start, end=None, **doc):
        return MovementFactory(
            code=code, name=f"Phong trào {code}", launching_unit=unit, start_date=start, end_date=end, **doc
        )

    movement("PT-PROVINCE", tree["province"], D(2022, 1, 10), doc_number="48/KH-VKS", doc_date=D(2022, 1, 10),
             doc_issuer="VKSND tỉnh T")  # fmt: skip
    movement("PT-OFFICE", tree["kv1_office"], D(2024, 3, 1), D(2024, 9, 30))
    movement("PT-ENDED", tree["kv1"], D(2023, 1, 1), D(2023, 12, 31))
    movement("PT-LATER", tree["kv1"], D(2024, 7, 1))
    movement("PT-SIBLING", tree["kv2"], D(2024, 1, 1))
    movement("PT-OTHER", tree["other"], D(2024, 1, 1))

    rows = statistics.movements_in_period(unit=tree["kv1"], start=D(2024, 1, 1), end=D(2024, 6, 30))

    assert [(row["footnote"], row["movement"].code) for row in rows] == [(1, "PT-PROVINCE"), (2, "PT-OFFICE")]
    assert rows[0]["citation"] == "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T"


def _compute_everything(unit):
    reach = statistics.unit_reach(unit)  # the links of the tree, read once for every figure
    qs = statistics.awards_in_period(unit=unit, years=(2022, 2024), lineage=reach)
    statistics.by_type(qs)
    statistics.by_authority(qs)
    statistics.subsets(qs)
    statistics.by_year_and_type(qs, years=(2022, 2024))
    statistics.by_unit(qs, unit=unit, lineage=reach)
    statistics.higher_recipients(qs)
    statistics.indicators(qs)
    statistics.initiatives(unit=unit, years=(2022, 2024), lineage=reach)
    statistics.flags_per_year(qs)
    statistics.movements_in_period(unit=unit, start=D(2022, 1, 1), end=D(2024, 12, 31), lineage=reach)


@pytest.mark.parametrize("count", [5, 50])
def test_statistics_query_count_does_not_grow(tree, staff, django_assert_num_queries, count):
    units = [tree["kv1"], tree["kv1_office"], tree["office"], tree["province"]]
    people = [staff["hang"], staff["dung"]]
    for index in range(count):
        year = 2022 + index % 3
        if index % 2:
            AwardFactory(code="GK", unit=units[index % len(units)], year=year)
        else:
            AwardFactory(code="BKVKSTC", person=people[index % len(people)], year=year)
        MovementFactory(
            code=f"PT-{index}", name="Phong trào", launching_unit=units[index % len(units)], start_date=D(2023, 1, 1)
        )

    # the links of the tree 1, by_type, by_authority, subsets, by_year_and_type 2 each (counts per type id, the
    # types), by_unit 3 (children and predecessors, counts per unit, their paths), higher_recipients 1, indicators
    # 2 (counts, CSTĐCS fetch), initiatives 1, flags_per_year 1, movements 1.
    with django_assert_num_queries(18):
        _compute_everything(tree["province"])
