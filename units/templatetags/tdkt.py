"""Template helpers shared by every app: `{% load tdkt %}`."""

from django import template

from units import scope
from units.common.text import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    """`{{ user|display_name }}`: the user's name in Vietnamese order, or the username."""
    return _display_name(user)


@register.filter
def is_administrator(user) -> bool:
    """`{% if user|is_administrator %}`: the role the menu checks without asking every permission backend (the
    roles are read once per request, `units.scope.role_paths`)."""
    return scope.is_administrator(user)
