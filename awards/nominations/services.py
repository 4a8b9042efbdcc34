"""Writes to nominations (entry, bulk entry), their dossiers and tờ trình."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import AwardType
from awards.nominations import eligibility
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination, NominationDocument
from awards.nominations.receiving import check_receiving, receiving_problem
from awards.nominations.workflow import nomination_move
from units.common.history import attach_user
from units.services import UNCHECKED, Unchecked, check_version

# -- nominations -------------------------------------------------------------------------------------


@transaction.atomic
def nomination_save(
    *, nomination: Nomination, by=None, expected_version: int | Unchecked | None = UNCHECKED
) -> Nomination:
    """Create or edit a nomination while it is with its unit (draft or returned); a concurrent edit is refused."""
    if nomination.pk:
        state = Nomination.objects.filter(pk=nomination.pk).values_list("state", flat=True).first()
        if state not in NominationState.editable_states:
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
        .exclude(state__in=NominationState.inactive_states)
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
    attach_user(nomination, by)
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
        .exclude(state__in=NominationState.inactive_states)
        .values_list("person_id", flat=True)
    )
    taken_units = set(
        Nomination.objects.filter(award_type=award_type, year=year, unit__in=units)
        .exclude(state__in=NominationState.inactive_states)
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


# -- batches (tờ trình) --------------------------------------------------------------------------------


@transaction.atomic
def batch_save(*, batch: Batch, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> Batch:
    """Create or edit a draft tờ trình; it goes to a council that exists and may receive it (`receiving`)."""
    if batch.pk:
        check_version(batch, expected_version, subject=_("Tờ trình này"))
        if Batch.objects.filter(pk=batch.pk).exclude(state=BatchState.DRAFT).exists():
            raise ValidationError(_("Tờ trình đã gửi: không sửa được nữa."))
    else:
        batch.created_by = batch.created_by or (by if getattr(by, "is_authenticated", False) else None)
    batch.full_clean(exclude=["version"])
    check_receiving(unit=batch.unit, council_unit=batch.council_unit, year=batch.year, on=batch.date)
    attach_user(batch, by)
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
        if nomination.state not in NominationState.editable_states:
            raise ValidationError(_("%(nomination)s đã gửi Hội đồng.") % {"nomination": nomination})
        nomination.batch = batch
        attach_user(nomination, by)
        nomination.save(update_fields=["batch", "updated_at"])
        added += 1
    return added


@transaction.atomic
def batch_remove(*, batch: Batch, nomination: Nomination, by=None) -> None:
    if batch.state != BatchState.DRAFT or nomination.batch_id != batch.pk:
        raise ValidationError(_("Tờ trình đã gửi: không bỏ đề nghị được nữa."))
    nomination.batch = None
    attach_user(nomination, by)
    nomination.save(update_fields=["batch", "updated_at"])


@transaction.atomic
def batch_submit(*, batch: Batch, by) -> list[Nomination]:
    """Send a batch: number and date are required, its council must still receive it on its date (a term may
    have ended since the draft), then every draft nomination in it is submitted (all or none: a nomination whose
    check fails without a justification stops the whole batch, named)."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.DRAFT:
        raise ValidationError(_("Tờ trình này đã gửi."))
    errors = {}
    if not batch.number.strip():
        errors["number"] = _("Hãy ghi số, ký hiệu tờ trình trước khi gửi.")
    if batch.date is None:
        errors["date"] = _("Hãy ghi ngày tờ trình trước khi gửi.")
    else:
        problem = receiving_problem(unit=batch.unit, council_unit=batch.council_unit, year=batch.year, on=batch.date)
        if problem is not None:
            errors["council_unit"] = problem
    nominations = list(batch.nominations.filter(state__in=NominationState.editable_states).order_by("id"))
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
    attach_user(batch, by)
    batch.save()
    return submitted


# -- dossier files -----------------------------------------------------------------------------------


@transaction.atomic
def nomination_document_add(*, nomination: Nomination, kind: str, upload, by=None) -> NominationDocument:
    """Attach a file (already validated by content and size) to a nomination still with its unit."""
    if nomination.state not in NominationState.editable_states:
        raise ValidationError(_("Đề nghị đã gửi Hội đồng: hồ sơ không thay đổi được nữa."))
    document = NominationDocument(
        nomination=nomination,
        kind=kind,
        file=upload,
        original_name=getattr(upload, "name", "")[:255],
        size=getattr(upload, "size", 0) or 0,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    attach_user(document, by)
    document.save()
    return document


@transaction.atomic
def nomination_document_delete(*, document: NominationDocument, by=None) -> None:
    if document.nomination.state not in NominationState.editable_states:
        raise ValidationError(_("Đề nghị đã gửi Hội đồng: hồ sơ không thay đổi được nữa."))
    attach_user(document, by)
    document.file.delete(save=False)
    document.delete()
