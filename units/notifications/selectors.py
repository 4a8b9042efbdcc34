"""Reads of a user's notifications: always his own, never another's (another's id is simply not found)."""

from django.db.models import QuerySet

from units.notifications.enums import NotificationKind
from units.notifications.models import Notification, NotificationPreference


def notifications_of(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first: the order of the index `units_notification_user_list`."""
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's notifications; DoesNotExist for another's."""
    return Notification.objects.get(user=user, pk=pk)


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread: one query on the partial index `units_notification_unread`
    (the bell asks it on every page, through `static/js/notifications.js`)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(*, user) -> dict[str, tuple[bool, bool]]:
    """{kind: (in the product, by e-mail)} for every kind; a kind without a row of the user is received both ways."""
    stored = {
        kind: (in_app, by_email)
        for kind, in_app, by_email in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "in_app", "by_email"
        )
    }
    return {kind: stored.get(kind, (True, True)) for kind in NotificationKind.values}
