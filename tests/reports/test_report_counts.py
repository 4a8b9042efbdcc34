"""The numbers the printed report shows, against counts the test makes itself from the records it created:
the unit tree as it was (a unit merged later), revoked awards, the six-month window's boundaries, the footnotes of
the period, and a number of queries that does not grow with the data."""

import datetime
import random
from collections import Counter

import pytest
from django.core.management import call_command

from awards.register import services as award_services
from awards.register.models import Award
from reports import documents
from tests.factories.awards import AwardFactory, DecisionFactory, prerequisites_of
from tests.factories.emulation import MovementFactory
from tests.factories.units import PersonFactory, UnitFactory
from tests.pdf import pdf_text
from units import services as unit_services
from units.common import formatting
from units.enums import UnitLevel

pytestmark = pytest.mark.integration

D = datetime.date


def render(tmp_path, **options) -> str:
    output = tmp_path / "report.pdf"
    call_command("render_report", output=str(output), **options)
    return pdf_text(output.read_bytes(), tmp_path)


def forms(counts: str) -> str:
    """The opening of part 2.4's sentence on the forms of commendation (`reports.wording`)."""
    return f"đã được khen thưởng {counts}, cụ thể:"


def titles(counts: str) -> str:
    """The opening of part 2.4's sentence on the emulation titles, stated apart from the forms."""
    return f"Về danh hiệu thi đua, {counts} được tặng, công nhận danh hiệu thi đua"


def test_random_register_counts_match_the_pdf(tree, tmp_path):
    """60 awards spread at random over the tree and the years; the test counts what the report must show."""
    chooser = random.Random(2025)
    units = [tree["province"], tree["office"], tree["kv1"], tree["kv1_office"], tree["kv2"], tree["other"]]
    people = [
        PersonFactory(code=f"CB-{index}", full_name=f"Cán bộ số {index}", unit=chooser.choice(units))
        for index in range(12)
    ]
    decisions = {year: DecisionFactory(number=f"{year}/QĐ-VKS", date=D(year, 12, 20)) for year in range(2019, 2026)}
    expected = Counter()
    per_unit = Counter()
    created = []
    for index in range(60):
        year = chooser.randrange(2019, 2026)
        if index % 3 == 0:
            recipient = chooser.choice(units)
            if Award.objects.filter(unit=recipient, year=year).exists():
                continue
            award = AwardFactory(code="GK", unit=recipient, year=year, decision=decisions[year])
            home, kind = recipient, "collectives"
        else:
            person = chooser.choice(people)
            code = chooser.choice(["LDTT", "CSTDCS"])
            if Award.objects.filter(person=person, year=year, award_type__code=code).exists():
                continue
            # A CSTĐCS after the LĐTT of its year it rests on (the register's rule), counted as well.
            for ldtt in prerequisites_of(code=code, year=year, decision=decisions[year], person=person):
                created.append((ldtt, person.unit, "individuals"))
            award = AwardFactory(code=code, person=person, year=year, decision=decisions[year])
            home, kind = person.unit, "individuals"
        created.append((award, home, kind))
    revoked = [award for award, _home, _kind in created[::7]]
    for award in revoked:
        award_services.award_revoke(award=award, on=D(2026, 1, 5), revoking_decision="1/QĐ-VKS", reason="Kiểm tra")
    for award, home, kind in created:
        counted = award not in revoked and 2020 <= award.year <= 2024 and home.path.startswith("/VKS-T/")
        if counted:
            expected[kind] += 1
            child = next(
                (unit for unit in (tree["office"], tree["kv1"], tree["kv2"]) if home.path.startswith(unit.path)),
                tree["province"],
            )
            per_unit[child.code] += 1

    text = render(tmp_path, kind="five_year", unit="VKS-T", start=2020, end=2024)

    # The collectives' awards are Giấy khen (forms), the individuals' LĐTT and CSTĐCS (titles): stated apart, each
    # group of the table by type with its own sum.
    collectives, individuals = formatting.count2(expected["collectives"]), formatting.count2(expected["individuals"])
    assert forms(f"{collectives} lượt tập thể") in text
    assert titles(f"{individuals} lượt cá nhân") in text
    assert f"Cộng danh hiệu thi đua – {individuals} {individuals}" in text
    assert f"Cộng hình thức khen thưởng {collectives} – {collectives}" in text
    figures = documents.compute_figures(kind="five_year", unit=tree["province"], start=2020, end=2024)
    assert {row["name"]: row["total"] for row in figures["units"]} == {
        tree[key].name_with_parent: per_unit[tree[key].code] for key in ("province", "office", "kv1", "kv2")
    }


def test_a_unit_merged_later_still_counts_under_its_parent_of_the_time(tree, tmp_path):
    district = UnitFactory(
        code="VKS-T-H1", name="Viện kiểm sát nhân dân huyện Hòa Bình", level=UnitLevel.REGIONAL, parent=tree["province"]
    )
    kien = PersonFactory(code="CB-KIEN", full_name="Trần Trung Kiên", unit=district)
    AwardFactory(code="TTLDTT", unit=district, year=2022, decision=DecisionFactory(date=D(2022, 12, 20)))
    AwardFactory(code="LDTT", person=kien, year=2023, decision=DecisionFactory(date=D(2023, 12, 20)))
    # 2025: the district is merged into khu vực 2; Kiên moves there with it.
    unit_services.person_transfer(person=kien, to_unit=tree["kv2"], on_date=D(2025, 7, 1))
    unit_services.unit_close(unit=district, on_date=D(2025, 6, 30))
    tree["kv2"].predecessors.add(district)
    AwardFactory(code="LDTT", person=kien, year=2025, decision=DecisionFactory(date=D(2025, 12, 20)))

    province = render(tmp_path, kind="five_year", unit="VKS-T", start=2021, end=2025)
    as_it_was = render(tmp_path, kind="five_year", unit="VKS-T-KV2", start=2021, end=2025, lineage="as_it_was")
    with_predecessors = render(tmp_path, kind="five_year", unit="VKS-T-KV2", start=2021, end=2025)

    # The province counts all three; its appendix by unit lists the closed district with its two awards, under khu
    # vực 2 that absorbed it (the tree order of the period).
    assert titles("01 lượt tập thể và 02 lượt cá nhân") in province
    district_row = "Viện kiểm sát nhân dân huyện Hòa Bình (đơn vị tiền thân) 01 01 02"
    assert province.index("Viện kiểm sát nhân dân khu vực 2") < province.index(district_row)
    # Khu vực 2 did not hold the district in 2022–2023: as it was, only Kiên's award of 2025 is its own; with its
    # predecessor (the default), the district's two awards count too, and the report says so.
    assert titles("01 lượt cá nhân") in as_it_was
    assert titles("01 lượt tập thể và 02 lượt cá nhân") in with_predecessors
    assert "Số liệu tính cả các đơn vị tiền thân: VKSND VKS-T-H1 (hợp nhất từ 01/7/2025)." in with_predecessors


def test_six_month_window_includes_both_ends_and_nothing_outside(tree, staff, tmp_path):
    hang = staff["hang"]
    for number, day in (("1", D(2024, 11, 30)), ("2", D(2024, 12, 1)), ("3", D(2025, 5, 31)), ("4", D(2025, 6, 1))):
        decision = DecisionFactory(number=f"{number}/QĐ-VKS", date=day)
        AwardFactory(code="GK", person=hang, year=day.year, decision=decision)

    default = render(tmp_path, kind="six_month", unit="VKS-T", year=2025)
    custom = render(
        tmp_path, kind="six_month", unit="VKS-T", year=2025, window_from=D(2025, 1, 1), window_to=D(2025, 6, 30)
    )

    assert "từ ngày 01/12/2024 đến ngày 31/5/2025" in default
    assert forms("02 lượt cá nhân") in default  # 01/12/2024 and 31/05/2025
    assert "từ ngày 01/01/2025 đến ngày 30/6/2025" in custom
    assert forms("02 lượt cá nhân") in custom  # 31/05/2025 and 01/06/2025


def test_footnotes_cite_the_movements_of_the_period_and_only_those(tree, tmp_path):
    def movement(code, start, end, number):
        MovementFactory(
            code=code, name=f"Phong trào {code}", launching_unit=tree["province"], start_date=start, end_date=end,
            doc_number=number, doc_date=start, doc_issuer="VKSND tỉnh T",
        )  # fmt: skip

    # The period of 2020–2024 is its work years, 01/12/2019–30/11/2024 (domain-rules §4.4).
    movement("PT-TRUOC", D(2018, 1, 5), D(2019, 11, 30), "1/KH-VKS")
    movement("PT-TRONG", D(2021, 3, 8), D(2022, 12, 31), "2/KH-VKS")
    movement("PT-MO", D(2019, 6, 1), None, "3/KH-VKS")
    movement("PT-SAU", D(2024, 12, 1), None, "4/KH-VKS")
    movement("PT-DAU", D(2018, 3, 1), D(2019, 12, 1), "5/KH-VKS")

    text = render(tmp_path, kind="five_year", unit="VKS-T", start=2020, end=2024)

    assert "Kế hoạch số 02/KH-VKS ngày 08/3/2021 của VKSND tỉnh T" in text
    assert "Kế hoạch số 03/KH-VKS ngày 01/6/2019 của VKSND tỉnh T" in text  # a number below 10 takes a zero
    assert "Kế hoạch số 05/KH-VKS ngày 01/3/2018 của VKSND tỉnh T" in text
    assert "1/KH-VKS" not in text
    assert "4/KH-VKS" not in text
    assert "Phong trào PT-TRUOC" not in text and "Phong trào PT-SAU" not in text


@pytest.mark.parametrize("count", [5, 60])
def test_all_figures_of_a_report_in_a_fixed_number_of_queries(tree, staff, django_assert_num_queries, count):
    people = [staff["hang"], staff["dung"]] + [
        PersonFactory(code=f"CB-Q{index}", full_name=f"Cán bộ {index}", unit=tree["kv1_office"]) for index in range(5)
    ]
    for index in range(count):
        AwardFactory(
            code="BKVKSTC" if index % 4 == 0 else "GK",
            **({"person": people[index % len(people)]} if index % 4 == 0 else {"unit": tree["kv2"]}),
            year=2020 + index % 5,
            decision=DecisionFactory(
                date=D(2020 + index % 5, 12, 20), authority="procurator_general" if index % 4 == 0 else "unit_head"
            ),
        )

    # the links of the tree (the predecessors), then the figures (the exemplars among them)
    with django_assert_num_queries(13):
        documents.compute_figures(kind="five_year", unit=tree["province"], start=2020, end=2024)
