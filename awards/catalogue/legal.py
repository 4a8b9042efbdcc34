"""The legal bases cited by award documents, by date: those of the rule set in force that day."""

import datetime

from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_in_force

# -- tờ trình, DANH SÁCH, dự thảo quyết định ------------------------------------------------------------------


def legal_bases(day: datetime.date) -> list[str]:
    """The "Căn cứ" lines of a document dated `day` (domain-rules §0): the legal basis of the rule set in force
    that day (`RuleSet.legal_basis_lines`, edited by administrators; shipped in awards/catalogue/versions.py).
    No rule set that day (before the first one): no line, rather than a document that cannot be printed."""
    try:
        return ruleset_in_force(day).legal_basis_lines
    except RuleSet.DoesNotExist:
        return []
