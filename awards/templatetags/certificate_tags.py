"""The link to print a decision's certificates on the blanks, on the decision's page: `{% load certificate_tags %}`.

The register's page knows nothing of the certificates subject (a layer above it); this tag asks it, in one query,
whether the user may print the decision's certificates and which of its award types have a layout."""

from django import template
from django.urls import reverse

from awards.certificates import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def certificate_printing(context, decision) -> dict | None:
    """{"url": the print page, "types": the ids of the award types a layout prints} when the user may print the
    decision's certificates and a layout prints some of its awards; None otherwise."""
    user = context["request"].user
    if not user.has_perm("awards.print_decision_certificates", decision):
        return None
    types = set(
        selectors.layouts_for_decision(
            decision=decision, award_type_ids=decision.awards.values("award_type_id")
        ).values_list("award_type_id", flat=True)
    )
    if not types:
        return None
    return {"url": reverse("awards:certificate-print", args=[decision.pk]), "types": types}
