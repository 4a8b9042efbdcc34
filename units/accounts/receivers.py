"""What a sign-in, a failed one and a lockout write: the session's clocks and two-factor state, and the security
log. Django's and django-axes' authentication signals are the one place every sign-in page (the site's, the admin
site's) goes through; connected by `UnitsConfig.ready()`."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from units.accounts import services
from units.audit import audit_record
from units.enums import AuditKind, Role


@receiver(user_logged_in, dispatch_uid="units.accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    state = services.session_start(request=request, user=user)
    if Role.ADMIN in services.held_roles(user):
        audit_record(AuditKind.LOGIN, request=request, user=user, two_factor=state == services.OtpState.DEVICE)


@receiver(user_login_failed, dispatch_uid="units.accounts.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the account name is kept.
    audit_record(
        AuditKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
        locked=bool(getattr(request, "axes_locked_out", False)),
    )


@receiver(user_locked_out, dispatch_uid="units.accounts.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    # django-axes also sends this for each attempt refused while the lock holds; only the failure that set the
    # lock has counted the failures (`axes_failures_since_start`).
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    audit_record(AuditKind.LOCKOUT, request=request, username=str(username or ""), failures=failures)
