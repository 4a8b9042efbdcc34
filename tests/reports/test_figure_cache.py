"""The figures of the reports and the dashboard are computed once per data version: a writer refreshing the preview
of a report, or a leader opening the home page again, waits for no aggregation of the register while nothing has
changed; a change of an award, a decision or a unit, committed, brings the new figures on the next look.

Transactional (a module of its own kind, tests/conftest.py): the cache is used outside transactions only, and the
data versions grow when a change commits (`units.common.versions`).
"""

import contextlib
import datetime
import io
import pickle

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, BaseSalary, RuleSet
from awards.nominations import services as nomination_services
from awards.payouts import services as payout_services
from awards.register import services as award_services
from awards.register.models import Award, Decision
from emulation import services as emulation_services
from reports import documents, services
from reports.models import ReportKind
from tests.factories.awards import AwardFactory, DecisionFactory, PersonYearFactory
from tests.factories.emulation import RegistrationFactory
from tests.factories.nominations import BatchFactory, NominationFactory
from tests.factories.reports import ReportFactory
from tests.factories.units import PersonFactory
from units import importing
from units import services as unit_services
from units.common import versions

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

D = datetime.date
FIVE_YEARS = {"kind": documents.FIVE_YEAR, "start": 2020, "end": 2024}


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    """The catalogue a transactional test starts without (the database was flushed), and an empty cache."""
    ensure_defaults(AwardType, RuleSet)
    caches[versions.CACHE].clear()


def award_aggregations(queries) -> list[str]:
    """The queries among `queries` that count awards (the report's statistics, the dashboard's panels)."""
    return [query["sql"] for query in queries if '"awards_award"' in query["sql"] and "COUNT(" in query["sql"]]


def figures_with_queries(unit) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        figures = documents.compute_figures(unit=unit, **FIVE_YEARS)
    return figures, award_aggregations(queries.captured_queries)


def edit_data(report) -> dict:
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS}
    return {**data, "date": "", "version": report.version}


# -- the report's preview --------------------------------------------------------------------------------------


def test_a_preview_refreshed_with_nothing_changed_runs_no_aggregation(
    client, cast, province_awards, django_assert_num_queries
):
    report = ReportFactory(unit=province_awards["province"], kind=ReportKind.FIVE_YEAR, start_year=2020, end_year=2024)
    client.force_login(cast["clerk"])
    url = reverse("reports:report-preview", args=[report.pk])
    with CaptureQueriesContext(connection) as first:
        client.post(url, edit_data(report))

    # session, user, the clerk's role paths, the report with its unit and the unit's parent; the data version; the
    # head of the unit (the signature)
    with django_assert_num_queries(6) as second:
        response = client.post(url, edit_data(report))

    assert award_aggregations(first.captured_queries)  # the first preview computed the figures
    assert award_aggregations(second.captured_queries) == []
    assert "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân" in response.content.decode()


def revoke_an_award(tree) -> None:
    award = Award.objects.get(person__code="CB-LAN", year=2024)
    award_services.award_revoke(award=award, on=D(2025, 1, 5), revoking_decision="1/QĐ-VKS", reason="Nhầm người")


def renumber_a_decision(tree) -> None:
    decision = Decision.objects.get(number="950/QĐ-TTg")
    decision.number = "951/QĐ-TTg"
    award_services.decision_save(decision=decision)


def rename_a_unit(tree) -> None:
    unit = tree["kv2"]
    unit.name = "Viện kiểm sát nhân dân khu vực 2 (mới)"
    unit_services.unit_save(unit=unit)


def individuals(figures: dict) -> int:
    return figures["totals"]["individuals"]


def decisions_of_higher_awards(figures: dict) -> list[str]:
    return [row["decision_number"] for row in figures["higher"]]


def unit_rows(figures: dict) -> list[str]:
    return [row["name"] for row in figures["units"]]


@pytest.mark.parametrize(
    ("change", "figure", "before", "after"),
    [
        (revoke_an_award, individuals, 4, 3),
        (
            renumber_a_decision,
            decisions_of_higher_awards,
            ["20/QĐ-VKSTC", "950/QĐ-TTg", "2500/QĐ-UBND", "310/QĐ-VKSTC"],
            ["20/QĐ-VKSTC", "951/QĐ-TTg", "2500/QĐ-UBND", "310/QĐ-VKSTC"],
        ),
        (
            rename_a_unit,
            unit_rows,
            [
                "Viện kiểm sát nhân dân tỉnh T",
                "Viện kiểm sát nhân dân khu vực 1",
                "Viện kiểm sát nhân dân khu vực 2",
                "Văn phòng, Viện kiểm sát nhân dân tỉnh T",
            ],
            [
                "Viện kiểm sát nhân dân tỉnh T",
                "Viện kiểm sát nhân dân khu vực 1",
                "Viện kiểm sát nhân dân khu vực 2 (mới)",
                "Văn phòng, Viện kiểm sát nhân dân tỉnh T",
            ],
        ),
    ],
    ids=["an award revoked", "a decision renumbered", "a unit renamed"],
)
def test_a_committed_change_brings_the_new_figures(province_awards, change, figure, before, after):
    unit = province_awards["province"]
    cached, _ = figures_with_queries(unit)
    assert figure(cached) == before

    change(province_awards)
    figures, aggregations = figures_with_queries(unit)

    assert aggregations  # computed again
    assert figure(figures) == after


def test_cached_figures_are_the_computed_ones(province_awards, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the same `computed_at` for all three
    unit = province_awards["province"]
    computed, _ = figures_with_queries(unit)

    cached, aggregations = figures_with_queries(unit)
    with transaction.atomic():  # inside a transaction the cache is left alone: computed afresh
        fresh = documents.compute_figures(unit=unit, **FIVE_YEARS)

    assert aggregations == []
    assert cached == computed == fresh
    assert cached is not computed  # each caller gets a copy of its own
    assert pickle.loads(pickle.dumps(fresh)) == fresh


def test_a_change_rolled_back_keeps_the_cached_figures(province_awards):
    unit = province_awards["province"]
    figures_with_queries(unit)
    version = versions.current()

    with contextlib.suppress(RuntimeError), transaction.atomic():
        revoke_an_award(province_awards)
        raise RuntimeError("the clerk's request failed after the revocation")
    figures, aggregations = figures_with_queries(unit)

    assert versions.current() == version
    assert aggregations == []
    assert figures["totals"]["individuals"] == 4


def test_a_transaction_bumps_the_version_once_and_not_for_its_rolled_back_part(province_awards):
    unit = province_awards["province"]
    version = versions.current()

    with transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            revoke_an_award(province_awards)  # its bump goes with the savepoint
            raise RuntimeError
        renumber_a_decision(province_awards)
        rename_a_unit(province_awards)
    figures, _ = figures_with_queries(unit)

    assert versions.current() == version + 1
    assert individuals(figures) == 4
    assert "951/QĐ-TTg" in decisions_of_higher_awards(figures)
    assert "Viện kiểm sát nhân dân khu vực 2 (mới)" in unit_rows(figures)


IMPORTED = (
    "award_code,recipient_kind,person_code,unit_code,year,decision_number,decision_date,kind,movement_code,note\n"
    "LDTT,individual,CB-MAI,VKS-T-KV1-VP,2023,230/QĐ-VKS,19/12/2023,,,\n"
)


def test_an_import_of_the_register_written_in_bulk_brings_the_new_figures(province_awards):
    unit = province_awards["province"]
    figures_with_queries(unit)
    version = versions.current()
    dataset = importing.load_dataset(io.BytesIO(IMPORTED.encode()), "khen-thuong.csv")

    importing.run_import(kind="awards", dataset=dataset, dry_run=True)
    assert versions.current() == version  # a dry run writes nothing
    report = importing.run_import(kind="awards", dataset=dataset, dry_run=False)
    figures, aggregations = figures_with_queries(unit)

    assert (report.new, report.errors) == (1, [])
    assert versions.current() == version + 1
    assert aggregations
    assert figures["totals"]["individuals"] == 5


# -- the dashboard ----------------------------------------------------------------------------------------------


# The dashboard's years: 2021–2025 on that day (the year under review is 2026, without awards yet).
@pytest.mark.today("2026-12-08")
def test_the_dashboard_opened_again_runs_no_aggregation_of_the_awards(
    client, cast, province_awards, django_assert_num_queries
):
    client.force_login(cast["leader"])
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))

    # the same queries but ten, read from the cache: the links of the tree, the awards per year and type, their
    # types; the nominations per state (after the ids of the units in scope and of the tờ trình sent to them); the
    # quota units, the rule sets, the awards and the live nominations of the year
    with django_assert_num_queries(len(first.captured_queries) - 10) as second:
        response = client.get(reverse("home"))

    assert len(award_aggregations(first.captured_queries)) == 1
    assert award_aggregations(second.captured_queries) == []
    assert response.context["dashboard"]["awards"]["total"] == 8  # province T's awards of 2021–2025


@pytest.mark.today("2026-12-08")
def test_the_dashboard_counts_a_new_award_and_a_new_nomination(client, cast, province_awards, staff):
    client.force_login(cast["leader"])
    panels = client.get(reverse("home")).context["dashboard"]
    year = panels["year"]

    AwardFactory(code="LDTT", person=staff["hang"], year=year - 1)
    NominationFactory(person=staff["dung"], year=year)
    again = client.get(reverse("home")).context["dashboard"]

    assert again["awards"]["total"] == panels["awards"]["total"] + 1
    ldtt = {row["unit"].code: row["ldtt"] for row in again["quotas"]["rows"]}
    before = {row["unit"].code: row["ldtt"] for row in panels["quotas"]["rows"]}
    assert ldtt["VKS-T"]["nominated"] == before["VKS-T"]["nominated"] + 1


# -- a decision's bonuses -----------------------------------------------------------------------------------------


def bonus_book_queries(queries) -> list[str]:
    """The queries among `queries` that read what bonuses are computed from (the base salaries, the multipliers)."""
    return [q["sql"] for q in queries if '"awards_basesalary"' in q["sql"] or '"awards_bonusrate"' in q["sql"]]


@pytest.mark.today("2026-12-08")
def test_a_decisions_bonuses_are_computed_once_until_a_new_base_salary(client, cast, tree):
    decision = DecisionFactory(number="225/QĐ-VKS", date=D(2025, 12, 22), issuing_unit=tree["province"])
    AwardFactory(code="LDTT", person=PersonFactory(code="CB-1", unit=tree["kv1"]), year=2025, decision=decision)
    client.force_login(cast["clerk"])
    url = reverse("awards:decision-payouts", args=[decision.pk])

    with CaptureQueriesContext(connection) as first:
        before = client.get(url).context["sheet"].total
    with CaptureQueriesContext(connection) as second:
        again = client.get(url).context["sheet"].total
    # read now: the next request, out of a capture, empties the connection's log
    computed, reused = bonus_book_queries(first.captured_queries), bonus_book_queries(second.captured_queries)
    payout_services.base_salary_save(
        salary=BaseSalary(effective_from=D(2025, 12, 1), amount=3_000_000, legal_basis="Nghị định mới"),
        by=cast["admin"],
    )
    after = client.get(url).context["sheet"].total

    assert len(computed) == 2
    assert reused == []
    assert (before, again, after) == (710_000, 710_000, 900_000)  # 0,3 × 2.340.000 rounded up; 0,3 × 3.000.000


# -- a unit's page --------------------------------------------------------------------------------------------------


def staff_totals(response) -> dict:
    """{year: the staff's counted awards} of a unit's page."""
    return {row["year"]: row["total"] for row in response.context["staff_rows"]}


def test_a_units_page_opened_again_counts_its_staffs_awards_once_until_a_new_award(client, cast, tree, province_awards):
    client.force_login(cast["leader"])
    url = reverse("units:unit-detail", args=[tree["province"].pk])

    with CaptureQueriesContext(connection) as first:
        before = staff_totals(client.get(url))
    with CaptureQueriesContext(connection) as second:
        again = staff_totals(client.get(url))
    counted, reused = award_aggregations(first.captured_queries), award_aggregations(second.captured_queries)
    AwardFactory(code="LDTT", person=PersonFactory(code="CB-NEW", unit=tree["province"]), year=2024)
    after = staff_totals(client.get(url))

    assert (len(counted), reused) == (1, [])
    assert before == again
    assert after[2024] == before.get(2024, 0) + 1


# -- the nomination list's years --------------------------------------------------------------------------------


def year_lists(queries) -> list[str]:
    return [q["sql"] for q in queries if "DISTINCT" in q["sql"] and '"awards_nomination"."year"' in q["sql"]]


def year_choices(response) -> list[str]:
    return [value for value, _ in response.context["form"].fields["year"].choices if value]


@pytest.mark.today("2026-12-08")
def test_the_administrators_nomination_years_are_listed_once_until_a_nomination_changes(client, cast, staff):
    NominationFactory(person=staff["dung"], year=2025)
    client.force_login(cast["admin"])
    url = reverse("awards:nomination-list")

    with CaptureQueriesContext(connection) as first:
        before = year_choices(client.get(url))
    with CaptureQueriesContext(connection) as second:
        again = year_choices(client.get(url))
    listed, reused = year_lists(first.captured_queries), year_lists(second.captured_queries)
    NominationFactory(person=staff["hang"], year=2005)  # before the years the filter always offers
    after = year_choices(client.get(url))

    assert (len(listed), reused) == (1, [])
    assert before == again
    assert 2005 not in before
    assert after == [*before, 2005]


# -- a tờ trình's criteria checks -------------------------------------------------------------------------------


def check_queries(queries) -> list[str]:
    """The queries among `queries` that read the staff's years (one of the facts the criteria checks read)."""
    return [q["sql"] for q in queries if '"awards_personyear"' in q["sql"]]


@pytest.mark.today("2026-11-20")
def test_the_checks_of_a_batchs_nominations_are_computed_once_until_a_fact_changes(
    client, cast, tree, staff, provincial_council
):
    """A tờ trình's page opened again reads none of the facts; a new fact of the year brings the new check."""
    hang = staff["hang"]
    RegistrationFactory(person=hang, code="LDTT", year=2026)
    nomination = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=2026)
    batch = BatchFactory(unit=tree["kv1"], council_unit=tree["province"], year=2026)
    nomination_services.batch_add(batch=batch, nominations=[nomination])
    client.force_login(cast["clerk"])
    url = reverse("awards:batch-detail", args=[batch.pk])

    def check(queries):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries.extend(check_queries(captured.captured_queries))
        return response.context["nominations"][0].criteria_check

    first, second, third = [], [], []
    before, again = check(first), check(second)
    PersonYearFactory(person=hang, year=2026)  # the year's rating, which the check could not find
    after = check(third)

    assert (len(first), second, len(third)) == (1, [], 1)
    assert not before.passed and not again.passed
    assert after.passed


def test_registering_many_at_once_brings_new_checks(tree, staff):
    before = versions.current()

    emulation_services.registrations_bulk(
        year=2026, award_type=AwardType.objects.get(code="LDTT"), persons=[staff["hang"]]
    )

    assert versions.current() == before + 1


# -- a decision's recipients ------------------------------------------------------------------------------------


def recipient_names(response) -> list[str]:
    return [award.recipient_name for award in response.context["page"]]


def test_a_decisions_recipients_are_sorted_once_and_each_reader_sees_his_scope(client, cast, tree, staff):
    """A decision of the sector lists two provinces: the order is computed once for everybody, each reader sees the
    recipients of his scope, and a new recipient appears at once."""
    decision = DecisionFactory(number="952/QĐ-VKSTC", date=D(2025, 12, 22), issuing_unit=None)
    for person in (staff["hang"], staff["outsider"]):
        AwardFactory(code="LDTT", person=person, year=2025, decision=decision)
    url = reverse("awards:decision-detail", args=[decision.pk])

    client.force_login(cast["admin"])
    everybody = recipient_names(client.get(url))
    client.force_login(cast["outsider"])
    with CaptureQueriesContext(connection) as outsider_queries:
        outsiders = recipient_names(client.get(url))
    sorted_again = [
        q["sql"]
        for q in outsider_queries.captured_queries
        if q["sql"].startswith('SELECT "awards_award"') and "ORDER BY" in q["sql"]
    ]
    AwardFactory(
        code="LDTT",
        person=PersonFactory(code="CB-X2", full_name="An Văn Bình", unit=tree["other"]),
        year=2025,
        decision=decision,
    )
    after = recipient_names(client.get(url))

    assert sorted(everybody) == sorted([staff["hang"].full_name, staff["outsider"].full_name])
    assert outsiders == [staff["outsider"].full_name]
    assert sorted_again == []
    assert after == ["An Văn Bình", staff["outsider"].full_name]
