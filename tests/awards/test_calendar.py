"""The procuracy's calendar: work years 01/12–30/11, the review season to the end of February, report periods and
the default years of the forms, at days pinned across the year (and through the clock for the defaults)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from awards.catalogue import calendar

pytestmark = pytest.mark.unit

D = datetime.date
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

JUDGED = (
    calendar.default_year_for_nominations,
    calendar.default_year_for_batches,
    calendar.default_year_for_person_years,
    calendar.default_year_for_council_sessions,
    calendar.default_year_for_initiatives,
    calendar.default_year_for_annual_report,
)
PLANNED = (
    calendar.default_year_for_registrations,
    calendar.default_year_for_pledges,
    calendar.default_year_for_emulation_groups,
)

# day, work year in progress, year under review, in the review season
PINNED = [
    pytest.param(D(2026, 12, 1), 2027, 2026, True, id="2026-12-01"),
    pytest.param(D(2026, 12, 5), 2027, 2026, True, id="2026-12-05"),
    pytest.param(D(2026, 12, 31), 2027, 2026, True, id="2026-12-31"),
    pytest.param(D(2027, 1, 1), 2027, 2026, True, id="2027-01-01"),
    pytest.param(D(2026, 2, 28), 2026, 2025, True, id="2026-02-28"),
    pytest.param(D(2026, 3, 1), 2026, 2026, False, id="2026-03-01"),
    pytest.param(D(2027, 2, 28), 2027, 2026, True, id="2027-02-28"),
    pytest.param(D(2027, 3, 1), 2027, 2027, False, id="2027-03-01"),
    pytest.param(D(2028, 2, 28), 2028, 2027, True, id="2028-02-28-leap"),
    pytest.param(D(2028, 2, 29), 2028, 2027, True, id="2028-02-29-leap"),
    pytest.param(D(2028, 3, 1), 2028, 2028, False, id="2028-03-01-leap"),
    pytest.param(D(2026, 6, 1), 2026, 2026, False, id="2026-06-01"),
    pytest.param(D(2026, 6, 15), 2026, 2026, False, id="2026-06-15"),
    pytest.param(D(2026, 11, 30), 2026, 2026, False, id="2026-11-30"),
    pytest.param(D(2032, 1, 15), 2032, 2031, True, id="2032-01-15"),
    pytest.param(D(2032, 2, 29), 2032, 2031, True, id="2032-02-29-leap"),
    pytest.param(D(2032, 7, 15), 2032, 2032, False, id="2032-07-15"),
    pytest.param(D(2032, 12, 1), 2033, 2032, True, id="2032-12-01"),
]


def morning(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


# -- work years ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_work_year_of_pinned_days(day, in_progress, under_review, in_season):
    result = calendar.work_year_of(day)

    assert result == in_progress


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_work_year_in_progress_pinned_days(day, in_progress, under_review, in_season):
    result = calendar.work_year_in_progress(day)

    assert result == in_progress


def test_work_year_bounds_follow_the_spec_example():
    # domain-rules §4.4: the 2019 report data ran 01/12/2018–30/11/2019.
    start, end = calendar.work_year_start(2019), calendar.work_year_end(2019)

    assert (start, end) == (D(2018, 12, 1), D(2019, 11, 30))


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        (2026, D(2025, 12, 1), D(2026, 11, 30)),
        (2027, D(2026, 12, 1), D(2027, 11, 30)),
        (2028, D(2027, 12, 1), D(2028, 11, 30)),
        (2032, D(2031, 12, 1), D(2032, 11, 30)),
    ],
)
def test_work_year_window_one_year(year, start, end):
    window = calendar.work_year_window(year)

    assert window == (start, end)
    assert (calendar.work_year_start(year), calendar.work_year_end(year)) == (start, end)


def test_work_year_window_several_years():
    window = calendar.work_year_window(2021, 2025)

    assert window == (D(2020, 12, 1), D(2025, 11, 30))


def test_work_year_of_every_day_lies_inside_its_work_year():
    day, last = D(2025, 1, 1), D(2033, 12, 31)
    outside = []

    while day <= last:
        year = calendar.work_year_of(day)
        if not calendar.work_year_start(year) <= day <= calendar.work_year_end(year):
            outside.append(day)
        day += datetime.timedelta(days=1)

    assert outside == []


# -- review season and year under review ---------------------------------------------------------------------


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_year_under_review_pinned_days(day, in_progress, under_review, in_season):
    result = calendar.year_under_review(day)

    assert result == under_review


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_in_review_season_pinned_days(day, in_progress, under_review, in_season):
    result = calendar.in_review_season(day)

    assert result is in_season


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        (2025, D(2025, 12, 1), D(2026, 2, 28)),
        (2026, D(2026, 12, 1), D(2027, 2, 28)),
        (2027, D(2027, 12, 1), D(2028, 2, 29)),
        (2031, D(2031, 12, 1), D(2032, 2, 29)),
    ],
)
def test_review_season_ends_with_february(year, start, end):
    season = calendar.review_season(year)

    assert season == (start, end)


def test_year_under_review_changes_only_on_1_december_and_1_march():
    day, last = D(2025, 12, 1), D(2033, 11, 30)
    changes = []

    while day < last:
        following = day + datetime.timedelta(days=1)
        if calendar.year_under_review(following) != calendar.year_under_review(day):
            changes.append(following)
        day = following

    assert changes == [D(year, 3, 1) for year in range(2026, 2034)]


# -- the review season setting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "under_review"),
    [
        (D(2027, 1, 31), 2026),
        (D(2027, 2, 1), 2027),
        (D(2026, 12, 5), 2026),
    ],
)
def test_year_under_review_season_ending_in_january(settings, day, under_review):
    settings.TDKT_REVIEW_SEASON_END = (1, 31)

    result = calendar.year_under_review(day)

    assert result == under_review


def test_year_under_review_season_ending_in_march(settings):
    settings.TDKT_REVIEW_SEASON_END = (3, 31)

    results = [calendar.year_under_review(day) for day in (D(2027, 3, 1), D(2027, 3, 31), D(2027, 4, 1))]

    assert results == [2026, 2026, 2027]


def test_review_season_ending_in_december_stays_in_the_same_calendar_year(settings):
    settings.TDKT_REVIEW_SEASON_END = (12, 31)

    season = calendar.review_season(2026)
    results = [calendar.year_under_review(day) for day in (D(2026, 12, 31), D(2027, 1, 1))]

    assert season == (D(2026, 12, 1), D(2026, 12, 31))
    assert results == [2026, 2027]


def test_review_season_ending_28_february_leaves_out_the_leap_day(settings):
    settings.TDKT_REVIEW_SEASON_END = (2, 28)

    season = calendar.review_season(2027)
    result = calendar.year_under_review(D(2028, 2, 29))

    assert season == (D(2027, 12, 1), D(2028, 2, 28))
    assert result == 2028


def test_review_season_without_the_setting_ends_with_february(settings):
    del settings.TDKT_REVIEW_SEASON_END

    season = calendar.review_season(2027)

    assert season == (D(2027, 12, 1), D(2028, 2, 29))


def test_review_season_setting_default_is_the_end_of_february(settings):
    season_end = calendar.review_season_end_setting()

    assert season_end == (2, 29)


@pytest.mark.parametrize("value", [(13, 1), (0, 5), (2, 0), (2, 32), (2,), "2-29", None, ("2", "29")])
def test_review_season_setting_malformed_is_refused(settings, value):
    settings.TDKT_REVIEW_SEASON_END = value

    with pytest.raises(ImproperlyConfigured, match="TDKT_REVIEW_SEASON_END"):
        calendar.year_under_review(D(2026, 12, 5))


# -- report periods -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "window"),
    [
        (2020, (D(2019, 12, 1), D(2020, 5, 31))),  # domain-rules §4.4: "sơ kết 6 tháng đầu năm 2020"
        (2027, (D(2026, 12, 1), D(2027, 5, 31))),
        (2028, (D(2027, 12, 1), D(2028, 5, 31))),
        (2032, (D(2031, 12, 1), D(2032, 5, 31))),
    ],
)
def test_six_month_window_from_1_december_to_31_may(year, window):
    result = calendar.six_month_window(year)

    assert result == window


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_five_year_period_pinned_days(day, in_progress, under_review, in_season):
    period = calendar.five_year_period(day)

    assert period == (under_review - 4, under_review)


def test_five_year_period_during_the_2025_review():
    period = calendar.five_year_period(D(2025, 12, 5))

    assert period == (2021, 2025)


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_report_default_years_pinned_days(day, in_progress, under_review, in_season):
    years = {
        "annual": calendar.default_year_for_annual_report(day),
        "five_year": calendar.five_year_period(day),
    }

    assert years == {"annual": under_review, "five_year": (under_review - 4, under_review)}


# -- default years of the forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_default_years_pinned_days(day, in_progress, under_review, in_season):
    judged = {function.__name__: function(day) for function in JUDGED}
    planned = {function.__name__: function(day) for function in PLANNED}

    assert judged == {function.__name__: under_review for function in JUDGED}
    assert planned == {function.__name__: in_progress for function in PLANNED}


@pytest.mark.parametrize(("day", "in_progress", "under_review", "in_season"), PINNED)
def test_year_choices_pinned_days(day, in_progress, under_review, in_season):
    choices = calendar.year_choices(today=day)

    assert choices == [(year, year) for year in range(in_progress, in_progress - 6, -1)]


def test_year_choices_keep_years_with_records():
    choices = calendar.year_choices([2015, 2027, 2024], today=D(2026, 6, 15))

    assert choices == [
        (2027, 2027),
        (2026, 2026),
        (2025, 2025),
        (2024, 2024),
        (2023, 2023),
        (2022, 2022),
        (2021, 2021),
        (2015, 2015),
    ]


def test_year_choices_around_back_forward():
    choices = calendar.year_choices(around=2030, back=2, forward=1, today=D(2026, 6, 15))

    assert choices == [(2031, 2031), (2030, 2030), (2029, 2029), (2028, 2028)]


# -- through the clock ---------------------------------------------------------------------------------------


def test_defaults_on_5_december_2026_through_the_clock():
    with time_machine.travel(morning(D(2026, 12, 5)), tick=False):
        judged = {function.__name__: function() for function in JUDGED}
        planned = {function.__name__: function() for function in PLANNED}
        years = {
            "today": calendar.today(),
            "in_progress": calendar.work_year_in_progress(),
            "under_review": calendar.year_under_review(),
            "in_season": calendar.in_review_season(),
            "five_year": calendar.five_year_period(),
            "annual_report": calendar.default_year_for_annual_report(),
            "choices": calendar.year_choices(),
        }

    assert judged == {function.__name__: 2026 for function in JUDGED}
    assert planned == {function.__name__: 2027 for function in PLANNED}
    assert years == {
        "today": D(2026, 12, 5),
        "in_progress": 2027,
        "under_review": 2026,
        "in_season": True,
        "five_year": (2022, 2026),
        "annual_report": 2026,
        "choices": [(2027, 2027), (2026, 2026), (2025, 2025), (2024, 2024), (2023, 2023), (2022, 2022)],
    }


@pytest.mark.parametrize(
    ("moment", "day", "in_progress", "under_review"),
    [
        # Still 30/11 in UTC at these Hà Nội times: the calendar must read the local date.
        pytest.param(morning(D(2026, 12, 1), 0, 30), D(2026, 12, 1), 2027, 2026, id="2026-12-01-00h30"),
        pytest.param(morning(D(2026, 11, 30), 23, 30), D(2026, 11, 30), 2026, 2026, id="2026-11-30-23h30"),
        pytest.param(morning(D(2027, 3, 1), 0, 15), D(2027, 3, 1), 2027, 2027, id="2027-03-01-00h15"),
        pytest.param(morning(D(2028, 2, 29), 23, 59), D(2028, 2, 29), 2028, 2027, id="2028-02-29-23h59"),
        pytest.param(morning(D(2032, 6, 1)), D(2032, 6, 1), 2032, 2032, id="2032-06-01"),
    ],
)
def test_today_is_the_local_date_around_midnight(moment, day, in_progress, under_review):
    with time_machine.travel(moment, tick=False):
        result = (calendar.today(), calendar.work_year_in_progress(), calendar.year_under_review())

    assert result == (day, in_progress, under_review)


def test_passed_today_wins_over_the_clock():
    with time_machine.travel(morning(D(2026, 6, 15)), tick=False):
        result = (calendar.year_under_review(D(2026, 12, 5)), calendar.default_year_for_registrations(D(2026, 12, 5)))

    assert result == (2026, 2027)
