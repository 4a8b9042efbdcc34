"""Middleware of sign-in: the limits of a session, the two-factor gate, and the log of refused requests.

The first two read only the session (already loaded to find the user), so a request pays no query for them;
the session is written when a minute has passed since the last write, not on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from units.accounts import services
from units.audit import audit_record
from units.enums import AuditKind

# How stale the "last seen" stamp may get before a request rewrites the session: an idle limit of an hour does
# not need a database write per request.
SEEN_REFRESH_SECONDS = 60


class SessionLimitsMiddleware:
    """Ends a session after `SESSION_IDLE_SECONDS` without a request, and `SESSION_COOKIE_AGE` after it began
    (the working day), whatever the activity in between: the user is signed out, the request goes on as an
    anonymous one (so a page asks him to sign in again) and the sign-in page says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            started = session.get(services.STARTED_KEY)
            seen = session.get(services.SEEN_KEY)
            if started is None or seen is None:
                # A session from before these limits: its clocks start now.
                session[services.STARTED_KEY] = started = now if started is None else started
                session[services.SEEN_KEY] = seen = now
            if now - seen > settings.SESSION_IDLE_SECONDS:
                minutes = settings.SESSION_IDLE_SECONDS // 60
                self._end(
                    request,
                    _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)s phút.") % {"minutes": minutes},
                )
            elif now - started > settings.SESSION_COOKIE_AGE:
                hours = round(settings.SESSION_COOKIE_AGE / 3600, 1)
                self._end(
                    request,
                    _("Phiên làm việc đã kết thúc sau %(hours)s giờ kể từ khi đăng nhập.") % {"hours": f"{hours:g}"},
                )
            elif now - seen >= SEEN_REFRESH_SECONDS:
                session[services.SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _end(request, why: str) -> None:
        logout(request)
        messages.info(request, f"{why} {_('Vui lòng đăng nhập lại.')}")


class TwoFactorMiddleware:
    """Holds a signed-in session at the two-factor step: a user with a device gives a code before any other page;
    a user whose role requires two-factor sign-in and who has no device sets one up first. Whatever the sign-in
    page (the site's, the admin site's), nothing else opens until then."""

    OPEN = {
        services.OtpState.DEVICE: "units:otp-verify",
        services.OtpState.REQUIRED: "units:otp-enrol",
    }
    ALWAYS_OPEN = frozenset({"logout", "set_language", "admin:logout"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = request.session
        state = session.get(services.OTP_STATE_KEY)
        if not state or SESSION_KEY not in session or services.session_verified(session):
            return None
        step = self.OPEN.get(state)
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if step is None or view_name == step or view_name in self.ALWAYS_OPEN:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class ForbiddenAuditMiddleware:
    """Logs every refused request (403: a permission denied, a failed CSRF check) with who, where and from which
    address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_record(AuditKind.FORBIDDEN, request=request, method=request.method)
        return response
