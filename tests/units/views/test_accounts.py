import pytest
from django.urls import reverse

from tests.factories.units import UserFactory
from units import services
from units.enums import Role

pytestmark = pytest.mark.integration


def test_login_page_is_in_vietnamese(client, db):
    body = client.get(reverse("login")).content.decode()

    assert "Đăng nhập" in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body


def test_login_with_a_wrong_password_explains_in_vietnamese(client, cast):
    response = client.post(reverse("login"), {"username": "clerk", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client, cast):
    response = client.post(reverse("login"), {"username": "clerk", "password": "matkhau-123"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(cast["clerk"].pk)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, cast):
    client.force_login(cast["leader"])

    response = client.post(
        reverse("password_change"),
        {"old_password": "matkhau-123", "new_password1": "Kiem-sat-2026!", "new_password2": "Kiem-sat-2026!"},
    )

    assert response.status_code == 302
    cast["leader"].refresh_from_db()
    assert cast["leader"].check_password("Kiem-sat-2026!")


def test_english_is_available_through_i18n(client, cast):
    client.force_login(cast["clerk"])

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("units:person-list")).content.decode()

    assert 'lang="en"' in body


def test_administrator_role_opens_the_django_admin(client, db):
    user = UserFactory(username="quantri")
    services.role_assign(user=user, role=Role.ADMIN, unit=None)
    client.force_login(user)

    assert client.get(reverse("admin:units_unit_changelist")).status_code == 200


def test_clerk_has_no_django_admin(client, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("admin:units_unit_changelist"))

    assert response.status_code == 302
