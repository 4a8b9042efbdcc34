"""The register pages cost the same number of queries whatever the number of rows (no N+1, no COUNT)."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.units import PersonFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def decision(tree):
    return DecisionFactory(number="1/QĐ-VKS-T", date=datetime.date(2025, 1, 10), issuing_unit=tree["province"])


def many_awards(count, *, decision, tree, person=None):
    """`count` awards on one decision: Giấy khen to `person` (one a year), or to new staff of VKS-T-KV1."""
    for n in range(count):
        if person is None:
            staffer = PersonFactory(code=f"CB{n:03d}", full_name=f"Nguyễn Văn {n}", unit=tree["kv1"])
            AwardFactory(code="GK", person=staffer, year=2024, decision=decision)
        else:
            AwardFactory(code="GK", person=person, year=2024 - n, decision=decision)


@pytest.mark.parametrize("count", [1, 20])
def test_register_query_count(client, cast, tree, decision, django_assert_num_queries, count):
    many_awards(count, decision=decision, tree=tree)
    client.force_login(cast["clerk"])

    # session, user, role paths, award types for the filter select (the unit filter is a picker: no units), the
    # ids of the scope's units, the ids of one page of rows (+1), then those rows with type, person and decision
    # joined, then their units by id; no COUNT
    with django_assert_num_queries(8):
        response = client.get(reverse("awards:award-list"), {"year_from": 2020})

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_decision_list_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        decision = DecisionFactory(
            number=f"{n + 1}/QĐ-VKS-T", date=datetime.date(2025, 1, 10), issuing_unit=tree["province"]
        )
        AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2024 - n, decision=decision)
    client.force_login(cast["regional_clerk"])

    # session, user, role paths, the ids of the scope's units, one page of decisions (+1) with the issuer (unit or
    # body) and the award count
    with django_assert_num_queries(5):
        response = client.get(reverse("awards:decision-list"))

    assert [d.award_count for d in response.context["page"]] == [1] * count


@pytest.mark.parametrize("count", [1, 20])
def test_decision_detail_query_count(client, cast, tree, decision, django_assert_num_queries, count):
    many_awards(count, decision=decision, tree=tree)
    client.force_login(cast["leader"])

    # session, user, role paths, the ids of the scope's units, the decision, the ids of one page of recipients (+1)
    # then those rows with their joins and their units by id, the award types and the movements of the add form (its
    # unit is a picker: no units)
    with django_assert_num_queries(10):
        response = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_person_page_query_count(client, cast, tree, staff, decision, django_assert_num_queries, count):
    many_awards(count, decision=decision, tree=tree, person=staff["hang"])
    client.force_login(cast["leader"])

    # session, user, role paths, the person, the change history, the unit history, the awards with type, decision
    # and unit at the time
    with django_assert_num_queries(7):
        response = client.get(reverse("units:person-detail", args=[staff["hang"].pk]))

    assert response.content.decode().count('class="award-row') == count


@pytest.mark.parametrize("count", [1, 20])
def test_unit_page_query_count(client, cast, tree, decision, django_assert_num_queries, count):
    many_awards(count, decision=decision, tree=tree)
    for n in range(count):
        AwardFactory(code="GK", unit=tree["kv1"], year=2024 - n, decision=decision)
    client.force_login(cast["leader"])

    # session, user, role paths, the unit (+ predecessors, successors), staff count, change history, children with
    # staff counts, collective awards, staff award counts by year and type, the types
    with django_assert_num_queries(12):
        response = client.get(reverse("units:unit-detail", args=[tree["kv1"].pk]))

    assert response.content.decode().count('class="award-row') == count
