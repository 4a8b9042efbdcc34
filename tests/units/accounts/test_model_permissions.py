"""What a user may do comes from his roles: a permission ticked for him in the admin site's "Permissions" adds
nothing to the application unless he is staff (an account of the admin site), and the pages ask the database no
question about such permissions for the others."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
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


# -- the deploy: sessions signed in through Django's ModelBackend stay signed in ------------------------------------

OLD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in_before_the_deploy(client, user) -> None:
    """A session as Django's ModelBackend left it, in the session table, its cookie in `client`."""
    store = SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), OLD_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key


def test_a_session_signed_in_before_the_backend_was_renamed_stays_signed_in(client, db):
    user = UserFactory(username="clerk_at_work")
    signed_in_before_the_deploy(client, user)
    rename = importlib.import_module("units.migrations.0012_sessions_staff_model_backend")

    before = client.get(reverse("units:account"))
    rename.forwards(django_apps, SimpleNamespace(connection=connection))
    after = client.get(reverse("units:account"))

    assert before.status_code == 302  # Django signs out a session whose backend it no longer has
    assert after.status_code == 200
    assert after.context["user"] == user
