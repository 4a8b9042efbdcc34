"""Writes of bonus money: the payout list of a decision (lập danh sách chi), a recipient paid, the reward funds
and their sources, the base salaries. Every write is atomic and leaves a history row naming who made it."""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import BaseSalary
from awards.payouts import bonus
from awards.payouts.models import FundSource, Payout, RewardFund
from awards.payouts.rules import paying_unit
from awards.register.models import Award, Decision
from units.common.history import attach_user
from units.services import UNCHECKED, Unchecked, check_version

# -- which fund pays --------------------------------------------------------------------------------------------------


def payout_year(payout: Payout) -> int:
    """The budget year a payout is charged to: the year it is paid in, or until then its decision's year."""
    return (payout.paid_on or payout.award.decision.date).year


def fund_among(funds, unit, year: int) -> RewardFund | None:
    """The fund of `year` of the nearest unit at or above `unit` among `funds` (loaded with their units)."""
    candidates = [fund for fund in funds if fund.year == year and unit.path.startswith(fund.unit.path)]
    return max(candidates, key=lambda fund: len(fund.unit.path), default=None)


def _funds(years) -> list[RewardFund]:
    return list(RewardFund.objects.filter(year__in=set(years)).select_related("unit"))


def _charge(payout: Payout, funds) -> None:
    """Charge a payout the unit pays to the fund of its paying unit and year; none when another body pays it or it
    pays nothing (only a higher award of the same achievement is paid)."""
    charged = payout.paid_by_unit and payout.amount > 0
    payout.fund = fund_among(funds, paying_unit(payout.award), payout_year(payout)) if charged else None


# -- the payout list of a decision ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Prepared:
    created: int
    updated: int
    removed: int
    kept: int  # paid already: left as they are


NOTE_LENGTH = Payout._meta.get_field("note").max_length


def _frozen(payout: Payout, computed: bonus.Bonus) -> bool:
    return (payout.base_salary, payout.multiplier, payout.amount, payout.note) == (
        computed.base_salary,
        computed.multiplier,
        computed.amount,
        Truncator(computed.note).chars(NOTE_LENGTH),
    )


@transaction.atomic
def payouts_prepare(*, decision: Decision, awards: list[Award], by=None) -> Prepared:
    """Lập danh sách chi: freeze the bonus of each of `awards` (the decision's awards whose bonus the user handles,
    loaded with their type, recipient and payout) as a `Payout` row with the base salary, multiplier and note it
    was computed with, charged to the fund of the paying unit and year (`fund_among`).

    Run again (a recipient added, a multiplier corrected), it adds the missing rows and recomputes the unpaid ones;
    a paid row never changes, and the unpaid row of an award revoked since is removed. The decision's row is locked
    first, so that two clerks preparing the same list at once make one. A decision's own awards are paid by its
    unit; an award of another body is not until its clerk marks it so (`payout_save`)."""
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    ids = [award.pk for award in awards]
    existing = {payout.award_id: payout for payout in Payout.objects.select_for_update().filter(award_id__in=ids)}
    for award in awards:
        award.decision = decision
    computed = bonus.bonuses_for(awards)
    funds = _funds({decision.date.year, *(payout.paid_on.year for payout in existing.values() if payout.paid_on)})
    created = updated = removed = kept = 0
    for award in awards:
        payout = existing.get(award.pk)
        if payout is not None and payout.paid_on is not None:
            kept += 1
            continue
        if award.is_revoked:
            if payout is not None:
                attach_user(payout, by)
                payout.delete()
                removed += 1
            continue
        figures = computed[award.pk]
        if payout is None:
            payout = Payout(award=award, paid_by_unit=decision.issuing_unit_id is not None, created_by=by)
            created += 1
        elif _frozen(payout, figures):
            continue
        else:
            payout.version += 1
            updated += 1
        payout.award = award
        payout.base_salary, payout.multiplier = figures.base_salary, figures.multiplier
        payout.amount, payout.note = figures.amount, Truncator(figures.note).chars(NOTE_LENGTH)
        _charge(payout, funds)
        payout.full_clean(validate_unique=False)
        attach_user(payout, by)
        payout.save()
    return Prepared(created, updated, removed, kept)


def _check_paid(payout: Payout, today: datetime.date) -> None:
    """The rules of a payment: the unit pays it, there is money to pay, on a day from the decision's to today."""
    if payout.paid_on is None:
        if payout.voucher:
            raise ValidationError({"paid_on": _("Hãy ghi ngày chi cùng số chứng từ.")})
        return
    if not payout.paid_by_unit:
        raise ValidationError(
            {"paid_by_unit": _("Khen thưởng do cơ quan khác chi trả: đơn vị không ghi ngày chi, số chứng từ.")}
        )
    if not payout.amount:
        raise ValidationError(
            _("%(recipient)s không có tiền thưởng để chi.") % {"recipient": payout.award.recipient_name}
        )
    if not payout.voucher.strip():
        raise ValidationError({"voucher": _("Hãy ghi số chứng từ chi.")})
    decision = payout.award.decision
    if payout.paid_on < decision.date:
        raise ValidationError(
            {
                "paid_on": _("Ngày chi không được trước ngày ký quyết định (%(date)s).")
                % {"date": decision.date.strftime("%d/%m/%Y")}
            }
        )
    if payout.paid_on > today:
        raise ValidationError({"paid_on": _("Ngày chi không được sau hôm nay.")})


@transaction.atomic
def payout_save(
    *, payout: Payout, by=None, expected_version: int | Unchecked | None = UNCHECKED, today: datetime.date | None = None
) -> Payout:
    """Change one recipient's payout: whether the unit pays it (an award of another body it pays from its fund),
    and when it was paid with the voucher's number (both, or neither to undo a payment). Refused when another
    user saved the row after the form was opened."""
    check_version(payout, expected_version, subject=_("Tiền thưởng này"))
    payout.voucher = payout.voucher.strip()
    _check_paid(payout, today or cal.today())
    _charge(payout, _funds([payout_year(payout)]))
    payout.full_clean(validate_unique=False)
    attach_user(payout, by)
    payout.save()
    return payout


@transaction.atomic
def payouts_mark_paid(
    *,
    payouts: list[tuple[Payout, int | Unchecked | None]],
    paid_on: datetime.date,
    voucher: str,
    by=None,
    today: datetime.date | None = None,
) -> int:
    """Mark several recipients paid on one voucher: each (payout, the version the page showed). All or nothing: a
    row changed by another user since, or one that cannot be paid, refuses the whole list. Returns the count."""
    today = today or cal.today()
    funds = _funds([paid_on.year])
    for payout, version in sorted(payouts, key=lambda pair: pair[0].pk):
        check_version(
            payout, version, subject=_("Tiền thưởng của %(recipient)s") % {"recipient": payout.award.recipient_name}
        )
        if payout.paid_on is not None:
            raise ValidationError(
                _("Tiền thưởng của %(recipient)s đã được ghi chi ngày %(date)s.")
                % {"recipient": payout.award.recipient_name, "date": payout.paid_on.strftime("%d/%m/%Y")}
            )
        payout.paid_on, payout.voucher = paid_on, voucher.strip()
        _check_paid(payout, today)
        _charge(payout, funds)
        attach_user(payout, by)
        payout.save()
    return len(payouts)


# -- reward funds -----------------------------------------------------------------------------------------------------


@transaction.atomic
def fund_save(*, fund: RewardFund, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> RewardFund:
    """Create a unit's fund of a year, or change its note. A new fund takes the payouts already prepared or paid
    that its unit pays in its year and that no fund carried yet."""
    created = fund.pk is None
    if not created:
        check_version(fund, expected_version, subject=_("Quỹ này"))
        current = RewardFund.objects.get(pk=fund.pk)
        if (current.unit_id, current.year) != (fund.unit_id, fund.year):
            raise ValidationError(_("Không đổi đơn vị, năm của quỹ đã lập; hãy lập quỹ mới."))
    elif fund.created_by_id is None and by is not None and by.is_authenticated:
        fund.created_by = by
    fund.full_clean()
    attach_user(fund, by)
    fund.save()
    if created:
        _adopt_orphans(fund, by)
    return fund


def _adopt_orphans(fund: RewardFund, by) -> None:
    path = fund.unit.path
    orphans = (
        Payout.objects.filter(fund__isnull=True, paid_by_unit=True, amount__gt=0)
        .filter(
            Q(award__decision__issuing_unit__path__startswith=path)
            | Q(award__decision__issuing_unit__isnull=True, award__unit_at_time__path__startswith=path)
        )
        .filter(Q(paid_on__year=fund.year) | Q(paid_on__isnull=True, award__decision__date__year=fund.year))
        .select_for_update(of=("self",))  # PostgreSQL locks no row of the outer join to the issuing unit
    )
    for payout in orphans:
        payout.fund = fund
        payout.version += 1
        attach_user(payout, by)
        payout.save()


@transaction.atomic
def fund_source_save(*, source: FundSource, by=None) -> FundSource:
    """Add or correct a source of a fund (the state budget of the year, other lawful income)."""
    if source.pk is None and source.created_by_id is None and by is not None and by.is_authenticated:
        source.created_by = by
    RewardFund.objects.select_for_update().filter(pk=source.fund_id).first()  # one writer of a fund at a time
    source.full_clean()
    attach_user(source, by)
    source.save()
    return source


@transaction.atomic
def fund_source_delete(*, source: FundSource, by=None) -> None:
    RewardFund.objects.select_for_update().filter(pk=source.fund_id).first()
    attach_user(source, by)
    source.delete()


# -- base salaries ----------------------------------------------------------------------------------------------------


@transaction.atomic
def base_salary_save(*, salary: BaseSalary, by=None) -> BaseSalary:
    """Add a base salary from its date (a new decree), or correct one. A payout list prepared before keeps the
    salary it was computed with until it is prepared again."""
    salary.full_clean()
    attach_user(salary, by)
    salary.save()
    return salary
