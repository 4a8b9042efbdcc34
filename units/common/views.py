"""View helpers of every app: load through a scoped selector (404 outside the scope), require a permission."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404


def get_visible_or_404(selector, **kwargs):
    """Load through a scoped selector: objects the user may not know about are simply not found."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def require_perm(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied
