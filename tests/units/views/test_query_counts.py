"""List pages cost the same number of queries whatever the number of rows (no N+1)."""

import pytest
from django.urls import reverse

from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("count", [1, 20])
def test_unit_list_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        UnitFactory(code=f"VKS-T-P{n}", name=f"Phòng {n}", level=UnitLevel.DEPARTMENT, parent=tree["province"])
    client.force_login(cast["clerk"])

    # session, user, role paths (rules), page count, page rows (+ parent, staff counts)
    with django_assert_num_queries(5):
        response = client.get(reverse("units:unit-list"))

    assert len(response.context["page"]) == count + 5


@pytest.mark.parametrize("count", [1, 20])
def test_unit_tree_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        UnitFactory(code=f"VKS-T-P{n}", name=f"Phòng {n}", level=UnitLevel.DEPARTMENT, parent=tree["province"])
    client.force_login(cast["clerk"])

    # session, user, role paths, all visible units, the staff counts of the units shown
    with django_assert_num_queries(5):
        client.get(reverse("units:unit-tree"))


@pytest.mark.parametrize("count", [1, 20])
def test_person_list_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        PersonFactory(code=f"CB{n:03d}", full_name=f"Nguyễn Văn {n}", unit=tree["kv1"])
    client.force_login(cast["clerk"])

    # session, user, role paths, page count, page rows with their unit (the unit filter is a picker: no units)
    with django_assert_num_queries(5):
        response = client.get(reverse("units:person-list"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_person_search_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        PersonFactory(code=f"CB{n:03d}", full_name="Nguyễn Thị Hằng", unit=tree["kv1"])
    client.force_login(cast["clerk"])

    with django_assert_num_queries(5):
        response = client.get(reverse("units:person-list"), {"q": "nguyen thi hang"})

    assert len(response.context["page"]) == count
