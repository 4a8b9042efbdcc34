"""Reads of bonus money: a decision's payout rows, the reward funds with their figures, the dashboard's fund use.

Every read is scoped through `units.scope` with the roles of `awards.payouts.rules` (the clerks and leaders of the
unit that pays) and costs a fixed number of queries whatever the number of rows (the number is in each docstring).
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth

from awards.catalogue.models import BaseSalary
from awards.payouts import bonus
from awards.payouts.models import FundSource, Payout, RewardFund
from awards.payouts.rules import PAY_ROLES, READ_ROLES
from awards.register.models import Award, Decision
from units.scope import is_administrator, path_in_scope, scope_paths, scope_q

# -- a decision's payouts -------------------------------------------------------------------------------------------


def _awards_of(decision: Decision) -> QuerySet[Award]:
    return decision.awards.select_related(
        "award_type",
        "person__unit__parent",
        "unit__parent",
        "unit_at_time__parent",
        "decision__issuing_unit",
        "decision__issuing_body",
        "payout__fund__unit",
        "payout__created_by",
    ).order_by("award_type__report_order", "unit_at_time__sort_key", "person__full_name", "unit__sort_key", "id")


def payout_awards(*, user, decision: Decision, roles=READ_ROLES) -> QuerySet[Award]:
    """The awards of a decision whose bonus the user handles with `roles`: every one of a decision his scope's unit
    issued, those of his scope's recipients for a body's decision; everything for the administrator. The view
    checks `awards.view_payouts` first."""
    awards = _awards_of(decision)
    if is_administrator(user) or decision.issuing_unit_id:
        return awards
    return awards.filter(scope_q(user, "unit_at_time__path", roles))


@dataclasses.dataclass
class PayoutRow:
    """One recipient of the payout list: the award, its frozen payout (None until the list is prepared) and the
    bonus as the rules give it today (`live`); `shown` is the frozen bonus when there is one."""

    number: int
    award: Award
    payout: Payout | None
    live: bonus.Bonus
    can_change: bool

    @property
    def amount(self) -> int:
        return self.payout.amount if self.payout else self.live.amount

    @property
    def multiplier(self) -> Decimal:
        return self.payout.multiplier if self.payout else self.live.multiplier

    @property
    def base_salary(self) -> int:
        return self.payout.base_salary if self.payout else self.live.base_salary

    @property
    def note(self) -> str:
        return self.payout.note if self.payout else self.live.note

    @property
    def outdated(self) -> bool:
        """A prepared, unpaid row whose bonus the rules now give otherwise (a multiplier edited since)."""
        payout = self.payout
        return bool(
            payout
            and payout.paid_on is None
            and (payout.amount, payout.multiplier, payout.base_salary)
            != (
                self.live.amount,
                self.live.multiplier,
                self.live.base_salary,
            )
            and not self.award.is_revoked
        )

    @property
    def pay_value(self) -> str:
        """What its check box posts: "payout id:version" (`forms.PayoutsPaidForm`)."""
        return f"{self.payout.pk}:{self.payout.version}" if self.payout else ""

    @property
    def payable(self) -> bool:
        """Whether the clerk may mark it paid now."""
        payout = self.payout
        return bool(self.can_change and payout and payout.paid_by_unit and payout.paid_on is None and payout.amount)


@dataclasses.dataclass
class PayoutSheet:
    """The payout rows of a decision as one user sees them, with their totals."""

    decision: Decision
    rows: list[PayoutRow]

    @property
    def prepared(self) -> bool:
        return any(row.payout for row in self.rows)

    @property
    def complete(self) -> bool:
        """Every counted award has its payout (a new recipient added since the list was prepared has none)."""
        return all(row.payout for row in self.rows if not row.award.is_revoked)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows if not row.payout or row.payout.paid_by_unit)

    @property
    def total_words(self) -> str:
        return bonus.amount_in_words(self.total)

    @property
    def paid_total(self) -> int:
        return sum(row.payout.amount for row in self.rows if row.payout and row.payout.paid_on)

    @property
    def unpaid_total(self) -> int:
        return self.total - self.paid_total

    @property
    def other_bodies(self) -> int:
        return sum(row.amount for row in self.rows if row.payout and not row.payout.paid_by_unit)

    @property
    def payable_rows(self) -> list[PayoutRow]:
        return [row for row in self.rows if row.payable]

    @property
    def changeable(self) -> bool:
        return any(row.can_change for row in self.rows)

    @property
    def outdated(self) -> int:
        return sum(1 for row in self.rows if row.outdated)

    @property
    def listed(self) -> list[Payout]:
        """The payouts the printed list (danh sách chi) carries: prepared, paid by the unit, with an amount."""
        return [row.payout for row in self.rows if row.payout and row.payout.paid_by_unit and row.payout.amount]

    @property
    def left_out(self) -> int:
        """The decision's other recipients (paid by another body, or only their higher award paid)."""
        return sum(1 for row in self.rows if not row.award.is_revoked) - len(self.listed)


def payout_sheet(*, user, decision: Decision, lean: bool = False) -> PayoutSheet:
    """The decision's payout rows for `user` (`payout_awards`), each with its frozen payout and today's bonus.
    Five queries: the awards with their payouts and everything a row prints, then the four of `bonus.Book`.

    `lean`: the awards carry only what the bonuses, the totals and the checks read (the page shows a page of rows,
    each loaded in full by `with_details`); the sector's decisions have thousands of recipients."""
    if lean:
        return _lean_sheet(user=user, decision=decision)
    awards = list(payout_awards(user=user, decision=decision))
    for award in awards:
        award.decision = decision  # the same object: its issuer loaded once
    book = bonus.Book(awards)
    admin = is_administrator(user)
    paths = scope_paths(user, PAY_ROLES)
    rows = []
    for number, award in enumerate(awards, start=1):
        payout = getattr(award, "payout", None)
        if payout is not None:
            payout.award = award
        paying = decision.issuing_unit if decision.issuing_unit_id else award.unit_at_time
        can_change = admin or path_in_scope(paying.path, paths)
        rows.append(PayoutRow(number, award, payout, book.bonus(award), can_change))
    return PayoutSheet(decision, rows)


@dataclasses.dataclass(slots=True)
class LeanPayout:
    """A payout's columns that the totals and the checks of a sheet read (`payout_sheet(lean=True)`)."""

    pk: int
    version: int
    amount: int
    multiplier: Decimal
    base_salary: int
    note: str
    paid_by_unit: bool
    paid_on: datetime.date | None


LEAN_PAYOUT = (
    "payout__id",
    "payout__version",
    "payout__amount",
    "payout__multiplier",
    "payout__base_salary",
    "payout__note",
    "payout__paid_by_unit",
    "payout__paid_on",
)


def _lean_sheet(*, user, decision: Decision) -> PayoutSheet:
    """The sheet of plain values (`bonus.lean_awards`): its rows carry `LeanAward`s and `LeanPayout`s until
    `with_details` loads the page's, and the bonuses of the decision cached until the records change
    (`bonus.decision_bonuses`). Two queries on a hit (the awards, the data version), six on a miss."""
    awards = bonus.lean_awards(payout_awards(user=user, decision=decision), extra=("unit_at_time__path", *LEAN_PAYOUT))
    for award in awards:
        award.decision = decision
    bonuses = bonus.decision_bonuses(decision)
    admin = is_administrator(user)
    paths = scope_paths(user, PAY_ROLES)
    issuer_path = decision.issuing_unit.path if decision.issuing_unit_id else None
    rows = []
    for number, award in enumerate(awards, start=1):
        unit_path, payout_id, *payout = award.extra
        can_change = admin or path_in_scope(issuer_path or unit_path, paths)
        lean = LeanPayout(payout_id, *payout) if payout_id is not None else None
        rows.append(PayoutRow(number, award, lean, bonuses[award.pk], can_change))
    return PayoutSheet(decision, rows)


def with_details(*, decision: Decision, rows: list[PayoutRow]) -> list[PayoutRow]:
    """The rows of a lean sheet (`payout_sheet(lean=True)`) with their awards and payouts loaded with everything a
    row prints. One query."""
    # What a row of the page prints (the links need the units' paths; the unit at the time prints with its parent);
    # the decision is the page's own object.
    full = decision.awards.select_related(
        "award_type", "person__unit", "unit", "unit_at_time__parent", "payout"
    ).in_bulk([row.award.pk for row in rows])
    for row in rows:
        award = full[row.award.pk]
        award.decision = decision
        row.award, row.payout = award, getattr(award, "payout", None)
        if row.payout is not None:
            row.payout.award = award
    return rows


def payouts_for_list(*, user, decision: Decision) -> list[Payout]:
    """The payouts the printed list carries: prepared, paid by the unit, with an amount; in the order of the page.
    One query."""
    awards = payout_awards(user=user, decision=decision).filter(
        payout__isnull=False, payout__paid_by_unit=True, payout__amount__gt=0
    )
    payouts = []
    for award in awards:
        award.payout.award = award
        payouts.append(award.payout)
    return payouts


def payout_get(*, user, pk: int) -> Payout:
    """A payout the user may read (its decision's payouts readable to him); Payout.DoesNotExist otherwise."""
    payout = Payout.objects.select_related(
        "award__award_type",
        "award__person__unit",
        "award__unit",
        "award__unit_at_time",
        "award__decision__issuing_unit",
        "award__decision__issuing_body",
        "fund__unit",
    ).get(pk=pk)
    award = payout.award
    if is_administrator(user):
        return payout
    paying = award.decision.issuing_unit if award.decision.issuing_unit_id else award.unit_at_time
    if not path_in_scope(paying.path, scope_paths(user, READ_ROLES)):
        raise Payout.DoesNotExist
    return payout


# -- reward funds ---------------------------------------------------------------------------------------------------


def _sum(queryset):
    """The sum of the `amount` of `queryset` (rows of one fund, `fund=OuterRef("pk")`), 0 for none."""
    total = queryset.order_by().values("fund").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=BigIntegerField()), Value(0), output_field=BigIntegerField())


def with_figures(funds: QuerySet[RewardFund]) -> QuerySet[RewardFund]:
    """Funds with `total` (the sum of their sources), `paid` (the payouts paid from them), `committed` (prepared on
    a payout list, not paid yet), each a correlated subquery (no join multiplies another), and `left` (total less
    paid)."""
    sources = FundSource.objects.filter(fund=OuterRef("pk"))
    payouts = Payout.objects.filter(fund=OuterRef("pk"), paid_by_unit=True)
    return funds.annotate(
        total=_sum(sources),
        paid=_sum(payouts.filter(paid_on__isnull=False)),
        committed=_sum(payouts.filter(paid_on__isnull=True)),
    ).annotate(left=F("total") - F("paid"))


def funds_visible_to(*, user) -> QuerySet[RewardFund]:
    q = scope_q(user, "unit__path", READ_ROLES)
    funds = RewardFund.objects.all()
    return funds if q is None else funds.filter(q)


def fund_list(*, user, year: int | None = None, within=None) -> QuerySet[RewardFund]:
    """The funds the user reads, of `year` and under the unit `within` when given, with their figures, by year then
    in the tree's order. One query."""
    funds = funds_visible_to(user=user)
    if year:
        funds = funds.filter(year=year)
    if within is not None:
        funds = funds.filter(unit__path__startswith=within.path)
    return with_figures(funds.select_related("unit__parent")).order_by("-year", "unit__sort_key")


def fund_get(*, user, pk: int) -> RewardFund:
    return with_figures(funds_visible_to(user=user).select_related("unit__parent", "created_by")).get(pk=pk)


def fund_source_get(*, user, pk: int) -> FundSource:
    """A source of a fund the user reads; FundSource.DoesNotExist otherwise."""
    q = scope_q(user, "fund__unit__path", READ_ROLES)
    sources = FundSource.objects.select_related("fund__unit")
    return (sources if q is None else sources.filter(q)).get(pk=pk)


@dataclasses.dataclass
class FundFigures:
    sources: list[FundSource]
    by_type: list[dict]  # award type name, count, amount
    by_month: list[dict]  # month, count, amount (the twelve months)
    decisions: list[dict]  # decision, count, paid, committed


def fund_figures(fund: RewardFund) -> FundFigures:
    """What a fund's page shows: its sources, what was paid from it by award type and by month of payment, and the
    decisions charged to it (paid and prepared). Four queries."""
    sources = list(fund.sources.select_related("created_by").order_by("received_on", "id"))
    paid = Payout.objects.filter(fund=fund, paid_by_unit=True, paid_on__isnull=False)
    by_type = list(
        paid.values("award__award_type__name", "award__award_type__report_order")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("award__award_type__report_order", "award__award_type__name")
    )
    months = {
        row["month"]: row
        for row in paid.annotate(month=ExtractMonth("paid_on"))
        .values("month")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("month")
    }
    by_month = [
        {"month": month, "count": months[month]["count"], "amount": months[month]["amount"]}
        if month in months
        else {"month": month, "count": 0, "amount": 0}
        for month in range(1, 13)
    ]
    charged = (
        Payout.objects.filter(fund=fund, paid_by_unit=True)
        .values("award__decision")
        .annotate(
            count=Count("id"),
            paid=Coalesce(Sum("amount", filter=Q(paid_on__isnull=False)), 0),
            committed=Coalesce(Sum("amount", filter=Q(paid_on__isnull=True)), 0),
        )
        .order_by()
    )
    figures = {row["award__decision"]: row for row in charged}
    decisions = Decision.objects.filter(pk__in=list(figures)).select_related("issuing_unit", "issuing_body")
    return FundFigures(
        sources=sources,
        by_type=[
            {"name": row["award__award_type__name"], "count": row["count"], "amount": row["amount"]} for row in by_type
        ],
        by_month=by_month,
        decisions=[{"decision": decision, **figures[decision.pk]} for decision in decisions.order_by("date", "id")]
        if figures
        else [],
    )


def fund_use(*, user, year: int, limit: int = 6) -> list[RewardFund]:
    """The dashboard's funds: those of `year` of the units at the top of the user's clerk or leader scope (every
    fund of the year for the administrator, the first `limit` in the tree's order), with their figures and
    `used_percent` (paid of the sources). One query."""
    funds = RewardFund.objects.filter(year=year)
    if not is_administrator(user):
        paths = scope_paths(user, READ_ROLES)
        if not paths:
            return []
        roots = [path for path in paths if not any(path != other and path.startswith(other) for other in paths)]
        funds = funds.filter(unit__path__in=roots)
    rows = list(with_figures(funds.select_related("unit")).order_by("unit__sort_key")[:limit])
    for fund in rows:
        fund.used_percent = round(100 * fund.paid / fund.total) if fund.total else (100 if fund.paid else 0)
    return rows


# -- base salaries --------------------------------------------------------------------------------------------------


def base_salaries() -> list[BaseSalary]:
    """Every base salary, the latest first, each with `effective_to` (the day before the next; None for the last)."""
    rows = list(BaseSalary.objects.order_by("-effective_from"))
    following = None
    for row in rows:
        row.effective_to = following.effective_from - datetime.timedelta(days=1) if following else None
        following = row
    return rows
