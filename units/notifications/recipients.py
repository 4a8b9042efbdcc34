"""Who hears of an event of a unit: the holders of a role on the unit itself, never everybody whose scope reaches
it (a clerk of the whole sector would hear of every tờ trình of the country)."""

from django.contrib.auth import get_user_model
from django.db.models import F

from units.models import Unit, ancestor_paths


def role_holders(unit: Unit | None, roles, *, or_above: bool = True) -> list:
    """The active users holding one of `roles` on `unit`; with `or_above`, when nobody holds one there, those of the
    nearest unit above where somebody does (a phòng without a clerk of its own is served by its procuracy's). One
    query over the unit's ancestors, read from its materialised path."""
    if unit is None:
        return []
    paths = ancestor_paths(unit.path) if or_above else [unit.path]
    users = list(
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=list(roles), role_assignments__unit__path__in=paths)
        .annotate(held_on=F("role_assignments__unit__path"))
        .order_by("pk")
    )
    if not users:
        return []
    nearest = max(len(user.held_on) for user in users)
    return list({user.pk: user for user in users if len(user.held_on) == nearest}.values())
