"""The Home Affairs statistics forms of emulation and commendation (Thông tư 02/2023/TT-BNV of 23/3/2023, chế độ báo
cáo thống kê ngành Nội vụ; domain-rules §6.2): biểu 0601.N/BNV-TĐKT (movements), 0602.N/BNV-TĐKT (state-level
awards) and 0603.N/BNV-TĐKT (awards of a ministry or a province), filled from the register for a unit and a year,
and written as .xlsx sheets in the ministry's layout (rows, columns and codes of the forms; the layouts of the
published implementation, reference S12).

What each form counts, for a unit (its subtree with its predecessors, `units.lineage`, as the summary reports count)
and a statistics year N:

- **The period**: the sector's statistics year (`awards.catalogue.calendar`: 01/12 of N-1 to 30/11 of N), the
  forms being due on 15/12 of the report year. Awards count by the date of their decision (the commendations made
  in the year, whatever the achievement year they are for); revoked ones never count; movements count when they
  ran on some day of the period (`reports.statistics.movements_in_period`: launched in the unit's reach or above it).
- **0602** counts the award types conferred by the State President or the Prime Minister (`Authority`); **0603**
  those of the Procurator General (the sector is a ministry-level body) and of a provincial People's Committee. The
  awards of other bodies (Tổng Liên đoàn Lao động, Hội Luật gia, …) are not the sector's to report: those bodies
  report them in their own forms. A type goes to the column its name says (`_STATE_SLOTS`, `_MINISTRY_SLOTS`);
  a 0603 type of no column of the form (none in the shipped catalogue) is left out and named in the notes.
- **Proposing body (0602, rows 02–03)**: the state-level awards of the procuracy are proposed to the Prime Minister
  by the Procurator General (TT 02/2024/TT-VKSTC), a central body: all of them are on row 02.
- **Individuals by rank (rows "+ Lãnh đạo …")**: the rank of the person's post on the decision's date
  (`rank_at`): the period of his unit history covering that day (the last one started by then, as
  `reports.statistics.post_was_managing` reads it). While it is the post he holds now, his record says
  (`Person.management_rank`, blank: by the manager flag, `units.ranks.record_rank`); a past post is ranked from
  itself (its manager flag, title and unit: `units.ranks.post_rank`, the procuracy's equivalence written there);
  where the history says nothing (no period by then, or its flag unknown) the record stands in.
- **Female** ("Trong đó: Nữ", a line the sector adds under the individuals for the priority rules, domain-rules
  §6.2 item 4; it has no code of its own so that the circular's codes stay as they are): the person's sex.
- **Kind of commendation**: the award's kind (`AwardKind`); "kháng chiến" is no kind of this register (0).
  Enterprises, households and entrepreneurs are no recipients of the procuracy (0).
- **0601**: scope and launching level from the launching unit and document (`_movement_scope`), duration from the
  movement's dates (`_duration_line`), method from its kind.

Each form is computed in a fixed number of queries (`compute_forms`) and written by `workbook`.
"""

from collections.abc import Iterable

from reports.home_affairs.awards import award_forms, rank_at
from reports.home_affairs.layout import StatisticsForm, default_year, period_of, receiver_of
from reports.home_affairs.movements import movement_form
from reports.home_affairs.sheets import workbook
from units import lineage as unit_lineage
from units.lineage import Reach
from units.models import Unit

FORM_CODES = ("0601", "0602", "0603")

__all__ = ["FORM_CODES", "StatisticsForm", "compute_form", "compute_forms", "default_year", "period_of", "rank_at",
           "workbook"]  # fmt: skip


def compute_forms(
    *, unit: Unit, year: int, codes: Iterable[str] = FORM_CODES, reach: Reach | None = None
) -> dict[str, StatisticsForm]:
    """The forms `codes` of `unit` (with its predecessors) for statistics year `year`, by code. Queries: the links
    of the tree (unless `reach` is given), the unit's parent; for 0601 the movements; for 0602 and 0603 the awards,
    the unit-history periods of their recipients and the award types (read once for both forms)."""
    wanted = set(codes)
    reach = reach or unit_lineage.reach(unit)
    start, end = period_of(year)
    receiver = receiver_of(unit)
    forms: dict[str, StatisticsForm] = {}
    if "0601" in wanted:
        forms["0601"] = movement_form(unit=unit, year=year, reach=reach, start=start, end=end, receiver=receiver)
    award_codes = [code for code in FORM_CODES if code in wanted and code != "0601"]
    if award_codes:
        forms |= award_forms(
            unit=unit, year=year, reach=reach, start=start, end=end, receiver=receiver, codes=award_codes
        )
    return forms


def compute_form(*, unit: Unit, year: int, code: str) -> StatisticsForm:
    if code not in FORM_CODES:
        raise ValueError(f"Unknown form {code!r}.")
    return compute_forms(unit=unit, year=year, codes=[code])[code]
