"""The council's composition: the council of a unit for a term, its seats with their periods, who left and who
replaced whom, and the history of these changes.

A seat's period is half-open: a member sits from `joined_on` (included) until `left_on` (excluded: "thôi tham gia
từ ngày"), an empty end meaning the term's own. A replacement on date D ends the old seat on D and opens the new
one on D, so that both never sit on the same day. The rules, each refused in Vietnamese before the database would
refuse it in words nobody understands:

- a seat's period lies inside the council's term, and it does not end before it starts;
- one secretary at a time (two secretary seats never overlap);
- one seat per user account, and one seat per person in a council (ended seats included: database constraints);
- a member is staff of the council's unit or of a unit under it.

Only the council's secretary and administrators change it (`awards.councils.rules.is_council_secretary`); a new
council of a unit, administrators and the council secretary role over the unit. Every write records who made it
in the history tables (`units.common.history.attach_user`), which `council_history` reads back.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from awards.councils import rules as council_rules
from awards.councils.enums import CouncilRole
from awards.councils.models import Council, CouncilMember
from awards.councils.selectors import councils_visible_to
from units.common.history import attach_user
from units.common.text import display_name
from units.enums import UnitLevel
from units.models import PATH_SEPARATOR, Person, Unit
from units.scope import scope_q

# -- reads -------------------------------------------------------------------------------------------------------


def member_get(*, user, pk: int) -> CouncilMember:
    """A seat of a council the user may see, with its council, person and account; `DoesNotExist` otherwise."""
    return CouncilMember.objects.select_related("council__unit", "person__unit", "user").get(
        council__in=councils_visible_to(user=user), pk=pk
    )


def council_units_for(*, user) -> QuerySet[Unit]:
    """The units the user may set up a council for: open units (not a phòng) under his council secretary role;
    every open unit for an administrator."""
    units = Unit.objects.filter(valid_to__isnull=True).exclude(level=UnitLevel.DEPARTMENT).order_by("sort_key")
    q = scope_q(user, "path", council_rules.SECRETARY_ROLES)
    return units if q is None else units.filter(q)


def member_person_choices(*, council: Council, exclude_seated: bool = True) -> QuerySet[Person]:
    """Staff of the council's unit and of the units under it, with their unit, managers first in each unit;
    without those who already hold a seat of this council (a person sits once per council)."""
    persons = Person.objects.filter(unit__path__startswith=council.unit.path).select_related("unit")
    if exclude_seated:
        persons = persons.exclude(pk__in=council.members.values("person"))
    return persons.order_by("unit__sort_key", "-is_manager", "full_name", "code")


def member_user_choices(*, council: Council, keep=None):
    """Accounts that may vote in a seat: those holding a role over the council's unit, a unit above it or a unit
    under it (the council member role is given over the council's unit), and `keep` (the seat's current one)."""
    path = council.unit.path
    q = Q(role_assignments__unit__path__startswith=path) | Q(role_assignments__unit__path__in=_prefixes(path))
    if keep is not None:
        q |= Q(pk=keep.pk)
    return get_user_model().objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "username")


def _prefixes(path: str) -> list[str]:
    """The paths of a unit and of the units above it: "/A/B/" gives ["/A/", "/A/B/"]."""
    parts = [part for part in path.split(PATH_SEPARATOR) if part]
    return [PATH_SEPARATOR + PATH_SEPARATOR.join(parts[: index + 1]) + PATH_SEPARATOR for index in range(len(parts))]


# -- checks ------------------------------------------------------------------------------------------------------


def term_text(council: Council) -> str:
    start = council.term_start.strftime("%d/%m/%Y")
    if council.term_end is None:
        return _("từ %(start)s") % {"start": start}
    return f"{start} – {council.term_end:%d/%m/%Y}"


def _period_text(member: CouncilMember) -> str:
    start = member.joined_on or member.council.term_start
    if member.left_on:
        return f"{start:%d/%m/%Y} – {member.left_on:%d/%m/%Y}"
    return _("từ %(start)s") % {"start": start.strftime("%d/%m/%Y")}


def _overlap(a: CouncilMember, b: CouncilMember) -> bool:
    """Whether two half-open seat periods share a day (an empty start is the term's start, an empty end open)."""
    low = datetime.date.min
    high = datetime.date.max
    a_start, a_end = a.joined_on or low, a.left_on or high
    b_start, b_end = b.joined_on or low, b.left_on or high
    return a_start < b_end and b_start < a_end


def _in_term(council: Council, day: datetime.date | None) -> bool:
    if day is None:
        return True
    return council.term_start <= day and (council.term_end is None or day <= council.term_end)


def seat_errors(member: CouncilMember) -> dict[str, list[str]]:
    """The rules of one seat against its council and the council's other seats ({field: [messages]})."""
    council = member.council
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    outside = _("Thời gian tham gia phải trong nhiệm kỳ của Hội đồng (%(term)s).") % {"term": term_text(council)}
    if not _in_term(council, member.joined_on):
        add("joined_on", outside)
    if not _in_term(council, member.left_on):
        add("left_on", outside)
    if member.left_on and member.left_on < (member.joined_on or council.term_start):
        add("left_on", _("Ngày thôi tham gia không được trước ngày tham gia."))
    others = [seat for seat in council.members.select_related("person") if seat.pk != member.pk]
    if member.person_id:
        same = next((seat for seat in others if seat.person_id == member.person_id), None)
        if same is not None:
            add(
                "person",
                _("%(name)s đã có ghế trong Hội đồng này (%(period)s); mỗi người chỉ có một ghế.")
                % {"name": same.person.full_name, "period": _period_text(same)},
            )
        elif member.pk is None and not member.person.unit.path.startswith(council.unit.path):
            add("person", _("Chỉ chọn cán bộ của %(unit)s và các đơn vị trực thuộc.") % {"unit": council.unit})
    if member.user_id:
        holder = next((seat for seat in others if seat.user_id == member.user_id), None)
        if holder is not None:
            add(
                "user",
                _("Tài khoản này đã gắn với ghế của %(name)s; mỗi tài khoản chỉ gắn với một ghế.")
                % {"name": holder.person.full_name},
            )
    if member.role == CouncilRole.SECRETARY:
        secretary = next(
            (seat for seat in others if seat.role == CouncilRole.SECRETARY and _overlap(seat, member)), None
        )
        if secretary is not None:
            add(
                "role",
                _("Hội đồng đã có thư ký %(name)s (%(period)s); mỗi lúc chỉ có một thư ký.")
                % {"name": secretary.person.full_name, "period": _period_text(secretary)},
            )
    return errors


def _require_secretary(by, council: Council) -> None:
    if not council_rules.is_council_secretary(by, council):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng hoặc quản trị hệ thống thay đổi thành viên Hội đồng."))


def _locked(council: Council) -> Council:
    """The council row locked: two secretaries editing seats at once cannot both pass the one-secretary check."""
    return Council.objects.select_for_update().select_related("unit").get(pk=council.pk)


def _save_seat(member: CouncilMember, by) -> CouncilMember:
    errors = seat_errors(member)
    if errors:
        raise ValidationError(errors)
    member.full_clean()
    attach_user(member, by)
    member.save()
    return member


# -- the council -------------------------------------------------------------------------------------------------


@transaction.atomic
def council_save(*, council: Council, by) -> Council:
    """Set up a council of a unit for a term, or change its name, term or founding decision.

    Its unit never changes (its sessions and votes belong to that unit's council); a changed term must still hold
    every seat's period."""
    if council.pk is None:
        if not council_rules.may_create_council_for(by, council.unit if council.unit_id else None):
            raise PermissionDenied(_("Bạn không có quyền thành lập Hội đồng của đơn vị này."))
    else:
        current = _locked(council)
        if not council_rules.is_council_secretary(by, current):
            raise PermissionDenied(_("Chỉ thư ký Hội đồng hoặc quản trị hệ thống sửa thông tin Hội đồng."))
        if council.unit_id != current.unit_id:
            raise ValidationError({"unit": _("Không đổi được đơn vị của Hội đồng đã thành lập.")})
    if council.term_start and council.term_end and council.term_end < council.term_start:
        raise ValidationError({"term_end": _("Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu.")})
    council.full_clean()
    if council.pk is not None:
        outside = [
            seat
            for seat in council.members.select_related("person")
            if not (_in_term(council, seat.joined_on) and _in_term(council, seat.left_on))
        ]
        if outside:
            names = ", ".join(f"{seat.person.full_name} ({_period_text(seat)})" for seat in outside)
            raise ValidationError(
                _("Nhiệm kỳ mới không bao gồm thời gian tham gia của: %(names)s. Hãy sửa các ghế này trước.")
                % {"names": names}
            )
    attach_user(council, by)
    council.save()
    return council


# -- seats -------------------------------------------------------------------------------------------------------


@transaction.atomic
def member_add(
    *,
    council: Council,
    person: Person,
    role: str,
    by,
    votes: bool = True,
    user=None,
    joined_on: datetime.date | None = None,
    order: int | None = None,
    note: str = "",
) -> CouncilMember:
    """Give a person a seat on the council from `joined_on` (empty: the whole term), last in order by default."""
    council = _locked(council)
    _require_secretary(by, council)
    if order is None:
        order = (council.members.aggregate(last=Max("order"))["last"] or 0) + 1
    member = CouncilMember(
        council=council,
        person=person,
        role=role,
        votes=votes,
        user=user,
        joined_on=joined_on,
        order=order,
        note=note,
    )
    return _save_seat(member, by)


# The fields of a seat that a change may set; the person never changes (another person is a replacement).
CHANGEABLE = ("role", "votes", "user", "order", "joined_on", "left_on", "note")


@transaction.atomic
def member_change(*, member: CouncilMember, by, **changes) -> CouncilMember:
    """Change a seat's role, voting right, account, order, period or note (`CHANGEABLE`)."""
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise TypeError(f"member_change() cannot change {unknown}")
    council = _locked(member.council)
    _require_secretary(by, council)
    member = CouncilMember.objects.select_related("person__unit").get(pk=member.pk, council=council)
    member.council = council
    if "left_on" in changes and changes["left_on"] != member.left_on and member.replaced_by.exists():
        # The replacement sits from the day this seat ended: the two dates move together or not at all.
        raise ValidationError({"left_on": _("Ghế này đã có người thay thế: không đổi được ngày thôi tham gia.")})
    for name, value in changes.items():
        setattr(member, name, value)
    return _save_seat(member, by)


@transaction.atomic
def member_leave(*, member: CouncilMember, left_on: datetime.date, by, note: str = "") -> CouncilMember:
    """End a seat: the member no longer sits from `left_on`; `note` names the decision."""
    council = _locked(member.council)
    _require_secretary(by, council)
    member = CouncilMember.objects.select_related("person__unit").get(pk=member.pk, council=council)
    member.council = council
    if member.left_on is not None:
        raise ValidationError(
            _("%(name)s đã thôi tham gia Hội đồng từ ngày %(day)s.")
            % {"name": member.person.full_name, "day": member.left_on.strftime("%d/%m/%Y")}
        )
    member.left_on = left_on
    if note:
        member.note = note
    return _save_seat(member, by)


@transaction.atomic
def member_replace(
    *,
    member: CouncilMember,
    on: datetime.date,
    person: Person,
    by,
    role: str | None = None,
    votes: bool | None = None,
    user=None,
    note: str = "",
) -> CouncilMember:
    """Replace a member during the term: his seat ends on `on`, the new member's seat (same role, voting right
    and order unless given) starts on `on` and names the seat it replaces. Both or neither are saved."""
    council = _locked(member.council)
    _require_secretary(by, council)
    old = CouncilMember.objects.select_related("person__unit").get(pk=member.pk, council=council)
    old.council = council
    if old.replaced_by.exists():
        raise ValidationError(_("%(name)s đã có người thay thế.") % {"name": old.person.full_name})
    if not council.seats_on(on).filter(pk=old.pk).exists():
        raise ValidationError(
            {
                "on": _("Ngày thay thế phải trong thời gian %(name)s tham gia Hội đồng (%(period)s).")
                % {"name": old.person.full_name, "period": _period_text(old)}
            }
        )
    old.left_on = on
    if note:
        old.note = note
    _save_seat(old, by)
    new = CouncilMember(
        council=council,
        person=person,
        role=old.role if role is None else role,
        votes=old.votes if votes is None else votes,
        user=user,
        order=old.order,
        joined_on=on,
        replaces=old,
        note=note,
    )
    return _save_seat(new, by)


# -- the history of the council ----------------------------------------------------------------------------------

ADDED, CHANGED, REMOVED = "+", "~", "-"
COUNCIL_FIELDS = ("unit", "name", "term_start", "term_end", "decision")
SEAT_FIELDS = ("person", "role", "votes", "user", "order", "joined_on", "left_on", "replaces", "note")


@dataclasses.dataclass
class HistoryEntry:
    """One change: when, by whom (None: a command or an import), what (a sentence) and the fields changed as
    (label, before, after)."""

    when: datetime.datetime
    who: object
    action: str
    subject: str
    changes: list[tuple[str, str, str]]
    kind: str  # "council" or "seat"

    @property
    def who_name(self) -> str:
        return display_name(self.who) if self.who is not None else ""


def _shown(field, record, name: str) -> str:
    """A historical value as the pages print it: names, choices in Vietnamese, dd/mm/yyyy, Có/Không, "—"."""
    if field.is_relation:
        target = getattr(record, name)
        if target is None:
            return "—"
        if isinstance(target, Person):
            return target.full_name
        if isinstance(target, CouncilMember):
            return target.person.full_name
        if isinstance(target, Unit):
            return str(target)
        return display_name(target)
    value = getattr(record, name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _changes(model, names: Iterable[str], record, previous) -> list[tuple[str, str, str]]:
    rows = []
    for name in names:
        field = model._meta.get_field(name)
        attname = field.attname
        if getattr(record, attname) != getattr(previous, attname):
            rows.append((str(field.verbose_name), _shown(field, previous, name), _shown(field, record, name)))
    return rows


def _seat_action(record, previous) -> str:
    if record.history_type == ADDED:
        return _("Thay thế thành viên") if record.replaces_id else _("Thêm thành viên")
    if record.history_type == REMOVED:
        return _("Xóa khỏi Hội đồng")
    if previous is not None and previous.left_on is None and record.left_on is not None:
        return _("Thôi tham gia Hội đồng")
    return _("Sửa thông tin thành viên")


def council_history(council: Council) -> list[HistoryEntry]:
    """The council's changes and its seats', newest first, in two queries (the history rows with their authors
    and the names they point to); each row is compared with the row before it of the same record."""
    council_rows = list(
        Council.history.filter(id=council.pk)
        .select_related("history_user", "unit")
        .order_by("history_date", "history_id")
    )
    seat_rows = list(
        CouncilMember.history.filter(council_id=council.pk)
        .select_related("history_user", "person", "user", "replaces__person")
        .order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in council_rows:
        if record.history_type == ADDED:
            action = _("Thành lập Hội đồng")
            changes = [
                (
                    str(Council._meta.get_field(name).verbose_name),
                    "",
                    _shown(Council._meta.get_field(name), record, name),
                )
                for name in COUNCIL_FIELDS
                if getattr(record, Council._meta.get_field(name).attname) not in (None, "")
            ]
        else:
            action = _("Sửa thông tin Hội đồng")
            changes = _changes(Council, COUNCIL_FIELDS, record, previous) if previous is not None else []
        entries.append(HistoryEntry(record.history_date, record.history_user, action, record.name, changes, "council"))
        previous = record
    last: dict[int, object] = {}
    for record in seat_rows:
        before = last.get(record.id)
        subject = f"{record.person.full_name} — {record.get_role_display()}"
        if record.history_type == ADDED:
            fields = [name for name in SEAT_FIELDS if name not in ("person", "role", "order")]
            changes = [
                (
                    str(CouncilMember._meta.get_field(name).verbose_name),
                    "",
                    _shown(CouncilMember._meta.get_field(name), record, name),
                )
                for name in fields
                if getattr(record, CouncilMember._meta.get_field(name).attname) not in (None, "")
            ]
        elif before is not None:
            changes = _changes(CouncilMember, SEAT_FIELDS, record, before)
        else:
            changes = []
        entries.append(
            HistoryEntry(
                record.history_date, record.history_user, _seat_action(record, before), subject, changes, "seat"
            )
        )
        last[record.id] = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


__all__ = [
    "CHANGEABLE",
    "HistoryEntry",
    "council_history",
    "council_save",
    "council_units_for",
    "member_add",
    "member_change",
    "member_get",
    "member_leave",
    "member_person_choices",
    "member_replace",
    "member_user_choices",
    "seat_errors",
    "term_text",
]
