"""The look-ups behind the pickers (units/views/lookups.py) and the picker fields (units.forms): a clerk types a few
letters of a name, without diacritics, and gets the staff of his own scope only, each labelled so that namesakes can
be told apart, in a couple of queries whatever the number of staff."""

import datetime
import json
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories.units import PersonFactory, UnitFactory, UserFactory, user_with_role
from units.enums import Role, UnitLevel
from units.forms import PersonPickerField, PersonsPickerField
from units.models import Person

pytestmark = pytest.mark.integration

PERSONS = reverse("units:person-lookup")
UNITS = reverse("units:unit-lookup")


def found(client, url, **query) -> list[str]:
    response = client.get(url, query)
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


@pytest.fixture
def namesakes(tree):
    """Four "Nguyễn Văn An": in KV1's office, in KV1 itself, in KV2, and in the other province."""
    return {
        "kv1_office": PersonFactory(
            code="AN-KV1-VP", full_name="Nguyễn Văn An", unit=tree["kv1_office"], birth_date=datetime.date(1985, 3, 2)
        ),
        "kv1": PersonFactory(code="AN-KV1", full_name="Nguyễn Văn An", unit=tree["kv1"]),
        "kv2": PersonFactory(code="AN-KV2", full_name="Nguyễn Văn An", unit=tree["kv2"]),
        "other": PersonFactory(code="AN-X", full_name="Nguyễn Văn An", unit=tree["other"]),
    }


def test_a_regional_clerk_finds_only_the_staff_of_his_region(client, cast, namesakes):
    client.force_login(cast["regional_clerk"])

    codes = found(client, PERSONS, q="nguyen van an")

    assert codes == ["AN-KV1", "AN-KV1-VP"]


def test_the_provincial_clerk_never_gets_the_staff_of_another_province(client, cast, namesakes):
    client.force_login(cast["clerk"])

    codes = found(client, PERSONS, q="an")

    assert codes == ["AN-KV1", "AN-KV1-VP", "AN-KV2"]


def test_the_administrator_finds_everybody_and_the_exact_code_first(client, cast, namesakes):
    client.force_login(cast["admin"])

    codes = found(client, PERSONS, q="AN-KV2")

    assert codes == ["AN-KV2"]
    assert found(client, PERSONS, q="Nguyễn Văn An") == ["AN-KV1", "AN-KV1-VP", "AN-KV2", "AN-X"]


def test_the_label_tells_namesakes_apart(client, cast, namesakes):
    client.force_login(cast["regional_clerk"])

    results = client.get(PERSONS, {"q": "an kv1 vp"}).json()["results"]

    assert results == [
        {
            "value": "AN-KV1-VP",
            "id": namesakes["kv1_office"].pk,
            "name": "Nguyễn Văn An (AN-KV1-VP)",
            "detail": "VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1 · sinh năm 1985",
            "label": "Nguyễn Văn An (AN-KV1-VP) – VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1 · sinh năm 1985",
        }
    ]


def test_roles_narrow_the_look_up_to_the_scope_the_form_records_in(client, tree, namesakes):
    """A member of the provincial council who is clerk of KV1 records awards for KV1 only: the nomination's picker
    asks for the clerk's scope."""
    user = user_with_role(Role.COUNCIL_MEMBER, tree["province"], "member-and-clerk")
    user.role_assignments.create(role=Role.CLERK, unit=tree["kv1"])
    client.force_login(user)

    assert found(client, PERSONS, q="an", roles="clerk,leader") == ["AN-KV1", "AN-KV1-VP"]
    assert found(client, PERSONS, q="an") == ["AN-KV1", "AN-KV1-VP", "AN-KV2"]
    # A role the user does not hold narrows to nothing; an unknown one is ignored.
    assert found(client, PERSONS, q="an", roles="leader") == []
    assert found(client, PERSONS, q="an", roles="admin") == ["AN-KV1", "AN-KV1-VP", "AN-KV2"]


def test_a_unit_narrows_the_look_up_to_its_subtree(client, cast, namesakes):
    """A council's seats go to the staff of its unit and the units under it."""
    client.force_login(cast["clerk"])

    assert found(client, PERSONS, q="an", unit="VKS-T-KV1") == ["AN-KV1", "AN-KV1-VP"]
    assert found(client, PERSONS, q="an", unit="VKS-X") == []  # outside the scope, still
    assert found(client, PERSONS, q="an", unit="NO-SUCH-UNIT") == []


def test_at_most_twenty_answers_and_a_flag_for_more(client, cast, tree):
    for n in range(25):
        PersonFactory(code=f"HOA-{n:02d}", full_name="Lê Thị Hoa", unit=tree["kv1"])
    client.force_login(cast["regional_clerk"])

    answer = client.get(PERSONS, {"q": "le thi hoa"}).json()

    assert [row["value"] for row in answer["results"]] == [f"HOA-{n:02d}" for n in range(20)]
    assert answer["more"] is True


@pytest.mark.parametrize("staff_count", [1, 30])
def test_the_look_up_costs_the_same_few_queries_whatever_the_staff(
    client, cast, tree, staff_count, django_assert_num_queries
):
    for n in range(staff_count):
        PersonFactory(code=f"P{n:03d}", full_name="Trần Văn Bình", unit=tree["kv1_office"])
    client.force_login(cast["regional_clerk"])

    # The session and the user (every page), then the look-up's two: the user's roles, the matches with their units.
    with django_assert_num_queries(4):
        codes = found(client, PERSONS, q="tran van binh")

    assert len(codes) == min(staff_count, 20)


def test_nothing_typed_finds_nobody(client, cast, namesakes):
    client.force_login(cast["admin"])

    assert client.get(PERSONS).json() == {"results": [], "more": False}


def test_the_look_ups_are_closed_to_strangers(client, tree, namesakes):
    assert client.get(PERSONS, {"q": "an"}).status_code == 302  # to the sign-in
    client.force_login(UserFactory(username="nobody"))  # an account without a role

    assert client.get(PERSONS, {"q": "an"}).status_code == 403
    assert client.get(UNITS, {"q": "kv"}).status_code == 403


def test_the_unit_look_up_shows_each_unit_with_its_parent_in_scope(client, cast, tree):
    closed = UnitFactory(
        code="VKS-T-KV1-OLD",
        name="Phòng cũ",
        level=UnitLevel.DEPARTMENT,
        parent=tree["kv1"],
        valid_to=datetime.date(2025, 6, 30),
    )
    client.force_login(cast["regional_clerk"])

    answer = client.get(UNITS, {"q": "khu vuc"}).json()["results"]

    assert [(row["value"], row["label"]) for row in answer] == [
        ("VKS-T-KV1", "VKSND VKS-T-KV1 (VKS-T-KV1)"),
        ("VKS-T-KV1-VP", "VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1 (VKS-T-KV1-VP)"),
    ]
    assert found(client, UNITS, q="phong cu") == []
    assert found(client, UNITS, q="phong cu", closed="1") == [closed.code]


# -- the fields -----------------------------------------------------------------------------------------------------


def test_the_picker_renders_only_the_chosen_person(tree, namesakes):
    field = PersonPickerField(queryset=Person.objects.filter(unit__path__startswith=tree["kv1"].path))

    html = field.widget.render("author", "AN-KV1-VP")

    assert 'value="AN-KV1-VP"' in html  # what the box holds without JavaScript
    assert 'data-picker-url="/can-bo/tra-cuu/"' in html
    items = json.loads(unescape(re.search(r'data-picker-items="([^"]*)"', html).group(1)))
    assert [item["label"] for item in items] == [  # the chosen one, not his namesakes
        "Nguyễn Văn An (AN-KV1-VP) – VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1 · sinh năm 1985"
    ]


def test_the_field_takes_a_code_or_a_unique_name_of_its_scope_only(tree, namesakes):
    scope = Person.objects.filter(unit__path__startswith=tree["kv2"].path)
    field = PersonPickerField(queryset=scope)

    assert field.clean("AN-KV2") == namesakes["kv2"]
    assert field.clean("nguyen van an") == namesakes["kv2"]  # typed without JavaScript, the only one in scope
    with pytest.raises(Exception, match="Không tìm thấy cán bộ “AN-X”"):
        field.clean("AN-X")


def test_a_name_with_namesakes_is_refused_with_their_units(tree, namesakes):
    field = PersonsPickerField(queryset=Person.objects.filter(unit__path__startswith=tree["kv1"].path))

    with pytest.raises(Exception, match="Có nhiều cán bộ khớp với “Nguyễn Văn An”") as refused:
        field.clean(["Nguyễn Văn An"])

    assert "VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1" in str(refused.value)
    assert field.clean(["AN-KV1-VP, AN-KV1", "AN-KV1-VP"]) == [namesakes["kv1_office"], namesakes["kv1"]]


# -- the unit look-up's narrowing (units.forms.UnitPicker) --------------------------------------------------------


def test_a_unit_is_found_by_its_parents_name_and_one_named_so_comes_first(client, cast, tree):
    """A phòng's own name does not say whose it is: the words of its parent find it. And the unit whose own names
    hold every word comes before the ones found through their parent ("khu vuc 2" has a 2 in a phòng's code)."""
    UnitFactory(code="VKS-T-KV1-P2", name="Phòng Dân sự", short_name="", level=UnitLevel.DEPARTMENT, parent=tree["kv1"])
    client.force_login(cast["clerk"])

    assert found(client, UNITS, q="van phong tinh t") == ["VKS-T-VP"]
    assert found(client, UNITS, q="khu vuc 2") == ["VKS-T-KV2", "VKS-T-KV1-P2"]
    assert found(client, UNITS, q="Phòng Dân sự, VKSND VKS-T-KV1") == ["VKS-T-KV1-P2"]  # its label, copied whole


def test_the_unit_look_up_narrows_to_the_fields_levels_and_leaves_out_a_subtree_or_a_unit(client, cast, tree):
    client.force_login(cast["clerk"])

    assert found(client, UNITS, level="provincial,regional") == ["VKS-T", "VKS-T-KV1", "VKS-T-KV2"]
    # A unit's new parent: not the unit itself nor a unit under it.
    assert found(client, UNITS, outside="VKS-T-KV1") == ["VKS-T", "VKS-T-KV2", "VKS-T-VP"]
    # A transfer: anywhere but the person's own unit.
    assert found(client, UNITS, exclude="VKS-T-KV1") == ["VKS-T", "VKS-T-KV1-VP", "VKS-T-KV2", "VKS-T-VP"]
    assert found(client, UNITS, outside="NO-SUCH-UNIT", level="nonsense") == [
        "VKS-T", "VKS-T-KV1", "VKS-T-KV1-VP", "VKS-T-KV2", "VKS-T-VP",
    ]  # fmt: skip
    assert found(client, UNITS, level="provincial", roles="council_secretary") == []  # a role he does not hold


def test_past_twenty_units_the_answer_says_there_are_more(client, cast, tree):
    for n in range(20):
        UnitFactory(code=f"VKS-T-KV2-{n:02d}", name=f"Phòng {n}", level=UnitLevel.DEPARTMENT, parent=tree["kv2"])
    client.force_login(cast["clerk"])

    everything = client.get(UNITS).json()
    narrowed = client.get(UNITS, {"q": "kv2 phong 1"}).json()

    assert (len(everything["results"]), everything["more"]) == (20, True)
    assert ([row["value"] for row in narrowed["results"]], narrowed["more"]) == (
        ["VKS-T-KV2-01", *(f"VKS-T-KV2-{n}" for n in range(10, 20))],
        False,
    )


@pytest.mark.parametrize("unit_count", [1, 30])
def test_the_unit_look_up_costs_the_same_few_queries_whatever_the_units(
    client, cast, tree, unit_count, django_assert_num_queries
):
    for n in range(unit_count):
        UnitFactory(code=f"VKS-T-KV1-{n:02d}", name=f"Ban {n}", level=UnitLevel.DEPARTMENT, parent=tree["kv1"])
    client.force_login(cast["clerk"])

    # The session and the user (every page), then the look-up's two: the user's roles, the matches with their parent.
    with django_assert_num_queries(4):
        codes = found(client, UNITS, q="ban", closed="1")

    assert len(codes) == min(unit_count, 20)
