"""Every unit and staff page for every role of the cast, in and out of scope.

404 for objects outside the user's scope (they must not learn they exist), 403 for forbidden actions on
objects they can see, 200 otherwise.
"""

import pytest
from django.urls import reverse

from tests.factories.units import UserFactory

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]


def expected(**codes):
    return [pytest.param(role, codes[role], id=role) for role in ROLES]


def status_for(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("name", ["units:unit-list", "units:unit-tree", "units:person-list", "home"])
def test_list_pages_need_a_role(client, cast, name):
    no_role = UserFactory(username="norole")

    assert status_for(client, no_role, reverse(name)) == (200 if name == "home" else 403)
    for role in ROLES:
        assert status_for(client, cast[role], reverse(name)) == 200, role


@pytest.mark.parametrize("name", ["units:unit-list", "units:person-list", "units:unit-detail"])
def test_pages_send_anonymous_users_to_login(client, tree, name):
    url = reverse(name, args=[tree["kv1"].pk]) if name.endswith("detail") else reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=200, council_secretary=200, council_member=200, admin=200, outsider=404
    ),
)
def test_unit_detail_in_and_out_of_scope(client, cast, tree, role, status):
    assert status_for(client, cast[role], reverse("units:unit-detail", args=[tree["kv1"].pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=403, leader=403, council_secretary=403, council_member=403, admin=200, outsider=404
    ),
)
@pytest.mark.parametrize("name", ["units:unit-update", "units:unit-close"])
def test_unit_changes_of_a_scope_root(client, cast, tree, role, status, name):
    assert status_for(client, cast[role], reverse(name, args=[tree["kv1"].pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=403, council_secretary=403, council_member=403, admin=200, outsider=404
    ),
)
def test_unit_update_of_a_subunit(client, cast, tree, role, status):
    assert status_for(client, cast[role], reverse("units:unit-update", args=[tree["kv1_office"].pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=403, council_secretary=403, council_member=403, admin=200, outsider=200
    ),
)
@pytest.mark.parametrize("name", ["units:unit-create", "units:person-create"])
def test_create_pages(client, cast, role, status, name):
    assert status_for(client, cast[role], reverse(name)) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=200, council_secretary=200, council_member=200, admin=200, outsider=404
    ),
)
def test_person_detail_in_and_out_of_scope(client, cast, staff, role, status):
    assert status_for(client, cast[role], reverse("units:person-detail", args=[staff["hang"].pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=403, council_secretary=403, council_member=403, admin=200, outsider=404
    ),
)
@pytest.mark.parametrize("name", ["units:person-update", "units:person-transfer"])
def test_person_changes(client, cast, staff, role, status, name):
    assert status_for(client, cast[role], reverse(name, args=[staff["hang"].pk])) == status


def test_regional_clerk_does_not_see_the_provincial_office_staff(client, cast, staff):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("units:person-list"))

    assert [p.code for p in response.context["page"]] == ["CB-HANG"]


def test_unit_list_shows_only_the_scope(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("units:unit-list"))

    assert [u.code for u in response.context["page"]] == ["VKS-T-KV1", "VKS-T-KV1-VP"]


def test_clerk_cannot_create_a_unit_under_a_parent_outside_scope(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("units:unit-create"),
        {"code": "VKS-T-NEW", "name": "Phòng mới", "level": "department", "parent": tree["province"].pk},
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not tree["province"].children.filter(code="VKS-T-NEW").exists()


def test_clerk_cannot_transfer_a_person_out_of_scope(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("units:person-transfer", args=[staff["hang"].pk]),
        {"to_unit": tree["other"].pk, "on_date": "01/08/2025"},
    )

    assert response.status_code == 200
    assert "to_unit" in response.context["form"].errors
    staff["hang"].refresh_from_db()
    assert staff["hang"].unit == tree["kv1"]


def test_leader_cannot_post_changes(client, cast, staff):
    client.force_login(cast["leader"])

    response = client.post(
        reverse("units:person-update", args=[staff["hang"].pk]),
        {"full_name": "Tên bị sửa", "position": "", "gender": "female"},
    )

    assert response.status_code == 403
    staff["hang"].refresh_from_db()
    assert staff["hang"].full_name == "Nguyễn Thị Thanh Hằng"
