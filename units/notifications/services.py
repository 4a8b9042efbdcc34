"""Sending notifications: the one entry point `notify`, marking them read, and each user's choices."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from units.notifications.models import Notification, NotificationPreference

log = logging.getLogger(__name__)


def notify(*, users, kind: str, key: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each of `users` (active ones, each once) of one event named by `key`: a notification in the product
    for those who receive the kind there, an e-mail (once SMTP is configured, `EMAIL_HOST`) for those who receive it
    by e-mail and have an address. A user already notified of `key` is skipped, so a caller may notify the same
    event again (a reminder job run twice) without the user hearing of it twice. Returns the new notifications.

    The e-mails leave after the transaction commits; a failed e-mail is logged and leaves the notification in the
    product."""
    users = {user.pk: user for user in users if user is not None and user.is_active}
    if not users:
        return []
    choices = {pref.user_id: pref for pref in NotificationPreference.objects.filter(user_id__in=users, kind=kind)}
    already = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
    created = []
    for user_id, user in users.items():
        if user_id in already:
            continue
        pref = choices.get(user_id)
        in_app = pref.in_app if pref else True
        by_email = (pref.by_email if pref else True) and bool(settings.EMAIL_HOST) and bool(user.email)
        if not in_app and not by_email:
            continue
        notification = Notification(
            user=user,
            kind=kind,
            key=key[:160],
            title=title[:255],
            body=body,
            url=url[:300],
            # A notification only e-mailed is kept, read, so that the key is remembered without showing in the bell.
            read_at=None if in_app else timezone.now(),
        )
        created.append((notification, by_email))
    Notification.objects.bulk_create([item for item, _ in created], ignore_conflicts=True)
    to_mail = [item for item, by_email in created if by_email]
    if to_mail:
        transaction.on_commit(lambda: _send_emails(to_mail))
    return [item for item, _ in created]


def _send_emails(notifications: list[Notification]) -> None:
    for notification in notifications:
        link = f"{settings.SITE_URL}{notification.url}" if notification.url and settings.SITE_URL else notification.url
        text = "\n\n".join(part for part in (notification.body, link) if part)
        try:
            send_mail(
                settings.EMAIL_SUBJECT_PREFIX + notification.title,
                text or notification.title,
                settings.DEFAULT_FROM_EMAIL,
                [notification.user.email],
            )
        except OSError:
            log.exception("notification e-mail to user %s failed", notification.user_id)
            continue
        Notification.objects.filter(user=notification.user, key=notification.key).update(emailed_at=timezone.now())


def mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read: those of `ids`, or all. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def preferences_save(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's choices: {kind: (in the product, by e-mail)}."""
    for kind, (in_app, by_email) in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": in_app, "by_email": by_email}
        )
