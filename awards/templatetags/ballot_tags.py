"""The menu's "Phiếu bầu" entry of a council member, with how many open polls wait for his ballot."""

from django import template

from awards.councils import selectors
from units.enums import Role
from units.scope import role_paths

register = template.Library()


@register.simple_tag(takes_context=True)
def ballots_waiting(context) -> int | None:
    """`{% ballots_waiting as waiting %}`: for a holder of the council member role, the number of open polls still
    waiting for his ballot (one query, once per request); None for everybody else, without a query (the roles are
    read once per request for the menu anyway)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or Role.COUNCIL_MEMBER not in role_paths(user):
        return None
    if not hasattr(request, "_tdkt_ballots_waiting"):
        request._tdkt_ballots_waiting = selectors.ballot_polls_waiting_count(user=user)
    return request._tdkt_ballots_waiting
