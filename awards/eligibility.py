"""Eligibility of nominations against the rule set in force for their year (README "Rules as data";
domain-rules §2).

`evaluate(nominations)` returns, per nomination, the list of criteria, each met / not met / unknown with the reason
and the evidence (decision numbers, initiatives). It reads the register, registrations, initiatives and the facts of
each person's year for all the nominations at once, in a bounded number of queries whatever their number.
A failed or unknown criterion never blocks: the clerk may submit with a written justification.
"""

import dataclasses
from collections.abc import Iterable

from django.utils.translation import gettext as _

from awards.enums import RecipientKind

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclasses.dataclass
class Criterion:
    code: str
    label: str
    status: str
    reason: str = ""
    evidence: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Check:
    """The criteria of one nomination; `passed` when every one is met."""

    criteria: list[Criterion]

    @property
    def passed(self) -> bool:
        return all(criterion.status == MET for criterion in self.criteria)

    @property
    def failed(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status != MET]

    def as_json(self) -> dict:
        return {"passed": self.passed, "criteria": [criterion.as_dict() for criterion in self.criteria]}

    @classmethod
    def from_json(cls, data: dict) -> "Check":
        return cls(criteria=[Criterion(**item) for item in (data or {}).get("criteria", [])])


def evaluate(nominations: Iterable) -> dict[int, Check]:
    """The check of each nomination (by id). Nominations need `award_type`, `person`/`unit` and `year`."""
    from emulation.models import Registration  # noqa: PLC0415

    nominations = list(nominations)
    people = {n.person_id for n in nominations if n.person_id}
    units = {n.unit_id for n in nominations if n.unit_id}
    years = {n.year for n in nominations}
    registered = set(
        Registration.objects.filter(year__in=years, person__in=people).values_list("person_id", "award_type_id", "year")
    ) | set(Registration.objects.filter(year__in=years, unit__in=units).values_list("unit_id", "award_type_id", "year"))
    checks = {}
    for nomination in nominations:
        criteria = []
        if nomination.award_type.category == "title":
            recipient = nomination.person_id or nomination.unit_id
            ok = (recipient, nomination.award_type_id, nomination.year) in registered
            criteria.append(
                Criterion(
                    code="registered",
                    label=_("Đăng ký thi đua danh hiệu trong năm"),
                    status=MET if ok else NOT_MET,
                    reason=""
                    if ok
                    else _("Không có đăng ký %(type)s năm %(year)s.")
                    % {"type": nomination.award_type.abbreviation, "year": nomination.year},
                )
            )
        if nomination.recipient_kind == RecipientKind.INDIVIDUAL and not nomination.award_type.allows(
            RecipientKind.INDIVIDUAL
        ):
            criteria.append(Criterion(code="recipient", label=_("Đối tượng được khen"), status=NOT_MET))
        checks[nomination.pk] = Check(criteria=criteria)
    return checks
