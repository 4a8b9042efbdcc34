"""Reads of the security log and of the current lockouts."""

import dataclasses
import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from units.models import AuditEvent


def audit_event_list(*, kind: str = "", username: str = "") -> QuerySet[AuditEvent]:
    """Events newest first, narrowed to a kind and to an account (the name typed at sign-in, or the user's)."""
    events = AuditEvent.objects.select_related("user").order_by("-at", "-id")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username)
    return events


@dataclasses.dataclass(frozen=True)
class Lockout:
    """An account, an address or a pair of both (as `AXES_LOCKOUT_PARAMETERS` counts them) that reached the
    failure limit within the cool-off time: refused until `until`, unless an administrator unlocks it."""

    username: str | None
    ip_address: str | None
    failures: int
    last: datetime.datetime
    until: datetime.datetime


def _fields(parameter) -> list[str]:
    return [parameter] if isinstance(parameter, str) else list(parameter)


def lockout_list() -> list[Lockout]:
    """The lockouts in force, most recent first: the failures of the last cool-off period summed per account,
    per address, or per pair, exactly as django-axes adds them up before refusing a sign-in. One query per
    lockout parameter."""
    cool_off: datetime.timedelta = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    found: dict[tuple, Lockout] = {}
    for parameter in settings.AXES_LOCKOUT_PARAMETERS:
        fields = [field for field in _fields(parameter) if field in ("username", "ip_address")]
        if not fields:
            continue
        rows = (
            recent.values(*fields)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by()
        )
        for row in rows:
            lockout = Lockout(
                username=row.get("username"),
                ip_address=row.get("ip_address"),
                failures=row["failures"],
                last=row["last"],
                until=row["last"] + cool_off,
            )
            found.setdefault((lockout.username, lockout.ip_address), lockout)
    return sorted(found.values(), key=lambda lockout: lockout.last, reverse=True)
