"""What a user may do comes from his roles: a permission ticked for him in the admin site's "Permissions" adds
nothing to the application unless he is staff (an account of the admin site), and the pages ask the database no
question about such permissions for the others."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.units import UserFactory

pytestmark = pytest.mark.integration


def granted(user, codename: str, app_label: str):
    user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app_label))
    return type(user).objects.get(pk=user.pk)  # a fresh object: Django caches the permissions on the user


def test_a_permission_ticked_for_a_council_member_adds_nothing(client, cast):
    member = granted(cast["council_member"], "add_unit", "units")
    client.force_login(member)

    response = client.get(reverse("units:unit-create"))

    assert not member.has_perm("units.add_unit")
    assert response.status_code == 403


def test_a_staff_account_keeps_the_permissions_of_the_admin_site(db):
    staff = granted(UserFactory(username="staff", is_staff=True), "view_user", "auth")

    assert staff.has_perm("auth.view_user")
    assert staff.has_module_perms("auth")


def test_a_clerk_still_adds_units_by_his_role(client, cast):
    client.force_login(cast["regional_clerk"])

    assert client.get(reverse("units:unit-create")).status_code == 200


@pytest.mark.parametrize("who", ["clerk", "council_member", "leader"])
def test_the_menu_reads_no_model_permission_for_a_user_who_is_not_staff(client, cast, who):
    client.force_login(cast[who])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("units:account"))

    assert response.status_code == 200
    assert [q["sql"] for q in queries.captured_queries if '"auth_permission"' in q["sql"]] == []
