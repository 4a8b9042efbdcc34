"""The rules of an award and of its decision, written once for the two ways awards enter the register: one at a
time through `services.award_create` and `services.decision_save` (forms, council decisions), and by the
thousand through `importing.AwardImporter` (the `awards` interchange table).

Each rule is a function of plain values or unsaved instances that returns its message (or None) and makes no
query, so that the importer can run it on every row of a file and report it on the row's column, while the
service raises the same messages as a ValidationError. What needs the register (an annual title held twice) is
one query in the service and one query per file in the importer; which awards exclude each other
(`repeat_slot`) and the message (`repeat_message`) are here. The database enforces the same rules with the
constraints of `Award` and `Decision`; these give the user a sentence instead of "Constraint … is violated".

A title that rests on another title of the same year (`prerequisite_error`: CSTĐCS on LĐTT…) reads the recipient's
awards of the year: one query in the service; the importer passes the register's and the file's rows and reports
the rule as a warning, never an error, since history files often hold the higher title without the lower one.

Who may confer an award (`authority_error`) reads the tree, the bodies and the rule set: through an
`issuers.IssuerLookups` that the importer keeps for the whole file (a bounded number of queries) and the service
for one award.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import AwardKind, Frequency, RecipientKind
from awards.catalogue.models import AwardType, RuleSet
from awards.register import issuers
from awards.register.models import Award, Decision
from units.models import Unit

# A recipient as the register keys it: ("p", person id) or ("u", unit id).
Recipient = tuple[str, int]


def too_long(model: type[models.Model], name: str, value: str) -> str | None:
    """Django's own message (as `full_clean` gives it) when `value` exceeds the max_length of the field."""
    field = model._meta.get_field(name)
    if len(value) <= field.max_length:  # the common case, without building a ValidationError
        return None
    try:
        field.run_validators(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None


# -- decisions -------------------------------------------------------------------------------------------


def decision_date_error(date: datetime.date, *, today: datetime.date) -> str | None:
    """A decision is recorded once signed: its date is not after today."""
    if date > today:
        return _("Ngày ký quyết định không được sau ngày hôm nay.")
    return None


def issuer_error(issuing_unit_id: int | None, issuing_body_id: int | None) -> str | None:
    """A decision has one issuer: a unit of the tree or a body outside it, never both, never none."""
    if (issuing_unit_id is None) == (issuing_body_id is None):
        return _("Chọn đơn vị ban hành hoặc cơ quan ban hành khác (một trong hai).")
    return None


def decision_errors(decision: Decision, *, today: datetime.date) -> dict[str, str]:
    """The rules of a decision beyond its fields' own (issuer + number + year unique: `duplicate_decision_message`
    in the service, the database's constraints)."""
    errors = {}
    if message := issuer_error(decision.issuing_unit_id, decision.issuing_body_id):
        errors["issuing_unit"] = message
    if decision.number and (message := too_long(Decision, "number", decision.number)):
        errors["number"] = message
    if decision.date and (message := decision_date_error(decision.date, today=today)):
        errors["date"] = message
    return errors


def duplicate_decision_message(*, number: str, year: int, issuer_name: str) -> str:
    """A decision refused because its issuer already numbered another one so in the year."""
    return _("Năm %(year)s %(issuer)s đã có quyết định số %(number)s; mỗi số chỉ được dùng một lần trong năm.") % {
        "year": year,
        "issuer": issuer_name,
        "number": number,
    }


# -- awards ----------------------------------------------------------------------------------------------


def recipient_error(award_type: AwardType, recipient_kind: str) -> str | None:
    """A title for collectives only is not given to a person, nor the reverse."""
    if award_type.allows(recipient_kind):
        return None
    return _("“%(type)s” chỉ dành cho %(who)s.") % {
        "type": award_type.name,
        "who": award_type.get_recipients_display().lower(),
    }


def year_error(year: int, decision_date: datetime.date | None) -> str | None:
    """The achievement year lies in the years of the register and not after the year of the decision (an award
    for 2024 may be decided in January 2025, never the reverse)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
    if decision_date is not None and year > decision_date.year:
        return _("Năm thành tích %(year)s sau năm của quyết định (%(date)s).") % {
            "year": year,
            "date": decision_date.strftime("%d/%m/%Y"),
        }
    return None


def authority_error(
    *,
    issuer: issuers.Issuer,
    award_type: AwardType,
    unit: Unit,
    collective: bool,
    leads_unit: bool,
    rules: RuleSet | None,
    lookups: issuers.IssuerLookups | None = None,
) -> str | None:
    """A decision carries only the awards its issuer confers (`issuers.confer_error`): the LĐTT of a khu vực's staff
    is the provincial Viện trưởng's, the CSTĐCS of a province's leaders VKSTC's, a Bằng khen of the Prime Minister
    the Prime Minister's."""
    return issuers.confer_error(
        issuer=issuer,
        award_type=award_type,
        unit=unit,
        collective=collective,
        leads_unit=leads_unit,
        rules=rules,
        lookups=lookups,
    )


def award_errors(award: Award, *, lookups: issuers.IssuerLookups | None = None) -> dict[str, str]:
    """The rules of one award, by field (the service raises them, the importer reports each on its column). All
    but who may confer need no query."""
    errors = {}
    if award.person_id and award.unit_id:
        errors["unit"] = _("Một lượt khen thưởng chỉ có một đối tượng: cá nhân hoặc tập thể.")
    kind = RecipientKind.INDIVIDUAL if award.person_id else RecipientKind.COLLECTIVE
    if message := recipient_error(award.award_type, kind):
        errors["award_type"] = message
    if award.year is not None:
        decision_date = award.decision.date if award.decision_id else None
        if message := year_error(award.year, decision_date):
            errors["year"] = message
    if award.note and (message := too_long(Award, "note", award.note)):
        errors["note"] = message
    if not errors and award.decision_id and award.unit_at_time_id:
        lookups = lookups or issuers.IssuerLookups()
        decision = award.decision
        if message := authority_error(
            issuer=(decision.issuing_unit, decision.issuing_body),
            award_type=award.award_type,
            unit=award.unit_at_time,
            collective=award.person_id is None,
            leads_unit=issuers.leads(award.person if award.person_id else None, award.unit_at_time),
            rules=lookups.rules_on(decision.date),
            lookups=lookups,
        ):
            errors["award_type"] = message
    return errors


# -- a title that rests on another title of the same year -----------------------------------------------------

# The individual titles whose chain rests on the title below it in the same year (the criteria of
# `awards.nominations.eligibility`: CSTĐCS is chosen among the year's LĐTT; a CSTĐ ngành ends its chain of CSTĐCS in
# its year, a CSTĐ toàn quốc its chain of CSTĐ ngành). A regular award of the key is recorded only once these are
# decided: before it or in the same decision. The flags are not here: their unit must meet the TTLĐXS standard
# (domain-rules §2.2), which eligibility weighs, not hold the title first.
SAME_YEAR_PREREQUISITES: dict[str, tuple[str, ...]] = {
    "CSTDCS": ("LDTT",),
    "CSTDN": ("CSTDCS",),
    "CSTDTQ": ("CSTDN",),
}


def prerequisites(code: str, kind: str) -> tuple[str, ...]:
    """The codes a regular award of `code` needs in the register the same year (none for a thematic or ad hoc
    award, which rests on its movement or its act)."""
    return SAME_YEAR_PREREQUISITES.get(code, ()) if kind == AwardKind.REGULAR else ()


def recording_order(code: str) -> int:
    """How deep `code` rests on other titles of the same year (LĐTT 0, CSTĐCS 1, CSTĐ ngành 2…): awards recorded
    together are recorded in this order, so that each finds its prerequisite already in the register."""
    return 1 + max((recording_order(needed) for needed in SAME_YEAR_PREREQUISITES.get(code, ())), default=-1)


def prerequisite_error(
    *,
    award_type: AwardType,
    kind: str,
    year: int,
    decision_date: datetime.date,
    recipient_name: str,
    decided: Mapping[str, datetime.date],
    abbreviations: Mapping[str, str],
) -> str | None:
    """A title that rests on another title of the same year (`SAME_YEAR_PREREQUISITES`) is recorded only when that
    one is decided on or before this decision's date (the same decision counts: it has the same date). `decided`:
    the recipient's counted (not revoked) awards of `year` in the register, code → the earliest decision date;
    `abbreviations`: code → abbreviation, for the message."""
    problems = []
    for code in prerequisites(award_type.code, kind):
        day = decided.get(code)
        values = {"need": abbreviations.get(code, code), "year": year}
        if day is None:
            problems.append(_("chưa có %(need)s năm %(year)s trong sổ khen thưởng") % values)
        elif day > decision_date:
            problems.append(
                _("%(need)s năm %(year)s được quyết định ngày %(date)s, sau quyết định này")
                % {**values, "date": day.strftime("%d/%m/%Y")}
            )
    if not problems:
        return None
    return _(
        "%(who)s: %(problems)s. %(type)s năm %(year)s chỉ được quyết định sau hoặc cùng quyết định %(needs)s năm đó."
    ) % {
        "who": recipient_name,
        "problems": "; ".join(problems),
        "type": award_type.abbreviation,
        "year": year,
        "needs": ", ".join(abbreviations.get(code, code) for code in prerequisites(award_type.code, kind)),
    }


def repeat_slot(award_type_id: int, frequency: str, recipient: Recipient, year: int) -> tuple | None:
    """What an award holds alone among the counted (not revoked) awards of the register: an annual title
    (LĐTT, CSTĐCS, TTLĐTT…) its type, recipient and year; a once-only medal (KNC) its type and recipient; None
    for forms that may be given again (Giấy khen, Bằng khen). Two awards with the same slot exclude each other
    (the unique constraints `awards_award_annual_once_*` and `awards_award_once_per_person`)."""
    if frequency == Frequency.ANNUAL:
        return (award_type_id, recipient, year)
    if frequency == Frequency.ONCE:
        return (award_type_id, recipient)
    return None


def repeat_message(*, recipient_name: str, award_type: AwardType, existing_year: int, existing_decision) -> str:
    """An award refused because the register already holds `existing_*` in its slot."""
    return _("%(recipient)s đã có “%(type)s” năm %(year)s (quyết định %(decision)s).") % {
        "recipient": recipient_name,
        "type": award_type.name,
        "year": existing_year,
        "decision": existing_decision,
    }
