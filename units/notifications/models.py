"""A notification sent to one user, and what each user chooses to receive."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.common.models import ChoiceLabels
from units.notifications.enums import NotificationKind


class Notification(ChoiceLabels, models.Model):
    """One message to one user. `key` names the event (e.g. "deadline:12:soon:345"): one notification per user and
    key, so an event notified twice (a reminder job run twice) reaches the user once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    key = models.CharField(max_length=160)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="units_notification_once_per_user")]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="units_notification_user_list"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="units_notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(ChoiceLabels, models.Model):
    """A user's choice for one kind; a kind without a row is received both ways."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("trên phần mềm"), default=True)
    by_email = models.BooleanField(_("qua thư điện tử"), default=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="units_notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
