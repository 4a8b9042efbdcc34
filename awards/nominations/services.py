"""Writes to nominations (entry, bulk entry), their dossiers and tờ trình."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import AwardType
from awards.nominations import eligibility, notices
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination, NominationDocument
from awards.nominations.receiving import check_receiving, receiving_problem
from awards.nominations.workflow import nomination_move
from units import lineage
from units.common.history import attach_user
from units.models import Unit
from units.selectors import person_posts, post_on
from units.services import UNCHECKED, Unchecked, check_version

# -- nominations -------------------------------------------------------------------------------------


def _label(unit: Unit) -> str:
    return unit.label_with_parent


def _person_units(nomination: Nomination) -> list[Unit]:
    """The units a person belonged to in the nomination's year, as the register reads the unit of an award's year
    (`awards.register.services.unit_of_person_for_year`, what the quotas count): the period of the unit history
    covering the last day of the work year, or today while the year runs (and for an ad hoc award the day of the
    act); failing one, the last period within the year; failing that, his unit today. The first one names him in
    the message."""
    posts = person_posts(person_ids=[nomination.person_id]).get(nomination.person_id, [])
    days = [min(cal.work_year_end(nomination.year), cal.today())]  # as `register.services.unit_of_person_for_year`
    if nomination.kind == AwardKind.AD_HOC and nomination.act_date is not None:
        days.append(nomination.act_date)
    units = [post.unit for day in days if (post := post_on(posts, day)) is not None]
    if not units:
        start, end = cal.work_year_start(nomination.year), cal.work_year_end(nomination.year)
        within = [
            post
            for post in posts
            if (post.start_date is None or post.start_date <= end) and (post.end_date is None or post.end_date >= start)
        ]
        if within:
            units = [max(within, key=lambda post: (post.end_date is None, post.end_date or end, post.pk)).unit]
    return units or [nomination.person.unit]


def nominating_unit_error(nomination: Nomination) -> str | None:
    """The one rule of who nominates whom, for the form, the bulk form and the import (all through
    `nomination_save`): a person is nominated by the unit he belonged to in the nomination's year or a unit above
    it, a collective by itself or a unit above it, so that the nomination counts in the right unit's quota. "Above"
    is the nominating unit's subtree with its predecessors (`units.lineage`): a unit formed in 2025 nominates for
    the years before the people and units of the units it took over. Two queries."""
    nominating = nomination.nominating_unit
    reach = lineage.reach(nominating)
    if nomination.person_id:
        units = _person_units(nomination)
        if any(reach.covers(unit.path) for unit in units):
            return None
        return _(
            "%(who)s thuộc %(unit)s trong năm %(year)s, không thuộc %(nominating)s: đơn vị đề nghị phải là đơn vị "
            "của cán bộ hoặc đơn vị cấp trên."
        ) % {
            "who": nomination.person.full_name,
            "unit": _label(units[0]),
            "year": nomination.year,
            "nominating": _label(nominating),
        }
    if nomination.unit_id is None or reach.covers(nomination.unit.path):
        return None
    return _(
        "%(unit)s không thuộc %(nominating)s: đơn vị đề nghị phải là chính tập thể được đề nghị hoặc đơn vị cấp trên."
    ) % {"unit": _label(nomination.unit), "nominating": _label(nominating)}


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
    recipient = nomination.person_id or nomination.unit_id
    if nomination.nominating_unit_id and recipient and (message := nominating_unit_error(nomination)):
        errors["nominating_unit"] = message
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
    notices.batch_received(batch, by=by, count=len(submitted))
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
