"""From the council's vote to the register: the head's decision for the awards within the unit's authority, and
the tờ trình to the parent unit for the others.

A council proposes; the head of its unit decides only the awards the issuer rule gives his unit
(`awards.register.issuers`: the rule set's authority matrix, never a leader's own title nor his unit's as a whole).
Everything else the council recommended goes up to the parent unit's council in a new tờ trình.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Authority, AwardKind, Category
from awards.councils.models import Session
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination
from awards.nominations.receiving import nearest_receiving_unit
from awards.nominations.services import batch_add, batch_save, nomination_save
from awards.nominations.workflow import may_move, nomination_move
from awards.register import issuers
from awards.register.models import Award, Decision
from awards.register.services import award_create, decision_save, unit_of_person_for_year
from awards.register.validation import recording_order
from units.letterhead import head_name, head_title
from units.models import Unit

# The units with their parents: the draft decision and the minutes print a phòng with its parent's name.
NOMINATION_RELATED = (
    "award_type",
    "person__unit__parent",
    "unit__parent__parent",
    "nominating_unit",
    "movement",
    "batch",
)
LEADING_NUMBER = re.compile(r"^\s*(\d+)")


def confers(unit: Unit, nomination: Nomination, *, on: datetime.date, lookups: issuers.IssuerLookups) -> bool:
    """Whether the head of `unit` decides the nomination's award: the issuer the rule gives
    (`awards.register.issuers`) for the recipient's unit of the award's year and the rule set in force on `on`, as
    the register's validation will check the award (a province's own leaders and the province as a whole get
    their titles from above)."""
    person = nomination.person if nomination.person_id else None
    recipient = nomination.unit if person is None else unit_of_person_for_year(person, nomination.year)
    expected, _body = issuers.expected_issuer(
        award_type=nomination.award_type,
        unit=recipient,
        collective=person is None,
        leads_unit=issuers.leads(person, recipient),
        rules=lookups.rules_on(on),
        lookups=lookups,
    )
    return expected is not None and expected.pk == unit.pk


def session_recommended(
    session: Session, *, on: datetime.date | None = None
) -> tuple[list[Nomination], list[Nomination]]:
    """The nominations on the session's agenda that the council recommended, split into (decided by the head of
    the council's unit, above him: `confers` on `on`, the decision's date, default today), in agenda order."""
    unit = session.council.unit
    nominations = list(
        Nomination.objects.filter(agenda_items__session=session, state=NominationState.RECOMMENDED)
        .select_related(*NOMINATION_RELATED)
        .order_by("agenda_items__order", "pk")
    )
    on, lookups = on or cal.today(), issuers.IssuerLookups()
    decided = {n.pk: confers(unit, n, on=on, lookups=lookups) for n in nominations}
    within = [n for n in nominations if decided[n.pk]]
    above = [n for n in nominations if not decided[n.pk]]
    return within, above


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def award_names(award_types) -> str:
    """ "danh hiệu Lao động tiên tiến và Chiến sĩ thi đua cơ sở", "Giấy khen", or both joined."""
    ordered = sorted({t.pk: t for t in award_types}.values(), key=lambda t: (t.report_order, t.code))
    titles = [t.name for t in ordered if t.category == Category.TITLE]
    forms = [t.name for t in ordered if t.category != Category.TITLE]
    parts = []
    if titles:
        parts.append(f"danh hiệu {_join(titles)}")
    if forms:
        parts.append(_join(forms))
    return " và ".join(parts)


def decision_summary(award_types, year: int) -> str:
    """The trích yếu of the decision: "Về việc tặng danh hiệu Lao động tiên tiến năm 2026"."""
    return f"Về việc tặng {award_names(award_types)} năm {year}"


def decision_number_taken(number: str, year: int, unit: Unit) -> bool:
    """Whether the unit already issued a decision with this number in the year (its own yearly series)."""
    return Decision.objects.filter(number=number, year=year, issuing_unit=unit).exists()


def next_decision_serial(unit: Unit, year: int) -> int:
    """1 + the highest leading integer of the numbers of the decisions the unit issued in the year (its yearly
    series, NĐ 30/2020 Art. 15): "15/QĐ-VKS" → 16."""
    numbers = Decision.objects.filter(issuing_unit=unit, year=year).values_list("number", flat=True)
    serials = [int(match.group(1)) for number in numbers if (match := LEADING_NUMBER.match(number))]
    return max(serials, default=0) + 1


# -- the head's decision ------------------------------------------------------------------------------------


def decision_signer(unit: Unit) -> tuple[str, str]:
    """(name, title) of who signs the head's decision, as the draft decision prints them: the unit's head from the
    staff list and the title of the unit's letterhead (`units.letterhead`); the name is blank when unknown."""
    return head_name(unit), head_title(unit)


def decision_date_refusal(session: Session, date: datetime.date) -> str:
    """Why the head's decision on the session's votes cannot bear `date`, or "": it decides on what the council
    proposed, so it is never signed before the council met."""
    if date < session.date:
        return _("Ngày ký quyết định không được trước ngày họp của Hội đồng (%(day)s).") % {
            "day": f"{session.date:%d/%m/%Y}"
        }
    return ""


@transaction.atomic
def decision_record_from_session(
    *, session: Session, number: str, date: datetime.date, signer_name: str, signer_title: str, by
) -> Decision:
    """Record the signed decision of the head of the council's unit: one Award per recommended nomination within
    his authority, each nomination moved to "decided" with its award. All or nothing; never dated before the
    session (`decision_date_refusal`)."""
    if refusal := decision_date_refusal(session, date):
        raise ValidationError({"date": refusal})
    unit = session.council.unit
    within, _above = session_recommended(session, on=date)
    if not within:
        raise ValidationError(
            _("Phiên họp không còn đề nghị nào được Hội đồng đề nghị thuộc thẩm quyền của %(unit)s.") % {"unit": unit}
        )
    # Check every move before writing anything: a refusal must not leave a decision without its awards.
    if not all(may_move(by, nomination, "decide") for nomination in within):
        raise PermissionDenied(_("Chỉ Lãnh đạo %(unit)s ghi quyết định khen thưởng.") % {"unit": unit})
    number = " ".join(number.split())
    if decision_number_taken(number, date.year, unit):
        raise ValidationError(
            {
                "number": _("Số %(number)s đã dùng cho quyết định khác năm %(year)s.")
                % {"number": number, "year": date.year}
            }
        )
    decision = decision_save(
        decision=Decision(
            number=number,
            date=date,
            authority=Authority.UNIT_HEAD,
            issuing_unit=unit,
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip(),
            kind=AwardKind.REGULAR,
            summary=decision_summary([n.award_type for n in within], session.year),
        ),
        by=by,
    )
    # A title resting on another of the same year (CSTĐCS on LĐTT…) comes after it: decided together, the register
    # finds the prerequisite in this very decision (`validation.prerequisite_error`).
    for nomination in sorted(within, key=lambda n: recording_order(n.award_type.code)):
        award = award_create(
            award=Award(
                award_type=nomination.award_type,
                person=nomination.person,
                unit=nomination.unit,
                year=nomination.year,
                kind=nomination.kind,
                movement=nomination.movement,
                decision=decision,
            ),
            by=by,
        )
        nomination_move(nomination=nomination, name="decide", award=award, by=by)
    return decision


# -- the tờ trình to the parent unit --------------------------------------------------------------------------


@transaction.atomic
def batch_above_authority(*, session: Session, by) -> Batch | None:
    """Put the recommended nominations above the unit's authority into a new draft tờ trình of the council's unit
    to its parent unit's council; None when there are none.

    A nomination belongs to one batch, so the tờ trình carries new draft nominations of the council's unit (same
    recipient, type, year, kind, movement and summary); the council's own ones move to "escalated" (a recorded
    transition), which leaves the recipient free for the new nomination.
    """
    unit = session.council.unit
    _within, above = session_recommended(session)
    if not above:
        return None
    if unit.parent_id is None:
        raise ValidationError(_("%(unit)s không có đơn vị cấp trên để trình.") % {"unit": unit})
    # The nearest council above that may receive it; failing one, the parent's, which `batch_save` refuses, named.
    above_unit = nearest_receiving_unit(unit=unit.parent, year=session.year) or unit.parent
    batch = batch_save(
        batch=Batch(
            unit=unit,
            council_unit=above_unit,
            year=session.year,
            title=f"Về việc đề nghị khen thưởng năm {session.year}",
        ),
        by=by,
    )
    created = []
    for old in above:
        nomination_move(
            nomination=old, name="escalate", by=by, comment=_("Trình Hội đồng TĐKT %(unit)s.") % {"unit": above_unit}
        )
        try:
            created.append(
                nomination_save(
                    nomination=Nomination(
                        nominating_unit=unit,
                        person=old.person,
                        unit=old.unit,
                        award_type=old.award_type,
                        year=old.year,
                        kind=old.kind,
                        movement=old.movement,
                        summary=old.summary,
                        figures=old.figures,
                        # The public consultation it went through: the tờ trình upward prints its result.
                        consultation=old.consultation,
                    ),
                    by=by,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Chưa lập được đề nghị trình cấp trên cho %(who)s: %(reason)s")
                % {"who": old, "reason": " ".join(exc.messages)}
            ) from exc
    batch_add(batch=batch, nominations=created, by=by)
    return batch


__all__ = [
    "award_names",
    "batch_above_authority",
    "confers",
    "decision_date_refusal",
    "decision_number_taken",
    "decision_record_from_session",
    "decision_signer",
    "decision_summary",
    "next_decision_serial",
    "session_recommended",
]
