"""Reads of the rule sets for their pages: the versions by date with their periods, the authority matrix as a table,
and the history of changes."""

import dataclasses
import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Recipients
from awards.catalogue.models import AuthorityRule, AwardType, BonusRate, RuleSet
from units.common import formatting
from units.enums import UnitLevel

ONE_DAY = datetime.timedelta(days=1)


def ruleset_list() -> list[RuleSet]:
    """Every rule set, the latest first, each with `effective_to` (the day before the next one starts; None for
    the last), `in_force` (today's) and `authority_count`. Two queries: the sets with their counts, today's date
    needs none."""
    rulesets = list(RuleSet.objects.annotate(authority_count=Count("authorities")).order_by("-effective_from"))
    today = cal.today()
    following = None
    for ruleset in rulesets:
        ruleset.effective_to = following.effective_from - ONE_DAY if following else None
        ruleset.in_force = ruleset.effective_from <= today and (following is None or today < following.effective_from)
        following = ruleset
    return rulesets


def ruleset_get(*, pk: int) -> RuleSet:
    """A rule set with its period (`effective_to`, `in_force`), as in `ruleset_list`."""
    ruleset = RuleSet.objects.get(pk=pk)
    following = RuleSet.objects.filter(effective_from__gt=ruleset.effective_from).order_by("effective_from").first()
    today = cal.today()
    ruleset.effective_to = following.effective_from - ONE_DAY if following else None
    ruleset.in_force = ruleset.effective_from <= today and (following is None or today < following.effective_from)
    return ruleset


# -- the authority matrix -------------------------------------------------------------------------------------------


def authority_cells(ruleset: RuleSet) -> dict[tuple[int, str], str]:
    """{(award type id, level): recipients} of the matrix: a row for each of individuals and collectives reads as
    one for both."""
    found: dict[tuple[int, str], set[str]] = {}
    for type_id, level, recipients in ruleset.authorities.values_list("award_type_id", "level", "recipients"):
        found.setdefault((type_id, level), set()).add(recipients)
    return {
        cell: Recipients.BOTH if Recipients.BOTH in values or len(values) > 1 else values.pop()
        for cell, values in found.items()
    }


@dataclasses.dataclass
class MatrixRow:
    award_type: AwardType
    cells: list[tuple[str, str]]  # (level, recipients or "") in the order of the levels


def authority_matrix(ruleset: RuleSet) -> tuple[list[tuple[str, str]], list[MatrixRow]]:
    """The matrix as a table: the levels (value, label) and a row per award type (the active ones and any with a
    cell), in the catalogue's order. Two queries."""
    cells = authority_cells(ruleset)
    with_cells = {type_id for type_id, _level in cells}
    types = [t for t in AwardType.objects.order_by("report_order", "code") if t.is_active or t.pk in with_cells]
    levels = list(UnitLevel.choices)
    rows = [
        MatrixRow(award_type=t, cells=[(level, cells.get((t.pk, level), "")) for level, _label in levels])
        for t in types
    ]
    return levels, rows


# -- bonus multipliers ----------------------------------------------------------------------------------------------


def bonus_rates(ruleset: RuleSet) -> tuple[list[AwardType], dict[int, BonusRate]]:
    """The award types of the bonus table (the active ones and any with a row) in the catalogue's order, and the
    set's rates by award type id. Two queries."""
    rates = {rate.award_type_id: rate for rate in ruleset.bonus_rates.all()}
    types = [t for t in AwardType.objects.order_by("report_order", "code") if t.is_active or t.pk in rates]
    return types, rates


# -- history ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object  # the user, None for a change made from the command line or a migration
    action: str
    changes: list[dict]  # {"field", "old", "new"}
    note: str = ""


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def _value_changes(ruleset: RuleSet) -> list[HistoryEntry]:
    """The set's own history rows, each compared with the one written before it (by id: the order they were
    written in, whatever the clock said)."""
    records = list(ruleset.history.select_related("history_user").order_by("history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = RuleSet._meta.get_field(change.field)
                changes.append(
                    {"field": field.verbose_name, "old": _shown(field, change.old), "new": _shown(field, change.new)}
                )
        action = {"+": _("Tạo bộ quy tắc"), "-": _("Xóa bộ quy tắc")}.get(record.history_type, _("Sửa giá trị"))
        entries.append(
            HistoryEntry(record.history_date, record.history_user, action, changes, record.history_change_reason or "")
        )
        previous = record
    return entries


def ruleset_history(ruleset: RuleSet) -> list[HistoryEntry]:
    """Who changed what and when, newest first: the set's values (each change against the row before it), the
    rows of its authority matrix added or removed and its bonus multipliers. Three queries."""
    entries = _value_changes(ruleset)
    levels = dict(UnitLevel.choices)
    recipients = dict(Recipients.choices)
    actions = {"+": _("Thêm thẩm quyền"), "-": _("Bỏ thẩm quyền"), "~": _("Sửa thẩm quyền")}
    for record in AuthorityRule.history.filter(rule_set_id=ruleset.pk).select_related("history_user", "award_type"):
        cell = _("%(type)s — %(level)s (%(recipients)s)") % {
            "type": record.award_type.abbreviation,
            "level": levels.get(record.level, record.level),
            "recipients": str(recipients.get(record.recipients, record.recipients)).lower(),
        }
        entries.append(HistoryEntry(record.history_date, record.history_user, actions[record.history_type], [], cell))
    bonus_actions = {"+": _("Thêm mức tiền thưởng"), "-": _("Bỏ mức tiền thưởng"), "~": _("Sửa mức tiền thưởng")}
    for record in BonusRate.history.filter(rule_set_id=ruleset.pk).select_related("history_user", "award_type"):
        note = _("%(type)s: cá nhân %(individual)s, tập thể %(collective)s%(unconfirmed)s") % {
            "type": record.award_type.abbreviation,
            "individual": _multiplier(record.individual),
            "collective": _multiplier(record.collective),
            "unconfirmed": "" if record.confirmed else _(" (chưa đối chiếu văn bản)"),
        }
        entries.append(
            HistoryEntry(record.history_date, record.history_user, bonus_actions[record.history_type], [], note)
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _multiplier(value) -> str:
    return "—" if value is None else formatting.number(value.normalize())
