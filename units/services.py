"""Every write to units and staff goes through these functions (forms, imports, commands and the demo)."""

import datetime
import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from units.common.history import attach_user
from units.common.text import display_name, natural_key
from units.enums import Role
from units.models import Assignment, Person, RoleAssignment, Unit


class StaleEdit(ValidationError):
    """Someone else saved the record after this edit started; the second save is refused."""


class Unchecked(enum.Enum):
    """The `expected_version` of a write that comes from no edit form: an import, a command, the demo, another
    service. Only such writes skip the optimistic lock."""

    UNCHECKED = "unchecked"


UNCHECKED = Unchecked.UNCHECKED


def check_version(instance, expected_version: int | Unchecked | None, *, subject: str = "") -> None:
    """Optimistic locking of every edit form: lock the row, refuse an edit made on an older version (naming who
    saved last and when, from the row's history), and bump the version. `subject` names the record in the
    message ("Quyết định này"; "Bản ghi này" by default). A row not saved yet is left alone.

    `expected_version` is the version the user's form started from. None, what a form gives when a request
    leaves the version out (a crafted client), is refused like an older version, never taken as "don't check":
    only UNCHECKED skips the check."""
    current = (
        type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
    )
    if current is None:
        return
    if expected_version is not UNCHECKED and current != expected_version:
        raise stale_edit(instance, subject=subject)
    instance.version = current + 1


def stale_edit(instance, *, subject: str = "") -> StaleEdit:
    """The refusal of an edit that did not start from the row's current version (or named none)."""
    last = instance.history.select_related("history_user").first()
    who = display_name(last.history_user) if last and last.history_user else "?"
    when = timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y") if last else "?"
    return StaleEdit(
        _(
            "%(subject)s vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở trang. Thay đổi của bạn chưa được "
            "lưu: hãy mở lại trang để xem bản mới nhất rồi nhập lại (nội dung bạn đã nhập vẫn còn bên dưới)."
        )
        % {"subject": subject or _("Bản ghi này"), "who": who, "when": when},
        code="stale",
    )


@transaction.atomic
def unit_save(*, unit: Unit, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> Unit:
    """Create or update a unit; a change of parent or code moves the whole subtree with it."""
    old_path = None
    if unit.pk:
        check_version(unit, expected_version)
        old_path = Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    unit.full_clean()
    attach_user(unit, by)
    unit.save()
    if old_path and old_path != unit.path:
        # The prefix ends with the separator, so the padded key of the rest is unchanged by the move.
        old_key = natural_key(old_path)
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            sort_key=Concat(Value(unit.sort_key), Substr("sort_key", len(old_key) + 1)),
        )
    return unit


@transaction.atomic
def unit_close(*, unit: Unit, on_date: datetime.date, by=None) -> Unit:
    """Close a unit (giải thể, sáp nhập): it keeps its history; it must hold no active subunit or staff."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_to is not None:
        raise ValidationError(
            _("Đơn vị đã ngừng hoạt động từ %(date)s.") % {"date": unit.valid_to.strftime("%d/%m/%Y")}
        )
    if unit.children.filter(valid_to__isnull=True).exists():
        raise ValidationError(_("Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy đóng hoặc chuyển chúng trước."))
    if unit.staff.exists():
        raise ValidationError(_("Đơn vị còn cán bộ; hãy điều chuyển cán bộ sang đơn vị khác trước."))
    if unit.valid_from and on_date < unit.valid_from:
        raise ValidationError(_("Ngày giải thể không được trước ngày thành lập."))
    unit.valid_to = on_date
    unit.version += 1
    attach_user(unit, by)
    unit.save(update_fields=["valid_to", "version"])
    return unit


@transaction.atomic
def person_save(
    *,
    person: Person,
    by=None,
    start_date: datetime.date | None = None,
    note: str = "",
    expected_version: int | Unchecked | None = UNCHECKED,
    manager_known: bool = True,
) -> Person:
    """Create or update a person and keep the open unit-history period in step with `person.unit`, its position
    and its manager flag (`Assignment.is_manager`, what the eligibility of an award's year reads).

    A changed unit here is a correction or an import without a date; dated moves use `person_transfer`. A changed
    position or manager flag in the same unit corrects the open period, as a form edit always did. Without
    `manager_known` (an import file without the `is_manager` column) a period opened here leaves the flag
    unknown and the open one keeps its own.
    """
    if person.pk is not None:
        check_version(person, expected_version)
    if person.unit_id and Unit.objects.filter(pk=person.unit_id, valid_to__isnull=False).exists():
        raise ValidationError({"unit": _("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": person.unit}})
    person.full_clean()
    attach_user(person, by)
    person.save()
    # A period opened here starts with the person's post; unknown when the source does not say.
    flag = person.is_manager if manager_known else None
    current = person.assignments.filter(end_date__isnull=True).first()
    if current is None:
        assignment = Assignment(
            person=person,
            unit=person.unit,
            position=person.position,
            is_manager=flag,
            start_date=start_date,
            note=note,
            created_by=by,
        )
        attach_user(assignment, by)
        assignment.save()
    elif current.unit_id != person.unit_id:
        today = timezone.localdate()
        _close_and_open(
            person=person, current=current, to_unit=person.unit, on_date=today, note=note, by=by, is_manager=flag
        )
    else:
        post = {"position": person.position, **({"is_manager": flag} if manager_known else {})}
        changed = [name for name, value in post.items() if getattr(current, name) != value]
        if changed:
            for name in changed:
                setattr(current, name, post[name])
            attach_user(current, by)
            current.save(update_fields=changed)
    return person


def _close_and_open(*, person, current, to_unit, on_date, note, by, is_manager: bool | None):
    current.end_date = on_date - datetime.timedelta(days=1)
    if current.start_date and current.end_date < current.start_date:
        raise ValidationError(
            {
                "on_date": _("Ngày điều chuyển phải sau ngày bắt đầu công tác tại đơn vị hiện tại (%(date)s).")
                % {"date": current.start_date.strftime("%d/%m/%Y")}
            }
        )
    attach_user(current, by)
    current.save(update_fields=["end_date"])
    new = Assignment(
        person=person,
        unit=to_unit,
        position=person.position,
        is_manager=is_manager,
        start_date=on_date,
        note=note,
        created_by=by,
    )
    attach_user(new, by)
    new.save()
    return new


@transaction.atomic
def person_transfer(
    *,
    person: Person,
    to_unit: Unit,
    on_date: datetime.date,
    by=None,
    position: str | None = None,
    is_manager: bool | None = None,
    note: str = "",
) -> Person:
    """Move a person to another unit from `on_date` (the previous period ends the day before). The new period
    holds the new post: `position` and `is_manager` when given, else the person's current ones."""
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    to_unit = Unit.objects.get(pk=to_unit.pk)
    if to_unit.pk == person.unit_id:
        raise ValidationError({"to_unit": _("Cán bộ đang công tác tại đơn vị này.")})
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": to_unit}})
    current = person.assignments.select_for_update().filter(end_date__isnull=True).first()
    person.unit = to_unit
    if position is not None and position != "":
        person.position = position
    if is_manager is not None:
        person.is_manager = is_manager
    # The statistics rank stated for the post he leaves is not the new post's: blank, it follows the manager flag
    # until a clerk states it again (units.ranks; a past post's rank is read from the unit history).
    person.management_rank = ""
    if current is None:
        new = Assignment(
            person=person,
            unit=to_unit,
            position=person.position,
            is_manager=person.is_manager,
            start_date=on_date,
            note=note,
        )
        new.created_by = by
        new.save()
    else:
        _close_and_open(
            person=person,
            current=current,
            to_unit=to_unit,
            on_date=on_date,
            note=note,
            by=by,
            is_manager=person.is_manager,
        )
    person.version += 1
    attach_user(person, by)
    person.full_clean()
    person.save(update_fields=["unit", "position", "is_manager", "management_rank", "version"])
    return person


@transaction.atomic
def role_assign(*, user, role: str, unit: Unit | None, by=None) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    if role == Role.ADMIN:
        assignment.unit = None
    assignment.full_clean(validate_constraints=False)
    existing = RoleAssignment.objects.filter(user=user, role=role, unit=assignment.unit).first()
    if existing:
        return existing
    attach_user(assignment, by)
    assignment.save()
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        # Administrators manage users, roles and the catalogue in the Django admin.
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment
