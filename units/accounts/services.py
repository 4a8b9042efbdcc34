"""The writes of sign-in: a session's clocks and two-factor state, TOTP devices, lifting a lockout.

A session carries, from the sign-in on (`session_start`, called by the `user_logged_in` receiver):

- `STARTED_KEY`, `SEEN_KEY`: when it began and when it last served a request (Unix seconds), which
  `SessionLimitsMiddleware` weighs against `SESSION_COOKIE_AGE` and `SESSION_IDLE_SECONDS`;
- `OTP_STATE_KEY`: `OtpState.DEVICE` when the user has a confirmed TOTP device (he must give a code before
  anything else), `OtpState.REQUIRED` when his role requires one that he has not set up (he must enrol first),
  absent otherwise. `TwoFactorMiddleware` reads it, so that no request pays a query for it. A code given marks
  the session verified with django-otp's own key (`django_otp.DEVICE_ID_SESSION_KEY`).
"""

import dataclasses
import datetime
import time

import django_otp
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from units.audit import audit_record
from units.enums import AuditKind, Role

STARTED_KEY = "tdkt_session_started"
SEEN_KEY = "tdkt_session_seen"
OTP_STATE_KEY = "tdkt_otp_state"


class OtpState:
    DEVICE = "device"
    REQUIRED = "required"


def held_roles(user) -> set[str]:
    """The user's roles, read afresh (not `units.scope.role_paths`, which caches them on the user object that a
    test or a caller may still change); a superuser counts as an administrator."""
    roles = set(user.role_assignments.values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def otp_required_for(user) -> bool:
    required = set(settings.OTP_REQUIRED_ROLES)
    return bool(required) and bool(required & held_roles(user))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def otp_state_for(user) -> str:
    if confirmed_device(user) is not None:
        return OtpState.DEVICE
    return OtpState.REQUIRED if otp_required_for(user) else ""


def session_start(*, request, user) -> str:
    """Start the clocks and record the two-factor state of a session that has just signed in; returns the state."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    state = otp_state_for(user)
    if state:
        request.session[OTP_STATE_KEY] = state
    else:
        request.session.pop(OTP_STATE_KEY, None)
    return state


def session_verified(session) -> bool:
    return bool(session.get(django_otp.DEVICE_ID_SESSION_KEY))


# -- TOTP devices -------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CodeCheck:
    """The answer to a code: accepted, or refused (`wait` seconds still to wait after repeated wrong codes)."""

    accepted: bool
    wait: int = 0


def _check(device: TOTPDevice, token: str) -> CodeCheck:
    """django-otp's check, which refuses a code used before and makes the user wait 1, 2, 4, 8… seconds after
    each wrong one (its throttling, stored on the device)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        until = (info or {}).get("locked_until") or timezone.now()
        return CodeCheck(accepted=False, wait=max(1, int((until - timezone.now()).total_seconds()) + 1))
    return CodeCheck(accepted=device.verify_token(token))


def otp_device_pending(*, user) -> TOTPDevice:
    """The device being set up: unconfirmed until the user types a code from it. Kept across reloads of the
    page, so that the QR code he scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice(user=user, name="Ứng dụng xác thực", confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def otp_device_confirm(*, request, token: str) -> CodeCheck:
    """Turn on two-factor sign-in for the signed-in user: the pending device is confirmed by a code from it, the
    session counts as verified, and any other device of his is removed (one device per person)."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        return CodeCheck(accepted=False)
    check = _check(device, token)
    if not check.accepted:
        return check
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    django_otp.login(request, device)
    request.session[OTP_STATE_KEY] = OtpState.DEVICE
    audit_record(AuditKind.OTP_ENABLED, request=request)
    return check


@transaction.atomic
def otp_verify(*, request, token: str) -> CodeCheck:
    """The second step of a sign-in: a code from the user's device marks the session verified. A wrong code is
    logged; the session key changes once it is verified."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return CodeCheck(accepted=False)
    check = _check(device, token)
    if check.accepted:
        request.session.cycle_key()
        django_otp.login(request, device)
    else:
        audit_record(AuditKind.OTP_FAILED, request=request, throttled=bool(check.wait))
    return check


@transaction.atomic
def otp_disable(*, request, token: str) -> CodeCheck:
    """Turn two-factor sign-in off, confirmed by a current code. Refused (not accepted) when the user's role
    requires it."""
    user = request.user
    if otp_required_for(user):
        return CodeCheck(accepted=False)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return CodeCheck(accepted=False)
    check = _check(device, token)
    if check.accepted:
        TOTPDevice.objects.filter(user=user).delete()
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        request.session.pop(OTP_STATE_KEY, None)
        audit_record(AuditKind.OTP_DISABLED, request=request)
    return check


# -- lockouts -----------------------------------------------------------------------------------------------------


@transaction.atomic
def login_unlock(*, request, username: str = "", ip_address: str = "") -> int:
    """Lift a lockout before it runs out: forget the failed sign-ins of the account, the address, or the pair of
    both. Returns how many records of failures were removed; the unlock is logged with who did it."""
    if not username and not ip_address:
        raise ValueError("login_unlock needs an account or an address")
    removed = axes_reset(ip=ip_address or None, username=username or None)
    target = {key: value for key, value in (("account", username), ("address", ip_address)) if value}
    audit_record(AuditKind.UNLOCK, request=request, removed=removed, **target)
    return removed


def lockout_minutes() -> int:
    cool_off: datetime.timedelta = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60)
