"""Two-factor sign-in (TOTP, django-otp): anyone may turn it on from his account page; an administrator can require
it for some roles (OTP_REQUIRED_ROLES); then the password alone opens nothing until the code is given."""

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from units.enums import AuditKind
from units.models import AuditEvent

pytestmark = pytest.mark.integration


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or `steps_ahead` 30-second steps later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step):06d}"


def phone_of(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def test_a_leader_turns_two_factor_sign_in_on_from_his_account_page(client, cast):
    client.force_login(cast["leader"])
    account = client.get(reverse("units:account")).content.decode()
    enrol = client.get(reverse("units:otp-enrol"))
    device = TOTPDevice.objects.get(user=cast["leader"])

    response = client.post(reverse("units:otp-enrol"), {"code": code_of(device)}, follow=True)

    assert "Chưa bật" in account
    page = enrol.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert '<code class="otp-secret" id="otp-secret">' in page
    device.refresh_from_db()
    assert device.confirmed is True
    assert "Đã bật xác thực hai bước." in response.content.decode()
    assert "Đang bật" in response.content.decode()
    assert AuditEvent.objects.get(kind=AuditKind.OTP_ENABLED).user == cast["leader"]


def test_a_wrong_code_does_not_turn_it_on(client, cast):
    client.force_login(cast["leader"])
    client.get(reverse("units:otp-enrol"))
    device = TOTPDevice.objects.get(user=cast["leader"])

    response = client.post(reverse("units:otp-enrol"), {"code": "000000" if code_of(device) != "000000" else "111111"})

    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False


def test_the_qr_code_stays_the_same_until_it_is_confirmed(client, cast):
    client.force_login(cast["leader"])

    first = client.get(reverse("units:otp-enrol")).context["secret"]
    second = client.get(reverse("units:otp-enrol")).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=cast["leader"]).count() == 1


def test_the_qr_code_is_one_svg_path_drawn_on_the_site(client, cast):
    """An image in the page itself (no request leaves the closed network), one path for all its modules: a light
    page on a phone."""
    client.force_login(cast["leader"])

    response = client.get(reverse("units:otp-enrol"))

    prefix = "data:image/svg+xml;base64,"
    assert response.context["qr"].startswith(prefix)
    svg = base64.b64decode(response.context["qr"].removeprefix(prefix)).decode()
    assert svg.count("<path") == 1 and "<rect" not in svg
    assert len(response.content) < 40_000


def test_with_a_device_the_password_alone_opens_nothing(client, cast, sign_in):
    phone_of(cast["leader"])

    signed = sign_in(client, "leader", "matkhau-123")
    home = client.get(reverse("home"))
    units = client.get(reverse("units:unit-list"))
    admin = client.get(reverse("admin:index"))

    assert signed.status_code == 302
    verify = reverse("units:otp-verify")
    assert home.url == f"{verify}?next=%2F"
    assert units.url == f"{verify}?next=%2Fdon-vi%2F"
    assert admin.url == f"{verify}?next=%2Fadmin%2F"


def test_the_code_after_the_password_opens_the_page_asked_for(client, cast, sign_in):
    device = phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")
    key_before = client.session.session_key

    response = client.post(f"{reverse('units:otp-verify')}?next=/don-vi/", {"code": code_of(device)})

    assert response.status_code == 302
    assert response.url == "/don-vi/"
    assert client.get(reverse("units:unit-list")).status_code == 200
    assert client.session.session_key != key_before


def test_a_wrong_code_is_refused_logged_and_slows_the_next_try(client, cast, sign_in, time_machine):
    device = phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")
    wrong = "000000" if code_of(device) != "000000" else "111111"

    refused = client.post(reverse("units:otp-verify"), {"code": wrong})
    too_soon = client.post(reverse("units:otp-verify"), {"code": code_of(device)})
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=3))
    accepted = client.post(reverse("units:otp-verify"), {"code": code_of(device)})

    assert refused.status_code == 200
    assert "Mã xác thực không đúng" in refused.content.decode()
    assert "Vui lòng đợi" in too_soon.content.decode()
    assert accepted.status_code == 302
    events = AuditEvent.objects.filter(kind=AuditKind.OTP_FAILED).order_by("id")
    assert [(event.username, event.detail) for event in events] == [
        ("leader", {"throttled": False}),
        ("leader", {"throttled": True}),
    ]


def test_a_code_is_accepted_only_once(client, other_client, cast, sign_in):
    device = phone_of(cast["leader"])
    code = code_of(device)
    sign_in(client, "leader", "matkhau-123")
    client.post(reverse("units:otp-verify"), {"code": code})
    sign_in(other_client, "leader", "matkhau-123", ip="10.2.2.30")

    replayed = other_client.post(reverse("units:otp-verify"), {"code": code})

    assert replayed.status_code == 200
    assert other_client.get(reverse("home")).status_code == 302


def test_a_leader_must_set_it_up_when_his_role_requires_it(client, cast, sign_in, settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "leader"]  # OTP_REQUIRED_ROLES=admin,leader
    sign_in(client, "leader", "matkhau-123")

    home = client.get(reverse("home"))
    enrol = client.get(reverse("units:otp-enrol"))
    device = TOTPDevice.objects.get(user=cast["leader"])
    confirmed = client.post(f"{reverse('units:otp-enrol')}?next=/", {"code": code_of(device)})

    assert home.url == f"{reverse('units:otp-enrol')}?next=%2F"
    assert "Vai trò của bạn bắt buộc xác thực hai bước" in enrol.content.decode()
    assert confirmed.url == "/"
    assert client.get(reverse("home")).status_code == 200


def test_a_clerk_is_not_asked_when_only_leaders_must(client, cast, sign_in, settings):
    settings.OTP_REQUIRED_ROLES = ["leader"]
    sign_in(client, "clerk", "matkhau-123")

    assert client.get(reverse("home")).status_code == 200


def test_a_required_leader_with_a_device_gives_the_code(client, cast, sign_in, settings):
    settings.OTP_REQUIRED_ROLES = ["leader"]
    phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")

    assert client.get(reverse("home")).url == f"{reverse('units:otp-verify')}?next=%2F"
    assert client.get(reverse("units:otp-enrol")).url.startswith(reverse("units:otp-verify"))


def test_a_user_turns_it_off_with_a_code(client, cast, sign_in):
    device = phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")
    client.post(reverse("units:otp-verify"), {"code": code_of(device)})

    response = client.post(reverse("units:otp-disable"), {"code": code_of(device, steps_ahead=1)}, follow=True)

    assert "Đã tắt xác thực hai bước." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast["leader"]).exists()
    assert AuditEvent.objects.filter(kind=AuditKind.OTP_DISABLED, user=cast["leader"]).count() == 1


def test_a_required_role_cannot_turn_it_off(client, cast, sign_in, settings):
    settings.OTP_REQUIRED_ROLES = ["leader"]
    device = phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")
    client.post(reverse("units:otp-verify"), {"code": code_of(device)})

    response = client.post(reverse("units:otp-disable"), {"code": code_of(device, steps_ahead=1)}, follow=True)

    assert "không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast["leader"]).count() == 1


def test_sign_out_stays_open_at_the_code_step(client, cast, sign_in):
    phone_of(cast["leader"])
    sign_in(client, "leader", "matkhau-123")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
