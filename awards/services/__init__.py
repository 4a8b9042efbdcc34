"""Writes to the catalogue, the rule sets, decisions and the award register, with their rules."""

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import eligibility
from awards.enums import AwardKind, BatchState, NominationState, RecipientKind
from awards.models import (
    Award,
    AwardType,
    Batch,
    Decision,
    Nomination,
    NominationDocument,
    NominationTransition,
    PersonYear,
    RuleSet,
)
from units.selectors import person_unit_on
from units.services import StaleEdit, check_version


def _attach_user(instance, by) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by


# -- rule sets -------------------------------------------------------------------------------------


def ruleset_in_force(on: datetime.date) -> RuleSet:
    """The rule set in force on a date: the one with the latest `effective_from` on or before it."""
    ruleset = RuleSet.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if ruleset is None:
        raise RuleSet.DoesNotExist(
            _("Chưa có bộ quy tắc nào áp dụng cho ngày %(date)s.") % {"date": on.strftime("%d/%m/%Y")}
        )
    return ruleset


def work_year_end(year: int) -> datetime.date:
    """The last day of the procuracy's work year N (01/12 of N-1 to 30/11 of N)."""
    return datetime.date(year, 11, 30)


def work_year_of(day: datetime.date) -> int:
    """The work year a day belongs to: from 01/12 on, the next one (03/12/2026 is in work year 2027)."""
    return day.year + 1 if day.month == 12 else day.year


def ruleset_for_year(year: int) -> RuleSet:
    """The rule set that judges achievements of year N: the one in force at the end of that work year."""
    return ruleset_in_force(work_year_end(year))


# -- catalogue -------------------------------------------------------------------------------------


@transaction.atomic
def award_type_save(*, award_type: AwardType, by=None) -> AwardType:
    """Create or rename an award type; code, category, recipients and frequency never change once set."""
    if award_type.pk:
        current = AwardType.objects.select_for_update().get(pk=award_type.pk)
        changed = [name for name in AwardType.FROZEN_FIELDS if getattr(current, name) != getattr(award_type, name)]
        if changed:
            raise ValidationError(
                {name: _("Không được thay đổi sau khi đã tạo danh hiệu, hình thức.") for name in changed}
            )
    award_type.full_clean()
    _attach_user(award_type, by)
    award_type.save()
    return award_type


# -- decisions -------------------------------------------------------------------------------------


@transaction.atomic
def decision_save(*, decision: Decision, by=None, expected_version: int | None = None) -> Decision:
    """Create or update a decision; numbers are unique within the year of the decision's date."""
    if decision.pk:
        check_version(decision, expected_version, subject=_("Quyết định này"))
    else:
        decision.created_by = decision.created_by or (by if getattr(by, "is_authenticated", False) else None)
    if decision.date:
        decision.year = decision.date.year
    decision.full_clean()
    if decision.date and decision.date > timezone.localdate():
        raise ValidationError({"date": _("Ngày ký quyết định không được sau ngày hôm nay.")})
    _attach_user(decision, by)
    decision.save()
    return decision


# -- awards ----------------------------------------------------------------------------------------


def unit_of_person_for_year(person, year: int):
    """The person's unit during achievement year N: the unit at the end of that work year, if known."""
    day = min(work_year_end(year), timezone.localdate())
    return person_unit_on(person=person, day=day) or person.unit


def validate_award(award: Award) -> None:
    """The rules of one award that need the award type (the database enforces them too)."""
    errors = {}
    award_type = award.award_type
    if award.person_id and award.unit_id:
        errors["unit"] = _("Một lượt khen thưởng chỉ có một đối tượng: cá nhân hoặc tập thể.")
    kind = RecipientKind.INDIVIDUAL if award.person_id else RecipientKind.COLLECTIVE
    if not award_type.allows(kind):
        errors["award_type"] = _("“%(type)s” chỉ dành cho %(who)s.") % {
            "type": award_type.name,
            "who": award_type.get_recipients_display().lower(),
        }
    if award.decision_id and award.year and award.year > award.decision.date.year:
        errors["year"] = _("Năm thành tích %(year)s sau năm của quyết định (%(date)s).") % {
            "year": award.year,
            "date": award.decision.date.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def award_create(*, award: Award, by=None) -> Award:
    """Record one award in the register. For an individual the unit at the time comes from the unit history."""
    if award.person_id:
        award.recipient_kind = RecipientKind.INDIVIDUAL
        if not award.unit_at_time_id:
            award.unit_at_time = unit_of_person_for_year(award.person, award.year)
    else:
        award.recipient_kind = RecipientKind.COLLECTIVE
        award.unit_at_time_id = award.unit_id
    award.copy_type_fields()
    award.created_by = award.created_by or (by if getattr(by, "is_authenticated", False) else None)
    validate_award(award)
    award.full_clean()
    _attach_user(award, by)
    award.save()
    return award


@transaction.atomic
def award_revoke(*, award: Award, on: datetime.date, revoking_decision: str, reason: str, by=None) -> Award:
    """Revoke an award (hủy quyết định): it stays in the register, marked, and leaves counts and chains."""
    award = Award.objects.select_for_update().select_related("decision").get(pk=award.pk)
    if award.is_revoked:
        raise ValidationError(
            _("Khen thưởng này đã bị hủy ngày %(date)s.") % {"date": award.revoked_on.strftime("%d/%m/%Y")}
        )
    errors = {}
    if not reason.strip():
        errors["revocation_reason"] = _("Hãy ghi lý do hủy.")
    if not revoking_decision.strip():
        errors["revoking_decision"] = _("Hãy ghi số, ngày của quyết định hủy.")
    if on < award.decision.date:
        errors["revoked_on"] = _("Ngày hủy không được trước ngày của quyết định khen thưởng.")
    if on > timezone.localdate():
        errors["revoked_on"] = _("Ngày hủy không được sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    award.revoked_on = on
    award.revoking_decision = revoking_decision.strip()
    award.revocation_reason = reason.strip()
    _attach_user(award, by)
    award.save(update_fields=["revoked_on", "revoking_decision", "revocation_reason"])
    return award


# -- nominations -------------------------------------------------------------------------------------


EDITABLE_STATES = frozenset({NominationState.DRAFT, NominationState.RETURNED})


@transaction.atomic
def nomination_save(*, nomination: Nomination, by=None, expected_version: int | None = None) -> Nomination:
    """Create or edit a nomination while it is with its unit (draft or returned); a concurrent edit is refused."""
    if nomination.pk:
        state = Nomination.objects.filter(pk=nomination.pk).values_list("state", flat=True).first()
        if state not in EDITABLE_STATES:
            raise ValidationError(
                _("Đề nghị đã gửi Hội đồng (%(state)s): không sửa được nữa.") % {"state": NominationState(state).label}
            )
        check_version(nomination, expected_version, subject=_("Đề nghị này"))
    else:
        nomination.created_by = nomination.created_by or (by if getattr(by, "is_authenticated", False) else None)
        nomination.state = NominationState.DRAFT
    nomination.recipient_kind = RecipientKind.INDIVIDUAL if nomination.person_id else RecipientKind.COLLECTIVE
    errors = {}
    award_type = nomination.award_type
    if not award_type.allows(nomination.recipient_kind):
        errors["award_type"] = _("“%(type)s” chỉ dành cho %(who)s.") % {
            "type": award_type.name,
            "who": award_type.get_recipients_display().lower(),
        }
    if nomination.movement_id is None and nomination.kind == AwardKind.THEMATIC:
        errors["movement"] = _("Khen thưởng theo đợt, chuyên đề phải gắn với một phong trào thi đua.")
    if errors:
        raise ValidationError(errors)
    nomination.full_clean(exclude=["version"], validate_constraints=False)
    duplicate = (
        Nomination.objects.filter(award_type=award_type, year=nomination.year)
        .exclude(state__in=NominationState.INACTIVE)
        .exclude(pk=nomination.pk)
        .filter(**({"person": nomination.person} if nomination.person_id else {"unit": nomination.unit}))
        .select_related("nominating_unit")
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            {
                "award_type": _("%(who)s đã được %(unit)s đề nghị %(type)s năm %(year)s.")
                % {
                    "who": nomination.person.full_name if nomination.person_id else nomination.unit,
                    "unit": duplicate.nominating_unit,
                    "type": award_type.abbreviation,
                    "year": nomination.year,
                }
            }
        )
    _attach_user(nomination, by)
    nomination.save()
    return nomination


@transaction.atomic
def nominations_bulk(
    *, nominating_unit, award_type: AwardType, year: int, persons=(), units=(), kind=AwardKind.REGULAR, by=None
) -> list[Nomination]:
    """Draft nominations of many people (or units) for one title in one year, as the annual review enters them;
    those already nominated for it are skipped. Returns the new ones."""
    persons, units = list(persons), list(units)
    taken_persons = set(
        Nomination.objects.filter(award_type=award_type, year=year, person__in=persons)
        .exclude(state__in=NominationState.INACTIVE)
        .values_list("person_id", flat=True)
    )
    taken_units = set(
        Nomination.objects.filter(award_type=award_type, year=year, unit__in=units)
        .exclude(state__in=NominationState.INACTIVE)
        .values_list("unit_id", flat=True)
    )
    created = []
    for person in persons:
        if person.pk not in taken_persons:
            created.append(
                nomination_save(
                    nomination=Nomination(
                        nominating_unit=nominating_unit, person=person, award_type=award_type, year=year, kind=kind
                    ),
                    by=by,
                )
            )
    for unit in units:
        if unit.pk not in taken_units:
            created.append(
                nomination_save(
                    nomination=Nomination(
                        nominating_unit=nominating_unit, unit=unit, award_type=award_type, year=year, kind=kind
                    ),
                    by=by,
                )
            )
    return created


# The moves of a nomination: from which states, to which, by whom ("nominator": the clerks of the nominating
# unit; "council": the secretary and clerks of the unit whose council decides; "leader": its leaders), and
# whether a written reason is required. Nothing else changes a nomination's state.
@dataclasses.dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    actor: str
    label: str
    needs_comment: bool = False


MOVES = {
    "submit": Move(frozenset({NominationState.DRAFT, NominationState.RETURNED}), NominationState.SUBMITTED,
                   "nominator", gettext_lazy("Gửi Hội đồng")),
    "withdraw": Move(frozenset({NominationState.DRAFT, NominationState.SUBMITTED, NominationState.RETURNED}),
                     NominationState.WITHDRAWN, "nominator", gettext_lazy("Rút đề nghị"), needs_comment=True),
    "return": Move(frozenset({NominationState.SUBMITTED}), NominationState.RETURNED, "council",
                   gettext_lazy("Trả lại đơn vị"), needs_comment=True),
    "review": Move(frozenset({NominationState.SUBMITTED}), NominationState.UNDER_REVIEW, "council",
                   gettext_lazy("Đưa ra Hội đồng xét")),
    "recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.RECOMMENDED, "council",
                      gettext_lazy("Hội đồng đề nghị khen thưởng")),
    "not_recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.NOT_RECOMMENDED, "council",
                          gettext_lazy("Hội đồng không đề nghị"), needs_comment=True),
    "escalate": Move(frozenset({NominationState.RECOMMENDED}), NominationState.ESCALATED, "council_or_leader",
                     gettext_lazy("Trình cấp trên")),
    "decide": Move(frozenset({NominationState.RECOMMENDED}), NominationState.DECIDED, "leader",
                   gettext_lazy("Ghi quyết định khen thưởng")),
    "reject": Move(frozenset({NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED}),
                   NominationState.REJECTED, "leader", gettext_lazy("Không khen thưởng"), needs_comment=True),
}  # fmt: skip


def council_unit_of(nomination: Nomination):
    """The unit whose council decides: the batch's, or failing a batch the nominating unit's own."""
    return nomination.batch.council_unit if nomination.batch_id else nomination.nominating_unit


def may_move(user, nomination: Nomination, name: str) -> bool:
    """Whether the user may make this move now (state and role); what the forms offer."""
    from awards import rules as award_rules  # noqa: PLC0415

    move = MOVES[name]
    return nomination.state in move.sources and award_rules.may_act_as(user, nomination, move.actor)


def moves_for(user, nomination: Nomination) -> list[tuple[str, Move]]:
    return [(name, move) for name, move in MOVES.items() if may_move(user, nomination, name)]


@transaction.atomic
def nomination_move(
    *, nomination: Nomination, name: str, by, comment: str = "", award: Award | None = None, check=None
):
    """Make one move: lock the row, refuse a move the state or the user's role does not allow, record who, when,
    from, to and why. Submitting stores the eligibility check; a criterion not met needs a justification."""
    move = MOVES.get(name)
    if move is None:
        raise ValidationError(_("Thao tác không hợp lệ."))
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award_type", "person", "unit", "nominating_unit", "batch", "batch__council_unit")
        .get(pk=nomination.pk)
    )
    if nomination.state not in move.sources:
        raise ValidationError(
            _("Không thể “%(move)s” khi đề nghị đang ở trạng thái “%(state)s”.")
            % {"move": move.label, "state": nomination.get_state_display()}
        )
    if not may_move(by, nomination, name):
        raise PermissionDenied(_("Bạn không có quyền “%(move)s” đề nghị này.") % {"move": move.label})
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Hãy ghi lý do.")})
    if name == "submit":
        _prepare_submission(nomination, check)
    if name == "decide":
        if award is None:
            raise ValidationError(_("Hãy ghi quyết định khen thưởng trước."))
        nomination.award = award
    source = nomination.state
    nomination.state = move.target
    _attach_user(nomination, by)
    nomination.save()
    NominationTransition.objects.create(
        nomination=nomination,
        from_state=source,
        to_state=move.target,
        by=by if getattr(by, "is_authenticated", False) else None,
        comment=comment,
    )
    return nomination


def _prepare_submission(nomination: Nomination, check=None) -> None:
    """Store the check of the rule set in force (`check` when the caller evaluated a whole batch at once)."""
    if nomination.batch_id is None:
        raise ValidationError(_("Đề nghị phải thuộc một tờ trình trước khi gửi Hội đồng."))
    if check is None:
        check = eligibility.evaluate([nomination])[nomination.pk]
    nomination.eligibility = check.as_json()
    nomination.checked_at = timezone.now()
    if not check.passed and not nomination.justification.strip():
        failed = "; ".join(str(criterion.label) for criterion in check.failed)
        raise ValidationError(
            {
                "justification": _(
                    "%(who)s: chưa đạt hoặc chưa rõ tiêu chí (%(failed)s). Hãy ghi giải trình trước khi gửi."
                )
                % {"who": nomination, "failed": failed}
            }
        )


# -- batches (tờ trình) --------------------------------------------------------------------------------


@transaction.atomic
def batch_save(*, batch: Batch, by=None, expected_version: int | None = None) -> Batch:
    if batch.pk:
        current = Batch.objects.select_for_update().filter(pk=batch.pk).values_list("version", "state").first()
        if current and expected_version is not None and current[0] != expected_version:
            raise StaleEdit(_("Tờ trình vừa được người khác sửa; hãy mở lại trang rồi nhập lại."))
        if current and current[1] != BatchState.DRAFT:
            raise ValidationError(_("Tờ trình đã gửi: không sửa được nữa."))
        batch.version = (current[0] if current else 0) + 1
    else:
        batch.created_by = batch.created_by or (by if getattr(by, "is_authenticated", False) else None)
    batch.full_clean(exclude=["version"])
    _attach_user(batch, by)
    batch.save()
    return batch


@transaction.atomic
def batch_add(*, batch: Batch, nominations, by=None) -> int:
    """Put draft nominations of the batch's unit (or its subunits) and year into a draft batch."""
    if batch.state != BatchState.DRAFT:
        raise ValidationError(_("Tờ trình đã gửi: không thêm đề nghị được nữa."))
    added = 0
    for nomination in nominations:
        if nomination.year != batch.year or not nomination.nominating_unit.path.startswith(batch.unit.path):
            raise ValidationError(
                _("%(nomination)s không thuộc đơn vị hoặc năm của tờ trình.") % {"nomination": nomination}
            )
        if nomination.state not in EDITABLE_STATES:
            raise ValidationError(_("%(nomination)s đã gửi Hội đồng.") % {"nomination": nomination})
        nomination.batch = batch
        _attach_user(nomination, by)
        nomination.save(update_fields=["batch", "updated_at"])
        added += 1
    return added


@transaction.atomic
def batch_remove(*, batch: Batch, nomination: Nomination, by=None) -> None:
    if batch.state != BatchState.DRAFT or nomination.batch_id != batch.pk:
        raise ValidationError(_("Tờ trình đã gửi: không bỏ đề nghị được nữa."))
    nomination.batch = None
    _attach_user(nomination, by)
    nomination.save(update_fields=["batch", "updated_at"])


@transaction.atomic
def batch_submit(*, batch: Batch, by) -> list[Nomination]:
    """Send a batch: number and date are required, then every draft nomination in it is submitted (all or
    none: a nomination whose check fails without a justification stops the whole batch, named)."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.DRAFT:
        raise ValidationError(_("Tờ trình này đã gửi."))
    errors = {}
    if not batch.number.strip():
        errors["number"] = _("Hãy ghi số, ký hiệu tờ trình trước khi gửi.")
    if batch.date is None:
        errors["date"] = _("Hãy ghi ngày tờ trình trước khi gửi.")
    nominations = list(batch.nominations.filter(state__in=EDITABLE_STATES).order_by("id"))
    if not nominations:
        errors.setdefault("number", _("Tờ trình chưa có đề nghị nào."))
    if errors:
        raise ValidationError(errors)
    problems = []
    submitted = []
    # One evaluation for the whole batch: its queries do not grow with the number of nominations.
    checks = eligibility.evaluate(
        batch.nominations.filter(pk__in=[n.pk for n in nominations]).select_related("award_type", "person", "unit")
    )
    for nomination in nominations:
        try:
            submitted.append(nomination_move(nomination=nomination, name="submit", by=by, check=checks[nomination.pk]))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    batch.state = BatchState.SUBMITTED
    batch.submitted_at = timezone.now()
    _attach_user(batch, by)
    batch.save()
    return submitted


# -- dossier files -----------------------------------------------------------------------------------


@transaction.atomic
def nomination_document_add(*, nomination: Nomination, kind: str, upload, by=None) -> NominationDocument:
    """Attach a file (already validated by content and size) to a nomination still with its unit."""
    if nomination.state not in EDITABLE_STATES:
        raise ValidationError(_("Đề nghị đã gửi Hội đồng: hồ sơ không thay đổi được nữa."))
    document = NominationDocument(
        nomination=nomination,
        kind=kind,
        file=upload,
        original_name=getattr(upload, "name", "")[:255],
        size=getattr(upload, "size", 0) or 0,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _attach_user(document, by)
    document.save()
    return document


@transaction.atomic
def nomination_document_delete(*, document: NominationDocument, by=None) -> None:
    if document.nomination.state not in EDITABLE_STATES:
        raise ValidationError(_("Đề nghị đã gửi Hội đồng: hồ sơ không thay đổi được nữa."))
    _attach_user(document, by)
    document.file.delete(save=False)
    document.delete()


# -- the facts of a person's year ------------------------------------------------------------------------


UNCHECKED = object()


@transaction.atomic
def person_year_save(*, record: PersonYear, by=None, expected_stamp=UNCHECKED) -> PersonYear:
    """Save the rating, service, absence and discipline of a person's year. `expected_stamp` is the
    `updated_at` the user started from (None for a record the user saw as missing): a record changed or created
    meanwhile by someone else is refused. Imports, which see the current record, leave it unchecked."""
    current = (
        PersonYear.objects.select_for_update()
        .filter(person=record.person, year=record.year)
        .values_list("pk", "updated_at")
        .first()
    )
    changed = expected_stamp is not UNCHECKED and (current[1] if current else None) != expected_stamp
    if (current is not None and record.pk != current[0]) or changed:
        raise StaleEdit(
            _("Đánh giá năm %(year)s của %(person)s vừa được người khác sửa; hãy tải lại trang rồi nhập lại.")
            % {"year": record.year, "person": record.person.full_name}
        )
    record.updated_by = by if getattr(by, "is_authenticated", False) else None
    record.full_clean(validate_constraints=False)
    _attach_user(record, by)
    record.save()
    return record


# Council sessions, polls and ballots, and the decisions drawn from them (imported last: they use the nomination
# workflow above).
from awards.services.decisions_from_votes import *  # noqa: E402, F403
from awards.services.voting import *  # noqa: E402, F403
