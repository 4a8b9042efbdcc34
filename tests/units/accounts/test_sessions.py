"""A session ends after an hour without a request and after a working day, and the sign-in page says why."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.integration

IDLE = "Phiên làm việc đã kết thúc vì không hoạt động quá 60 phút. Vui lòng đăng nhập lại."
DAY_OVER = "Phiên làm việc đã kết thúc sau 10 giờ kể từ khi đăng nhập. Vui lòng đăng nhập lại."


def later(time_machine, **delta) -> None:
    time_machine.move_to(timezone.now() + datetime.timedelta(**delta))


def test_the_session_lasts_a_working_day_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    assert settings.SESSION_IDLE_SECONDS == 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_an_hour_without_a_request_ends_the_session(client, cast, time_machine):
    client.force_login(cast["clerk"])
    assert client.get(reverse("units:unit-list")).status_code == 200
    later(time_machine, minutes=61)

    response = client.get(reverse("units:unit-list"), follow=True)

    assert response.redirect_chain[0][0] == f"{reverse('login')}?next={reverse('units:unit-list')}"
    assert IDLE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_requests_keep_the_session_alive(client, cast, time_machine):
    client.force_login(cast["clerk"])

    for _ in range(4):
        later(time_machine, minutes=50)
        response = client.get(reverse("units:unit-list"))
        assert response.status_code == 200

    assert client.session["_auth_user_id"] == str(cast["clerk"].pk)


def test_the_session_ends_after_a_working_day_however_busy(client, cast, time_machine):
    client.force_login(cast["clerk"])
    for _ in range(11):  # 9 hours 10 minutes of work, a request every 50 minutes
        later(time_machine, minutes=50)
        assert client.get(reverse("units:unit-list")).status_code == 200

    later(time_machine, minutes=55)
    response = client.get(reverse("units:unit-list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert DAY_OVER in response.content.decode()


def test_the_idle_limit_follows_its_setting(client, cast, time_machine, settings):
    settings.SESSION_IDLE_SECONDS = 15 * 60  # SESSION_IDLE_MINUTES=15
    client.force_login(cast["clerk"])
    later(time_machine, minutes=16)

    response = client.get(reverse("home"), follow=True)

    assert "không hoạt động quá 15 phút" in response.content.decode()


def test_a_request_writes_the_session_at_most_once_a_minute(client, cast, django_assert_num_queries):
    client.force_login(cast["clerk"])
    client.get(reverse("units:account"))

    # Session, user, the user's TOTP device, his roles (the menu): no UPDATE of the session row.
    with django_assert_num_queries(4):
        client.get(reverse("units:account"))
