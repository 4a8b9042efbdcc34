"""A calendar as an iCalendar file (RFC 5545), written by hand: one all-day VEVENT per deadline.

Each event's UID is the deadline's id under a fixed domain, so that a calendar application imports the file again
without doubling the events and takes the changed dates. Text values are escaped (backslash, semicolon, comma,
line breaks), lines end with CRLF and are folded at 75 octets without cutting a UTF-8 character.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

PRODUCT = "-//VKSND//TDKT lich thi dua khen thuong//VI"
UID_DOMAIN = "tdkt.vks"
LINE_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break as \\n."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, each continuation starting with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # a continuation's leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(day: datetime.date) -> str:
    return f"{day:%Y%m%d}"


def deadline_uid(deadline) -> str:
    return f"deadline-{deadline.pk}@{UID_DOMAIN}"


def calendar(*, name: str, deadlines, url_of=None, now: datetime.datetime | None = None) -> str:
    """The VCALENDAR of `deadlines` (with their plan and its unit loaded). `url_of(deadline)`, when given, is the
    absolute link of each deadline's page."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for deadline in deadlines:
        description = [f"{deadline.get_kind_display()} – {deadline.plan.unit}"]
        basis = deadline.basis or deadline.plan.basis
        if basis:
            description.append(_("Căn cứ: %(basis)s") % {"basis": basis})
        if deadline.note:
            description.append(deadline.note)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{deadline_uid(deadline)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(deadline.due_date)}",
            f"DTEND;VALUE=DATE:{_date(deadline.due_date + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape(deadline.title)}",
            f"DESCRIPTION:{escape(chr(10).join(description))}",
            "TRANSP:TRANSPARENT",
        ]
        if url_of is not None:
            lines.append(f"URL:{url_of(deadline)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
