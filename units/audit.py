"""The security log: sign-in failures and lockouts, administrators' sign-ins, unlocks, two-factor changes and
refused requests, written as `AuditEvent` rows that administrators read at `units:audit-list`.

Writers call `audit_record`; the sign-in events come from Django's and django-axes' signals
(`units.accounts.receivers`), the refusals from `units.accounts.middleware.ForbiddenAuditMiddleware`.
"""

import ipaddress

from django.conf import settings

from units.models import AuditEvent


def client_ip(request) -> str | None:
    """The address of the client: REMOTE_ADDR, or behind a reverse proxy (`BEHIND_PROXY`) the last address of
    X-Forwarded-For, the one our proxy appended (the ones before it are whatever the client sent). Anything that is
    not an IP address gives None. django-axes counts failures per address with it (`AXES_CLIENT_IP_CALLABLE`)."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        address = forwarded[-1] or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(kind: str, *, request=None, user=None, username: str = "", **detail) -> AuditEvent:
    """Write one event. The user defaults to the request's signed-in user, the username to the user's; the
    address and path come from the request. `detail` must be JSON (never a password or a code)."""
    if user is None and request is not None:
        signed_in = getattr(request, "user", None)
        user = signed_in if signed_in is not None and signed_in.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip=client_ip(request) if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
        detail=detail,
    )
