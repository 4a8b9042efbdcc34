"""Abstract bases for the rows of every app: who created a row and when, and the optimistic lock of edit forms."""

from django.conf import settings
from django.db import models


class Stamped(models.Model):
    """Who created a row and when; later changes are in the row's history (django-simple-history)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A row edited in forms: `version` grows with every save through a service, and a save that started from an
    older version is refused (`units.services.check_version`)."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
