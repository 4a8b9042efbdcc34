"""The rule sets by date, as shipped: each text's version takes over on its day (01/01/2024, 01/10/2024, 01/07/2025,
01/10/2026), a nomination is judged by the set in force at the end of its work year, a document cites the texts in
force on its date, and each version carries who confers what."""

import datetime
import re

import pytest

from awards.catalogue import services
from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.legal import legal_bases
from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AuthorityRule, AwardType, RuleSet
from awards.catalogue.versions import AUTHORITY_MATRIX, VERSIONS
from awards.councils import minutes
from awards.councils.models import Council, Session
from awards.nominations import documents, eligibility
from awards.nominations.eligibility import MET, NOT_MET
from awards.nominations.models import Batch, Nomination
from awards.register.models import PersonYear
from emulation.models import Initiative, InitiativeAuthor
from tests.factories.awards import award_type

pytestmark = pytest.mark.integration

D = datetime.date

LAW_2003 = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013)"
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"
LAW_2026 = "Luật số 06/2026/QH16 sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng"


def basis_numbers(lines: list[str]) -> list[str]:
    """The number of each text cited ("06/2022/QH15", "98/2023/NĐ-CP", …), in the order printed."""
    return [re.search(r"\d+/\d{4}/\S+|\b\d{4}\b", line).group() for line in lines]


# -- the versions and their dates ----------------------------------------------------------------------------------


def test_the_shipped_versions_are_in_the_database_by_date(db):
    rulesets = list(RuleSet.objects.order_by("effective_from"))

    assert [ruleset.effective_from for ruleset in rulesets] == [
        D(2000, 1, 1),
        D(2024, 1, 1),
        D(2024, 10, 1),
        D(2025, 7, 1),
        D(2026, 10, 1),
    ]
    assert [basis_numbers(ruleset.legal_basis_lines) for ruleset in rulesets] == [
        ["2003", "91/2017/NĐ-CP", "01/2019/TT-VKSTC"],
        ["06/2022/QH15", "98/2023/NĐ-CP", "01/2019/TT-VKSTC"],
        ["06/2022/QH15", "98/2023/NĐ-CP", "02/2024/TT-VKSTC"],
        ["06/2022/QH15", "152/2025/NĐ-CP", "02/2024/TT-VKSTC"],
        ["06/2022/QH15", "06/2026/QH16", "152/2025/NĐ-CP", "02/2024/TT-VKSTC"],
    ]
    assert [ruleset.ldtt_min_service_months for ruleset in rulesets] == [10, 10, 6, 6, 6]
    assert "chưa được xác nhận" in rulesets[-1].name
    assert rulesets[-1].cstdcs_requires_initiative is True


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        (D(2023, 12, 31), D(2000, 1, 1)),
        (D(2024, 1, 1), D(2024, 1, 1)),
        (D(2024, 9, 30), D(2024, 1, 1)),
        (D(2024, 10, 1), D(2024, 10, 1)),
        (D(2025, 6, 30), D(2024, 10, 1)),
        (D(2025, 7, 1), D(2025, 7, 1)),
        (D(2026, 9, 30), D(2025, 7, 1)),
        (D(2026, 10, 1), D(2026, 10, 1)),
    ],
)
def test_the_rule_set_in_force_switches_on_each_effective_date(db, day, in_force):
    assert services.ruleset_in_force(day).effective_from == in_force


@pytest.mark.parametrize(
    ("year", "judged_by"),
    [
        (2023, D(2000, 1, 1)),
        # Work year 2024 ends on 30/11/2024: TT 02/2024/TT-VKSTC is in force since 01/10/2024.
        (2024, D(2024, 10, 1)),
        (2025, D(2025, 7, 1)),
        (2026, D(2026, 10, 1)),
    ],
)
def test_a_year_is_judged_by_the_set_in_force_at_the_end_of_its_work_year(db, year, judged_by):
    assert services.ruleset_for_year(year).effective_from == judged_by


@pytest.mark.parametrize(
    ("day", "decree", "circular", "amending_law"),
    [
        (D(2024, 9, 30), "98/2023/NĐ-CP", "01/2019/TT-VKSTC", False),
        (D(2024, 10, 1), "98/2023/NĐ-CP", "02/2024/TT-VKSTC", False),
        (D(2025, 6, 30), "98/2023/NĐ-CP", "02/2024/TT-VKSTC", False),
        (D(2025, 7, 1), "152/2025/NĐ-CP", "02/2024/TT-VKSTC", False),
        (D(2026, 9, 30), "152/2025/NĐ-CP", "02/2024/TT-VKSTC", False),
        (D(2026, 10, 1), "152/2025/NĐ-CP", "02/2024/TT-VKSTC", True),
    ],
)
def test_a_document_cites_the_texts_in_force_on_its_date(db, day, decree, circular, amending_law):
    lines = legal_bases(day)

    assert lines[0] == LAW_2022
    assert (LAW_2026 in lines) is amending_law
    assert basis_numbers(lines)[-2:] == [decree, circular]


def test_a_document_before_2024_cites_the_2003_law_and_decree_91(db):
    assert basis_numbers(legal_bases(D(2023, 12, 31))) == ["2003", "91/2017/NĐ-CP", "01/2019/TT-VKSTC"]
    assert legal_bases(D(2023, 12, 31))[0] == LAW_2003


def test_the_legal_bases_are_those_the_administrator_wrote(db):
    RuleSet.objects.filter(effective_from=D(2025, 7, 1)).update(
        legal_basis="Luật Thi đua, khen thưởng số 06/2022/QH15;\n\n  Quyết định số 1/QĐ-VKSTC ngày 02/7/2025.  \n"
    )

    assert legal_bases(D(2025, 12, 1)) == [
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Quyết định số 1/QĐ-VKSTC ngày 02/7/2025",
    ]


def test_no_rule_set_on_the_day_cites_nothing(db):
    assert legal_bases(D(1999, 12, 31)) == []


# -- documents on both sides of 01/07/2025 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "decree"), [(D(2025, 6, 30), "Nghị định số 98/2023/NĐ-CP"), (D(2025, 7, 1), "Nghị định số 152/2025/NĐ-CP")]
)
def test_the_proposal_cites_the_decree_in_force_on_its_date(tree, day, decree):
    batch = Batch.objects.create(
        unit=tree["kv1"], council_unit=tree["province"], year=2025, title="Về việc đề nghị khen thưởng", date=day
    )

    lines = documents.batch_context(batch)["legal_bases"]

    assert [line for line in lines if line.startswith("Nghị định")] == [legal_bases(day)[1]]
    assert lines[1].startswith(decree)


@pytest.mark.parametrize(
    "decree",
    [
        pytest.param("Nghị định số 98/2023/NĐ-CP", marks=pytest.mark.today("2025-06-30")),
        pytest.param("Nghị định số 152/2025/NĐ-CP", marks=pytest.mark.today("2025-07-01")),
    ],
)
def test_the_draft_decision_cites_the_texts_in_force_on_the_day_it_is_drawn(tree, decree):
    council = Council.objects.create(unit=tree["province"], name="Hội đồng TĐKT", term_start=D(2025, 1, 1))
    session = Session.objects.create(council=council, title="Họp xét", date=D(2025, 6, 20), year=2025, place="Huế")

    lines = minutes.decision_draft_context(session)["legal_bases"]

    assert lines[0] == LAW_2022
    assert lines[1].startswith(decree)


# -- the same facts judged by two versions -----------------------------------------------------------------------


def ldtt_nomination(person, year: int) -> Nomination:
    PersonYear.objects.create(
        person=person, year=year, rating="good", service_months=8, absence_months=0, discipline="none"
    )
    return Nomination.objects.create(
        nominating_unit=person.unit,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=person,
        award_type=award_type("LDTT"),
        year=year,
        kind=AwardKind.REGULAR,
    )


def test_eight_months_of_service_miss_ldtt_in_2023_and_reach_it_in_2025(staff):
    before, after = ldtt_nomination(staff["hang"], 2023), ldtt_nomination(staff["hang"], 2025)

    checks = eligibility.evaluate([before, after])

    service = [checks[before.pk].get("ldtt_service"), checks[after.pk].get("ldtt_service")]
    assert [(criterion.label, criterion.status) for criterion in service] == [
        ("Công tác từ 10 tháng trở lên trong năm", NOT_MET),
        ("Công tác từ 6 tháng trở lên trong năm", MET),
    ]


def test_the_second_path_of_bkvkstc_counts_the_years_of_its_rule_set(staff):
    hang = staff["hang"]
    for year, rating in ((2023, "good"), (2024, "excellent"), (2025, "excellent")):
        PersonYear.objects.create(person=hang, year=year, rating=rating, service_months=12, absence_months=0)
    for number in ("12/QĐ-VKS", "13/QĐ-VKS"):
        found = Initiative.objects.create(
            title=f"Sáng kiến {number}", unit=hang.unit, year=2025, level="grassroots", status="recognised",
            decision_number=number, decision_date=D(2025, 12, 5),
        )  # fmt: skip
        InitiativeAuthor.objects.create(initiative=found, person=hang)
    nomination = Nomination.objects.create(
        nominating_unit=hang.unit,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=hang,
        award_type=award_type("BKVKSTC"),
        year=2025,
    )
    two_years = eligibility.evaluate([nomination])[nomination.pk].get("bkvkstc")
    RuleSet.objects.filter(effective_from=D(2025, 7, 1)).update(bkvkstc_alt_years=3)

    three_years = eligibility.evaluate([nomination])[nomination.pk].get("bkvkstc")

    assert (two_years.status, three_years.status) == (MET, NOT_MET)
    assert "hoặc 3 năm hoàn thành xuất sắc nhiệm vụ" in three_years.label
    assert "2023: Hoàn thành tốt nhiệm vụ." in three_years.reason


# -- who confers what -----------------------------------------------------------------------------------------------


def matrix(effective_from: datetime.date) -> dict[str, set[str]]:
    """{award type code: levels} of a version's authority rows (every one for every recipient)."""
    found: dict[str, set[str]] = {}
    for code, level, recipients in AuthorityRule.objects.filter(rule_set__effective_from=effective_from).values_list(
        "award_type__code", "level", "recipients"
    ):
        assert recipients == "both"
        found.setdefault(code, set()).add(level)
    return found


def test_the_high_procuracies_confer_until_the_2025_reform(db):
    unit_titles = {"supreme", "high", "provincial"}
    supreme_only = {"supreme"}
    before = {
        **dict.fromkeys(("LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "GK"), unit_titles),
        **dict.fromkeys(("BKVKSTC", "CSTDN", "CTDN", "KNCVSNKS"), supreme_only),
    }
    after = {code: levels - {"high"} for code, levels in before.items()}

    assert [matrix(day) for day in (D(2000, 1, 1), D(2024, 1, 1), D(2024, 10, 1))] == [before] * 3
    assert [matrix(day) for day in (D(2025, 7, 1), D(2026, 10, 1))] == [after] * 2


def test_awards_conferred_outside_the_procuracy_have_no_row(db):
    outside = set(
        AwardType.objects.filter(
            authority__in=("state_president", "prime_minister", "provincial_committee", "other")
        ).values_list("code", flat=True)
    )

    assert {"BKTTG", "CTDCP", "HCLD3", "BKUBND", "KNCBVPC"} <= outside
    assert not AuthorityRule.objects.filter(award_type__code__in=outside).exists()
    assert {code for code, _levels in AUTHORITY_MATRIX} & outside == set()


def test_ensure_defaults_is_idempotent_and_rebuilds_the_versions_after_a_flush(db):
    ensure_defaults(AwardType, RuleSet)
    counts = (RuleSet.objects.count(), AuthorityRule.objects.count())

    RuleSet.objects.all().delete()
    ensure_defaults(AwardType, RuleSet)
    ensure_defaults(AwardType, RuleSet)

    # 19 rows in each of the three versions with high procuracies (5 types at 3 levels, 4 at 1), 14 in the two after.
    assert counts == (len(VERSIONS), 3 * 19 + 2 * 14)
    assert (RuleSet.objects.count(), AuthorityRule.objects.count()) == counts
    assert list(RuleSet.objects.order_by("effective_from").values_list("name", flat=True)) == [
        version.name for version in VERSIONS
    ]
