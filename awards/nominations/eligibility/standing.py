"""The seeds' practice on the standing of a unit and its head, and the long-service path to HCLĐ hạng Ba.

- **Head-of-unit cap** (`RuleSet.head_caps`; seed 003: "thành tích của cơ quan, đơn vị đến đâu, thì chỉ xem xét
  khen thưởng danh hiệu thi đua tương xứng cho người đứng đầu cơ quan, đơn vị đến đó"): a nominee who heads his
  unit at the end of the nomination's work year may get a title of `head_cap_map` only when his unit's result of
  the same year reaches the mapped collective title, in the register or nominated (TTLĐXS satisfies TTLĐTT).
  A deputy is not capped. A unit with neither is "not met": the unit's nomination is what the council weighs
  first, and its absence is said plainly.
- **Incident exclusion** (`RuleSet.incidents_exclude`; domain-rules §5, seed 003): a unit with a serious incident
  recorded for year N (`UnitIncident`) is not considered for the titles of year N, nor is its head. Only the
  incidents recorded against the unit itself count, not those of the units under it.
- **Long service** (quá trình cống hiến; Law 2022 Art. 44(1)(g), NĐ 152/2025 Art. 21): HCLĐ hạng Ba of the
  dedication kind needs `dedication_head_years` in head posts, or `dedication_deputy_years` in deputy posts or
  higher (a head's years count towards a deputy's requirement), summed over the unit history up to the end of the
  nomination's work year. The thresholds and the procuracy's equivalences are UNCONFIRMED (domain-rules §2.2); the
  one-third reduction for women leaders (§2.1) is not applied.

Who heads or deputises is read from the post of the unit history (`posts.heads`, the post's own manager flag):
a post whose flag the history does not give leaves the criterion unknown, never met.
"""

import datetime

from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Category
from awards.nominations.eligibility.facts import MET, NOT_MET, PENDING, UNKNOWN, Criterion, Subject, pending_text
from awards.nominations.eligibility.posts import COLLECTIVE_RANK, HCLD3, UnitTitle, heads, post_text
from units.models import Assignment
from units.posts import is_head_position


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def standing_criteria(s: Subject) -> list[Criterion]:
    """The incident exclusion and the head-of-unit cap of a nomination, when they apply to it."""
    return [criterion for criterion in (incident_exclusion(s), head_cap(s)) if criterion is not None]


# -- the head of a unit ------------------------------------------------------------------------------------------


def _unknown_post(s: Subject, post: Assignment | None) -> tuple[str, list[str]]:
    """Why the history does not say whether the nominee headed a unit in the year, and the post it does give."""
    if post is None:
        return _("Quá trình công tác không có giai đoạn nào bao gồm ngày %(date)s.") % {
            "date": _date(cal.work_year_end(s.year))
        }, []
    return _("Quá trình công tác chưa ghi chức vụ “%(position)s” tại %(unit)s có phải lãnh đạo, quản lý không.") % {
        "position": post.position or _("(chưa ghi chức vụ)"),
        "unit": post.unit,
    }, [post_text(post)]


def _title_text(s: Subject, title: UnitTitle, year: int) -> str:
    abbr = s.facts.abbr(title.code)
    if title.held:
        return _("%(type)s %(year)s — QĐ số %(number)s ngày %(date)s") % {
            "type": abbr,
            "year": year,
            "number": title.number,
            "date": _date(title.date),
        }
    return pending_text(abbr, year, title.state)


def head_cap(s: Subject) -> Criterion | None:
    """The unit's result caps its head's title (`RuleSet.head_cap_map`): None when the type is not capped or the
    nominee did not head a unit at the end of the year."""
    need = s.rules.head_cap_map.get(s.code)
    if not s.person_id or need is None:
        return None
    post = s.facts.standing.post_in(s.person_id, s.year)
    head = heads(post)
    if head is False:
        return None
    need_abbr = s.facts.abbr(need)
    label = _("Người đứng đầu đơn vị: đơn vị đạt %(type)s trở lên cùng năm") % {"type": need_abbr}
    if head is None:
        reason, evidence = _unknown_post(s, post)
        return Criterion("head_cap", label, UNKNOWN, reason, evidence)
    unit = post.unit
    titles = s.facts.standing.unit_titles.get((post.unit_id, s.year), [])

    def reaching(title: UnitTitle) -> bool:
        return title.code == need or COLLECTIVE_RANK.get(title.code, 0) >= COLLECTIVE_RANK.get(need, 99)

    # A title of the register that reaches the need first, then the highest one (a nomination only pends).
    best = max(titles, key=lambda title: (title.held and reaching(title), title.rank), default=None)
    evidence = [post_text(post)]
    if best is None:
        reason = _("%(unit)s chưa được đề nghị %(type)s năm %(year)s, sổ khen thưởng cũng chưa ghi.") % {
            "unit": unit,
            "type": need_abbr,
            "year": s.year,
        }
        return Criterion("head_cap", label, NOT_MET, reason, evidence)
    evidence.append(_title_text(s, best, s.year))
    values = {"unit": unit, "type": s.facts.abbr(best.code), "year": s.year, "need": need_abbr}
    if reaching(best):
        if best.held:
            return Criterion("head_cap", label, MET, _("%(unit)s đạt %(type)s năm %(year)s.") % values, evidence)
        text = _("%(unit)s được đề nghị %(type)s năm %(year)s cùng đợt, chờ quyết định.")
        return Criterion("head_cap", label, PENDING, text % values, evidence)
    text = (
        _("%(unit)s đạt %(type)s năm %(year)s, chưa đạt %(need)s: người đứng đầu chỉ được xét danh hiệu tương xứng.")
        if best.held
        else _(
            "%(unit)s chỉ được đề nghị %(type)s năm %(year)s, chưa đạt %(need)s: người đứng đầu chỉ được xét danh "
            "hiệu tương xứng."
        )
    )
    return Criterion("head_cap", label, NOT_MET, text % values, evidence)


# -- incidents ---------------------------------------------------------------------------------------------------


def incident_exclusion(s: Subject) -> Criterion | None:
    """No serious incident recorded for the unit in the year: for a collective's titles, and for the titles of
    the head of a unit (the unit he heads at the end of the year). None when it does not apply."""
    if not s.rules.incidents_exclude or s.award_type.category != Category.TITLE:
        return None
    if s.person_id:
        post = s.facts.standing.post_in(s.person_id, s.year)
        if not heads(post):
            # Staff, deputies, and posts the history does not settle (the head cap says so when it applies).
            return None
        unit_id = post.unit_id
        label = _("Đơn vị do cán bộ đứng đầu không có vụ việc nghiêm trọng trong năm")
    else:
        unit_id = s.nomination.unit_id
        label = _("Đơn vị không có vụ việc nghiêm trọng trong năm")
    incidents = s.facts.standing.incidents.get((unit_id, s.year), [])
    if not incidents:
        return Criterion(
            "incident", label, MET, _("Không có vụ việc nào được ghi nhận năm %(year)s.") % {"year": s.year}
        )
    reason = _(
        "%(unit)s có %(count)s vụ việc nghiêm trọng năm %(year)s: đơn vị và người đứng đầu không được xét danh "
        "hiệu thi đua năm đó."
    ) % {"unit": incidents[0].unit, "count": len(incidents), "year": s.year}
    return Criterion("incident", label, NOT_MET, reason, [str(incident) for incident in incidents])


# -- long service (quá trình cống hiến) ------------------------------------------------------------------------


def _months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` included (01/12/2018–30/11/2024: 72)."""
    after = end + datetime.timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month - (after.day < start.day)


def _span(months: int) -> str:
    return _("%(years)s năm %(months)s tháng") % {"years": months // 12, "months": months % 12}


def dedication_criteria(s: Subject) -> list[Criterion]:
    """Years in leadership posts up to the end of the nomination's work year (HCLĐ hạng Ba)."""
    if not s.person_id:
        return []
    rules = s.rules
    label = _(
        "Quá trình cống hiến: %(head)s năm giữ chức vụ cấp trưởng hoặc %(deputy)s năm cấp phó trở lên "
        "(ngưỡng chưa được xác nhận trong văn bản)"
    ) % {"head": rules.dedication_head_years, "deputy": rules.dedication_deputy_years}
    if s.code != HCLD3:
        reason = _("Bộ quy tắc chỉ có ngưỡng cống hiến của HCLĐ hạng Ba; %(type)s do Hội đồng xem xét.") % {
            "type": s.award_type.abbreviation
        }
        return [Criterion("dedication_years", label, UNKNOWN, reason)]
    end = cal.work_year_end(s.year)
    head_months = deputy_months = 0
    evidence, unknown = [], []
    for post in sorted(s.facts.standing.posts.get(s.person_id, ()), key=lambda p: (p.start_date or end, p.pk)):
        if post.is_manager is False or (post.start_date and post.start_date > end):
            continue
        if post.is_manager is None:
            unknown.append(_("%(post)s: chưa ghi có phải chức vụ lãnh đạo, quản lý không") % {"post": post_text(post)})
            continue
        if post.start_date is None:
            unknown.append(_("%(post)s: chưa ghi ngày bắt đầu") % {"post": post_text(post)})
            continue
        months = _months(post.start_date, min(post.end_date or end, end))
        if is_head_position(post.position):
            head_months += months
            grade = _("cấp trưởng")
        else:
            deputy_months += months
            grade = _("cấp phó")
        evidence.append(f"{post_text(post)} ({grade}, {_span(months)})")
    reason = _("Đến ngày %(date)s: cấp trưởng %(head)s, cấp phó %(deputy)s.") % {
        "date": _date(end),
        "head": _span(head_months),
        "deputy": _span(deputy_months),
    }
    met = (
        head_months >= rules.dedication_head_years * 12
        or head_months + deputy_months >= rules.dedication_deputy_years * 12
    )
    if met:
        status = MET
    elif unknown:
        status = UNKNOWN
        reason += " " + _("Chưa tính được %(count)s giai đoạn công tác.") % {"count": len(unknown)}
    else:
        status = NOT_MET
    return [Criterion("dedication_years", label, status, reason, evidence + unknown)]
