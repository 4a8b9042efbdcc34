"""Who heads a unit: the one reading of a post's title, used by the councils' conflicts of interest, the achievement
report's certification and the eligibility of a unit's head."""

import unicodedata

from units.models import Person, Unit

# A deputy's position starts with "Phó" (Phó Viện trưởng, Phó Trưởng phòng, Phó Chánh Văn phòng, …).
DEPUTY_PREFIX = "phó"


def is_head_position(position: str) -> bool:
    """A head's position: not empty and not a deputy's. The staff lists name heads many ways (Viện trưởng,
    Trưởng phòng, Chánh Văn phòng, Trưởng khoa, Tổng Biên tập, Quyền Viện trưởng…), deputies always "Phó …"."""
    words = unicodedata.normalize("NFC", position or "").strip().casefold()
    return bool(words) and not words.startswith(DEPUTY_PREFIX)


def is_head(person: Person, unit: Unit) -> bool:
    """Whether `person` heads `unit` now: staff of that very unit (not of a phòng below), a manager, in a head's
    post."""
    return person.unit_id == unit.pk and person.is_manager and is_head_position(person.position)
