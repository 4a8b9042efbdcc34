"""Who issues the decision of an award: the one rule, read by the register's validation (a decision may carry only the
awards its issuer confers), the award import (the issuer of a row without `issuer_code`), the councils' decisions
and the demo.

A procuracy confers what the authority matrix of the rule set in force gives its level (`AuthorityRule`): the head
of the nearest unit of a listed level at or above the recipient's unit decides, strictly above it for a collective
and for the unit's own leaders (a leader never confers on himself, nor on his unit as a whole). Bodies outside the
tree confer what their authority covers: Chủ tịch nước, Thủ tướng Chính phủ, a province's People's Committee, the
unions and associations (`IssuingBody`). Where the matrix is silent (no row for the type, or no unit of its levels
above the recipient) the authority of the award type decides: the Procurator General's types go to the supreme
procuracy of the tree (the body VKSTC when the tree holds none), a unit head's to the nearest provincial, high or
supreme procuracy at or above the recipient (strictly above for a collective or a leader; past the top of the tree,
the supreme procuracy: itself for its own leaders, the body VKSTC above a province).

`IssuerLookups` holds what the rule reads (ancestors, bodies, rule sets with their rows), loaded once: one per
request, or one per import file for a bounded number of queries whatever its length.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from awards.catalogue.enums import Authority, IssuerKind, RecipientKind, Recipients
from awards.catalogue.models import AwardType, IssuingBody, RuleSet
from awards.catalogue.services import ruleset_among, ruleset_in_force
from awards.register.models import Award, Decision
from units.enums import UnitLevel
from units.models import PATH_SEPARATOR, Person, Unit

# The bodies that confer the types of an authority outside the procuracy (awards/catalogue/data/issuing-bodies.csv).
BODY_OF_AUTHORITY = {
    Authority.STATE_PRESIDENT: "CTN",
    Authority.PRIME_MINISTER: "TTG",
    Authority.OTHER: "KHAC",
}
SUPREME_BODY = "VKSTC"
# Where the matrix is silent, a unit head's types are conferred by the nearest procuracy of these levels.
HEAD_LEVELS = frozenset({UnitLevel.PROVINCIAL, UnitLevel.HIGH, UnitLevel.SUPREME})
CHUNK = 5000  # codes per IN (...) query, below SQLite's variable limit

Issuer = tuple[Unit | None, IssuingBody | None]


class IssuerLookups:
    """The data the rule reads, cached: the units above the recipients (by the codes of their paths), the bodies
    outside the tree, the supreme unit, the rule sets with their authority rows."""

    def __init__(self):
        self._units: dict[str, Unit | None] = {}
        self._bodies: dict[str, IssuingBody] | None = None
        self._committees: dict[int, IssuingBody] | None = None
        self._supreme: list[Unit | None] = []
        self._rule_sets: list[RuleSet] | None = None
        self._rules_by_day: dict[datetime.date, RuleSet | None] = {}
        self._rows: dict[int, dict[int, list[tuple[str, str]]]] = {}

    # -- the tree --------------------------------------------------------------------------------------------

    @staticmethod
    def _codes(unit: Unit) -> list[str]:
        return [code for code in unit.path.split(PATH_SEPARATOR) if code]

    def preload(self, units: Iterable[Unit], *, looked_up: Iterable[str] = ()) -> None:
        """Load the ancestors of every unit at once (the import's units: one query per 5,000 codes). `looked_up`:
        codes already searched among the units, those not in `units` being no unit's."""
        units = list(units)
        for unit in units:
            self._units.setdefault(unit.code, unit)
        for code in looked_up:
            self._units.setdefault(code, None)
        self._load_units({code for unit in units for code in self._codes(unit) if code not in self._units})

    def _load_units(self, codes: set[str]) -> None:
        codes = sorted(codes)
        for start in range(0, len(codes), CHUNK):
            chunk = codes[start : start + CHUNK]
            found = {unit.code: unit for unit in Unit.objects.filter(code__in=chunk)}
            for code in chunk:
                self._units[code] = found.get(code)

    def ancestors(self, unit: Unit) -> list[Unit]:
        """The unit and the units above it, nearest first (the parent chain, read from the path in one query)."""
        self._units.setdefault(unit.code, unit)
        codes = self._codes(unit) or [unit.code]
        missing = {code for code in codes if code not in self._units}
        if missing:
            self._load_units(missing)
        chain = [self._units[code] for code in reversed(codes) if self._units.get(code) is not None]
        return chain or [unit]

    def unit(self, code: str) -> Unit | None:
        if code not in self._units:
            self._load_units({code})
        return self._units[code]

    def supreme_unit(self) -> Unit | None:
        """The tree's active supreme procuracy, if it holds one."""
        if not self._supreme:
            self._supreme.append(
                Unit.objects.filter(level=UnitLevel.SUPREME, valid_to__isnull=True).order_by("path").first()
            )
        return self._supreme[0]

    # -- bodies outside the tree -----------------------------------------------------------------------------

    def body(self, code: str) -> IssuingBody | None:
        """The body of this code, in use or not (a decision of history may name a body no longer in use)."""
        if self._bodies is None:
            self._bodies = {body.code: body for body in IssuingBody.objects.select_related("province_unit")}
        return self._bodies.get(code)

    def active_body(self, code: str) -> IssuingBody | None:
        body = self.body(code)
        return body if body is not None and body.is_active else None

    def committee_of(self, unit: Unit) -> IssuingBody | None:
        """The People's Committee of the recipient's province: the active body whose `province_unit` is the nearest
        provincial procuracy at or above the unit."""
        if self._committees is None:
            self.body("")  # loads the bodies
            self._committees = {}
            committees = sorted(
                (body for body in self._bodies.values() if body.kind == IssuerKind.PEOPLES_COMMITTEE),
                key=lambda body: body.code,
            )
            for body in committees:
                if body.is_active and body.province_unit_id:
                    self._committees.setdefault(body.province_unit_id, body)
        province = next((u for u in self.ancestors(unit) if u.level == UnitLevel.PROVINCIAL), None)
        return self._committees.get(province.pk) if province is not None else None

    # -- rule sets -------------------------------------------------------------------------------------------

    def preload_rule_sets(self) -> None:
        """Load every rule set with its authority rows at once (an import: its decisions span many dates)."""
        self._rule_sets = list(RuleSet.objects.prefetch_related("authorities").order_by("effective_from"))

    def rules_on(self, day: datetime.date) -> RuleSet | None:
        """The rule set in force on a day, None before the first: `awards.catalogue.services.ruleset_in_force`, or
        once the rule sets are preloaded the same choice among them (the latest `effective_from` on or before
        the day)."""
        if self._rule_sets is None:
            if day not in self._rules_by_day:
                try:
                    self._rules_by_day[day] = ruleset_in_force(day)
                except RuleSet.DoesNotExist:
                    self._rules_by_day[day] = None
            return self._rules_by_day[day]
        try:
            return ruleset_among(self._rule_sets, day)
        except RuleSet.DoesNotExist:
            return None

    def levels(self, rules: RuleSet | None, award_type: AwardType, *, collective: bool) -> frozenset[str]:
        """The unit levels whose head confers the type on this kind of recipient in the rule set (empty: no row)."""
        if rules is None:
            return frozenset()
        if rules.pk not in self._rows:
            rows: dict[int, list[tuple[str, str]]] = {}
            for row in rules.authorities.all():
                rows.setdefault(row.award_type_id, []).append((row.level, row.recipients))
            self._rows[rules.pk] = rows
        kind = RecipientKind.COLLECTIVE if collective else RecipientKind.INDIVIDUAL
        return frozenset(
            level
            for level, recipients in self._rows[rules.pk].get(award_type.pk, ())
            if recipients in (Recipients.BOTH, kind)
        )


def leads(person: Person | None, unit: Unit) -> bool:
    """Whether the person is among the leaders (head or deputy) of that very unit: a manager on its own staff (the
    current post: the manager flag of the person's record)."""
    return person is not None and bool(person.is_manager) and person.unit_id == unit.pk


def conferring_unit(
    *,
    award_type: AwardType,
    unit: Unit,
    collective: bool,
    leads_unit: bool,
    rules: RuleSet | None,
    lookups: IssuerLookups | None = None,
) -> Unit | None:
    """The unit whose head confers the award type on a recipient of `unit` by the rule set's matrix: the nearest unit
    at or above it (strictly above for a collective, or for the unit's own leaders) of one of the levels of the
    type's rows for that kind of recipient; None when no row or no unit matches."""
    lookups = lookups or IssuerLookups()
    levels = lookups.levels(rules, award_type, collective=collective)
    if not levels:
        return None
    chain = lookups.ancestors(unit)
    if collective or leads_unit:
        chain = chain[1:]
    return next((above for above in chain if above.level in levels), None)


def expected_issuer(
    *,
    award_type: AwardType,
    unit: Unit,
    collective: bool,
    leads_unit: bool,
    rules: RuleSet | None,
    lookups: IssuerLookups | None = None,
) -> Issuer:
    """Who confers the award type on a recipient of `unit` under the rule set: (unit, None), (None, body), or
    (None, None) when nobody can be named (a province without its People's Committee among the bodies)."""
    lookups = lookups or IssuerLookups()
    authority = award_type.authority
    if authority in BODY_OF_AUTHORITY:
        return None, lookups.active_body(BODY_OF_AUTHORITY[authority])
    if authority == Authority.PROVINCIAL_COMMITTEE:
        return None, lookups.committee_of(unit)
    found = conferring_unit(
        award_type=award_type, unit=unit, collective=collective, leads_unit=leads_unit, rules=rules, lookups=lookups
    )
    if found is not None:
        return found, None
    # The matrix is silent: the authority of the type decides.
    if authority == Authority.PROCURATOR_GENERAL:
        supreme = lookups.supreme_unit()
        return (supreme, None) if supreme is not None else (None, lookups.active_body(SUPREME_BODY))
    chain = lookups.ancestors(unit)
    above = chain[1:] if collective or leads_unit else chain
    head = next((candidate for candidate in above if candidate.level in HEAD_LEVELS), None)
    if head is not None:
        return head, None
    top = chain[-1]
    # Nothing is above the supreme procuracy: its head decides for its own leaders and for it as a whole.
    if top.level == UnitLevel.SUPREME:
        return top, None
    # Above a provincial or high procuracy at the top of the tree: the supreme procuracy, outside it.
    if top.level in (UnitLevel.PROVINCIAL, UnitLevel.HIGH):
        return None, lookups.active_body(SUPREME_BODY)
    return None, None


def derived_issuer(
    *,
    award_type: AwardType,
    unit: Unit,
    collective: bool,
    leads_unit: bool,
    on: datetime.date,
    lookups: IssuerLookups | None = None,
) -> Issuer:
    """The issuer of an award recorded without one (the import's rows without `issuer_code`): who confers the type
    on a recipient of `unit` under the rule set in force on `on`, the decision's date."""
    lookups = lookups or IssuerLookups()
    return expected_issuer(
        award_type=award_type,
        unit=unit,
        collective=collective,
        leads_unit=leads_unit,
        rules=lookups.rules_on(on),
        lookups=lookups,
    )


def issuer_by_code(code: str, *, lookups: IssuerLookups | None = None) -> Issuer:
    """The issuer an interchange file names in `issuer_code`: a unit code of the tree, else the code of a body."""
    lookups = lookups or IssuerLookups()
    unit = lookups.unit(code)
    if unit is not None:
        return unit, None
    return None, lookups.body(code)


def issuer_code(decision: Decision) -> str:
    """The code that names the decision's issuer in the interchange format (the inverse of `issuer_by_code`)."""
    if decision.issuing_unit_id:
        return decision.issuing_unit.code
    return decision.issuing_body.code if decision.issuing_body_id else ""


# -- who may confer -------------------------------------------------------------------------------------------


def _title(unit: Unit | None, body: IssuingBody | None) -> str:
    """Who decides, as a sentence names him: "Viện trưởng VKSND tỉnh T", "Thủ tướng Chính phủ"."""
    if unit is not None:
        return _("Viện trưởng %(unit)s") % {"unit": unit}
    if body.kind == IssuerKind.PROCURACY:
        return _("Viện trưởng %(unit)s") % {"unit": body.short_name or body.name}
    if body.kind == IssuerKind.PEOPLES_COMMITTEE:
        return _("Chủ tịch %(body)s") % {"body": body.short_name or body.name}
    if body.code == BODY_OF_AUTHORITY[Authority.OTHER]:
        return _("một cơ quan ngoài ngành Kiểm sát")
    return body.short_name or body.name


def _recipient_label(unit: Unit, *, collective: bool, leads_unit: bool) -> str:
    if collective:
        return _("tập thể %(unit)s") % {"unit": unit}
    if leads_unit:
        return _("lãnh đạo %(unit)s") % {"unit": unit}
    return _("cán bộ %(unit)s") % {"unit": unit}


def confer_error(
    *,
    issuer: Issuer,
    award_type: AwardType,
    unit: Unit,
    collective: bool,
    leads_unit: bool,
    rules: RuleSet | None,
    lookups: IssuerLookups | None = None,
) -> str | None:
    """Why the issuer may not confer the award type on a recipient of `unit` (a sentence naming who does), or None
    when it may.

    A unit confers what `expected_issuer` gives it; a body outside the tree, the types of its authority, and for a
    procuracy outside the tree those the matrix gives its level. The types of the `other` authority without rows
    (Bằng khen of a union, an association…) are any body's. `leads_unit`: the recipient is among the leaders of
    `unit` (`leads`, computed by the caller)."""
    lookups = lookups or IssuerLookups()
    issuing_unit, body = issuer
    expected = expected_issuer(
        award_type=award_type, unit=unit, collective=collective, leads_unit=leads_unit, rules=rules, lookups=lookups
    )
    if issuing_unit is not None:
        if expected[0] is not None and expected[0].pk == issuing_unit.pk:
            return None
        label = str(issuing_unit)
    elif body is not None:
        levels = lookups.levels(rules, award_type, collective=collective)
        if (
            body.authority == award_type.authority
            or (body.kind == IssuerKind.PROCURACY and body.level in levels)
            or (not levels and award_type.authority == Authority.OTHER)
            or (expected[1] is not None and expected[1].pk == body.pk)
        ):
            return None
        label = body.short_name or body.name
    else:
        return None  # no issuer yet: the decision's own rule (`validation.decision_errors`) says so
    recipient = _recipient_label(unit, collective=collective, leads_unit=leads_unit)
    if expected == (None, None):
        return _("%(type)s của %(recipient)s không thuộc thẩm quyền của %(issuer)s.") % {
            "type": award_type.name,
            "recipient": recipient,
            "issuer": label,
        }
    return _("%(type)s của %(recipient)s do %(who)s quyết định, không phải %(issuer)s.") % {
        "type": award_type.name,
        "recipient": recipient,
        "who": _title(*expected),
        "issuer": label,
    }


def may_confer(
    decision: Decision,
    award: Award,
    *,
    rules: RuleSet | None,
    leads_unit: bool,
    lookups: IssuerLookups | None = None,
) -> str | None:
    """Why the decision may not carry the award, or None when it may (`confer_error` for the decision's issuer and
    the award's type and unit at the time)."""
    issuer = (
        decision.issuing_unit if decision.issuing_unit_id else None,
        decision.issuing_body if decision.issuing_body_id else None,
    )
    return confer_error(
        issuer=issuer,
        award_type=award.award_type,
        unit=award.unit_at_time,
        collective=award.person_id is None,
        leads_unit=leads_unit,
        rules=rules,
        lookups=lookups,
    )
