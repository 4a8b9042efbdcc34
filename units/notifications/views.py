"""The pages of the user's own notifications: the list, opening one (marked read, then its page), marking all read,
the unread count the bell asks for, and the choice of what to receive. Nobody sees another's: his ids are not
found (404)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units.common.paging import paginate
from units.common.views import get_visible_or_404
from units.notifications import selectors, services
from units.notifications.forms import PreferencesForm

PAGE_SIZE = 30


def is_local_path(url: str) -> bool:
    """A path of this site ("/khen-thuong/…"), never another site's address (`//evil.example`, `https://…`)."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("chua-doc") == "1"
    page = paginate(request, selectors.notifications_of(user=request.user, unread_only=unread_only), PAGE_SIZE)
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": selectors.unread_count(user=request.user),
        "query_string": "chua-doc=1" if unread_only else "",
    }
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark the notification read and go to its page; a notification without one (or whose address is not a path
    of this site) leads back to the list."""
    notification = get_visible_or_404(selectors.notification_get, user=request.user, pk=pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    if notification.url and is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("units:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_read(user=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("units:notification-list")


@never_cache
@login_required
@require_GET
def notification_unread(request):
    """`{"unread": n}` for the bell of every page (static/js/notifications.js): the pages themselves ask nothing, so
    that no page pays a query for it."""
    return JsonResponse({"unread": selectors.unread_count(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    form = PreferencesForm(request.POST or None, initial_choices=selectors.preferences_of(user=request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
        return redirect("units:notification-preferences")
    context = {"form": form, "mail_server": bool(settings.EMAIL_HOST), "email": request.user.email}
    return render(request, "notifications/preferences.html", context)
