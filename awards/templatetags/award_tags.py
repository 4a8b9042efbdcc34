"""The award sections of the person and unit pages: `{% load award_tags %}`.

The units app knows nothing of awards (awards depend on units, not the reverse); its pages pull these
sections in through inclusion tags, which read through the register's selectors (`awards.register.selectors`) in a
fixed number of queries.
"""

from django import template

from awards.register import selectors

register = template.Library()


def _rows(user, awards) -> list[dict]:
    # The permission predicates read the cached role paths and the loaded unit_at_time: no query per row.
    return [
        {
            "award": award,
            "can_view": user.has_perm("awards.view_award", award),
            "can_revoke": not award.is_revoked and user.has_perm("awards.revoke_award", award),
        }
        for award in awards
    ]


@register.inclusion_tag("awards/includes/person_awards.html", takes_context=True)
def person_awards(context, person):
    """Section III of an achievement report: every award of the person by year, and the chains held."""
    request = context["request"]
    awards = list(selectors.person_awards(person=person))
    revoked = sum(1 for award in awards if award.is_revoked)
    return {
        "person": person,
        "rows": _rows(request.user, awards),
        "counted": len(awards) - revoked,
        "revoked": revoked,
        "chains": selectors.person_chain_runs(awards=awards),
        "request": request,
    }


@register.inclusion_tag("awards/includes/unit_awards.html", takes_context=True)
def unit_awards(context, unit):
    """The unit's collective awards, and its staff's counted awards by year and type (subunits included)."""
    request = context["request"]
    awards = list(selectors.unit_collective_awards(unit=unit).select_related("unit_at_time"))
    counts = selectors.unit_staff_award_counts(unit=unit)
    types = counts["types"]
    staff_rows = [
        {
            "year": year,
            "cells": [(award_type, counts["cells"].get((year, award_type.pk), 0)) for award_type in types],
            "total": counts["totals"][year],
        }
        for year in counts["years"]
    ]
    return {
        "unit": unit,
        "rows": _rows(request.user, awards),
        "types": types,
        "staff_rows": staff_rows,
        "request": request,
    }
