"""The criteria of the forms for a collective (Bằng khen VKSTC, Bằng khen Thủ tướng, Huân chương Lao động hạng Ba)
and of the flags (Cờ thi đua ngành, Cờ thi đua của Chính phủ), regular kind (domain-rules §2.2, §5; Law 2022
Art. 25, 44, 73, 74; TT 02/2024/TT-VKSTC Art. 17).

How the texts are read here (the numbers are rule-set fields, the labels say them):

- Bằng khen VKSTC for a collective: `bkvkstc_collective_years` consecutive TTLĐXS up to the nomination year (the
  year itself may be nominated), as the individual chain of CSTĐCS.
- Bằng khen Thủ tướng for a collective: an earlier collective Bằng khen VKSTC, before the last
  `collective_excellent_years` years; those years all TTLĐXS; within them `collective_flags` year(s) with a flag
  (Cờ thi đua ngành or of the Government) or twice as many collective Bằng khen VKSTC.
- Huân chương Lao động hạng Ba for a collective: the same after an earlier collective Bằng khen Thủ tướng.
  UNCONFIRMED: the collective wording of Law 2022 Art. 73–74 and 44 and of the decrees is not verified in the spec
  (domain-rules §8 item 8); the rule-set fields make it editable.
- Cờ thi đua ngành: the unit's cluster or bloc proposed it at its vote (suy tôn) of that year, when the rule set puts
  the flag to that vote, and the unit reaches TTLĐXS the same year.
- Cờ thi đua của Chính phủ: chosen among the sector's leading units, so the unit holds (or is nominated for) Cờ thi
  đua ngành the same year, and TTLĐXS the same year.

Every chain counts regular awards only (no thematic or ad hoc ones), not revoked, of the collective (and of its
predecessors, as `Facts.unit_held` keys them to it).

This module sits below `criteria.py` (which dispatches to it), so the chain rule of `criteria.py` is passed in.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from awards.catalogue.enums import AwardKind
from awards.nominations.eligibility.facts import (
    BKTTG,
    BKVKSTC,
    CTDCP,
    CTDN,
    HCLD3,
    MET,
    NOT_MET,
    PENDING,
    TTLDXS,
    UNKNOWN,
    Criterion,
    Held,
    Subject,
    pending_text,
)

# `criteria._chain(s, *, code, length, criterion)`: `length` consecutive regular `code` up to the nomination year.
Chain = Callable[..., Criterion]

FLAG_CODES = (CTDN, CTDCP)


def _years_text(years) -> str:
    return ", ".join(str(year) for year in sorted(years))


def _evidence(abbr: str, helds: list[Held]) -> str:
    """ "TTLĐXS 2024, 2025 — QĐ số 12/QĐ-VKS ngày 20/12/2024; …" (as `criteria._register_evidence`)."""
    helds = sorted(helds, key=lambda held: held.year)
    return f"{abbr} {_years_text(h.year for h in helds)} — {'; '.join(h.decision for h in helds)}"


def _regular(helds: list[Held]) -> list[Held]:
    return [held for held in helds if held.in_chains]


# -- forms ---------------------------------------------------------------------------------------------------


def _bkvkstc(s: Subject, chain: Chain) -> list[Criterion]:
    return [chain(s, code=TTLDXS, length=s.rules.bkvkstc_collective_years, criterion="chain")]


def _earlier(s: Subject, code: str, years: int) -> Criterion:
    """A regular, non-revoked earlier `code` of the collective, before the last `years` years."""
    abbr = s.facts.abbr(code)
    first_year = s.year - years + 1
    prior = sorted((h for h in _regular(s.held(code)) if h.year < s.year), key=lambda h: h.year)
    old_enough = [h for h in prior if h.year < first_year]
    label = _("Đã có %(type)s, sau đó %(years)s năm trở lên") % {"type": abbr, "years": years}
    if old_enough:
        base = old_enough[-1]
        reason = _("%(type)s năm %(year)s.") % {"type": abbr, "year": base.year}
        return Criterion("earlier", label, MET, reason, [_evidence(abbr, [base])])
    if prior:
        base = prior[-1]
        reason = _("%(type)s năm %(year)s: đến năm %(now)s mới %(count)s năm, cần %(years)s.") % {
            "type": abbr,
            "year": base.year,
            "now": s.year,
            "count": s.year - base.year,
            "years": years,
        }
        return Criterion("earlier", label, NOT_MET, reason, [_evidence(abbr, [base])])
    return Criterion("earlier", label, NOT_MET, _("Chưa có %(type)s trong sổ khen thưởng.") % {"type": abbr})


def _flags_or_bkvkstc(s: Subject, years: int) -> Criterion:
    """Within the last `years` years: `collective_flags` years with a flag, or twice as many Bằng khen VKSTC."""
    need = s.rules.collective_flags
    window = range(s.year - years + 1, s.year + 1)
    bk_abbr = s.facts.abbr(BKVKSTC)
    label = _("Trong %(years)s năm đó: %(flags)s lần Cờ thi đua (ngành hoặc Chính phủ) hoặc %(bk)s lần %(type)s") % {
        "years": years,
        "flags": need,
        "bk": 2 * need,
        "type": bk_abbr,
    }

    flags = [h for code in FLAG_CODES for h in _regular(s.held(code)) if h.year in window]
    flag_years = {h.year for h in flags}
    held_flag_years = len(flag_years)
    evidence = []
    for code in FLAG_CODES:
        if mine := [h for h in flags if h.code == code]:
            evidence.append(_evidence(s.facts.abbr(code), mine))
    if s.year not in flag_years:
        for code in FLAG_CODES:
            found = s.nominated(code)
            if found and found[2] == AwardKind.REGULAR:
                flag_years.add(s.year)
                evidence.append(pending_text(s.facts.abbr(code), s.year, found[1]))
                break
    bks = [h for h in _regular(s.held(BKVKSTC)) if h.year in window]
    if bks:
        evidence.append(_evidence(bk_abbr, bks))
    reason = _("%(flags)s năm có Cờ thi đua, %(bk)s lần %(type)s trong các năm %(start)s–%(end)s.") % {
        "flags": len(flag_years),
        "bk": len(bks),
        "type": bk_abbr,
        "start": window[0],
        "end": s.year,
    }
    if held_flag_years >= need or len(bks) >= 2 * need:
        status = MET
    elif len(flag_years) >= need:
        # Reached only with the flag nominated the same round: met once it is decided.
        status = PENDING
    else:
        status = NOT_MET
    return Criterion("flags", label, status, reason, evidence)


def _after_earlier(s: Subject, chain: Chain, *, earlier: str) -> list[Criterion]:
    years = s.rules.collective_excellent_years
    return [
        _earlier(s, earlier, years),
        chain(s, code=TTLDXS, length=years, criterion="chain"),
        _flags_or_bkvkstc(s, years),
    ]


def _bkttg(s: Subject, chain: Chain) -> list[Criterion]:
    return _after_earlier(s, chain, earlier=BKVKSTC)


def _hcld3(s: Subject, chain: Chain) -> list[Criterion]:
    return _after_earlier(s, chain, earlier=BKTTG)


# -- flags ---------------------------------------------------------------------------------------------------


def _same_year(s: Subject, code: str, criterion: str) -> Criterion:
    """The collective holds `code` the nomination year (not revoked), or is nominated for it that year."""
    abbr = s.facts.abbr(code)
    label = _("Đạt %(type)s cùng năm") % {"type": abbr}
    held = [h for h in s.held(code) if h.year == s.year and h.revoked_on is None]
    if held:
        return Criterion(criterion, label, MET, _("Trong sổ khen thưởng."), [_evidence(abbr, held[:1])])
    nominated = s.nominated(code)
    if nominated:
        # Not met yet: decided before the flag or with it (the register refuses the reverse).
        reason = _("%(type)s năm %(year)s được đề nghị cùng đợt, chờ quyết định.") % {"type": abbr, "year": s.year}
        return Criterion(criterion, label, PENDING, reason, [pending_text(abbr, s.year, nominated[1])])
    reason = _("Không có %(type)s năm %(year)s trong sổ khen thưởng, cũng không có đề nghị %(type)s năm đó.") % {
        "type": abbr,
        "year": s.year,
    }
    return Criterion(criterion, label, NOT_MET, reason)


def _flag_vote(s: Subject) -> Criterion:
    """The unit's cluster or bloc proposed it for the flag at its vote of the year (emulation.FlagVote)."""
    label = _("Được Cụm, Khối thi đua suy tôn đề nghị tặng %(type)s năm %(year)s") % {
        "type": s.award_type.abbreviation,
        "year": s.year,
    }
    votes = [vote for vote in s.facts.flag_votes.get((s.nomination.unit_id, s.year), ()) if vote.code == s.code]
    evidence = [str(vote) for vote in votes]
    if any(vote.proposed for vote in votes):
        return Criterion("flag_vote", label, MET, _("Đạt tỷ lệ đồng ý để đề nghị."), evidence)
    if votes:
        reason = _("Không đạt tỷ lệ đồng ý từ %(percent)s%% số đơn vị thành viên.") % {
            "percent": votes[0].threshold_percent
        }
        return Criterion("flag_vote", label, NOT_MET, reason, evidence)
    reason = _("Chưa ghi kết quả suy tôn của Cụm, Khối thi đua năm %(year)s.") % {"year": s.year}
    return Criterion("flag_vote", label, UNKNOWN, reason)


def _ctdn(s: Subject, chain: Chain) -> list[Criterion]:
    criteria = [_flag_vote(s)] if s.code in s.rules.flag_vote_code_set else []
    return [*criteria, _same_year(s, TTLDXS, "ttldxs_same_year")]


def _ctdcp(s: Subject, chain: Chain) -> list[Criterion]:
    return [_same_year(s, CTDN, "ctdn_same_year"), _same_year(s, TTLDXS, "ttldxs_same_year")]


RULES: dict[str, Callable[[Subject, Chain], list[Criterion]]] = {
    BKVKSTC: _bkvkstc,
    BKTTG: _bkttg,
    HCLD3: _hcld3,
    CTDN: _ctdn,
    CTDCP: _ctdcp,
}


def collective_criteria(s: Subject, *, chain: Chain) -> list[Criterion]:
    """The criteria of a collective's regular nomination for a form or flag of `RULES` (none for another type)."""
    rule = RULES.get(s.code)
    return [] if rule is None else rule(s, chain)
