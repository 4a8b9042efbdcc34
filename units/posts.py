"""Who heads a unit: the one reading of a post's title, used by the councils' conflicts of interest, the documents'
signature blocks and certifications, and the eligibility of a unit's head."""

import unicodedata

from django.db.models import Q

from units.models import Person, Unit

# A deputy's position starts with "Phó" (Phó Viện trưởng, Phó Trưởng phòng, Phó Chánh Văn phòng, …).
DEPUTY_PREFIX = "phó"
# Positions of the head of a unit who signs for it (a letter's or a pledge's signature block).
HEAD_POSITIONS = ("Viện trưởng", "Trưởng phòng", "Chánh Văn phòng")


def is_head_position(position: str) -> bool:
    """A head's position: not empty and not a deputy's. The staff lists name heads many ways (Viện trưởng,
    Trưởng phòng, Chánh Văn phòng, Trưởng khoa, Tổng Biên tập, Quyền Viện trưởng…), deputies always "Phó …"."""
    words = unicodedata.normalize("NFC", position or "").strip().casefold()
    return bool(words) and not words.startswith(DEPUTY_PREFIX)


def post_heads(is_manager: bool | None, position: str) -> bool | None:
    """Whether a post (a person's record now, or a period of his unit history) heads its unit: a manager's post in
    a head's position. None when the manager flag is unknown and the position does not settle it (a deputy's
    "Phó …" or a post without a title never heads; "Viện trưởng" with no flag, like "Kiểm sát viên", might be
    anything)."""
    position = (position or "").strip()
    if is_manager is None:
        return False if position and not is_head_position(position) else None
    return bool(is_manager and is_head_position(position))


def is_head(person: Person, unit: Unit) -> bool:
    """Whether `person` heads `unit` now: staff of that very unit (not of a phòng below), a manager, in a head's
    post."""
    return person.unit_id == unit.pk and post_heads(person.is_manager, person.position) is True


def head_of(unit: Unit, *, other_than: Person | None = None) -> Person | None:
    """Who heads `unit` now: the staff member in a head's post of the letterhead (Viện trưởng, Trưởng phòng,
    Chánh Văn phòng), else a manager whose post is a head's; never `other_than`."""
    staff = Person.objects.filter(Q(position__in=HEAD_POSITIONS) | Q(is_manager=True), unit=unit)
    if other_than is not None:
        staff = staff.exclude(pk=other_than.pk)
    candidates = list(staff.order_by("full_name", "id"))  # one query: a unit has a handful of managers
    named = (person for person in candidates if person.position in HEAD_POSITIONS)
    return next(named, None) or next((person for person in candidates if is_head(person, unit)), None)
