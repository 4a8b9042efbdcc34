"""The pages of sign-in: the lockout page, the user's account with two-factor sign-in, the code asked after the
password, and for administrators the security log and the lockouts."""

import base64
import io

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from qrcode.image.svg import SvgPathImage

from units.accounts import selectors, services
from units.accounts.forms import AuditFilterForm, OtpCodeForm, UnlockForm
from units.common.paging import paginate, query_without_page
from units.common.views import require_perm
from units.enums import AuditKind

ACCOUNT_TEMPLATE = "units/account_detail.html"


def locked_out(request, original_response=None, credentials=None):
    """The answer to a sign-in from a locked-out account or address (django-axes' `AXES_LOCKOUT_CALLABLE`): the
    sign-in page again, saying why and for how long, with status 429."""
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", ""),
        "locked_out": True,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": services.lockout_minutes(),
    }
    return render(request, "registration/login.html", context, status=429)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _wait_message(check: services.CodeCheck) -> str:
    if check.wait:
        return _("Bạn đã nhập sai mã nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.") % {"seconds": check.wait}
    return _("Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã đang hiện trên ứng dụng.")


@login_required
@require_GET
def account_detail(request):
    device = services.confirmed_device(request.user)
    context = {
        "device": device,
        "otp_required": services.otp_required_for(request.user),
        "form": OtpCodeForm(),
    }
    return render(request, ACCOUNT_TEMPLATE, context)


def _qr_data_uri(text: str) -> str:
    """The QR code as an SVG data: URI (the policy allows data: images; drawn here, nothing leaves the site). One
    path for all its modules: django-otp's drawing (a rectangle per module) made a 160 KB page in 22 ms, this one
    is 16 KB in 13."""
    out = io.BytesIO()
    qrcode.make(text, image_factory=SvgPathImage).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request):
    """Set up two-factor sign-in: scan the QR code (or type the key) into an authenticator app, then type the
    code it shows. Also the page a user of a role that requires it is sent to until he has done so."""
    if services.confirmed_device(request.user) is not None:
        messages.info(request, _("Xác thực hai bước đã được bật cho tài khoản này."))
        return redirect("units:account")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.otp_device_confirm(request=request, token=form.cleaned_data["code"])
        if check.accepted:
            messages.success(request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập mã từ ứng dụng."))
            return HttpResponseRedirect(_next_url(request, reverse("units:account")))
        form.add_error("code", _wait_message(check))
    device = services.otp_device_pending(user=request.user)
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
        "required": request.session.get(services.OTP_STATE_KEY) == services.OtpState.REQUIRED,
        "next": _next_url(request, ""),
    }
    return render(request, "units/otp_enrol.html", context)


@login_required
@require_POST
def otp_disable(request):
    form = OtpCodeForm(request.POST)
    if services.otp_required_for(request.user):
        messages.error(request, _("Vai trò của bạn bắt buộc xác thực hai bước: không thể tắt."))
    elif form.is_valid():
        check = services.otp_disable(request=request, token=form.cleaned_data["code"])
        if check.accepted:
            messages.success(request, _("Đã tắt xác thực hai bước."))
        else:
            messages.error(request, _wait_message(check))
    else:
        messages.error(request, _("Mã xác thực gồm 6 chữ số."))
    return redirect("units:account")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The code asked after the password from a user who has set up two-factor sign-in."""
    default = reverse(settings.LOGIN_REDIRECT_URL)
    if services.session_verified(request.session):
        return HttpResponseRedirect(_next_url(request, default))
    if services.confirmed_device(request.user) is None:
        # The device was removed (by an administrator) since the sign-in: ask again what the session needs.
        services.session_start(request=request, user=request.user)
        return HttpResponseRedirect(_next_url(request, default))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.otp_verify(request=request, token=form.cleaned_data["code"])
        if check.accepted:
            return HttpResponseRedirect(_next_url(request, default))
        form.add_error("code", _wait_message(check))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request, "")})


@login_required
@require_GET
def audit_list(request):
    require_perm(request.user, "units.view_audit")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(kind=filters.get("kind", ""), username=filters.get("username", ""))
    page = paginate(request, events)
    labels = dict(AuditKind.choices)
    for event in page:
        event.kind_label = labels.get(event.kind, event.kind)
    context = {"form": form, "page": page, "query_string": query_without_page(request)}
    return render(request, "units/audit_list.html", context)


@login_required
@require_GET
def lockout_list(request):
    require_perm(request.user, "units.unlock_login")
    context = {
        "lockouts": selectors.lockout_list(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": services.lockout_minutes(),
    }
    return render(request, "units/lockout_list.html", context)


@login_required
@require_POST
def lockout_unlock(request):
    require_perm(request.user, "units.unlock_login")
    form = UnlockForm(request.POST)
    if form.is_valid():
        services.login_unlock(
            request=request, username=form.cleaned_data["username"], ip_address=form.cleaned_data["ip_address"] or ""
        )
        target = " – ".join(value for value in form.cleaned_data.values() if value)
        messages.success(request, _("Đã mở khóa đăng nhập: %(target)s.") % {"target": target})
    else:
        messages.error(request, _("Chọn tài khoản hoặc địa chỉ cần mở khóa."))
    return redirect("units:lockout-list")
