"""Template helpers shared by every app: `{% load tdkt %}`."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

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


def may_open_unit(user, unit) -> bool:
    """Whether the user may open the unit's page (and its people's): what `units.selectors.units_visible_to` lets
    through, answered from the roles already read for the request, without a query."""
    if user is None:
        return False
    return scope.is_administrator(user) or scope.in_scope(user, unit)


def _user(context):
    """The signed-in user of the page: the `user` of the auth context processor, else the request's."""
    user = context.get("user")
    return user if user is not None else getattr(context.get("request"), "user", None)


def _link_or_name(url: str | None, text, css: str):
    """The text linked to `url`, or the bare text (in a span carrying the same class) when there is no page to
    open: a name outside the user's scope is shown, never a link that answers 404."""
    if url is None:
        return format_html('<span class="{}">{}</span>', css, text) if css else format_html("{}", text)
    if css:
        return format_html('<a href="{}" class="{}">{}</a>', url, css, text)
    return format_html('<a href="{}">{}</a>', url, text)


@register.simple_tag(takes_context=True)
def unit_link(context, unit, text=None, css: str = ""):
    """`{% unit_link unit %}` (or `{% unit_link unit unit.name "closed-unit" %}`): the unit's name, linked to its
    page when the signed-in user may open it, plain otherwise (a parent, predecessor or fellow member of a cluster
    outside a regional clerk's scope). `unit.path` must be loaded; the roles are read once per request."""
    if unit is None:
        return ""
    label = unit if text is None else text
    visible = may_open_unit(_user(context), unit)
    return _link_or_name(reverse("units:unit-detail", args=[unit.pk]) if visible else None, label, css)


@register.simple_tag(takes_context=True)
def person_link(context, person, text=None, css: str = ""):
    """`{% person_link person %}`: the person's full name, linked to his page when the user may open it (his unit
    is in the user's scope). Load `person.unit` with the person (select_related) where many are printed."""
    if person is None:
        return ""
    label = person.full_name if text is None else text
    visible = may_open_unit(_user(context), person.unit)
    return _link_or_name(reverse("units:person-detail", args=[person.pk]) if visible else None, label, css)
