"""Wrong passwords lock the sign-in (django-axes): after 5 within 30 minutes, the account and the address are
refused for 30 minutes, even with the right password, and the page says so in Vietnamese; an administrator can
lift the lock earlier."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from units.enums import AuditKind
from units.models import AuditEvent

pytestmark = pytest.mark.integration

OFFICE, ELSEWHERE = "10.1.1.20", "10.2.2.30"
LOCKED = "Đăng nhập đã bị tạm khóa vì mật khẩu bị nhập sai 5 lần"


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, cast, wrong_passwords, sign_in):
    answers = wrong_passwords(client, "clerk", 5)

    right = sign_in(client, "clerk", "matkhau-123")

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    page = right.content.decode()
    assert LOCKED in page
    assert "Vui lòng thử lại sau 30 phút hoặc liên hệ quản trị hệ thống để được mở khóa." in page
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_owner_in(client, cast, wrong_passwords, sign_in):
    wrong_passwords(client, "clerk", 4)

    right = sign_in(client, "clerk", "matkhau-123")

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(cast["clerk"].pk)


def test_a_locked_account_is_refused_from_another_computer_too(client, other_client, cast, wrong_passwords, sign_in):
    wrong_passwords(client, "clerk", 5, ip=OFFICE)

    right = sign_in(other_client, "clerk", "matkhau-123", ip=ELSEWHERE)

    assert right.status_code == 429
    assert LOCKED in right.content.decode()


def test_a_locked_address_refuses_another_account_but_not_another_computer(
    client, other_client, cast, wrong_passwords, sign_in
):
    # Password spraying: one wrong password for each of five accounts, from one computer.
    for username in ("clerk", "leader", "secretary", "member", "outsider"):
        wrong_passwords(client, username, 1, ip=OFFICE)

    same_computer = sign_in(client, "regional_clerk", "matkhau-123", ip=OFFICE)
    other_computer = sign_in(other_client, "regional_clerk", "matkhau-123", ip=ELSEWHERE)

    assert same_computer.status_code == 429
    assert other_computer.status_code == 302


def test_locking_the_pair_only_leaves_the_owner_in_from_another_computer(
    client, other_client, cast, wrong_passwords, sign_in, settings
):
    settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # LOGIN_LOCKOUT_BY=username+ip_address
    wrong_passwords(client, "clerk", 5, ip=OFFICE)

    same_computer = sign_in(client, "clerk", "matkhau-123", ip=OFFICE)
    other_computer = sign_in(other_client, "clerk", "matkhau-123", ip=ELSEWHERE)

    assert same_computer.status_code == 429
    assert other_computer.status_code == 302


def test_the_lock_ends_by_itself_after_30_minutes(client, cast, wrong_passwords, sign_in, time_machine):
    wrong_passwords(client, "clerk", 5)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=31))

    right = sign_in(client, "clerk", "matkhau-123")

    assert right.status_code == 302


def test_attempts_while_locked_do_not_make_the_lock_longer(client, cast, wrong_passwords, sign_in, time_machine):
    wrong_passwords(client, "clerk", 5)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=20))
    wrong_passwords(client, "clerk", 10)  # an attacker keeps trying
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=11))

    right = sign_in(client, "clerk", "matkhau-123")

    assert right.status_code == 302


def test_the_administrator_sees_the_lock_and_lifts_it(client, other_client, cast, wrong_passwords, sign_in):
    wrong_passwords(client, "clerk", 5, ip=OFFICE)
    other_client.force_login(cast["admin"])

    listed = other_client.get(reverse("units:lockout-list"))
    unlocked = other_client.post(reverse("units:lockout-unlock"), {"username": "clerk"}, follow=True)
    right = sign_in(client, "clerk", "matkhau-123", ip=OFFICE)

    page = listed.content.decode()
    assert listed.status_code == 200
    assert '<input type="hidden" name="username" value="clerk">' in page
    assert '<input type="hidden" name="ip_address" value="10.1.1.20">' in page
    assert "Đã mở khóa đăng nhập: clerk." in unlocked.content.decode()
    assert right.status_code == 302
    event = AuditEvent.objects.get(kind=AuditKind.UNLOCK)
    assert (event.user, event.detail) == (cast["admin"], {"account": "clerk", "removed": 1})


def test_the_administrator_lifts_the_lock_of_an_address(client, other_client, cast, wrong_passwords, sign_in):
    for username in ("clerk", "leader", "secretary", "member", "outsider"):
        wrong_passwords(client, username, 1, ip=OFFICE)
    other_client.force_login(cast["admin"])

    other_client.post(reverse("units:lockout-unlock"), {"ip_address": OFFICE})
    right = sign_in(client, "regional_clerk", "matkhau-123", ip=OFFICE)

    assert right.status_code == 302


def test_the_administrator_lifts_a_lock_in_the_admin_site(client, other_client, cast, wrong_passwords, sign_in):
    wrong_passwords(client, "clerk", 5, ip=OFFICE)
    admin = cast["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    other_client.force_login(admin)
    attempt = AccessAttempt.objects.get(username="clerk")

    response = other_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    right = sign_in(client, "clerk", "matkhau-123", ip=OFFICE)

    assert response.status_code == 302
    assert right.status_code == 302
    event = AuditEvent.objects.get(kind=AuditKind.UNLOCK)
    assert (event.user, event.detail) == (admin, {"account": "clerk", "address": OFFICE, "via": "admin"})


@pytest.mark.parametrize("who", ["clerk", "leader", "outsider"])
def test_only_an_administrator_sees_or_lifts_the_locks(client, cast, who):
    client.force_login(cast[who])

    listed = client.get(reverse("units:lockout-list"))
    unlocked = client.post(reverse("units:lockout-unlock"), {"username": "clerk"})

    assert listed.status_code == 403
    assert unlocked.status_code == 403


def test_the_unlock_page_answers_a_get_with_405(client, cast):
    client.force_login(cast["admin"])

    response = client.get(reverse("units:lockout-unlock"))

    assert response.status_code == 405
