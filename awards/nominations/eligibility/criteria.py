"""The criteria of each title and form, read from the rule set of the nomination's year."""

import dataclasses
from collections.abc import Iterable

from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind, Category, Frequency, RecipientKind
from awards.catalogue.models import AwardType
from awards.catalogue.thresholds import reaches
from awards.nominations.eligibility.collective import RULES as COLLECTIVE_RULES
from awards.nominations.eligibility.collective import collective_criteria
from awards.nominations.eligibility.facts import (
    BKTTG,
    BKVKSTC,
    CSTDCS,
    CSTDN,
    CSTDTQ,
    DONE_RATINGS,
    GOOD_RATINGS,
    HCLD3,
    KNC,
    LDTT,
    LEVEL_RANK,
    MET,
    NOT_MET,
    PENDING,
    TTLDTT,
    TTLDXS,
    UNKNOWN,
    Check,
    Criterion,
    Facts,
    Held,
    Subject,
    pending_text,
)
from awards.nominations.eligibility.kinds import kind_criteria
from awards.nominations.eligibility.standing import standing_criteria
from awards.register.enums import Discipline, TaskRating
from awards.register.selectors import consecutive_years
from emulation.enums import InitiativeLevel
from units.models import Unit


def _years_text(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def _register_evidence(abbr: str, helds: list[Held]) -> str:
    """ "CSTĐCS 2022, 2023 — QĐ số 216/QĐ-VKS ngày 20/12/2022; QĐ số 230/QĐ-VKS ngày 20/12/2023" """
    helds = sorted(helds, key=lambda held: held.year)
    return f"{abbr} {_years_text(h.year for h in helds)} — {'; '.join(h.decision for h in helds)}"


def _why_not(abbr: str, year: int, helds: list[Held]) -> str:
    """Why `year` does not count in a chain of `abbr`: missing, revoked, or not a regular award."""
    for held in helds:
        if held.year != year:
            continue
        if held.revoked_on is not None:
            return _("%(type)s %(year)s (%(decision)s) đã bị hủy.") % {
                "type": abbr,
                "year": year,
                "decision": held.decision,
            }
        if held.kind != AwardKind.REGULAR:
            return _("%(type)s %(year)s là khen thưởng %(kind)s, không tính vào chuỗi.") % {
                "type": abbr,
                "year": year,
                "kind": str(AwardKind(held.kind).label).lower(),
            }
    return _("Năm %(year)s không có %(type)s.") % {"type": abbr, "year": year}


# -- criteria ----------------------------------------------------------------------------------------------


def _registration(s: Subject) -> Criterion:
    key = (
        ("p", s.person_id, s.award_type.pk, s.year)
        if s.person_id
        else ("u", s.nomination.unit_id, s.award_type.pk, s.year)
    )
    ok = key in s.facts.registered
    return Criterion(
        code="registered",
        label=_("Đăng ký thi đua danh hiệu trong năm"),
        status=MET if ok else NOT_MET,
        reason=""
        if ok
        else _("Không có đăng ký %(type)s năm %(year)s.") % {"type": s.award_type.abbreviation, "year": s.year},
    )


def _not_yet_granted(s: Subject) -> Criterion | None:
    """Once-only types: never granted before (not revoked). Annual types: not already granted that year."""
    frequency = s.award_type.frequency
    if frequency == Frequency.ANY_TIME:
        return None
    helds = s.facts.held if s.person_id else s.facts.unit_held
    granted = [
        held
        for held in helds.get(s.person_id or s.nomination.unit_id, ())
        if held.code == s.code
        and held.revoked_on is None
        and held.pk != s.nomination.award_id
        and (frequency == Frequency.ONCE or held.year == s.year)
    ]
    if frequency == Frequency.ANNUAL and not granted:
        return None
    label = _("Chưa được tặng (chỉ tặng một lần)") if frequency == Frequency.ONCE else _("Chưa được tặng trong năm")
    if not granted:
        return Criterion(code="not_granted", label=label, status=MET)
    held = granted[0]
    return Criterion(
        code="not_granted",
        label=label,
        status=NOT_MET,
        reason=_("Đã được tặng %(type)s năm %(year)s theo %(decision)s.")
        % {"type": s.award_type.abbreviation, "year": held.year, "decision": held.decision},
        evidence=[_register_evidence(s.award_type.abbreviation, [held])],
    )


def _ldtt(s: Subject) -> list[Criterion]:
    """The LĐTT standard as far as data say (TT 02/2024 Art. 15): service, absence, discipline, rating."""
    rules = s.rules
    person_year = s.facts.person_years.get((s.person_id, s.year))
    if person_year is None:
        return [
            Criterion(
                code="ldtt_facts",
                label=_("Đánh giá năm của cán bộ"),
                status=UNKNOWN,
                reason=_(
                    "Chưa có dữ liệu đánh giá năm %(year)s của cán bộ "
                    "(xếp loại, thời gian công tác, nghỉ việc, kỷ luật)."
                )
                % {"year": s.year},
            )
        ]
    missing = _("Chưa có dữ liệu %(what)s năm %(year)s.")
    criteria = []

    label = _("Công tác từ %(months)s tháng trở lên trong năm") % {"months": rules.ldtt_min_service_months}
    if person_year.service_months is None:
        criteria.append(
            Criterion("ldtt_service", label, UNKNOWN, missing % {"what": _("số tháng công tác"), "year": s.year})
        )
    else:
        ok = person_year.service_months >= rules.ldtt_min_service_months
        criteria.append(
            Criterion(
                "ldtt_service",
                label,
                MET if ok else NOT_MET,
                _("Công tác %(months)s tháng.") % {"months": person_year.service_months},
            )
        )

    label = _("Không nghỉ việc từ %(months)s tháng trở lên") % {"months": rules.ldtt_absence_months}
    if person_year.absence_months is None:
        criteria.append(
            Criterion("ldtt_absence", label, UNKNOWN, missing % {"what": _("số tháng nghỉ việc"), "year": s.year})
        )
    elif person_year.absence_months < rules.ldtt_absence_months:
        criteria.append(
            Criterion("ldtt_absence", label, MET, _("Nghỉ %(months)s tháng.") % {"months": person_year.absence_months})
        )
    elif person_year.absence_excused:
        criteria.append(
            Criterion(
                "ldtt_absence",
                label,
                MET,
                _("Nghỉ %(months)s tháng, thuộc trường hợp được tính (thai sản, tai nạn khi làm nhiệm vụ…).")
                % {"months": person_year.absence_months},
            )
        )
    else:
        criteria.append(
            Criterion(
                "ldtt_absence", label, NOT_MET, _("Nghỉ %(months)s tháng.") % {"months": person_year.absence_months}
            )
        )

    label = _("Không bị kỷ luật từ khiển trách trở lên")
    if not person_year.discipline:
        criteria.append(Criterion("ldtt_discipline", label, UNKNOWN, missing % {"what": _("kỷ luật"), "year": s.year}))
    elif person_year.discipline == Discipline.NONE:
        criteria.append(Criterion("ldtt_discipline", label, MET))
    else:
        criteria.append(
            Criterion(
                "ldtt_discipline",
                label,
                NOT_MET,
                _("Bị kỷ luật %(level)s năm %(year)s.")
                % {"level": str(Discipline(person_year.discipline).label).lower(), "year": s.year},
            )
        )

    label = _("Hoàn thành tốt nhiệm vụ trở lên")
    if not person_year.rating:
        criteria.append(Criterion("ldtt_rating", label, UNKNOWN, missing % {"what": _("xếp loại"), "year": s.year}))
    else:
        ok = person_year.rating in GOOD_RATINGS
        criteria.append(
            Criterion("ldtt_rating", label, MET if ok else NOT_MET, str(TaskRating(person_year.rating).label) + ".")
        )
    return criteria


def _ldtt_same_year(s: Subject) -> Criterion:
    label = _("Đạt LĐTT cùng năm")
    abbr = s.facts.abbr(LDTT)
    held = [held for held in s.held(LDTT) if held.year == s.year and held.revoked_on is None]
    if held:
        return Criterion("ldtt_same_year", label, MET, _("Trong sổ khen thưởng."), [_register_evidence(abbr, held[:1])])
    nominated = s.nominated(LDTT)
    if nominated:
        # Not met yet: the LĐTT is decided before the CSTĐCS or with it (the register refuses the reverse).
        return Criterion(
            "ldtt_same_year",
            label,
            PENDING,
            _("LĐTT năm %(year)s được đề nghị cùng đợt, chờ quyết định: CSTĐCS chỉ được quyết định cùng hoặc sau LĐTT.")
            % {"year": s.year},
            [pending_text(abbr, s.year, nominated[1])],
        )
    return Criterion(
        "ldtt_same_year",
        label,
        NOT_MET,
        _("Không có LĐTT năm %(year)s trong sổ khen thưởng, cũng không có đề nghị LĐTT năm đó.") % {"year": s.year},
    )


def _initiative(s: Subject, *, min_level: str, count: int = 1, code: str = "initiative") -> Criterion:
    """`count` recognised initiatives of the person, of `min_level` or higher, not used for another title."""
    level = str(InitiativeLevel(min_level).label).lower()
    label = (
        _("Sáng kiến %(level)s trở lên được công nhận, chưa dùng cho danh hiệu khác") % {"level": level}
        if count == 1
        else _("%(count)s sáng kiến %(level)s trở lên được công nhận, chưa dùng cho danh hiệu khác")
        % {"count": count, "level": level}
    )
    eligible = [
        fact
        for fact in s.facts.initiatives.get(s.person_id, ())
        if LEVEL_RANK[fact.level] >= LEVEL_RANK[min_level] and fact.year <= s.year
    ]
    mine = (s.code, s.year)
    free = sorted(
        (fact for fact in eligible if fact.used_for in (None, mine)),
        # One already used for this title first, then the lowest level that suffices, oldest first.
        key=lambda fact: (fact.used_for is None, LEVEL_RANK[fact.level], fact.year, fact.pk),
    )
    used = [fact for fact in eligible if fact.used_for not in (None, mine)]
    used_notes = [
        _("“%(title)s” đã dùng cho %(type)s năm %(year)s.")
        % {"title": fact.title, "type": s.facts.abbr(fact.used_for[0]), "year": fact.used_for[1]}
        for fact in used
    ]
    if len(free) >= count:
        return Criterion(code, label, MET, "", [str(fact) for fact in free[:count]])
    if not eligible:
        reason = _("Không có sáng kiến %(level)s trở lên được công nhận đến năm %(year)s.") % {
            "level": level,
            "year": s.year,
        }
    else:
        reason = _("Có %(free)s sáng kiến chưa dùng, cần %(count)s.") % {"free": len(free), "count": count}
    return Criterion(code, label, NOT_MET, " ".join([reason, *used_notes]), [str(fact) for fact in free])


def _since_last(s: Subject) -> int:
    """The year of the last award of the nominated type before this one: chain years up to it are spent."""
    years = [held.year for held in s.held(s.code) if held.revoked_on is None and held.year < s.year]
    return max(years, default=0)


def _last_discipline(s: Subject) -> int:
    """The last year up to the nomination's with a discipline recorded: achievements count only after it
    (domain-rules §2.1; the end of the discipline period is not recorded, the year is)."""
    return max((year for year in s.facts.disciplined.get(s.person_id, ()) if year <= s.year), default=0)


def _chain(s: Subject, *, code: str, length: int, criterion: str) -> Criterion:
    """`length` consecutive regular `code` titles ending in the nomination year; that year may be nominated."""
    abbr = s.facts.abbr(code)
    label = _("%(count)s năm %(type)s liên tục đến năm %(year)s") % {"count": length, "type": abbr, "year": s.year}
    spent, disciplined = _since_last(s), _last_discipline(s)
    since = max(spent, disciplined)
    held = {year: h for year, h in s.chain_years(code).items() if year > since}
    years = set(held)
    nominated = None
    if s.year not in held and (nominated := s.nominated(code)) and nominated[2] == AwardKind.REGULAR:
        years.add(s.year)
    else:
        nominated = None
    count = consecutive_years(years, s.year)
    window = range(s.year - min(count, length) + 1, s.year + 1)
    evidence = []
    if any(year in held for year in window):
        evidence.append(_register_evidence(abbr, [held[year] for year in window if year in held]))
    if nominated:
        evidence.append(pending_text(abbr, s.year, nominated[1]))
    if count >= length:
        reason = _("%(type)s %(start)s–%(end)s.") % {"type": abbr, "start": window[0], "end": s.year}
        if nominated:
            reason += " " + _("Năm %(year)s được đề nghị cùng đợt, chờ quyết định.") % {"year": s.year}
            return Criterion(criterion, label, PENDING, reason, evidence)
        reason += " " + _("Tất cả trong sổ khen thưởng.")
        return Criterion(criterion, label, MET, reason, evidence)
    reason = _("Có %(count)s năm %(type)s liên tục đến năm %(year)s, cần %(need)s.") % {
        "count": count,
        "type": abbr,
        "year": s.year,
        "need": length,
    }
    gap = s.year - count
    if disciplined and gap <= disciplined and disciplined >= spent:
        reason += " " + _("Bị kỷ luật năm %(year)s: chuỗi tính lại từ năm sau.") % {"year": disciplined}
    elif spent and gap <= spent:
        reason += " " + _("Các năm đến %(year)s đã tính cho %(type)s năm %(year)s.") % {
            "year": spent,
            "type": s.award_type.abbreviation,
        }
    else:
        reason += " " + _why_not(abbr, gap, s.held(code))
    return Criterion(criterion, label, NOT_MET, reason, evidence)


def _cstdcs(s: Subject) -> list[Criterion]:
    return [_ldtt_same_year(s)]


def _cstdn(s: Subject) -> list[Criterion]:
    return [_chain(s, code=CSTDCS, length=s.rules.cstdn_chain_years, criterion="chain")]


def _cstdn_chain(s: Subject) -> Criterion:
    """Consecutive CSTĐ ngành: each at most `cstdn_chain_years` after the one before, the last in year N."""
    abbr, need, step = s.facts.abbr(CSTDN), s.rules.cstdtq_chain_years, s.rules.cstdn_chain_years
    label = _("%(count)s lần %(type)s liên tục, lần cuối năm %(year)s") % {"count": need, "type": abbr, "year": s.year}
    since = _since_last(s)
    held = {year: h for year, h in s.chain_years(CSTDN).items() if since < year <= s.year}
    nominated = None if s.year in held else s.nominated(CSTDN)
    years = sorted({*held, *([s.year] if nominated else [])}, reverse=True)
    run = []
    if years and years[0] == s.year:
        run = [years[0]]
        for year in years[1:]:
            if run[-1] - year > step:
                break
            run.append(year)
    evidence = []
    if any(year in held for year in run):
        evidence.append(_register_evidence(abbr, [held[year] for year in run if year in held]))
    if nominated:
        evidence.append(pending_text(abbr, s.year, nominated[1]))
    if len(run) >= need:
        reason = _("%(type)s các năm %(years)s.") % {"type": abbr, "years": _years_text(run)}
        if nominated:
            reason += " " + _("Năm %(year)s được đề nghị cùng đợt, chờ quyết định.") % {"year": s.year}
            return Criterion("chain", label, PENDING, reason, evidence)
        return Criterion("chain", label, MET, reason, evidence)
    reason = _("Có %(count)s lần %(type)s liên tục đến năm %(year)s, cần %(need)s.") % {
        "count": len(run),
        "type": abbr,
        "year": s.year,
        "need": need,
    }
    return Criterion("chain", label, NOT_MET, reason, evidence)


def _cstdtq(s: Subject) -> list[Criterion]:
    return [_cstdn_chain(s)]


def _excellent_years(s: Subject, years: range) -> Criterion:
    label = _("%(count)s năm liên tục hoàn thành xuất sắc nhiệm vụ") % {"count": len(years)}
    ratings = {year: s.rating(year) for year in years}
    below = [year for year, rating in ratings.items() if rating and rating != TaskRating.EXCELLENT]
    missing = [year for year, rating in ratings.items() if not rating]
    if below:
        return Criterion(
            "excellent_years",
            label,
            NOT_MET,
            "; ".join(f"{year}: {TaskRating(ratings[year]).label}" for year in below) + ".",
        )
    if missing:
        return Criterion(
            "excellent_years",
            label,
            UNKNOWN,
            _("Chưa có dữ liệu xếp loại năm %(years)s.") % {"years": _years_text(missing)},
        )
    return Criterion(
        "excellent_years",
        label,
        MET,
        _("Hoàn thành xuất sắc nhiệm vụ các năm %(years)s.") % {"years": _years_text(years)},
    )


def _bkvkstc(s: Subject) -> list[Criterion]:
    """Two consecutive CSTĐCS, or two years of excellent completion with further unused initiatives."""
    if s.nomination.recipient_kind == RecipientKind.COLLECTIVE or not s.person_id:
        return []
    rules = s.rules
    chain = _chain(s, code=CSTDCS, length=rules.bkvkstc_chain_years, criterion="bkvkstc")
    label = _("%(chain)s CSTĐCS liên tục, hoặc %(years)s năm hoàn thành xuất sắc nhiệm vụ và %(count)s sáng kiến") % {
        "chain": rules.bkvkstc_chain_years,
        "years": rules.bkvkstc_alt_years,
        "count": rules.bkvkstc_alt_initiatives,
    }
    if chain.status == MET:
        return [dataclasses.replace(chain, label=label)]
    excellent = _excellent_years(s, range(s.year - rules.bkvkstc_alt_years + 1, s.year + 1))
    initiatives = _initiative(s, min_level=InitiativeLevel.GRASSROOTS, count=rules.bkvkstc_alt_initiatives)
    if excellent.status == MET and initiatives.status == MET:
        status = MET
    elif chain.status == PENDING:
        # The chain ends in a CSTĐCS of the same round: met once it is decided.
        return [dataclasses.replace(chain, label=label)]
    elif UNKNOWN in (excellent.status, initiatives.status) and NOT_MET not in (excellent.status, initiatives.status):
        status = UNKNOWN
    else:
        status = NOT_MET
    reason = " ".join(
        [
            chain.reason,
            _("Phương án khác:"),
            excellent.reason,
            initiatives.reason or _("Đủ sáng kiến."),
        ]
    )
    return [Criterion("bkvkstc", label, status, reason, [*chain.evidence, *initiatives.evidence])]


def _after_earlier(s: Subject, *, earlier: str, years: int, cstdcs: int) -> list[Criterion]:
    """An earlier `earlier` award at least `years` years back; the last `years` years rated good or better;
    `cstdcs` CSTĐCS in the years since the earlier award (the nomination year may be nominated)."""
    abbr = s.facts.abbr(earlier)
    first_year = s.year - years + 1
    # A thematic or ad hoc award is no basis for a higher regular one (NĐ 98/2023 and NĐ 152/2025 Art. 4).
    prior = sorted((h for h in s.held(earlier) if h.in_chains and h.year < s.year), key=lambda h: h.year)
    old_enough = [h for h in prior if h.year < first_year]
    label = _("Đã có %(type)s, sau đó %(years)s năm trở lên") % {"type": abbr, "years": years}
    if old_enough:
        base = old_enough[-1]
        earlier_criterion = Criterion(
            "earlier",
            label,
            MET,
            _("%(type)s năm %(year)s.") % {"type": abbr, "year": base.year},
            [_register_evidence(abbr, [base])],
        )
    elif prior:
        base = prior[-1]
        earlier_criterion = Criterion(
            "earlier",
            label,
            NOT_MET,
            _("%(type)s năm %(year)s: đến năm %(now)s mới %(count)s năm, cần %(years)s.")
            % {"type": abbr, "year": base.year, "now": s.year, "count": s.year - base.year, "years": years},
            [_register_evidence(abbr, [base])],
        )
    else:
        base = None
        earlier_criterion = Criterion(
            "earlier", label, NOT_MET, _("Chưa có %(type)s trong sổ khen thưởng.") % {"type": abbr}
        )

    window = range(first_year, s.year + 1)
    ratings = {year: s.rating(year) for year in window}
    below = [year for year in window if ratings[year] and ratings[year] not in GOOD_RATINGS]
    missing = [year for year in window if not ratings[year]]
    label = _("%(years)s năm liên tục hoàn thành tốt nhiệm vụ trở lên (%(start)s–%(end)s)") % {
        "years": years,
        "start": first_year,
        "end": s.year,
    }
    if below:
        rating_criterion = Criterion(
            "good_years",
            label,
            NOT_MET,
            "; ".join(f"{year}: {TaskRating(ratings[year]).label}" for year in below) + ".",
        )
    elif missing:
        rating_criterion = Criterion(
            "good_years", label, UNKNOWN, _("Chưa có dữ liệu xếp loại năm %(years)s.") % {"years": _years_text(missing)}
        )
    else:
        rating_criterion = Criterion("good_years", label, MET)

    start = base.year + 1 if base else first_year
    cstdcs_abbr = s.facts.abbr(CSTDCS)
    held = [h for year, h in s.chain_years(CSTDCS).items() if start <= year <= s.year]
    nominated = None if any(h.year == s.year for h in held) else s.nominated(CSTDCS)
    count = len(held) + (1 if nominated else 0)
    evidence = [_register_evidence(cstdcs_abbr, held)] if held else []
    if nominated:
        evidence.append(pending_text(cstdcs_abbr, s.year, nominated[1]))
    label = _("%(count)s lần CSTĐCS trong thời gian đó") % {"count": cstdcs}
    reason = _("%(count)s lần CSTĐCS từ năm %(start)s đến năm %(end)s.") % {
        "count": count,
        "start": start,
        "end": s.year,
    }
    if len(held) >= cstdcs:
        status = MET
    elif count >= cstdcs:
        status = PENDING
        reason += " " + _("Năm %(year)s được đề nghị cùng đợt, chờ quyết định.") % {"year": s.year}
    else:
        status = NOT_MET
    cstdcs_criterion = Criterion("cstdcs_count", label, status, reason, evidence)
    return [earlier_criterion, rating_criterion, cstdcs_criterion]


def _bkttg(s: Subject) -> list[Criterion]:
    if not s.person_id:
        return []
    return _after_earlier(s, earlier=BKVKSTC, years=s.rules.bkttg_years, cstdcs=s.rules.bkttg_cstdcs)


def _hcld3(s: Subject) -> list[Criterion]:
    if not s.person_id:
        return []
    return _after_earlier(s, earlier=BKTTG, years=s.rules.hcld3_years, cstdcs=s.rules.hcld3_cstdcs)


def _knc(s: Subject) -> list[Criterion]:
    need = s.rules.knc_service_years
    label = _("Công tác trong ngành Kiểm sát từ %(years)s năm trở lên") % {"years": need}
    start = s.facts.service_start.get(s.person_id)
    if start is None:
        return [Criterion("service_years", label, UNKNOWN, _("Chưa có dữ liệu ngày bắt đầu công tác trong ngành."))]
    end = cal.work_year_end(s.year)
    served = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return [
        Criterion(
            "service_years",
            label,
            MET if served >= need else NOT_MET,
            _("Công tác từ ngày %(start)s: %(served)s năm đến ngày %(end)s.")
            % {"start": start.strftime("%d/%m/%Y"), "served": served, "end": end.strftime("%d/%m/%Y")},
        )
    ]


def _share(count: int, total: int) -> str:
    return _("%(count)s/%(total)s thành viên đạt LĐTT (%(percent)s%%)") % {
        "count": count,
        "total": total,
        "percent": round(100 * count / total),
    }


def _members_ldtt(s: Subject) -> tuple[list[int], list[int], list[str]]:
    """The members, those with LĐTT of the year (register or nominated), and the evidence."""
    members = s.facts.members.get(s.nomination.unit_id, [])
    titles = s.facts.member_titles
    ldtt = [pk for pk in members if (pk, LDTT, s.year) in titles]
    nominated = _nominated_members(s, ldtt, LDTT)
    evidence = [
        _("LĐTT năm %(year)s: %(held)s trong sổ khen thưởng, %(nominated)s đề nghị cùng đợt, chờ quyết định.")
        % {"year": s.year, "held": len(ldtt) - nominated, "nominated": nominated}
    ]
    return members, ldtt, evidence


def _nominated_members(s: Subject, holders: list[int], code: str) -> int:
    """How many of `holders` have the year's `code` only by a nomination not yet decided."""
    return sum(1 for pk in holders if s.facts.member_titles[pk, code, s.year] == "nominated")


def _share_status(reached: bool, reached_in_register: bool) -> str:
    """Met by the register alone; pending when the members' nominations of the same round are needed."""
    if reached_in_register:
        return MET
    return PENDING if reached else NOT_MET


def _no_members(code: str, label: str) -> Criterion:
    return Criterion(code, label, UNKNOWN, _("Chưa có dữ liệu cán bộ của đơn vị."))


def _ttldtt(s: Subject) -> list[Criterion]:
    percent = s.rules.ttldtt_ldtt_percent
    label = _("Trên %(percent)s%% thành viên đạt LĐTT") % {"percent": percent}
    members, ldtt, evidence = _members_ldtt(s)
    if not members:
        return [_no_members("members_ldtt", label)]
    held = len(ldtt) - _nominated_members(s, ldtt, LDTT)
    status = _share_status(
        reaches(len(ldtt), len(members), percent, strict=True), reaches(held, len(members), percent, strict=True)
    )
    return [Criterion("members_ldtt", label, status, _share(len(ldtt), len(members)) + ".", evidence)]


def _ttldxs(s: Subject) -> list[Criterion]:
    rules = s.rules
    label = _("Từ %(percent)s%% thành viên đạt LĐTT") % {"percent": rules.ttldxs_ldtt_percent}
    members, ldtt, evidence = _members_ldtt(s)
    if not members:
        return [_no_members("members_ldtt", label)]
    held = len(ldtt) - _nominated_members(s, ldtt, LDTT)
    status = _share_status(
        reaches(len(ldtt), len(members), rules.ttldxs_ldtt_percent),
        reaches(held, len(members), rules.ttldxs_ldtt_percent),
    )
    criteria = [Criterion("members_ldtt", label, status, _share(len(ldtt), len(members)) + ".", evidence)]

    cstdcs = [pk for pk in members if (pk, CSTDCS, s.year) in s.facts.member_titles]
    label = _("Có ít nhất %(count)s thành viên đạt CSTĐCS") % {"count": rules.ttldxs_cstdcs_minimum}
    names = ", ".join(s.facts.member_names[pk] for pk in cstdcs[:5]) + ("…" if len(cstdcs) > 5 else "")
    criteria.append(
        Criterion(
            "members_cstdcs",
            label,
            _share_status(
                len(cstdcs) >= rules.ttldxs_cstdcs_minimum,
                len(cstdcs) - _nominated_members(s, cstdcs, CSTDCS) >= rules.ttldxs_cstdcs_minimum,
            ),
            _("%(count)s thành viên đạt CSTĐCS năm %(year)s.") % {"count": len(cstdcs), "year": s.year},
            [names] if names else [],
        )
    )

    label = _("100%% thành viên hoàn thành nhiệm vụ trở lên")
    ratings = {pk: s.facts.member_ratings.get((pk, s.year)) or None for pk in members}
    below = [pk for pk, rating in ratings.items() if rating and rating not in DONE_RATINGS]
    missing = [pk for pk, rating in ratings.items() if not rating]
    if below:
        status = NOT_MET
        reason = _("%(count)s thành viên không hoàn thành nhiệm vụ: %(names)s.") % {
            "count": len(below),
            "names": ", ".join(s.facts.member_names[pk] for pk in below[:5]) + ("…" if len(below) > 5 else ""),
        }
    elif missing:
        status = UNKNOWN
        reason = _("Chưa có dữ liệu xếp loại năm %(year)s của %(count)s/%(total)s thành viên.") % {
            "year": s.year,
            "count": len(missing),
            "total": len(members),
        }
    else:
        status, reason = MET, _("%(total)s/%(total)s thành viên hoàn thành nhiệm vụ trở lên.") % {"total": len(members)}
    criteria.append(Criterion("members_done", label, status, reason))
    return criteria


# The level the initiative of each title that needs one must reach (Law 2022 Art. 21–23).
INITIATIVE_LEVEL = {
    CSTDCS: InitiativeLevel.GRASSROOTS,
    CSTDN: InitiativeLevel.SECTOR,
    CSTDTQ: InitiativeLevel.NATIONAL,
}

RULES = {
    LDTT: _ldtt,
    CSTDCS: _cstdcs,
    CSTDN: _cstdn,
    CSTDTQ: _cstdtq,
    BKVKSTC: _bkvkstc,
    BKTTG: _bkttg,
    HCLD3: _hcld3,
    KNC: _knc,
    TTLDTT: _ttldtt,
    TTLDXS: _ttldxs,
}


def _criteria(s: Subject) -> list[Criterion]:
    nomination, award_type = s.nomination, s.award_type
    kind = RecipientKind.INDIVIDUAL if nomination.person_id else RecipientKind.COLLECTIVE
    if not award_type.allows(kind):
        return [Criterion(code="recipient", label=_("Đối tượng được khen"), status=NOT_MET)]
    criteria = []
    regular = nomination.kind == AwardKind.REGULAR
    # Registration (đăng ký thi đua) is a basis of the titles of the regular review only (domain-rules §2.3).
    if award_type.category == Category.TITLE and regular:
        criteria.append(_registration(s))
    granted = _not_yet_granted(s)
    if granted is not None:
        criteria.append(granted)
    criteria.extend(_standard(s))
    # The seeds' practice, whatever the kind: a unit with an incident and its head are out of the year's titles; a
    # head's title is capped by his unit's result (standing.py).
    criteria.extend(standing_criteria(s))
    # The titles whose standard names an initiative in this rule set: the dossier asks its certificate of the same
    # (awards.catalogue.dossier).
    if regular and award_type.code in s.rules.initiative_code_set:
        criteria.append(_initiative(s, min_level=INITIATIVE_LEVEL[award_type.code]))
    return criteria


def _standard(s: Subject) -> list[Criterion]:
    """The standard for the nomination's kind (domain-rules §1.3): the regular one of the title or form (`RULES`;
    a collective's forms and flags: `collective.RULES`), or the kind's own, with no chain (`kinds`: thematic, ad
    hoc, dedication, seniority, foreign)."""
    if s.nomination.kind != AwardKind.REGULAR:
        return kind_criteria(s)
    if not s.person_id and s.code in COLLECTIVE_RULES:
        # collective.py sits below this module (no import cycle): the chain rule is passed in.
        return collective_criteria(s, chain=_chain)
    rule = RULES.get(s.code)
    return rule(s) if rule is not None else []


def evaluate(nominations: Iterable) -> dict[int, Check]:
    """The check of each nomination (by id). Nominations need `award_type_id`, `person_id`/`unit` and `year`;
    nothing is read from them lazily."""
    nominations = list(nominations)
    if not nominations:
        return {}
    return {nomination.pk: check for nomination, check in _evaluate(nominations)}


def _evaluate(nominations: list) -> list[tuple]:
    """(nomination, check) pairs, with the facts of all of them loaded once."""
    types = AwardType.objects.in_bulk()
    unit_ids = {n.unit_id for n in nominations if n.unit_id}
    facts = Facts(
        types=types,
        person_ids={n.person_id for n in nominations if n.person_id},
        units=list(Unit.objects.filter(pk__in=unit_ids)) if unit_ids else [],
        years={n.year for n in nominations},
        codes={types[n.award_type_id].code for n in nominations},
        service=any(types[n.award_type_id].code == KNC for n in nominations),
        collective=any(n.unit_id and types[n.award_type_id].code in COLLECTIVE_RULES for n in nominations),
        movements={n.movement_id for n in nominations if n.kind == AwardKind.THEMATIC and n.movement_id},
    )
    result = []
    for nomination in nominations:
        subject = Subject(
            nomination=nomination,
            award_type=types[nomination.award_type_id],
            rules=facts.ruleset(nomination.year),
            facts=facts,
        )
        result.append((nomination, Check(criteria=_criteria(subject))))
    return result
