"""The administrative header of a unit's documents (Nghị định 30/2020): the governing body, the unit's name, the
number and the place-and-date line."""

import datetime
import re

from django.utils import timezone

from units import posts
from units.common import formatting
from units.enums import UnitLevel
from units.models import Unit

DOTS = "." * 240  # a blank to fill in by hand; the line clips it at the margin
# Authority prefixes of NĐ 30/2020 Art. 13 that open a two-line signature title ("KT. VIỆN TRƯỞNG" / "PHÓ …").
AUTHORITY_PREFIX = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s", re.IGNORECASE)


# -- shared pieces ---------------------------------------------------------------------------------------


# The same rules as the printed pledge (emulation/views/pledges.py); a views module cannot be imported here.
def abbreviated_body(name: str) -> str:
    """The parent body as NĐ 30/2020 allows it abbreviated: "Viện kiểm sát nhân dân tỉnh X" → "Viện KSND tỉnh X"."""
    return re.sub(r"^Viện kiểm sát nhân dân", "Viện KSND", name, flags=re.IGNORECASE)


def head_title(unit: Unit) -> str:
    """Who heads a unit and signs for it."""
    if unit.level in (UnitLevel.SUPREME, UnitLevel.HIGH, UnitLevel.PROVINCIAL, UnitLevel.REGIONAL):
        return "Viện trưởng"
    if unit.level == UnitLevel.DEPARTMENT:
        return "Chánh Văn phòng" if unit.name.lower().startswith("văn phòng") else "Trưởng phòng"
    return "Thủ trưởng đơn vị"


def head_name(unit: Unit) -> str:
    """The current head of a unit from the staff list; blank (to be written by hand) when unknown."""
    head = posts.head_of(unit)
    return head.full_name if head else ""


def date_text(day: datetime.date | None, place: str) -> str:
    """The date line, or a line to fill in by hand while the date is not known yet."""
    if day is not None:
        return formatting.date_line(day, place)
    blank = f"ngày …… tháng …… năm {timezone.localdate().year}"
    return f"{place}, {blank}" if place else blank.capitalize()


def header_context(unit: Unit, *, doc_number: str = "", day: datetime.date | None = None) -> dict:
    return {
        "parent_body": abbreviated_body(unit.parent.name) if unit.parent_id else "",
        "issuing_body": unit.name,
        "doc_number": doc_number,
        "date_text": date_text(day, unit.place_name),
        "dots": DOTS,
    }
