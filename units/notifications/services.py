"""Sending notifications: the one entry point `notify`, marking them read, and each user's choices."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from units.notifications.enums import NotificationKind
from units.notifications.models import Notification, NotificationPreference

log = logging.getLogger(__name__)

KEY_LENGTH = Notification._meta.get_field("key").max_length
TITLE_LENGTH = Notification._meta.get_field("title").max_length
URL_LENGTH = Notification._meta.get_field("url").max_length


def notify(*, users, kind: str, key: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each of `users` (active ones, each once) of one event named by `key`: a notification in the product
    for those who receive the kind there, an e-mail (once SMTP is configured, `EMAIL_HOST`) for those who receive it
    by e-mail and have an address. A user already notified of `key` is skipped, so a caller may notify the same
    event again (a reminder job run twice) without the user hearing of it twice. Returns the new notifications.

    `title` and `body` may be lazy translations: they are written in the site's language (`LANGUAGE_CODE`), not in
    the language of whoever caused the event, since they are read by others. `url` is a path of the product
    ("/khen-thuong/to-trinh/12/"); the bell opens only local paths.

    The e-mails leave after the transaction commits; a failed e-mail is logged and leaves the notification in the
    product."""
    users = {user.pk: user for user in users if user is not None and user.is_active}
    if not users:
        return []
    key = key[:KEY_LENGTH]
    with translation.override(settings.LANGUAGE_CODE):
        title, body = str(title)[:TITLE_LENGTH], str(body)
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
            key=key,
            title=title,
            body=body,
            url=url[:URL_LENGTH],
            # A notification only e-mailed is kept, read, so that the key is remembered without showing in the bell.
            read_at=None if in_app else timezone.now(),
        )
        created.append((notification, by_email))
    # Two workers notifying the same event at once: the unique (user, key) keeps one, the other is ignored.
    Notification.objects.bulk_create([item for item, _by_email in created], ignore_conflicts=True)
    to_mail = [item for item, by_email in created if by_email]
    if to_mail:
        transaction.on_commit(lambda: _send_emails(to_mail))
    return [item for item, _by_email in created]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path and settings.SITE_URL else ""


def _send_emails(notifications: list[Notification]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        footer = _("Bạn nhận thư này vì tài khoản của bạn nhận loại thông báo “%(kind)s” qua thư điện tử.")
        change = _("Thay đổi lựa chọn nhận thông báo: %(url)s")
        preferences = _absolute(reverse("units:notification-preferences"))
        for notification in notifications:
            link = _absolute(notification.url)
            parts = [
                notification.body,
                link,
                footer % {"kind": NotificationKind(notification.kind).label},
                change % {"url": preferences} if preferences else "",
            ]
            try:
                send_mail(
                    settings.EMAIL_SUBJECT_PREFIX + notification.title,
                    "\n\n".join(part for part in parts if part),
                    settings.DEFAULT_FROM_EMAIL,
                    [notification.user.email],
                )
            except OSError:  # smtplib's errors are OSErrors: the server refused, or could not be reached
                log.exception("notification e-mail to user %s failed", notification.user_id)
                continue
            Notification.objects.filter(user=notification.user, key=notification.key).update(emailed_at=timezone.now())


def mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read: those of `ids`, or all. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's choices: {kind: (in the product, by e-mail)}. A choice of both ways is the default, so its
    row is removed rather than kept."""
    for kind, (in_app, by_email) in choices.items():
        NotificationKind(kind)  # a kind that does not exist is a bug of the caller
        if in_app and by_email:
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
            continue
        pref = NotificationPreference.objects.filter(user=user, kind=kind).first() or NotificationPreference(
            user=user, kind=kind
        )
        pref.in_app, pref.by_email = in_app, by_email
        pref.full_clean(validate_unique=False)
        pref.save()
