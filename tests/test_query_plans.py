"""The list pages read their rows from the indexes made for them, on PostgreSQL: the plans of the queries the pages
run (EXPLAIN ANALYZE, JSON), on a register of a few thousand awards.

- The register's page walks `(year, id)` (or `(award_type, year, id)` for a type) and sorts at most a page, on the
  first page as on a deep one, whose cursor is a range of the index rather than a filter over the rows before it.
- A clerk's page reads the awards of the scope's units by their own column, not through a join to the units.
- The decisions list walks `(date, id)`.
- A name is looked up in the staff's trigram index (`units_person_search_trgm`), and the awards by person.

The staff here are 300: the planner rather reads them all (or walks their primary key) than their trigram index, as
it should for so few. The name tests say so and turn sequential and plain index scans off in their own transaction
(`SET LOCAL enable_seqscan = off`, `enable_indexscan = off`), which asks whether the trigram index can answer the
search, not whether it pays on 300 rows; on the national data (20,000 staff) the planner takes it unasked.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.register.models import Award, Decision
from tests.factories.awards import award_type
from tests.factories.units import PersonFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans and the trigram index are PostgreSQL's"),
]

PAGE = 50
YEARS = range(2013, 2025)  # 12 years of LĐTT for 300 staff: 3,600 awards, plus CSTĐCS for one in five
DECISIONS = 8  # a unit's decisions a year: 576 decisions
NAMES = ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Minh", "Nam", "Phúc", "Quang")


@pytest.fixture
def register(tree):
    """300 staff in the province's and the other province's units, 12 years of awards each, bulk-written on their
    unit's decisions (8 a year); then ANALYZE, as autovacuum would after such a load."""
    units = [tree["province"], tree["office"], tree["kv1"], tree["kv1_office"], tree["kv2"], tree["other"]]
    staff = [
        PersonFactory(
            code=f"CB-{n:04d}", full_name=f"{NAMES[n % 6]} {GIVEN[n // 6 % 10]} {n:04d}", unit=units[n % len(units)]
        )
        for n in range(300)
    ]
    decisions = {
        (unit.pk, year, n): Decision(
            number=f"{n}/{year}/QĐ-{unit.code}",
            date=datetime.date(year, 12, 1 + 3 * n),
            year=year,
            authority="unit_head",
            issuing_unit=unit,
        )
        for unit in units
        for year in YEARS
        for n in range(DECISIONS)
    }
    Decision.objects.bulk_create(decisions.values())
    ldtt, cstdcs = award_type("LDTT"), award_type("CSTDCS")
    awards = []
    for index, person in enumerate(staff):
        for year in YEARS:
            for kind in (ldtt, cstdcs) if index % 5 == 0 else (ldtt,):
                award = Award(
                    award_type=kind,
                    recipient_kind="individual",
                    person=person,
                    unit_at_time_id=person.unit_id,
                    year=year,
                    decision=decisions[(person.unit_id, year, index % DECISIONS)],
                )
                award.copy_type_fields()
                awards.append(award)
    Award.objects.bulk_create(awards)
    with connection.cursor() as cursor:
        for table in ("awards_award", "awards_decision", "units_person", "units_unit"):
            cursor.execute(f"ANALYZE {table}")
    return {"staff": staff, "cstdcs": cstdcs}


def page_plan(client, url: str, table: str, *, few_staff: bool = False) -> dict:
    """The plan (EXPLAIN ANALYZE) of the query the page at `url` runs to find its rows: the one that reads `table`
    with a LIMIT of a page and one more row; with `few_staff`, planned as `plan` does."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    found = [
        sql
        for sql in (query["sql"] for query in queries.captured_queries)
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql and f"LIMIT {PAGE + 1}" in sql
    ]
    assert len(found) == 1, found
    return {"plan": plan(found[0], few_staff=few_staff), "sql": found[0], "response": response}


def plan(sql: str, *, few_staff: bool = False) -> dict:
    """EXPLAIN ANALYZE of `sql`; with `few_staff`, sequential and plain index scans off (module docstring)."""
    switches = ("enable_seqscan", "enable_indexscan") if few_staff else ()
    with connection.cursor() as cursor:
        for switch in switches:
            cursor.execute(f"SET LOCAL {switch} = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        found = cursor.fetchone()[0]
        for switch in switches:
            cursor.execute(f"SET LOCAL {switch} = on")
    found = json.loads(found) if isinstance(found, str) else found
    return found[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def indexes(plan: dict) -> list[str]:
    """The indexes the plan reads (a bitmap scan names its index on its own node, under the heap scan)."""
    return [node["Index Name"] for node in nodes(plan) if "Index Name" in node]


def sorted_rows(plan: dict) -> list[int]:
    """The rows each Sort node of the plan took in (its input, over all its loops)."""
    return [
        sum(child["Actual Rows"] * child["Actual Loops"] for child in node["Plans"])
        for node in nodes(plan)
        if node["Node Type"] in ("Sort", "Incremental Sort")
    ]


def scanned_tables(plan: dict) -> set[str]:
    return {node["Relation Name"] for node in nodes(plan) if node["Node Type"] == "Seq Scan"}


def test_the_register_first_page_walks_the_year_index_and_sorts_nothing(client, cast, register):
    client.force_login(cast["admin"])

    found = page_plan(client, reverse("awards:award-list"), "awards_award")

    assert indexes(found["plan"]) == ["awards_award_year_id"]
    assert sorted_rows(found["plan"]) == []
    assert "JOIN" not in found["sql"]  # the rows' related objects are read by id, for the page only
    assert [award.year for award in found["response"].context["page"]] == [2024] * PAGE


def test_a_deep_page_starts_at_its_cursor_in_the_index(client, cast, register):
    client.force_login(cast["admin"])
    first = client.get(reverse("awards:award-list")).context["page"]
    second = client.get(f"{reverse('awards:award-list')}?{first.next_query}").context["page"]
    third = f"{reverse('awards:award-list')}?{second.next_query}"

    found = page_plan(client, third, "awards_award")

    (scan,) = [node for node in nodes(found["plan"]) if "Index Name" in node]
    assert scan["Index Name"] == "awards_award_year_id"
    assert scan["Index Cond"].startswith("(ROW(year, id) <")  # a range of the index, not a filter of every row
    assert scan["Actual Rows"] == PAGE + 1
    assert sorted_rows(found["plan"]) == []
    shown = [award.pk for award in [*first, *second, *found["response"].context["page"]]]
    assert shown == list(Award.objects.order_by("-year", "-id").values_list("pk", flat=True)[: 3 * PAGE])


def test_an_award_type_is_walked_in_its_own_index(client, cast, register):
    client.force_login(cast["admin"])

    found = page_plan(client, f"{reverse('awards:award-list')}?award_type={register['cstdcs'].pk}", "awards_award")

    assert indexes(found["plan"]) == ["awards_award_type_year_id"]
    assert sorted_rows(found["plan"]) == []


def test_a_clerks_page_reads_the_awards_of_the_scopes_units_by_their_own_column(client, cast, register, tree):
    client.force_login(cast["regional_clerk"])

    found = page_plan(client, reverse("awards:award-list"), "awards_award")

    # Khu vực 1 and its office hold 2 of the 6 units' staff: the planner reads them by unit or walks the year
    # index, its choice, but never the whole table nor a join to the units' paths.
    assert "awards_award" not in scanned_tables(found["plan"])
    assert indexes(found["plan"])
    assert "units_unit" not in found["sql"]
    in_scope = Award.objects.filter(unit_at_time__path__startswith=tree["kv1"].path).count()
    assert all(rows <= in_scope for rows in sorted_rows(found["plan"]))
    units = {award.unit_at_time for award in found["response"].context["page"]}
    assert units == {tree["kv1"], tree["kv1_office"]}


def test_the_decisions_list_walks_the_date_index(client, cast, register):
    client.force_login(cast["admin"])

    found = page_plan(client, reverse("awards:decision-list"), "awards_decision")

    scans = [node for node in nodes(found["plan"]) if node.get("Relation Name") == "awards_decision"]
    assert [scan.get("Index Name") for scan in scans] == ["awards_decision_date_id"]
    assert sorted_rows(found["plan"]) == []


def test_a_name_is_found_in_the_staffs_trigram_index_and_its_awards_by_person(client, cast, register):
    client.force_login(cast["clerk"])
    person = register["staff"][7]  # "Trần Thị Bình 0007", of the province's office

    found = page_plan(client, f"{reverse('awards:award-list')}?q=tran+thi+binh+0007", "awards_award", few_staff=True)

    assert "units_person_search_trgm" in indexes(found["plan"])
    assert {award.person for award in found["response"].context["page"]} == {person}
    assert len(found["response"].context["page"]) == len(YEARS)


def test_the_staff_list_searches_the_trigram_index(client, cast, register):
    client.force_login(cast["admin"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("units:person-list"), {"q": "hoang van"})
    (sql,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "units_person"."id"')]

    assert "units_person_search_trgm" in indexes(plan(sql, few_staff=True))
    assert {person.full_name.rsplit(" ", 2)[0] for person in response.context["page"]} == {"Hoàng Văn"}
