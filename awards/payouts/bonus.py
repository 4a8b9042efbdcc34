"""The bonus money of an award (tiền thưởng): the one home of its computation, and of an amount in words.

A recipient's bonus is the multiplier of the award type (`BonusRate` of the rule set in force on the decision's
date: the individual's or the collective's) times the base salary in force on that date (`BaseSalary`), rounded
up to the rule set's `bonus_rounding` (10.000 đ by default). Where one recipient receives several titles, or
several forms, on the same day for the same achievement, the rule set's `bonus_titles_rule` / `bonus_forms_rule`
says whether each is paid or only the highest; a title and a form are both paid.

What the texts say, as far as this code relies on them (the decrees themselves could not be read here; the
sources are the specification's and the secondary ones named):

- From the specification (domain-rules §1.1–1.2, its source [S5] on NĐ 152/2025), taken as confirmed: the bonus is a
  multiple of the base salary; the multipliers it lists for the titles, flags, orders and the individual's Bằng
  khen; a collective receives twice an individual's bonus for the orders (NĐ 152/2025 Art. 51(2)). What it marks
  UNCONFIRMED (Giấy khen, the Kỷ niệm chương, the collective's double of a Bằng khen under Art. 54) is shipped with
  `BonusRate.confirmed=False` (`awards.catalogue.versions`).
- Not confirmed against NĐ 98/2023 or NĐ 152/2025, kept as editable data: the base salary of the decision's date
  (the practice of every published table); the rounding, "tiền thưởng sau khi nhân với hệ số mức lương cơ sở được
  làm tròn số lên hàng chục nghìn đồng" (NĐ 91/2017 Art. 68(2), as quoted by secondary sources) — read here as
  rounding up (`RuleSet.bonus_rounding`, 10.000 đ), though some offices round to the nearest (a thuvienphapluat Q&A
  rounds 223.500 đ to 220.000 đ); the rules for several awards at once (NĐ 91/2017 Art. 68(3)–(5), as retold):
  several titles for the same achievement at the same time, the highest only, but each where their periods of
  achievement differ; a title and a form, both; several forms for the same achievement, the highest
  (`RuleSet.bonus_titles_rule`, `bonus_forms_rule`).
- How "the same achievement at the same time" is told apart in the register, a reading of this code: the same
  recipient, the same decision date, the same achievement year and kind of commendation, and for titles the same
  period — the annual titles of a year share one (LĐTT and CSTĐCS of 2025: only CSTĐCS is paid), a title earned
  over several years (CSTĐ ngành, CSTĐ toàn quốc) has its own and is paid beside them. A revoked award carries no
  bonus.

Every figure this module reads (multipliers, base salaries, rounding, the rules for several awards) is data of the
rule sets, so a text that says otherwise is an administrator's edit, never a change of code.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from num2words import num2words

from awards.catalogue.enums import Category, Frequency, RecipientKind
from awards.catalogue.models import BaseSalary, BonusCombination, BonusRate, RuleSet
from awards.catalogue.services import ruleset_among
from awards.register.models import Award
from units.common import versions

ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class Bonus:
    """The bonus of one award: `amount` is what is paid (0 when a higher award of the same achievement is paid
    instead, `full_amount` its own bonus), with the base salary and multiplier it was computed with and a note in
    Vietnamese for the printed list."""

    base_salary: int
    multiplier: Decimal
    full_amount: int
    amount: int
    note: str = ""

    @property
    def words(self) -> str:
        return amount_in_words(self.amount)


# -- amounts in words --------------------------------------------------------------------------------------------

_SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _number_in_words(number: int) -> str:
    """Vietnamese words of a whole number as a voucher writes them: a group of three digits after the first is read
    in full ("một triệu không trăm năm mươi nghìn"), each group's words from num2words."""
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        text = num2words(group, lang="vi")
        if index < len(groups) - 1 and group < 100:  # not the leading group: its hundreds are read
            text = f"không trăm {'lẻ ' if group < 10 else ''}{text}"
        words.append(f"{text} {_SCALES[index]}".strip())
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """An amount of đồng in words, capitalised, as the payout list prints it: 2340000 → "Hai triệu ba trăm bốn
    mươi nghìn đồng"; 0 → "Không đồng"."""
    amount = int(amount)
    if amount < 0:
        raise ValueError("An amount of money in words is never negative.")
    if amount == 0:
        return "Không đồng"
    words = _number_in_words(amount)
    return f"{words[0].upper()}{words[1:]} đồng"


# -- the computation -----------------------------------------------------------------------------------------------


def round_up(value: Decimal, step: int) -> int:
    """`value` rounded up to a multiple of `step` đồng (1 or 0: to the đồng)."""
    step = max(int(step or 1), 1)
    return int((Decimal(value) / step).to_integral_value(rounding=ROUND_CEILING)) * step


def salary_among(salaries: Iterable[BaseSalary], on: datetime.date) -> BaseSalary | None:
    """The base salary in force on a date among those loaded: the latest from that date or before."""
    return max((row for row in salaries if row.effective_from <= on), key=_salary_date, default=None)


def _salary_date(row: BaseSalary) -> datetime.date:
    return row.effective_from


def base_salary_on(on: datetime.date) -> BaseSalary | None:
    return BaseSalary.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def _recipient(award: Award) -> tuple[str, int]:
    return ("p", award.person_id) if award.person_id else ("u", award.unit_id)


def _achievement(award: Award) -> tuple:
    """Awards with the same key are the same achievement at the same time (see the module's docstring)."""
    award_type = award.award_type
    if award_type.category == Category.TITLE:
        period = "year" if award_type.frequency == Frequency.ANNUAL else award_type.pk
    else:
        period = "form"
    return (_recipient(award), award.decision.date, award.year, award.kind, award_type.category, period)


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# -- lean awards: what a bonus reads, for the reads of thousands of awards -------------------------------------


@dataclasses.dataclass(slots=True)
class LeanType:
    pk: int
    name: str
    category: str
    frequency: str


@dataclasses.dataclass(slots=True)
class LeanDecision:
    pk: int
    date: datetime.date
    number: str


@dataclasses.dataclass(slots=True)
class LeanAward:
    """The columns of an award a bonus is computed from, read as plain values (`lean_awards`): a decision of the
    sector has thousands of recipients, whose model instances cost more than the rest of its bonus page. Its
    `extra` holds what the caller read besides (`lean_awards(extra=…)`)."""

    pk: int
    person_id: int | None
    unit_id: int | None
    year: int
    kind: str
    recipient_kind: str
    revoked_on: datetime.date | None
    award_type: LeanType
    decision: LeanDecision
    extra: tuple = ()

    @property
    def award_type_id(self) -> int:
        return self.award_type.pk

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


LEAN_COLUMNS = (
    "id",
    "person_id",
    "unit_id",
    "year",
    "kind",
    "recipient_kind",
    "revoked_on",
    "award_type_id",
    "award_type__name",
    "award_type__category",
    "award_type__frequency",
    "decision_id",
    "decision__date",
    "decision__number",
)


def lean_awards(queryset, extra: tuple[str, ...] = ()) -> list[LeanAward]:
    """The awards of `queryset` as `LeanAward`s (one query; types and decisions shared between rows), each with the
    values of the `extra` columns in its `extra`."""
    types: dict[int, LeanType] = {}
    decisions: dict[int, LeanDecision] = {}
    awards = []
    width = len(LEAN_COLUMNS)
    for row in queryset.values_list(*LEAN_COLUMNS, *extra):
        pk, person_id, unit_id, year, kind, recipient_kind, revoked_on, type_id, name, category, frequency = row[:11]
        decision_id, day, number = row[11:width]
        award_type = types.get(type_id) or types.setdefault(type_id, LeanType(type_id, name, category, frequency))
        decision = decisions.get(decision_id) or decisions.setdefault(
            decision_id, LeanDecision(decision_id, day, number)
        )
        awards.append(
            LeanAward(pk, person_id, unit_id, year, kind, recipient_kind, revoked_on, award_type, decision, row[width:])
        )
    return awards


class Book:
    """What the bonuses of a set of awards are read from, loaded in four queries whatever their number: the rule
    sets, the base salaries, the multipliers of the rule sets in force on the decisions' dates, and the other
    awards of the same recipients on those dates (for the rule for several awards at once)."""

    def __init__(self, awards: list[Award]):
        self.rulesets = list(RuleSet.objects.all())
        self.salaries = list(BaseSalary.objects.all())
        dates = {award.decision.date for award in awards}
        in_force = {day: self._ruleset(day) for day in dates}
        self.ruleset_of = in_force
        ruleset_ids = {ruleset.pk for ruleset in in_force.values() if ruleset is not None}
        self.rates = {
            (rate.rule_set_id, rate.award_type_id): rate
            for rate in BonusRate.objects.filter(rule_set_id__in=ruleset_ids)
        }
        self.siblings = self._siblings(awards, dates)
        self._own: dict[int, Bonus] = {}
        self._salary_of: dict[datetime.date, BaseSalary | None] = {}

    def _ruleset(self, day: datetime.date) -> RuleSet | None:
        try:
            return ruleset_among(self.rulesets, day)
        except RuleSet.DoesNotExist:
            return None

    @staticmethod
    def _siblings(awards: list[Award], dates: set) -> dict[tuple, list[Award]]:
        """The counted awards of the same recipients, years and decision dates, by achievement key."""
        if not awards:
            return {}
        persons = {award.person_id for award in awards if award.person_id}
        units = {award.unit_id for award in awards if award.unit_id}
        # The awards given are siblings of their own (those that count); the query reads only the others.
        given = [award for award in awards if not award.is_revoked]
        found = lean_awards(
            Award.objects.counting()
            .filter(Q(person_id__in=persons) | Q(unit_id__in=units))
            .exclude(pk__in=[award.pk for award in awards])
            .filter(decision__date__in=dates, year__in={award.year for award in awards})
            .order_by("id")
        )
        groups: dict[tuple, list[Award]] = defaultdict(list)
        for award in sorted([*given, *found], key=lambda award: award.pk):
            groups[_achievement(award)].append(award)
        return groups

    def own(self, award: Award) -> Bonus:
        """The award's own bonus, before the rule for several awards (computed once per award: each of the
        siblings of an achievement asks for the others')."""
        known = self._own.get(award.pk)
        if known is None:
            known = self._own[award.pk] = self._compute_own(award)
        return known

    def _compute_own(self, award: Award) -> Bonus:
        day = award.decision.date
        ruleset = self.ruleset_of.get(day) or self._ruleset(day)
        if ruleset is None:
            return Bonus(0, ZERO, 0, 0, _("Chưa có bộ quy tắc áp dụng ngày %(date)s.") % {"date": _date(day)})
        salary = self._salary_of.get(day, False)
        if salary is False:
            salary = self._salary_of[day] = salary_among(self.salaries, day)
        rate = self.rates.get((ruleset.pk, award.award_type_id))
        collective = award.recipient_kind == RecipientKind.COLLECTIVE
        multiplier = None if rate is None else (rate.collective if collective else rate.individual)
        if not multiplier:
            note = _("Bộ quy tắc không có mức tiền thưởng cho %(type)s (%(kind)s).") % {
                "type": award.award_type.name,
                "kind": _("tập thể") if collective else _("cá nhân"),
            }
            return Bonus(salary.amount if salary else 0, ZERO, 0, 0, note)
        if salary is None:
            note = _("Chưa có mức lương cơ sở áp dụng ngày %(date)s.") % {"date": _date(day)}
            return Bonus(0, multiplier, 0, 0, note)
        amount = round_up(multiplier * salary.amount, ruleset.bonus_rounding)
        return Bonus(salary.amount, multiplier, amount, amount)

    def bonus(self, award: Award) -> Bonus:
        """The award's bonus under the rule for several awards of the same achievement at the same time."""
        if award.is_revoked:
            return Bonus(0, ZERO, 0, 0, _("Khen thưởng đã bị hủy: không có tiền thưởng."))
        own = self.own(award)
        if not own.full_amount:
            return own
        ruleset = self.ruleset_of.get(award.decision.date)
        rule = ruleset.bonus_titles_rule if award.award_type.category == Category.TITLE else ruleset.bonus_forms_rule
        if rule == BonusCombination.EACH:
            return own
        rivals = [(self.own(other).full_amount, other) for other in self.siblings.get(_achievement(award), ())]
        rivals = [(amount, other) for amount, other in rivals if amount]
        if not rivals:
            return own
        # The highest is paid; between equal bonuses, the award recorded first.
        _amount, paid = min(rivals, key=lambda pair: (-pair[0], pair[1].pk))
        if paid.pk == award.pk:
            return own
        note = _("Chỉ nhận mức thưởng cao nhất: %(type)s (Quyết định số %(number)s ngày %(date)s).") % {
            "type": paid.award_type.name,
            "number": paid.decision.number,
            "date": _date(paid.decision.date),
        }
        return dataclasses.replace(own, amount=0, note=note)


def bonuses_for(awards: Iterable[Award]) -> dict[int, Bonus]:
    """{award id: Bonus} of awards loaded with their `award_type` and `decision`. Four queries whatever their
    number (`Book`)."""
    awards = list(awards)
    book = Book(awards)
    return {award.pk: book.bonus(award) for award in awards}


def decision_bonuses(decision) -> dict[int, Bonus]:
    """{award id: Bonus} of every award of `decision`, as `bonuses_for` gives them, cached until the records change
    (`units.common.versions.RECORDS`: the awards, the decisions, the rule sets, their bonus rates and the base
    salaries bump it, `reports.receivers`) and per language (the notes are translated). A decision of the sector
    has thousands of recipients: its bonus page computes them once, not on each view. Scoped reads pick their rows
    from it: an award's bonus does not depend on which of the decision's other awards the reader sees (its
    siblings are read from the register either way)."""

    def compute() -> dict[int, Bonus]:
        return bonuses_for(lean_awards(Award.objects.filter(decision_id=decision.pk).order_by("id")))

    return versions.cached("decision-bonuses", (decision.pk, get_language()), compute)


def bonus_for(award: Award) -> Bonus:
    """The bonus of one award (see the module's docstring)."""
    return bonuses_for([award])[award.pk]
