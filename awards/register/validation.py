"""The rules of an award and of its decision, written once for the two ways awards enter the register: one at a
time through `services.award_create` and `services.decision_save` (forms, council decisions), and by the
thousand through `importing.AwardImporter` (the `awards` interchange table).

Each rule is a function of plain values or unsaved instances that returns its message (or None) and makes no
query, so that the importer can run it on every row of a file and report it on the row's column, while the
service raises the same messages as a ValidationError. What needs the register (an annual title held twice) is
one query in the service and one query per file in the importer; which awards exclude each other
(`repeat_slot`) and the message (`repeat_message`) are here. The database enforces the same rules with the
constraints of `Award` and `Decision`; these give the user a sentence instead of "Constraint … is violated".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import Frequency, RecipientKind
from awards.catalogue.models import AwardType
from awards.register.models import Award, Decision

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


def decision_errors(decision: Decision, *, today: datetime.date) -> dict[str, str]:
    """The rules of a decision beyond its fields' own (number + year unique: the database and `full_clean`)."""
    errors = {}
    if decision.number and (message := too_long(Decision, "number", decision.number)):
        errors["number"] = message
    if decision.date and (message := decision_date_error(decision.date, today=today)):
        errors["date"] = message
    return errors


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


def award_errors(award: Award) -> dict[str, str]:
    """The rules of one award that need no query, by field (the service raises them, the importer reports each
    on its column)."""
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
    return errors


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
