"""Template helpers shared by every app: `{% load tdkt %}`."""

from django import template

from units.common.text import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    """`{{ user|display_name }}`: the user's name in Vietnamese order, or the username."""
    return _display_name(user)
