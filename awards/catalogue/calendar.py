"""The procuracy's calendar: work years, the review season, the periods of the reports and the default years of
the forms. Every "which year is it?" question of the product is answered here, from one reading of the clock
(`today()`); every function also takes `today` so that tests and batch jobs can ask about any day.

Legal and practical basis (spec/domain-rules.md §4.4, README "year under review"):

- The sector's work and statistics year (năm công tác) runs from 01/12 of the previous calendar year to 30/11
  and is labelled by the later year: the 2019 report covers 01/12/2018–30/11/2019 (VKSTC guidance on year-end
  emulation reviews). Titles read "năm N" and an achievement year is a work year.
- The 6-month review (sơ kết 6 tháng) covers 01/12 to 31/05 of the same work year ("sơ kết 6 tháng đầu năm 2020"
  counted 01/12/2019–31/05/2020; provincial deadlines 01–03/06).
- Titles of a year are weighed after it ends: clusters vote in Nov–Dec, councils sit in December and the sector
  presents its awards at the year's opening conference; late files run into January and February. Until the end
  of that review season (end of February unless `TDKT_REVIEW_SEASON_END` says otherwise) the year under review is
  the work year just ended; afterwards it is the work year in progress.

Domain-free: this module imports only Django and the standard library, so every app may use it.
"""

import datetime
from calendar import monthrange

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# The years any record may carry (achievement, pledge, registration, batch years): the validators and the year
# check constraints of the models use them, so changing them needs a migration.
FIRST_YEAR = 1945
LAST_YEAR = 2100

# The work year N starts on 01/12 of N-1: the month and day of its first day.
WORK_YEAR_START = (12, 1)
# (month, day) of the last day of the review season; a day past the month's end means its last day, so (2, 29)
# is 28/02 in a common year and 29/02 in a leap year.
DEFAULT_REVIEW_SEASON_END = (2, 29)
# Years offered by the year selects: five back from the work year in progress, as the forms always did.
YEARS_BACK = 5

FIVE_YEAR_SPAN = 5


def today() -> datetime.date:
    """Today in the project's time zone (Asia/Ho_Chi_Minh): a clock in UTC is still on 30/11 until 07:00 on 01/12."""
    return timezone.localdate()


def _or_today(day: datetime.date | None) -> datetime.date:
    return today() if day is None else day


def _clamped(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, monthrange(year, month)[1]))


# -- work years --------------------------------------------------------------------------------------------


def work_year_of(day: datetime.date) -> int:
    """The work year a day belongs to: from 01/12 on, the next one (01/12/2026 is in work year 2027)."""
    return day.year + 1 if (day.month, day.day) >= WORK_YEAR_START else day.year


def work_year_start(year: int) -> datetime.date:
    """The first day of work year N: 01/12 of N-1."""
    return datetime.date(year - 1, *WORK_YEAR_START)


def work_year_end(year: int) -> datetime.date:
    """The last day of work year N: 30/11 of N."""
    return datetime.date(year, 11, 30)


def work_year_window(first: int, last: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates of work years `first` to `last` (default `first`), both included: 01/12/(first-1)–30/11/last."""
    return work_year_start(first), work_year_end(first if last is None else last)


def work_year_in_progress(today: datetime.date | None = None) -> int:
    """The work year that contains `today` (2027 on 05/12/2026)."""
    return work_year_of(_or_today(today))


# -- the review season and the year under review ------------------------------------------------------------


def review_season_end_setting() -> tuple[int, int]:
    """`TDKT_REVIEW_SEASON_END` as (month, day), checked: read at each call so that a test may override it."""
    value = getattr(settings, "TDKT_REVIEW_SEASON_END", DEFAULT_REVIEW_SEASON_END)
    try:
        month, day = value
        valid = isinstance(month, int) and isinstance(day, int) and 1 <= month <= 12 and 1 <= day <= 31
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise ImproperlyConfigured(
            f"TDKT_REVIEW_SEASON_END must be a (month, day) pair such as (2, 29); got {value!r}."
        )
    return month, day


def review_season(year: int) -> tuple[datetime.date, datetime.date]:
    """The review season of work year N: from 01/12 of N (the day after it ends) to the configured end, the first
    such day on or after that 01/12 (28 or 29/02 of N+1 by default; a December end stays in N)."""
    start = work_year_start(year + 1)
    month, day = review_season_end_setting()
    end_year = year if (month, 1) >= WORK_YEAR_START else year + 1
    return start, _clamped(end_year, month, day)


def in_review_season(today: datetime.date | None = None) -> bool:
    """Whether `today` falls in the review season of the work year just ended."""
    day = _or_today(today)
    start, end = review_season(work_year_of(day) - 1)
    return start <= day <= end


def year_under_review(today: datetime.date | None = None) -> int:
    """The achievement year being judged: the work year just ended during its review season, otherwise the work
    year in progress. 2026 from 01/12/2026 to 28/02/2027, 2027 from 01/03/2027; 2026 on 15/06/2026 and 30/11/2026."""
    day = _or_today(today)
    in_progress = work_year_of(day)
    return in_progress - 1 if in_review_season(day) else in_progress


# -- report periods ----------------------------------------------------------------------------------------


def six_month_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The decision-date window of the 6-month report (sơ kết) of work year N: 01/12 of N-1 to 31/05 of N.
    A report may still be given another one (some offices count 01/01–30/06)."""
    return work_year_start(year), datetime.date(year, 5, 31)


def five_year_period(today: datetime.date | None = None) -> tuple[int, int]:
    """The five achievement years ending with the year under review: (2021, 2025) on 05/12/2025."""
    last = year_under_review(today)
    return last - FIVE_YEAR_SPAN + 1, last


# -- default years of the forms ------------------------------------------------------------------------------
# Two answers only: what is being judged (the year under review) and what is being planned (the work year in
# progress). One name per purpose, so that a form states which question it asks.


def default_year_for_nominations(today: datetime.date | None = None) -> int:
    """Nominations (đề nghị) and their bulk form propose titles for achievements: the year under review."""
    return year_under_review(today)


def default_year_for_batches(today: datetime.date | None = None) -> int:
    """A batch (tờ trình) carries nominations to the council: the year under review."""
    return year_under_review(today)


def default_year_for_person_years(today: datetime.date | None = None) -> int:
    """The facts of a person's year (rating, months of service, discipline) are entered once it ends: the year
    under review."""
    return year_under_review(today)


def default_year_for_council_sessions(today: datetime.date | None = None) -> int:
    """A council session weighs the achievements of the year under review."""
    return year_under_review(today)


def default_year_for_initiatives(today: datetime.date | None = None) -> int:
    """An initiative (sáng kiến) is recognised as evidence for the titles of the year under review."""
    return year_under_review(today)


def default_year_for_exemplars(today: datetime.date | None = None) -> int:
    """An exemplar (điển hình tiên tiến) is found and fostered in the movements of the year under review."""
    return year_under_review(today)


def default_year_for_annual_report(today: datetime.date | None = None) -> int:
    """The annual review report (tổng kết năm), and the 6-month report of the same form, are written for the year
    under review: during the review season the latest 6-month window that has closed is that year's."""
    return year_under_review(today)


def default_year_for_registrations(today: datetime.date | None = None) -> int:
    """Registrations (đăng ký thi đua) are made for the year ahead: the work year in progress."""
    return work_year_in_progress(today)


def default_year_for_pledges(today: datetime.date | None = None) -> int:
    """Pledges (giao ước thi đua) are signed early in the year they bind: the work year in progress."""
    return work_year_in_progress(today)


def default_year_for_emulation_groups(today: datetime.date | None = None) -> int:
    """A cluster or bloc (Cụm, Khối) is formed for the year its members pledge: the work year in progress."""
    return default_year_for_pledges(today)


def default_year_for_reward_funds(today: datetime.date | None = None) -> int:
    """A reward fund (quỹ thi đua, khen thưởng) is money of a budget year, which is the calendar year (01/01–31/12,
    Luật Ngân sách nhà nước), not the work year: the calendar year of today."""
    return _or_today(today).year


def year_choices(
    years=(),
    *,
    around: int | None = None,
    back: int = YEARS_BACK,
    forward: int = 0,
    today: datetime.date | None = None,
) -> list[tuple[int, int]]:
    """(year, year) choices, latest first: `back` years before `around` (default the work year in progress, which
    includes the year under review) to `forward` years after it, plus the `years` that have records."""
    centre = work_year_in_progress(today) if around is None else around
    return [(year, year) for year in sorted({*years, *range(centre - back, centre + forward + 1)}, reverse=True)]
