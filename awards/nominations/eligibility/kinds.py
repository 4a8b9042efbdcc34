"""The criteria of the kinds of commendation other than the regular one (Law 2022 Art. 8; domain-rules §1.3),
asked instead of the title's regular standard (`criteria.RULES`), never with a chain:

- Thematic (theo đợt, chuyên đề): the movement's own criteria. The nomination is tied to a thematic movement that
  runs during the nomination's work year (its period meets 01/12 of N-1 – 30/11 of N); the movement's quota per
  recipient kind, when it sets one, counts its awards in the register (not revoked) and its live nominations not yet
  decided, this one included; the movement's written standard, when it has one, is for the council to weigh, so it
  stays unknown (a justification then goes with the nomination, as for every criterion not met).
- Ad hoc (đột xuất): one exceptional act, with its date (not in the future) and its description (the summary).
- Seniority (niên hạn) and foreign relations (đối ngoại): nothing beyond the recipient and "not yet granted".
- Dedication (quá trình cống hiến): the long-service path, `KIND_RULES[AwardKind.DEDICATION]` (see `_dedication`).

Results of thematic and ad hoc awards are not the basis of higher regular awards (NĐ 98/2023 Art. 4, NĐ 152/2025
Art. 4): the chains leave them out (`facts.Held.in_chains`).
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind, RecipientKind
from awards.nominations.eligibility.facts import MET, NOT_MET, UNKNOWN, Criterion, Subject
from awards.nominations.eligibility.standing import dedication_criteria
from emulation.enums import MovementKind
from emulation.models import Movement


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


def _movement_text(movement: Movement) -> str:
    """ "Phong trào thi đua “Chuyển đổi số” (Kế hoạch số 48/KH-VKS ngày 10/01/2022 của …), 10/01/2022–31/12/2022" """
    period = f"{_date(movement.start_date)}–{_date(movement.end_date) if movement.end_date else _('nay')}"
    citation = movement.citation
    return f"{movement.name} ({citation}), {period}" if citation else f"{movement.name}, {period}"


# -- thematic (theo đợt, chuyên đề) ------------------------------------------------------------------------


def _thematic(s: Subject) -> list[Criterion]:
    label = _("Gắn với phong trào thi đua theo đợt, chuyên đề")
    movement = s.facts.movements.get(s.nomination.movement_id) if s.nomination.movement_id else None
    if movement is None:
        return [Criterion("movement", label, NOT_MET, _("Đề nghị chưa gắn với phong trào thi đua nào."))]
    evidence = [_movement_text(movement)]
    if movement.kind != MovementKind.THEMATIC:
        reason = _("“%(name)s” là phong trào thường xuyên, không phải phong trào theo đợt, chuyên đề.") % {
            "name": movement.name
        }
        return [Criterion("movement", label, NOT_MET, reason, evidence)]
    criteria = [Criterion("movement", label, MET, "", evidence), _period(s, movement)]
    quota = _quota(s, movement)
    if quota is not None:
        criteria.append(quota)
    if movement.award_criteria.strip():
        criteria.append(
            Criterion(
                "movement_standard",
                _("Tiêu chuẩn khen thưởng của phong trào"),
                UNKNOWN,
                _("Do Hội đồng đánh giá theo tiêu chuẩn của phong trào: %(criteria)s")
                % {"criteria": movement.award_criteria.strip()},
            )
        )
    return criteria


def _period(s: Subject, movement: Movement) -> Criterion:
    """The movement runs during the work year: its period meets 01/12 of N-1 – 30/11 of N."""
    start, end = cal.work_year_window(s.year)
    label = _("Phong trào diễn ra trong năm %(year)s") % {"year": s.year}
    ok = movement.start_date <= end and (movement.end_date is None or movement.end_date >= start)
    reason = _("Phong trào từ ngày %(start)s đến %(end)s; năm %(year)s tính từ ngày %(from)s đến ngày %(to)s.") % {
        "start": _date(movement.start_date),
        "end": _("ngày %(date)s") % {"date": _date(movement.end_date)} if movement.end_date else _("nay"),
        "year": s.year,
        "from": _date(start),
        "to": _date(end),
    }
    return Criterion("movement_period", label, MET if ok else NOT_MET, reason)


def _quota(s: Subject, movement: Movement) -> Criterion | None:
    """The movement's cap for the recipient kind: its awards and the other live nominations, plus this one."""
    individual = bool(s.person_id)
    cap = movement.award_quota_individual if individual else movement.award_quota_collective
    if cap is None:
        return None
    kind = RecipientKind.INDIVIDUAL if individual else RecipientKind.COLLECTIVE
    key = (movement.pk, kind)
    awarded = [pk for pk in s.facts.movement_awards.get(key, ()) if pk != s.nomination.award_id]
    nominated = [pk for pk in s.facts.movement_nominations.get(key, ()) if pk != s.nomination.pk]
    total = len(awarded) + len(nominated) + 1
    who = _("cá nhân") if individual else _("tập thể")
    label = _("Trong số %(cap)s %(who)s phong trào được khen thưởng") % {"cap": cap, "who": who}
    reason = _(
        "Phong trào đã khen thưởng %(awarded)s %(who)s, đang đề nghị %(nominated)s %(who)s khác; "
        "tính cả đề nghị này là %(total)s/%(cap)s."
    ) % {"awarded": len(awarded), "nominated": len(nominated), "who": who, "total": total, "cap": cap}
    return Criterion("movement_quota", label, MET if total <= cap else NOT_MET, reason)


# -- ad hoc (đột xuất) -------------------------------------------------------------------------------------


def _ad_hoc(s: Subject) -> list[Criterion]:
    """One exceptional act: its date, not after today, and its description."""
    label = _("Thành tích đột xuất có ngày lập thành tích và mô tả")
    act_date, summary = s.nomination.act_date, s.nomination.summary.strip()
    missing = []
    if act_date is None:
        missing.append(_("Chưa ghi ngày lập thành tích đột xuất."))
    elif act_date > cal.today():
        missing.append(_("Ngày lập thành tích %(date)s chưa đến.") % {"date": _date(act_date)})
    if not summary:
        missing.append(_("Chưa mô tả thành tích (tóm tắt thành tích)."))
    if missing:
        return [Criterion("ad_hoc_act", label, NOT_MET, " ".join(missing))]
    return [Criterion("ad_hoc_act", label, MET, _("Thành tích đột xuất ngày %(date)s.") % {"date": _date(act_date)})]


# -- the others ----------------------------------------------------------------------------------------------


def _none(s: Subject) -> list[Criterion]:
    return []


def _dedication(s: Subject) -> list[Criterion]:
    """The long-service path (quá trình cống hiến; Law 2022 Art. 44(1)(g), NĐ 152/2025 Art. 21): the leadership
    tenure of `RuleSet.dedication_head_years` / `dedication_deputy_years` (standing.py)."""
    return dedication_criteria(s)


KIND_RULES: dict[str, Callable[[Subject], list[Criterion]]] = {
    AwardKind.THEMATIC: _thematic,
    AwardKind.AD_HOC: _ad_hoc,
    AwardKind.DEDICATION: _dedication,
    AwardKind.SENIORITY: _none,
    AwardKind.FOREIGN: _none,
}


def kind_criteria(s: Subject) -> list[Criterion]:
    """The criteria of a nomination of a kind other than regular (the regular kind: `criteria.RULES`)."""
    return KIND_RULES.get(s.nomination.kind, _none)(s)
