"""The yearly template of the TĐKT calendar: the deadlines a unit's plan of work year N starts from.

The dates are defaults, not rules. Each year VKSTC sets the real ones in its guidance letters (the early-year
guidance, e.g. HD 15/HD-VKSTC of 12/01/2022, and the year-end one of mid-November, e.g. HD 33/HD-VKSTC of
18/11/2020; spec/domain-rules.md §4.4), and the provincial procuracy in its own plan: the clerk creates the plan
from this template, then adjusts each date to the letter the plan cites (`CalendarPlan.basis`).

The defaults follow the sector's year (`awards.catalogue.calendar`: the work year N runs 01/12/N-1–30/11/N, the
6-month window 01/12/N-1–31/05/N):

- registrations of the year's titles early in the year (31/01/N), and the clusters' and blocs' pledges after them
  (end of February, as An Giang's Cụm 1 signed on 09/02/2023);
- the 6-month report on 03/06/N, the last of the provincial deadlines 01–03/06 of the spec;
- after the work year ends on 30/11/N: the self-assessment and scoring (05/12), the nominations with their
  dossiers to the council and the year report (10/12), the council's session (15/12, the provincial councils sit
  in December), and the unit's tờ trình to the sector (20/12), in time for the awards the sector presents at its
  conference of late December.
"""

import dataclasses
import datetime
from calendar import monthrange

from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from reports.deadlines.enums import DeadlineKind


@dataclasses.dataclass(frozen=True)
class DefaultDeadline:
    kind: str
    title: str
    due_date: datetime.date


def _end_of_february(year: int) -> datetime.date:
    return datetime.date(year, 2, monthrange(year, 2)[1])


def default_deadlines(year: int, *, has_parent: bool = True) -> list[DefaultDeadline]:
    """The default deadlines of work year `year`, in date order. `has_parent`: the unit sends its own tờ trình to a
    unit above it (the sector's top unit has none, so no such deadline)."""
    window_start, window_end = cal.six_month_window(year)
    rows = [
        DefaultDeadline(
            DeadlineKind.REGISTRATIONS,
            _("Đăng ký danh hiệu thi đua năm %(year)s") % {"year": year},
            datetime.date(year, 1, 31),
        ),
        DefaultDeadline(
            DeadlineKind.PLEDGES,
            _("Cụm, Khối thi đua ký kết giao ước thi đua năm %(year)s") % {"year": year},
            _end_of_february(year),
        ),
        DefaultDeadline(
            DeadlineKind.SIX_MONTH_REPORT,
            _("Gửi báo cáo sơ kết 6 tháng đầu năm %(year)s (số liệu từ %(start)s đến %(end)s)")
            % {"year": year, "start": f"{window_start:%d/%m/%Y}", "end": f"{window_end:%d/%m/%Y}"},
            datetime.date(year, 6, 3),
        ),
        DefaultDeadline(
            DeadlineKind.SELF_ASSESSMENT,
            _("Tự đánh giá, chấm điểm thi đua năm %(year)s") % {"year": year},
            datetime.date(year, 12, 5),
        ),
        DefaultDeadline(
            DeadlineKind.NOMINATIONS,
            _("Gửi tờ trình, hồ sơ đề nghị khen thưởng năm %(year)s về Hội đồng Thi đua - Khen thưởng")
            % {"year": year},
            datetime.date(year, 12, 10),
        ),
        DefaultDeadline(
            DeadlineKind.YEAR_REPORT,
            _("Gửi báo cáo tổng kết công tác thi đua, khen thưởng năm %(year)s") % {"year": year},
            datetime.date(year, 12, 10),
        ),
        DefaultDeadline(
            DeadlineKind.COUNCIL_SESSION,
            _("Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm %(year)s") % {"year": year},
            datetime.date(year, 12, 15),
        ),
    ]
    if has_parent:
        rows.append(
            DefaultDeadline(
                DeadlineKind.BATCH_TO_SECTOR,
                _("Gửi tờ trình đề nghị VKSND tối cao khen thưởng năm %(year)s") % {"year": year},
                datetime.date(year, 12, 20),
            )
        )
    return rows
