"""Writes of the emulation app and their rules: movements, clusters/blocs with the head rotation, pledges,
registrations, scores and the flag vote, initiatives, exemplars."""

import dataclasses
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from awards.catalogue.enums import RecipientKind
from awards.catalogue.models import AwardType
from awards.catalogue.services import ruleset_for_year
from awards.catalogue.thresholds import flag_vote_rule
from emulation import selectors
from emulation.enums import InitiativeStatus, MemberRole
from emulation.models import (
    EmulationGroup,
    Exemplar,
    FlagVote,
    GroupMembership,
    Initiative,
    InitiativeUse,
    Movement,
    MovementReview,
    Pledge,
    Registration,
    ScoreCriterion,
    ScoreEntry,
    ScoreSheet,
    ScoreTemplate,
)
from units.common import versions
from units.common.history import attach_user
from units.models import Unit
from units.services import UNCHECKED, Unchecked, check_version


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _save(model, instance, *, by, expected_version: int | Unchecked | None = UNCHECKED):
    if instance.pk:
        check_version(instance, expected_version)
    elif hasattr(instance, "created_by_id") and not instance.created_by_id:
        instance.created_by = _user(by)
    instance.full_clean()
    attach_user(instance, by)
    instance.save()
    return instance


# -- movements -------------------------------------------------------------------------------------


@transaction.atomic
def movement_save(
    *,
    movement: Movement,
    by=None,
    expected_version: int | Unchecked | None = UNCHECKED,
    participating_units=None,
) -> Movement:
    if movement.end_date and movement.start_date and movement.end_date < movement.start_date:
        raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    _save(Movement, movement, by=by, expected_version=expected_version)
    if participating_units is not None:
        movement.participating_units.set(participating_units)
    return movement


@transaction.atomic
def movement_review_add(*, review: MovementReview, by=None) -> MovementReview:
    """Record a dated review of a movement's results (sơ kết, tổng kết)."""
    return _save(MovementReview, review, by=by)


# -- clusters and blocs ------------------------------------------------------------------------------


def _heads_before(group: EmulationGroup) -> list[tuple[int, int]]:
    """[(year, unit_id)] of the heads of the group's earlier years, newest first (following `previous`)."""
    heads = []
    seen = set()
    current = group.previous
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        head = current.memberships.filter(role=MemberRole.HEAD).values_list("unit_id", flat=True).first()
        if head is not None:
            heads.append((current.year, head))
        current = current.previous
    return heads


def _not_rated_last_year(unit_ids: Iterable[int], group: EmulationGroup) -> dict[int, str]:
    """{unit_id: reason} of units that were not considered for emulation in the year before the group's."""
    rows = GroupMembership.objects.filter(
        unit_id__in=list(unit_ids), year=group.year - 1, level=group.level, is_rated=False
    ).values_list("unit_id", "not_rated_reason")
    return dict(rows)


def validate_roles(*, group: EmulationGroup, roles: dict[int, str], unit_names: dict[int, str]) -> None:
    """The rules on head and deputy (spec §5): one head, at most one deputy, rotation, rated last year.

    `roles` maps every member unit id to its role. Raises ValidationError({"head"/"deputy"/"units": ...}).
    """
    errors: dict[str, list[str]] = {}
    heads = [unit_id for unit_id, role in roles.items() if role == MemberRole.HEAD]
    deputies = [unit_id for unit_id, role in roles.items() if role == MemberRole.DEPUTY]
    if len(heads) != 1:
        errors.setdefault("head", []).append(_("Mỗi Cụm, Khối có đúng một đơn vị Trưởng."))
    if len(deputies) > 1:
        errors.setdefault("deputy", []).append(_("Mỗi Cụm, Khối có nhiều nhất một đơn vị Phó."))
    not_rated = _not_rated_last_year(roles, group)
    for unit_id in heads:
        if unit_id in not_rated:
            errors.setdefault("head", []).append(
                _("%(unit)s không được xét thi đua năm %(year)s (%(reason)s) nên không thể làm Trưởng.")
                % {"unit": unit_names[unit_id], "year": group.year - 1, "reason": not_rated[unit_id]}
            )
    for unit_id in deputies:
        if unit_id in not_rated:
            errors.setdefault("deputy", []).append(
                _("%(unit)s không được xét thi đua năm %(year)s (%(reason)s) nên không thể làm Phó.")
                % {"unit": unit_names[unit_id], "year": group.year - 1, "reason": not_rated[unit_id]}
            )
    if len(heads) == 1 and group.previous_id:
        head = heads[0]
        earlier = _heads_before(group)
        if earlier and earlier[0][1] == head:
            been_head = {unit_id for _, unit_id in earlier}
            # A unit not rated last year may not be head, so it cannot be "waiting" for its turn either.
            waiting = [unit_names[unit_id] for unit_id in roles if unit_id not in been_head | set(not_rated)]
            if waiting:
                errors.setdefault("head", []).append(
                    _(
                        "%(unit)s đã làm Trưởng năm %(year)s; Trưởng luân phiên mỗi năm. Các đơn vị chưa làm "
                        "Trưởng: %(waiting)s."
                    )
                    % {"unit": unit_names[head], "year": earlier[0][0], "waiting": ", ".join(waiting)}
                )
    if errors:
        raise ValidationError(errors)


def _validate_membership_unique(group: EmulationGroup, unit_ids: Iterable[int], unit_names: dict[int, str]) -> None:
    clashes = GroupMembership.objects.filter(
        unit_id__in=list(unit_ids), year=group.year, level=group.level
    ).select_related("group")
    if group.pk:
        clashes = clashes.exclude(group_id=group.pk)
    messages = [
        _("%(unit)s đã thuộc %(group)s năm %(year)s.")
        % {"unit": unit_names[clash.unit_id], "group": clash.group.name, "year": group.year}
        for clash in clashes
    ]
    if messages:
        raise ValidationError({"units": messages})


@transaction.atomic
def group_save(
    *, group: EmulationGroup, roles: dict, by=None, expected_version: int | Unchecked | None = UNCHECKED
) -> EmulationGroup:
    """Create or update a group with its members: `roles` maps member Units to their role (head, deputy,
    member). Every rule is checked before anything is written; violations are field errors."""
    if group.year and not group.previous_id:
        group.previous = (
            EmulationGroup.objects.filter(
                organiser=group.organiser_id, year=group.year - 1, name=group.name, level=group.level
            )
            .exclude(pk=group.pk)
            .first()
        )
    if not roles:
        raise ValidationError({"units": _("Hãy chọn các đơn vị thành viên.")})
    role_by_id = {(unit.pk if isinstance(unit, Unit) else int(unit)): role for unit, role in roles.items()}
    unit_names = {unit.pk: str(unit) for unit in Unit.objects.filter(pk__in=role_by_id)}
    errors = {}
    try:
        group.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for step in (
        lambda: _validate_membership_unique(group, role_by_id, unit_names),
        lambda: validate_roles(group=group, roles=role_by_id, unit_names=unit_names),
    ):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    _save(EmulationGroup, group, by=by, expected_version=expected_version)
    existing = {membership.unit_id: membership for membership in group.memberships.all()}
    for unit_id in set(existing) - set(role_by_id):
        existing[unit_id].delete()
    # Demote first so that the one-head / one-deputy constraints hold at every statement.
    for unit_id, membership in existing.items():
        if unit_id in role_by_id and membership.role != role_by_id[unit_id]:
            membership.role = MemberRole.MEMBER
            membership.save(update_fields=["role"])
    for unit_id, role in sorted(role_by_id.items(), key=lambda item: item[1] != MemberRole.MEMBER):
        membership = existing.get(unit_id) or GroupMembership(group=group, unit_id=unit_id)
        membership.role = role
        membership.year = group.year
        membership.level = group.level
        attach_user(membership, by)
        membership.save()
    return group


@transaction.atomic
def membership_mark_not_rated(*, membership: GroupMembership, reason: str, by=None) -> GroupMembership:
    """Record that a member unit was not considered for emulation in the year (e.g. a negative incident)."""
    if not reason.strip():
        raise ValidationError({"not_rated_reason": _("Hãy ghi lý do không xét thi đua.")})
    membership.is_rated = False
    membership.not_rated_reason = reason.strip()
    attach_user(membership, by)
    membership.save(update_fields=["is_rated", "not_rated_reason"])
    return membership


@transaction.atomic
def groups_copy_to_next_year(*, organiser, year: int, by=None) -> list[EmulationGroup]:
    """Copy the groups an organiser had in `year` to `year + 1`, with the same members.

    The head rotates: the next head is the member that has waited longest (never head first, then the
    one whose last turn is oldest), excluding units not rated in `year`; the deputy is not copied.
    Groups that already exist for the next year are left alone, and so are units closed before it begins.
    """
    created = []
    groups = EmulationGroup.objects.filter(organiser=organiser, year=year).prefetch_related("memberships__unit")
    for old in groups:
        if EmulationGroup.objects.filter(organiser=organiser, year=year + 1, name=old.name).exists():
            continue
        new = EmulationGroup(year=year + 1, kind=old.kind, level=old.level, name=old.name, organiser=old.organiser)
        new.previous = old
        # A unit dissolved or merged before the next year begins does not emulate in it.
        members = [
            membership.unit
            for membership in old.memberships.all()
            if membership.unit.valid_to is None or membership.unit.valid_to.year > year
        ]
        if not members:
            continue
        last_turn: dict[int, int] = {}
        for head_year, unit_id in _heads_before(new):  # newest first: keep each unit's latest turn
            last_turn.setdefault(unit_id, head_year)
        not_rated = {m.unit_id for m in old.memberships.all() if not m.is_rated}
        candidates = [unit for unit in members if unit.pk not in not_rated] or members
        next_head = min(candidates, key=lambda unit: (last_turn.get(unit.pk, 0), unit.sort_key))
        roles = {unit: (MemberRole.HEAD if unit == next_head else MemberRole.MEMBER) for unit in members}
        created.append(group_save(group=new, roles=roles, by=by))
    return created


# -- pledges -----------------------------------------------------------------------------------------


@transaction.atomic
def pledge_save(
    *,
    pledge: Pledge,
    targets: list[tuple[str, str] | tuple[str, str, str]],
    signing_units,
    by=None,
    expected_version: int | Unchecked | None = UNCHECKED,
) -> Pledge:
    """Save a pledge with its targets [(indicator, target value[, result])] and signing units (members of the
    group). The result is what the group achieved against the target, written at the review."""
    errors = {}
    signing_units = list(signing_units)
    member_ids = set(pledge.group.memberships.values_list("unit_id", flat=True))
    outsiders = [str(unit) for unit in signing_units if unit.pk not in member_ids]
    if outsiders:
        errors["signing_units"] = _("Không phải đơn vị thành viên: %(units)s.") % {"units": ", ".join(outsiders)}
    if not signing_units:
        errors["signing_units"] = _("Hãy chọn các đơn vị ký kết.")
    targets = [
        (indicator.strip(), value.strip(), (rest[0] if rest else "").strip())
        for indicator, value, *rest in targets
        if indicator.strip()
    ]
    if not targets:
        errors["targets"] = _("Giao ước cần ít nhất một chỉ tiêu.")
    elif any(not value for _, value, _result in targets):
        errors["targets"] = _("Mỗi chỉ tiêu cần có mức phấn đấu.")
    if pledge.signed_on and pledge.signed_on.year != pledge.group.year:
        errors["signed_on"] = _("Giao ước của năm %(year)s phải ký trong năm đó.") % {"year": pledge.group.year}
    if errors:
        raise ValidationError(errors)
    _save(Pledge, pledge, by=by, expected_version=expected_version)
    pledge.signing_units.set(signing_units)
    pledge.targets.all().delete()
    pledge.targets.bulk_create(
        [
            pledge.targets.model(pledge=pledge, order=index, indicator=indicator, target_value=value, result=result)
            for index, (indicator, value, result) in enumerate(targets, start=1)
        ]
    )
    return pledge


# -- registrations -----------------------------------------------------------------------------------


def _check_registration_type(award_type: AwardType, kind: str) -> None:
    if not award_type.allows(kind):
        raise ValidationError(
            {
                "award_type": _("“%(type)s” chỉ dành cho %(who)s.")
                % {"type": award_type.name, "who": award_type.get_recipients_display().lower()}
            }
        )


@transaction.atomic
def registrations_bulk(*, year: int, award_type: AwardType, persons=(), units=(), by=None) -> list[Registration]:
    """Register persons (each with their current unit) and/or units for a title in a year.

    Existing registrations are kept (registering twice changes nothing). Returns the new registrations; each
    gets its history row (who and when), as a single save would.
    """
    persons, units = list(persons), list(units)
    if persons:
        _check_registration_type(award_type, RecipientKind.INDIVIDUAL)
    if units:
        _check_registration_type(award_type, RecipientKind.COLLECTIVE)
    done_persons = set(
        Registration.objects.filter(year=year, award_type=award_type, person__in=persons).values_list(
            "person_id", flat=True
        )
    )
    done_units = set(
        Registration.objects.filter(year=year, award_type=award_type, unit__in=units).values_list("unit_id", flat=True)
    )
    rows = [
        Registration(
            year=year, award_type=award_type, person=person, registering_unit_id=person.unit_id, created_by=_user(by)
        )
        for person in persons
        if person.pk not in done_persons
    ] + [
        Registration(year=year, award_type=award_type, unit=unit, registering_unit=unit, created_by=_user(by))
        for unit in units
        if unit.pk not in done_units
    ]
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            created = bulk_create_with_history(rows, Registration, default_user=_user(by))
            versions.bump()  # bulk_create sends no post_save: the criteria checks must hear of them (on commit)
    except IntegrityError:
        raise ValidationError(_("Vừa có người khác đăng ký cùng lúc; hãy tải lại trang và thử lại.")) from None
    return created


@dataclasses.dataclass(frozen=True)
class RegistrationChange:
    added: int
    withdrawn: int


@transaction.atomic
def registrations_set(
    *, year: int, award_type: AwardType, selected=(), withdrawn=(), kind: str = RecipientKind.INDIVIDUAL, by=None
) -> RegistrationChange:
    """The bulk registration form of a unit: register the `selected` persons (or units) for a title in a year,
    and withdraw the registrations of `withdrawn` ones (those the form showed as registered and the clerk
    unticked). A registration made meanwhile by somebody else is neither duplicated nor withdrawn."""
    field = "person" if kind == RecipientKind.INDIVIDUAL else "unit"
    withdrawn_ids = {item.pk for item in withdrawn}
    selected = [item for item in selected if item.pk not in withdrawn_ids]
    added = registrations_bulk(
        year=year, award_type=award_type, by=by, **{"persons" if field == "person" else "units": selected}
    )
    gone = 0
    for registration in Registration.objects.filter(
        year=year, award_type=award_type, **{f"{field}__in": withdrawn_ids}
    ):
        registration_withdraw(registration=registration, by=by)
        gone += 1
    return RegistrationChange(added=len(added), withdrawn=gone)


@transaction.atomic
def registration_withdraw(*, registration: Registration, by=None) -> None:
    attach_user(registration, by)
    registration.delete()


# -- scoring and the flag vote -------------------------------------------------------------------------


def _points(value: Decimal) -> str:
    """Points as Vietnamese write them: 60.00 → "60", 60.50 → "60,5"."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@transaction.atomic
def score_template_copy(*, template: ScoreTemplate, year: int, by=None) -> ScoreTemplate:
    """A new version of a score table for `year`, with the same criteria: a table already used by sheets is
    never edited (their totals would change), a copy is edited instead."""
    last = (
        ScoreTemplate.objects.filter(name=template.name, year=year)
        .order_by("-version")
        .values_list("version", flat=True)
    ).first()
    copy = ScoreTemplate(
        name=template.name, year=year, version=(last or 0) + 1, basis=template.basis, created_by=_user(by)
    )
    copy.full_clean()
    attach_user(copy, by)
    copy.save()
    ScoreCriterion.objects.bulk_create(
        ScoreCriterion(
            template=copy,
            section=criterion.section,
            order=criterion.order,
            text=criterion.text,
            kind=criterion.kind,
            max_points=criterion.max_points,
        )
        for criterion in template.criteria.order_by("order", "id")
    )
    return copy


@transaction.atomic
def score_template_save(*, template: ScoreTemplate, by=None) -> ScoreTemplate:
    """Save a score table's heading; a table already used by sheets is not changed (copy it instead)."""
    if template.pk and score_template_in_use(template):
        raise ValidationError(_("Bảng điểm đã được dùng để chấm; hãy tạo phiên bản mới để sửa."))
    if not template.pk:
        last = (
            ScoreTemplate.objects.filter(name=template.name, year=template.year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        template.version = (last or 0) + 1
        template.created_by = _user(by)
    # Not `_save`: `version` here numbers the table's versions, it is not an edit counter.
    template.full_clean()
    attach_user(template, by)
    template.save()
    return template


def score_template_in_use(template: ScoreTemplate) -> bool:
    return ScoreSheet.objects.filter(template=template).exists()


@transaction.atomic
def score_sheet_save(
    *, sheet: ScoreSheet, scores: dict, by=None, expected_version: int | Unchecked | None = UNCHECKED
) -> ScoreSheet:
    """Save a sheet's scores: `scores` maps criterion ids to (self_score, agreed_score), None for blank.

    A score must lie between 0 and the criterion's maximum; the member must belong to the group.
    """
    if not sheet.group.memberships.filter(unit_id=sheet.unit_id).exists():
        raise ValidationError({"unit": _("Đơn vị không thuộc Cụm, Khối này.")})
    criteria = {criterion.pk: criterion for criterion in ScoreCriterion.objects.filter(template=sheet.template_id)}
    errors = []
    for criterion_id, pair in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append(_("Tiêu chí không thuộc bảng điểm này."))
            continue
        for column, value in zip((_("tự chấm"), _("thống nhất")), pair, strict=True):
            if value is not None and not (Decimal(0) <= Decimal(value) <= criterion.max_points):
                errors.append(
                    _("“%(criterion)s”: điểm %(column)s %(value)s phải từ 0 đến %(max)s.")
                    % {
                        "criterion": criterion.text,
                        "column": column,
                        "value": _points(Decimal(value)),
                        "max": _points(criterion.max_points),
                    }
                )
    if errors:
        raise ValidationError({"scores": errors})
    _save(ScoreSheet, sheet, by=by, expected_version=expected_version)
    existing = {entry.criterion_id: entry for entry in sheet.entries.all()}
    for criterion_id, (self_score, agreed_score) in scores.items():
        entry = existing.get(int(criterion_id)) or ScoreEntry(sheet=sheet, criterion_id=int(criterion_id))
        entry.self_score, entry.agreed_score = self_score, agreed_score
        attach_user(entry, by)
        entry.save()
    return sheet


@transaction.atomic
def flag_vote_record(
    *,
    group: EmulationGroup,
    candidate,
    agree: int,
    voted_on: datetime.date,
    award_type: AwardType | None = None,
    total: int | None = None,
    by=None,
) -> FlagVote:
    """Record the member units' vote for proposing `candidate` for a flag: `award_type`, one of those the rule set
    of the group's year puts to the vote of a cluster or bloc (`flag_vote_codes`; by default the only one). The
    rule set gives the threshold, taken of the member units. The result is a proposal to the council, not a
    decision."""
    ruleset = ruleset_for_year(group.year)
    members = set(group.memberships.values_list("unit_id", flat=True))
    total = len(members) if total is None else total
    errors = {}
    if award_type is None:
        flags = list(selectors.flag_types(year=group.year)[:2])
        if len(flags) == 1:
            award_type = flags[0]
        elif flags:
            errors["award_type"] = _("Chọn cờ thi đua được đề nghị.")
        else:
            errors["award_type"] = _(
                "Bộ quy tắc năm %(year)s không có cờ thi đua nào được suy tôn trong Cụm, Khối."
            ) % {"year": group.year}
    elif award_type.code not in ruleset.flag_vote_code_set:
        errors["award_type"] = _("%(flag)s không được suy tôn trong Cụm, Khối theo bộ quy tắc năm %(year)s.") % {
            "flag": award_type,
            "year": group.year,
        }
    if candidate.pk not in members:
        errors["candidate"] = _("Đơn vị được suy tôn phải là thành viên của Cụm, Khối.")
    elif group.memberships.filter(unit_id=candidate.pk, is_rated=False).exists():
        # A unit not considered for emulation this year (spec §5, "Disqualification") cannot lead the group.
        errors["candidate"] = _("%(unit)s không được xét thi đua năm %(year)s nên không thể được suy tôn.") % {
            "unit": candidate,
            "year": group.year,
        }
    if total != len(members):
        errors["total"] = _("Tổng số đơn vị phải bằng số thành viên (%(n)s).") % {"n": len(members)}
    if agree < 0 or agree > total:
        errors["agree"] = _("Số đơn vị đồng ý phải từ 0 đến %(n)s.") % {"n": total}
    if errors:
        raise ValidationError(errors)
    rule = flag_vote_rule(ruleset, award_type.code)
    vote, _created = FlagVote.objects.select_for_update().get_or_create(
        group=group,
        candidate=candidate,
        defaults={
            "award_type": award_type,
            "agree": agree,
            "total": total,
            "voted_on": voted_on,
            "threshold_percent": rule.percent,
        },
    )
    vote.award_type, vote.agree, vote.total, vote.voted_on = award_type, agree, total, voted_on
    vote.threshold_percent = rule.percent
    # The rule's denominator is the member units (RuleSet.Denominator.GROUP_UNITS): `total`, checked above.
    vote.proposed = rule.passes(agree, total)
    vote.created_by = vote.created_by or _user(by)
    attach_user(vote, by)
    vote.save()
    return vote


# -- initiatives -------------------------------------------------------------------------------------


@transaction.atomic
def initiative_save(
    *,
    initiative: Initiative,
    authors,
    main_author=None,
    by=None,
    expected_version: int | Unchecked | None = UNCHECKED,
) -> Initiative:
    """Save an initiative with its authors (persons); `main_author` defaults to the first."""
    authors = list(authors)
    if not authors:
        raise ValidationError({"authors": _("Sáng kiến cần ít nhất một tác giả.")})
    if initiative.status == InitiativeStatus.RECOGNISED and not (
        initiative.decision_number and initiative.decision_date
    ):
        raise ValidationError(
            {"decision_number": _("Sáng kiến được công nhận phải có số và ngày của quyết định công nhận.")}
        )
    used = (
        InitiativeUse.objects.filter(initiative=initiative).select_related("person", "award_type").first()
        if initiative.pk
        else None
    )
    if used is not None:
        if initiative.status != InitiativeStatus.RECOGNISED:
            raise ValidationError(
                {
                    "status": _(
                        "Sáng kiến đã được dùng làm căn cứ cho %(type)s năm %(year)s; không đổi trạng thái được."
                    )
                    % {"type": used.award_type.abbreviation, "year": used.year}
                }
            )
        if used.person not in authors:
            raise ValidationError(
                _("%(person)s đã dùng sáng kiến này làm căn cứ khen thưởng; không bỏ khỏi tác giả được.")
                % {"person": used.person.full_name}
            )
    _save(Initiative, initiative, by=by, expected_version=expected_version)
    main = main_author or authors[0]
    initiative.authorships.exclude(person__in=authors).delete()
    for person in authors:
        initiative.authorships.update_or_create(person=person, defaults={"is_main": person == main})
    return initiative


@transaction.atomic
def initiative_use(*, initiative: Initiative, person, award_type: AwardType, year: int, award=None, by=None):
    """Record that a title of `person` in `year` used the initiative as evidence. One initiative backs one
    title: a second use is refused, naming the first."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    used = InitiativeUse.objects.filter(initiative=initiative).select_related("person", "award_type").first()
    if used is not None:
        raise ValidationError(
            _("Sáng kiến “%(title)s” đã được dùng cho %(type)s năm %(year)s của %(person)s.")
            % {
                "title": initiative.title,
                "type": used.award_type.abbreviation,
                "year": used.year,
                "person": used.person.full_name,
            }
        )
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise ValidationError(_("Sáng kiến chưa được công nhận nên chưa dùng làm căn cứ được."))
    if not initiative.authorships.filter(person=person).exists():
        raise ValidationError(_("%(person)s không phải tác giả của sáng kiến này.") % {"person": person.full_name})
    return InitiativeUse.objects.create(
        initiative=initiative, person=person, award_type=award_type, year=year, award=award, created_by=_user(by)
    )


# -- exemplars ---------------------------------------------------------------------------------------


def _exemplar_errors(exemplar: Exemplar) -> dict[str, str]:
    """What the form cannot tell alone: one recipient, inside the finder's subtree, and the award his own."""
    if (exemplar.person_id is None) == (exemplar.unit_id is None):
        return {NON_FIELD_ERRORS: _("Điển hình tiên tiến là một cá nhân hoặc một tập thể: chọn đúng một trong hai.")}
    errors = {}
    stored = (
        Exemplar.objects.filter(pk=exemplar.pk).values_list("person_id", "unit_id", "found_by_id").first()
        if exemplar.pk
        else None
    )
    # A unit records the exemplars of its own subtree; one recorded before the recipient moved away stays valid.
    if stored != (exemplar.person_id, exemplar.unit_id, exemplar.found_by_id):
        recipient = exemplar.person.full_name if exemplar.person_id else exemplar.unit.label_with_parent
        path = exemplar.person.unit.path if exemplar.person_id else exemplar.unit.path
        if not path.startswith(exemplar.found_by.path):
            errors["person" if exemplar.person_id else "unit"] = _(
                "%(recipient)s không thuộc %(unit)s: đơn vị chỉ ghi nhận điển hình tiên tiến trong phạm vi của mình."
            ) % {"recipient": recipient, "unit": exemplar.found_by.label_with_parent}
    award = exemplar.award
    if award is not None:
        if (award.person_id, award.unit_id) != (exemplar.person_id, exemplar.unit_id):
            errors["award"] = _("Khen thưởng đã chọn không phải của cá nhân, tập thể điển hình này.")
        elif award.revoked_on is not None:
            errors["award"] = _("Khen thưởng đã chọn đã bị hủy.")
    return errors


@transaction.atomic
def exemplar_save(*, exemplar: Exemplar, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> Exemplar:
    """Record or correct an exemplar (điển hình tiên tiến) found by a unit: exactly one recipient, of the unit's
    subtree, and the award it led to among the recipient's own."""
    errors = _exemplar_errors(exemplar)
    if errors:
        raise ValidationError(errors)
    return _save(Exemplar, exemplar, by=by, expected_version=expected_version)


@transaction.atomic
def exemplar_delete(*, exemplar: Exemplar, by=None) -> None:
    """Delete an exemplar recorded by mistake; its history keeps the deletion with who made it."""
    attach_user(exemplar, by)
    exemplar.delete()
