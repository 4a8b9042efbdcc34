"""Demo award history: five achievement years of the demo procuracies, planned in memory and written in bulk.

Called by `seed_demo` after the units and staff of `units.demo`. The years are fixed (the five work years before
the staff's REFERENCE_DATE, 2021–2025) so that the register does not drift with the clock, like the staff; every
draw comes from `random.Random` instances seeded with constants, visiting staff and units in code order, so every
run plans the same awards. A procuracy that already has awards in the register is left alone, and decisions are
matched on issuer + number + year, so a second run writes nothing.

The proportions follow the practice reported in domain-rules §1 (An Giang 2023: 226 LĐTT, 32 CSTĐCS, 20 TTLĐTT,
7 TTLĐXS) and the quotas of the rule set in force for each year: about nine staff in ten LĐTT; CSTĐCS within the
quota of each unit that proposes (a phòng, a khu vực or former district procuracy, the leadership), taken among
its LĐTT and mostly among last year's, so that chains of two to five years appear; CSTĐ ngành and Bằng khen VKSTC
for some of the 3- and 2-year chains; TTLĐTT for most units and TTLĐXS within its quota.

Staff are placed in the unit of their unit history at the end of each work year. At nation scale the khu vực
staff's history starts at the 2025 reform (their district years are not in the data set, see units.demo): their
earlier awards are recorded against their first known unit, an anachronism that is harmless for benchmarks.

Signers of the procuracies' decisions are their demo Viện trưởng and Phó Viện trưởng; those of VKSTC and of the
Government are invented names (the same at both scales), not the real office holders.

Every decision has the issuer that may confer its awards (`awards.register.issuers`): a province decides the titles
of its staff and units, VKSTC those of the province's own leaders (a leader never confers on himself) and its own
forms, the Prime Minister (body TTG) his Bằng khen; a few Bằng khen come from bodies outside the sector (Tổng Liên
đoàn Lao động, Hội Luật gia: two decisions of the same number in one year, each body numbering its own documents) and
from the province's People's Committee (a body created here for each demo province).
"""

import dataclasses
import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Authority, AwardKind, IssuerKind, RecipientKind
from awards.catalogue.loading import load_issuing_bodies
from awards.catalogue.models import AwardType, IssuingBody
from awards.catalogue.services import ruleset_for_year
from awards.register.models import Award, Decision
from units.demo import organisation as units_demo
from units.enums import UnitLevel
from units.models import Assignment, Person, Unit

SEED = f"{units_demo.SEED}:awards"
LAST_YEAR = units_demo.REFERENCE_DATE.year - 1
YEARS = tuple(range(LAST_YEAR - 4, LAST_YEAR + 1))
BULK_BATCH = 2000

# Share of evaluable staff rated LĐTT: 0.84 + 0.12 × merit, about nine in ten on average.
LDTT_BASE, LDTT_MERIT = 0.84, 0.12
# How much a year's performance varies around a person's merit: small, so CSTĐCS holders tend to stay.
CSTDCS_NOISE = 0.3
TTLDTT_SHARE = 0.9
CSTDN_CHANCE, CSTDN_PER_YEAR = 0.7, 3
BKVKSTC_CHANCE, BKVKSTC_PER_YEAR = 0.5, 4
KNC_CHANCE = 0.9

VKSTC_SYMBOL = "QĐ-VKSTC"
VKSTC_SIGNER = ("Đỗ Minh Khang", "Viện trưởng")
VKSTC_DEPUTY = ("Phan Thị Hồng Vân", "Phó Viện trưởng")
GOVERNMENT_SIGNER = ("Vũ Quốc Thành", "Phó Thủ tướng")
COMMITTEE_SIGNER = ("Lê Văn Hải", "Chủ tịch")
# Bằng khen of bodies outside the sector: (body code, year index, day, signer, summary, note of the awards).
OTHER_BODIES = (
    ("TLDLD", 1, (7, 28), ("Trần Thị Thu Hà", "Phó Chủ tịch"), "Về việc tặng Bằng khen của Tổng Liên đoàn Lao động "
     "Việt Nam", "Có thành tích xuất sắc trong hoạt động công đoàn"),
    ("TLDLD", 3, (7, 28), ("Trần Thị Thu Hà", "Phó Chủ tịch"), "Về việc tặng Bằng khen của Tổng Liên đoàn Lao động "
     "Việt Nam", "Có thành tích xuất sắc trong hoạt động công đoàn"),
    ("HLG", 3, (4, 10), ("Nguyễn Văn Quyền", "Chủ tịch"), "Về việc tặng Bằng khen của Hội Luật gia Việt Nam",
     "Có thành tích xuất sắc trong công tác Hội Luật gia"),
)  # fmt: skip
# Their commendation decisions carry the same symbol; in YEARS[3] both numbered theirs alike.
OTHER_SYMBOL = "QĐ-KT"

AD_HOC_NOTES = (
    "Có thành tích xuất sắc trong thực hành quyền công tố, kiểm sát điều tra vụ án ma túy đặc biệt nghiêm trọng",
    "Phát hiện vi phạm, ban hành kháng nghị phúc thẩm được Tòa án cấp phúc thẩm chấp nhận toàn bộ",
    "Có thành tích xuất sắc trong kiểm sát giải quyết vụ án tham nhũng, kinh tế được dư luận quan tâm",
    "Có thành tích xuất sắc trong phòng, chống thiên tai, khắc phục hậu quả mưa lũ tại địa phương",
    "Dũng cảm cứu người bị nạn trong lúc làm nhiệm vụ",
    "Phát hiện và kiến nghị khắc phục vi phạm trong công tác tạm giữ, tạm giam",
)
AD_HOC_UNIT_NOTE = "Có thành tích xuất sắc trong phối hợp giải quyết nhanh vụ án giết người được dư luận quan tâm"
THEMATIC_MOVEMENT = "Đẩy mạnh chuyển đổi số trong ngành Kiểm sát nhân dân"
REVOCATION_REASON = (
    "Sáng kiến dùng làm căn cứ xét tặng danh hiệu trùng với sáng kiến đã được công nhận trước đó "
    "(kết luận kiểm tra của Hội đồng sáng kiến); thu hồi tiền thưởng theo quy định."
)


def _weekday(day: datetime.date) -> datetime.date:
    """The next working day (decisions are signed Monday to Friday)."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


# --- Plan ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionSpec:
    number: str
    date: datetime.date
    authority: str
    # The issuer: a unit of the tree, or the code of a body outside it (awards/catalogue/data/issuing-bodies.csv).
    issuing_unit_id: int | None
    signer_name: str
    signer_title: str
    summary: str
    kind: str = AwardKind.REGULAR
    body_code: str = ""

    @property
    def key(self) -> tuple:
        """Issuer + number + year identify a decision."""
        return self.issuing_unit_id, self.body_code, self.number, self.date.year


@dataclass
class AwardSpec:
    code: str
    year: int
    decision: DecisionSpec
    unit_at_time_id: int
    person_id: int | None = None
    unit_id: int | None = None
    kind: str = AwardKind.REGULAR
    note: str = ""
    revoked_on: datetime.date | None = None
    revoking_decision: str = ""
    revocation_reason: str = ""


@dataclass
class Staffer:
    id: int
    code: str
    # (start, end, unit id) of the unit history; start None = unknown (long ago).
    periods: list[tuple[datetime.date | None, datetime.date | None, int]]
    # None when the recorded history does not start with recruitment (staff from before the data set).
    recruited_on: datetime.date | None
    merit: float = 0.0
    # The unit the person manages now (head or deputy), if any: what the issuer rule reads (`issuers.leads`).
    manager_of: int | None = None

    def unit_on(self, day: datetime.date) -> int | None:
        for start, end, unit_id in self.periods:
            if (start is None or start <= day) and (end is None or end >= day):
                return unit_id
        if self.recruited_on is None and self.periods and (self.periods[0][0] or day) > day:
            return self.periods[0][2]
        return None

    def evaluable(self, year: int, min_months: int) -> bool:
        """Serving at least `min_months` before the end of the work year (LĐTT excluded when recruited later)."""
        return self.recruited_on is None or self.recruited_on <= _months_before(cal.work_year_end(year), min_months)


@dataclass
class Scope:
    """One procuracy whose staff and units receive awards together: a province, or VKSTC's own apparatus."""

    root: Unit
    symbol: str  # of its decision numbers, e.g. "QĐ-VKSHUE"
    is_province: bool
    unit_ids: set[int]
    staff: list[Staffer]
    # Units that propose and receive collective titles: the phòng, khu vực and former districts under the root.
    groups: list[Unit]
    group_of: dict[int, int]  # unit id -> id of its group (or of the root for the leadership)
    head: str = ""
    deputy: str = ""


class _Numbers:
    """Decision numbers of one issuer: a yearly sequence growing with the date, as in a real register."""

    def __init__(self, symbol: str, rng: random.Random):
        self.symbol = symbol
        self.rng = rng
        self.rate: dict[int, float] = {}
        self.used: dict[int, set[int]] = defaultdict(set)

    def take(self, day: datetime.date) -> str:
        if day.year not in self.rate:
            self.rate[day.year] = self.rng.uniform(0.6, 0.8)  # 220–290 decisions a year
        number = max(1, round(day.timetuple().tm_yday * self.rate[day.year]))
        while number in self.used[day.year]:
            number += 1
        self.used[day.year].add(number)
        return f"{number:02d}/{self.symbol}"


def _vkstc_decision(purpose: str, year: int) -> DecisionSpec:
    """The sector's decisions shared by every province: the same number and date whichever scope plans them."""
    rng = random.Random(f"{SEED}:VKSTC:{year}")
    january = rng.randint(8, 20)  # after the sector's year-end conference, three decisions signed together
    july = rng.randint(140, 190)
    if purpose == "KNC":
        day, number = _weekday(datetime.date(year, 7, 20)), july
        summary = f"Về việc tặng Kỷ niệm chương “Vì sự nghiệp Kiểm sát” năm {year}"
    else:
        leaders = "cho lãnh đạo Viện kiểm sát nhân dân cấp tỉnh"
        offset, summary = {
            "CTDN": (0, f"Về việc tặng Cờ thi đua ngành Kiểm sát nhân dân năm {year}"),
            "CSTDN": (1, f"Về việc tặng danh hiệu Chiến sĩ thi đua ngành Kiểm sát nhân dân năm {year}"),
            "BKVKSTC": (2, f"Về việc tặng Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao năm {year}"),
            # The titles of a province's own leaders: VKSTC's (a leader never confers on himself).
            "LDTT": (3, f"Về việc công nhận danh hiệu Lao động tiên tiến năm {year} {leaders}"),
            "CSTDCS": (4, f"Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year} {leaders}"),
        }[purpose]
        day, number = _weekday(datetime.date(year + 1, 1, 10)), january + offset
    signer = VKSTC_SIGNER if purpose in ("CTDN", "CSTDN") else VKSTC_DEPUTY
    return DecisionSpec(
        number=f"{number:02d}/{VKSTC_SYMBOL}",
        date=day,
        authority=Authority.PROCURATOR_GENERAL,
        issuing_unit_id=None,
        body_code="VKSTC",
        signer_name=signer[0],
        signer_title=signer[1],
        summary=summary,
    )


def _other_body_decision(code: str, year: int, day: tuple[int, int], signer, summary: str) -> DecisionSpec:
    """A Bằng khen of a body outside the sector: the same number and date whichever scope plans it."""
    rng = random.Random(f"{SEED}:{code}:{year}")
    if year == YEARS[3]:
        rng = random.Random(f"{SEED}:{OTHER_SYMBOL}:{year}")  # the same number for both bodies that year
    return DecisionSpec(
        number=f"{rng.randint(20, 400)}/{OTHER_SYMBOL}",
        date=_weekday(datetime.date(year + 1, *day)),
        authority=Authority.OTHER,
        issuing_unit_id=None,
        body_code=code,
        signer_name=signer[0],
        signer_title=signer[1],
        summary=summary,
    )


def committee_code(root: Unit) -> str:
    """The code of the demo People's Committee of a province: UBND-HUE for VKS-HUE."""
    return f"UBND-{root.code.removeprefix('VKS-')}"


def _government_decision(year: int) -> DecisionSpec:
    rng = random.Random(f"{SEED}:TTg:{year}")
    return DecisionSpec(
        number=f"{rng.randint(480, 720)}/QĐ-TTg",
        date=_weekday(datetime.date(year + 1, 4, 15)),
        authority=Authority.PRIME_MINISTER,
        issuing_unit_id=None,
        body_code="TTG",
        signer_name=GOVERNMENT_SIGNER[0],
        signer_title=GOVERNMENT_SIGNER[1],
        summary="Về việc tặng Bằng khen của Thủ tướng Chính phủ",
    )


class _Planner:
    """Plans the awards of one scope, year after year, then the higher forms that the chains lead to."""

    def __init__(self, scope: Scope, vkstc_unit_id: int | None):
        self.scope = scope
        self.vkstc_unit_id = vkstc_unit_id
        root = scope.root.code
        self.rng = random.Random(f"{SEED}:{root}")
        self.numbers = _Numbers(scope.symbol, random.Random(f"{SEED}:{root}:numbers"))
        for staffer in scope.staff:
            staffer.merit = self.rng.random()
        # The province's own leaders (its Viện trưởng and Phó Viện trưởng): VKSTC decides their titles.
        self.leaders = {s.id for s in scope.staff if scope.is_province and s.manager_of == scope.root.pk}
        self.awards: list[AwardSpec] = []
        # Per year: unit at the time of each evaluable staffer, LĐTT and CSTĐCS holders, TTLĐTT/TTLĐXS units.
        self.unit_at: dict[int, dict[int, int]] = {}
        self.ldtt: dict[int, set[int]] = {}
        self.cstdcs: dict[int, set[int]] = {}
        self.ttldtt: dict[int, set[int]] = {}
        self.ttldxs: dict[int, set[int]] = {}
        self.revoked: tuple[int, int] | None = None  # (person id, year) of the revoked CSTĐCS
        self.last_cstdn: dict[int, int] = {}  # person id -> last year of CSTĐ ngành
        self.last_bk: dict[int, int] = {}  # person id -> last year of an individual Bằng khen VKSTC

    # -- decisions ---------------------------------------------------------------------------------------

    def _own_decision(self, day: datetime.date, summary: str, *, deputy: bool = False, kind=AwardKind.REGULAR):
        scope = self.scope
        if scope.is_province:
            name, title = (scope.deputy, "Phó Viện trưởng") if deputy else (scope.head, "Viện trưởng")
            authority = Authority.UNIT_HEAD
        else:
            (name, title), authority = VKSTC_DEPUTY if deputy else VKSTC_SIGNER, Authority.PROCURATOR_GENERAL
        return DecisionSpec(
            number=self.numbers.take(day),
            date=day,
            authority=authority,
            issuing_unit_id=scope.root.pk,
            signer_name=name,
            signer_title=title,
            summary=summary,
            kind=kind,
        )

    def _vkstc(self, purpose: str, year: int) -> DecisionSpec:
        if self.vkstc_unit_id is None:
            return _vkstc_decision(purpose, year)
        return dataclasses.replace(_vkstc_decision(purpose, year), issuing_unit_id=self.vkstc_unit_id, body_code="")

    def _leads_root(self, person_id: int, year: int) -> bool:
        """Whether the person is among the leaders of the province itself that year (the root is his unit)."""
        return person_id in self.leaders and self.unit_at[year].get(person_id) == self.scope.root.pk

    def _decided_by(self, code: str, person_id: int, year: int, decisions: dict) -> DecisionSpec:
        """The decision of a unit head's title: the province's, or VKSTC's for the province's own leaders."""
        return self._vkstc(code, year) if self._leads_root(person_id, year) else decisions[code]

    # -- the annual titles -------------------------------------------------------------------------------

    def plan(self) -> list[AwardSpec]:
        for year in YEARS:
            self._annual(year)
        if self.scope.is_province:
            self._revoke_one()
        for year in YEARS:
            self._higher(year)
        self._prime_minister()
        if self.scope.is_province:
            self._flag()
            self._ad_hoc()
            self._thematic()
        for year in YEARS:
            self._knc(year)
        if self.scope.is_province:
            self._other_bodies()
            self._committee()
        return self.awards

    def _annual(self, year: int) -> None:
        rng, scope = self.rng, self.scope
        rules = ruleset_for_year(year)
        end = cal.work_year_end(year)
        day = _weekday(datetime.date(year, 12, rng.randint(18, 24)))
        decisions = {
            code: self._own_decision(day, summary)
            for code, summary in (
                ("LDTT", f"Về việc công nhận danh hiệu Lao động tiên tiến năm {year}"),
                ("CSTDCS", f"Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year}"),
                ("TTLDTT", f"Về việc công nhận danh hiệu Tập thể lao động tiên tiến năm {year}"),
                ("TTLDXS", f"Về việc tặng danh hiệu Tập thể lao động xuất sắc năm {year}"),
            )
        }
        unit_at, members = {}, defaultdict(list)
        for staffer in scope.staff:
            unit_id = staffer.unit_on(end)
            if unit_id is None or unit_id not in scope.group_of:
                continue
            members[scope.group_of[unit_id]].append(staffer)
            if staffer.evaluable(year, rules.ldtt_min_service_months):
                unit_at[staffer.id] = unit_id
        ldtt = {s.id for s in scope.staff if s.id in unit_at and rng.random() < LDTT_BASE + LDTT_MERIT * s.merit}
        cstdcs: set[int] = set()
        for group_id in sorted(members):
            candidates = [s for s in members[group_id] if s.id in ldtt]
            quota = len(candidates) * rules.cstdcs_quota_percent // 100
            scores = {s.id: s.merit + CSTDCS_NOISE * rng.random() for s in candidates}
            candidates.sort(key=lambda s: (-scores[s.id], s.code))
            cstdcs.update(s.id for s in candidates[:quota])
        self.unit_at[year], self.ldtt[year], self.cstdcs[year] = unit_at, ldtt, cstdcs
        for staffer in scope.staff:
            for code, holders in (("LDTT", ldtt), ("CSTDCS", cstdcs)):
                if staffer.id in holders:
                    decision = self._decided_by(code, staffer.id, year, decisions)
                    self.awards.append(AwardSpec(code, year, decision, unit_at[staffer.id], person_id=staffer.id))
        self._collectives(year, rules, members, decisions)

    def _collectives(self, year, rules, members, decisions) -> None:
        rng, end = self.rng, cal.work_year_end(year)
        ttldtt, scores = [], {}
        for unit in self.scope.groups:
            staff = members.get(unit.pk, [])
            if not staff or (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < end):
                continue
            share = 100 * sum(1 for s in staff if s.id in self.ldtt[year]) / len(staff)
            if share > rules.ttldtt_ldtt_percent and rng.random() < TTLDTT_SHARE:
                ttldtt.append(unit)
                best = sum(1 for s in staff if s.id in self.cstdcs[year]) >= rules.ttldxs_cstdcs_minimum
                if share >= rules.ttldxs_ldtt_percent and best:
                    scores[unit.pk] = sum(s.merit for s in staff) / len(staff) + 0.2 * rng.random()
        quota = max(len(ttldtt) * rules.ttldxs_quota_percent // 100, rules.ttldxs_quota_minimum)
        ttldxs = sorted(scores, key=lambda pk: -scores[pk])[:quota]
        for unit in ttldtt:
            for code in ("TTLDTT", "TTLDXS") if unit.pk in ttldxs else ("TTLDTT",):
                self.awards.append(AwardSpec(code, year, decisions[code], unit.pk, unit_id=unit.pk))
        self.ttldtt[year], self.ttldxs[year] = {u.pk for u in ttldtt}, set(ttldxs)

    # -- revocation, chains and the forms they lead to ---------------------------------------------------

    def _revoke_one(self) -> None:
        """Revoke one CSTĐCS of the second year that sits in a chain (it breaks it; no higher form rests on it)."""
        year = YEARS[1]
        # Among the province's own decisions: not a leader's, whose title is VKSTC's.
        held = {pid for pid in self.cstdcs[year] if not self._leads_root(pid, year)}
        candidates = sorted(
            pid for pid in held if pid not in self.cstdcs[year - 1] and pid in self.cstdcs[year + 1]
        ) or sorted(held)
        if not candidates:
            return
        person_id = self.rng.choice(candidates)
        award = next(a for a in self.awards if (a.code, a.person_id, a.year) == ("CSTDCS", person_id, year))
        award.revoked_on = _weekday(datetime.date(year + 1, 9, self.rng.randint(10, 25)))
        number = self.numbers.take(award.revoked_on)
        award.revoking_decision = f"{number} ngày {award.revoked_on:%d/%m/%Y} của Viện trưởng {self.scope.root.name}"
        award.revocation_reason = REVOCATION_REASON
        self.revoked = (person_id, year)

    def _counted_cstdcs(self, year: int) -> set[int]:
        held = self.cstdcs.get(year, set())
        if self.revoked and self.revoked[1] == year:
            return held - {self.revoked[0]}
        return held

    def _chain(self, person_id: int, year: int) -> int:
        length = 0
        while person_id in self._counted_cstdcs(year - length):
            length += 1
        return length

    def _higher(self, year: int) -> None:
        rng = self.rng
        rules = ruleset_for_year(year)
        last_cstdn, last_bk = self.last_cstdn, self.last_bk
        cstdn, bk = [], []
        for person_id in sorted(self._counted_cstdcs(year)):
            chain = self._chain(person_id, year)
            if (
                chain >= rules.cstdn_chain_years
                and last_cstdn.get(person_id, 0) <= year - rules.cstdn_chain_years
                and len(cstdn) < CSTDN_PER_YEAR
                and rng.random() < CSTDN_CHANCE
            ):
                cstdn.append(person_id)
                last_cstdn[person_id] = year
            elif (
                chain >= rules.bkvkstc_chain_years
                and last_bk.get(person_id, 0) <= year - rules.bkvkstc_chain_years
                and len(bk) < BKVKSTC_PER_YEAR
                and rng.random() < BKVKSTC_CHANCE
            ):
                bk.append(person_id)
                last_bk[person_id] = year
        unit_at = self.unit_at[year]
        for code, holders in (("CSTDN", cstdn), ("BKVKSTC", bk)):
            for person_id in holders:
                decision = self._vkstc(code, year)
                self.awards.append(AwardSpec(code, year, decision, unit_at[person_id], person_id=person_id))
        # A unit excellent two years running gets the Bằng khen too (at most one a year).
        twice = sorted(self.ttldxs[year] & self.ttldxs.get(year - 1, set()))
        if twice and rng.random() < BKVKSTC_CHANCE:
            unit_id = rng.choice(twice)
            decision = self._vkstc("BKVKSTC", year)
            self.awards.append(AwardSpec("BKVKSTC", year, decision, unit_id, unit_id=unit_id))

    def _prime_minister(self) -> None:
        """One or two Bằng khen of the Prime Minister for the period: an earlier Bằng khen VKSTC, five years of
        LĐTT with at least three CSTĐCS (Law 2022 Art. 73(1)(b)); the best records first."""
        year = LAST_YEAR
        rules = ruleset_for_year(year)
        records = []
        for person_id, bk_year in sorted(self.last_bk.items()):
            cstdcs = sum(1 for y in YEARS if person_id in self._counted_cstdcs(y))
            every_year = all(person_id in self.ldtt[y] for y in YEARS)
            if bk_year < year and every_year and cstdcs >= rules.bkttg_cstdcs:
                records.append((-cstdcs, bk_year, person_id))
        chosen = sorted(records)[: self.rng.randint(1, 2)]
        for _, _, person_id in chosen:
            decision = _government_decision(year)
            self.awards.append(AwardSpec("BKTTG", year, decision, self.unit_at[year][person_id], person_id=person_id))

    def _flag(self) -> None:
        """The sector's flag for the province once, as the leading unit of its cluster (Cụm thi đua)."""
        year = self.rng.choice(YEARS[1:])
        root = self.scope.root.pk
        self.awards.append(AwardSpec("CTDN", year, self._vkstc("CTDN", year), root, unit_id=root))

    def _ad_hoc(self) -> None:
        """A handful of Giấy khen đột xuất, each by its own decision of a Phó Viện trưởng."""
        rng = self.rng
        notes = list(AD_HOC_NOTES)
        rng.shuffle(notes)
        for index, note in enumerate(notes[:5]):
            year = YEARS[index % len(YEARS)]
            day = _weekday(datetime.date(year, 3, 1) + datetime.timedelta(days=rng.randint(0, 250)))
            people = sorted(pid for pid in self.unit_at[year] if not self._leads_root(pid, year))
            person_id = rng.choice(people)
            decision = self._own_decision(day, "Về việc khen thưởng đột xuất", deputy=True, kind=AwardKind.AD_HOC)
            self.awards.append(
                AwardSpec(
                    "GK",
                    year,
                    decision,
                    self.unit_at[year][person_id],
                    person_id=person_id,
                    kind=AwardKind.AD_HOC,
                    note=note,
                )
            )
        year = YEARS[-2]
        day = _weekday(datetime.date(year, 8, rng.randint(1, 28)))
        unit_id = rng.choice(sorted(self.ttldtt[year]) or [unit.pk for unit in self.scope.groups])
        decision = self._own_decision(day, "Về việc khen thưởng đột xuất", deputy=True, kind=AwardKind.AD_HOC)
        self.awards.append(
            AwardSpec("GK", year, decision, unit_id, unit_id=unit_id, kind=AwardKind.AD_HOC, note=AD_HOC_UNIT_NOTE)
        )

    def _thematic(self) -> None:
        """The review of a thematic movement: Giấy khen to three staff and one unit (theo chuyên đề)."""
        rng, year = self.rng, YEARS[-2]
        day = _weekday(datetime.date(year, 11, rng.randint(10, 20)))
        summary = (
            "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua "
            f"“{THEMATIC_MOVEMENT}” năm {year}"
        )
        decision = self._own_decision(day, summary, kind=AwardKind.THEMATIC)
        note = f"Phong trào thi đua “{THEMATIC_MOVEMENT}”"
        staff = sorted(pid for pid in self.ldtt[year] if not self._leads_root(pid, year))
        for person_id in rng.sample(staff, 3):
            self.awards.append(
                AwardSpec(
                    "GK",
                    year,
                    decision,
                    self.unit_at[year][person_id],
                    person_id=person_id,
                    kind=AwardKind.THEMATIC,
                    note=note,
                )
            )
        unit_id = rng.choice(sorted(self.ttldtt[year]))
        self.awards.append(
            AwardSpec("GK", year, decision, unit_id, unit_id=unit_id, kind=AwardKind.THEMATIC, note=note)
        )

    def _other_bodies(self) -> None:
        """Bằng khen of bodies outside the sector (Tổng Liên đoàn Lao động, Hội Luật gia) to two staff each."""
        for code, index, day, signer, summary, note in OTHER_BODIES:
            year = YEARS[index]
            decision = _other_body_decision(code, year, day, signer, summary)
            for person_id in self.rng.sample(sorted(self.ldtt[year]), 2):
                self.awards.append(
                    AwardSpec("BKKHAC", year, decision, self.unit_at[year][person_id], person_id=person_id, note=note)
                )

    def _committee(self) -> None:
        """A Bằng khen of the province's People's Committee (a body of the demo, `committee_code`) to one unit and
        two staff, for the year's results."""
        rng, year = self.rng, YEARS[2]
        root = self.scope.root
        place = root.name.removeprefix("Viện kiểm sát nhân dân ")
        decision = DecisionSpec(
            number=f"{rng.randint(100, 900)}/QĐ-UBND",
            date=_weekday(datetime.date(year + 1, 2, rng.randint(1, 20))),
            authority=Authority.PROVINCIAL_COMMITTEE,
            issuing_unit_id=None,
            body_code=committee_code(root),
            signer_name=COMMITTEE_SIGNER[0],
            signer_title=COMMITTEE_SIGNER[1],
            summary=f"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân {place}",
        )
        unit_id = rng.choice(sorted(self.ttldxs[year]) or sorted(self.ttldtt[year]))
        self.awards.append(AwardSpec("BKUBND", year, decision, unit_id, unit_id=unit_id))
        for person_id in rng.sample(sorted(self.cstdcs[year]), 2):
            self.awards.append(AwardSpec("BKUBND", year, decision, self.unit_at[year][person_id], person_id=person_id))

    def _knc(self, year: int) -> None:
        """The medal “Vì sự nghiệp Kiểm sát”, once, in the year a person completes the years of service."""
        rules = ruleset_for_year(year)
        for staffer in self.scope.staff:
            recruited = staffer.recruited_on
            unit_id = self.unit_at[year].get(staffer.id)
            completes = recruited and unit_id and recruited.year == year - rules.knc_service_years
            if completes and self.rng.random() < KNC_CHANCE:
                decision = self._vkstc("KNC", year)
                self.awards.append(AwardSpec("KNCVSNKS", year, decision, unit_id, person_id=staffer.id))


# --- Scopes from the database ----------------------------------------------------------------------------


def _scopes(scale: str) -> list[Scope]:
    units = list(Unit.objects.order_by("sort_key"))
    by_code = {unit.code: unit for unit in units}
    if units_demo.HUE not in by_code:
        return []
    if scale == "province":
        roots = [by_code[units_demo.HUE]]
    else:
        provinces = [u for u in units if u.level == UnitLevel.PROVINCIAL and u.path.count("/") == 3]
        roots = sorted(provinces, key=lambda u: (u.code != units_demo.HUE, u.code))
        if units_demo.SUPREME in by_code:
            roots.append(by_code[units_demo.SUPREME])
    province_paths = tuple(root.path for root in roots if root.level == UnitLevel.PROVINCIAL)

    def members(root: Unit) -> list[Unit]:
        inside = [u for u in units if u.path.startswith(root.path)]
        if root.level == UnitLevel.PROVINCIAL:
            return inside
        return [u for u in inside if not u.path.startswith(province_paths)]

    scoped = {root.pk: members(root) for root in roots}
    unit_scope = {unit.pk: root_id for root_id, inside in scoped.items() for unit in inside}
    staff_by_scope: dict[int, list[Staffer]] = defaultdict(list)
    persons = (
        Person.objects.filter(unit_id__in=list(unit_scope))
        .order_by("code")
        .values_list("id", "code", "unit_id", "is_manager")
    )
    periods = defaultdict(list)
    assignments = Assignment.objects.filter(person__unit_id__in=list(unit_scope)).order_by(
        "person_id", "start_date", "id"
    )
    for person_id, start, end, unit_id, note in assignments.values_list(
        "person_id", "start_date", "end_date", "unit_id", "note"
    ):
        periods[person_id].append((start, end, unit_id, note))
    for person_id, code, unit_id, is_manager in persons:
        history = periods.get(person_id) or [(None, None, unit_id, "")]
        recruited = history[0][0] if history[0][3] == units_demo.NOTE_HIRED else None
        staffer = Staffer(person_id, code, [(s, e, u) for s, e, u, _ in history], recruited)
        staffer.manager_of = unit_id if is_manager else None
        staff_by_scope[unit_scope[unit_id]].append(staffer)

    heads: dict[tuple[int, str], str] = {}  # (root, position) -> name of the first such person by code
    leaders = Person.objects.filter(unit_id__in=[root.pk for root in roots]).order_by("code")
    for unit_id, position, name in leaders.values_list("unit_id", "position", "full_name"):
        heads.setdefault((unit_id, position), name)
    result = []
    for root in roots:
        inside = scoped[root.pk]
        groups = [u for u in inside if u.parent_id == root.pk and u.level != UnitLevel.OTHER]
        group_of = {root.pk: root.pk}
        by_path = {u.path: u for u in inside}
        depth = root.path.count("/")
        for unit in inside:
            if unit.pk != root.pk:
                top = "/".join(unit.path.split("/")[: depth + 1]) + "/"
                group_of[unit.pk] = by_path[top].pk if top in by_path else root.pk
        is_province = root.level == UnitLevel.PROVINCIAL
        suffix = root.code.removeprefix("VKS-").replace("-", "")
        result.append(
            Scope(
                root=root,
                symbol=f"QĐ-VKS{suffix}" if is_province else VKSTC_SYMBOL,
                is_province=is_province,
                unit_ids={u.pk for u in inside},
                staff=staff_by_scope[root.pk],
                groups=groups,
                group_of=group_of,
                head=heads.get((root.pk, "Viện trưởng"), ""),
                deputy=heads.get((root.pk, "Phó Viện trưởng"), ""),
            )
        )
    return result


# --- Applying the plan -----------------------------------------------------------------------------------


@dataclass
class AwardSeedResult:
    scale: str
    first_year: int = YEARS[0]
    last_year: int = YEARS[-1]
    awards_created: int = 0
    decisions_created: int = 0
    decisions_existing: int = 0
    scopes_seeded: list[str] = field(default_factory=list)
    scopes_skipped: list[str] = field(default_factory=list)
    by_type_year: Counter = field(default_factory=Counter)


def _decision_key(decision: Decision) -> tuple:
    body = decision.issuing_body.code if decision.issuing_body_id else ""
    return decision.issuing_unit_id, body, decision.number, decision.year


def _decisions(specs: list[DecisionSpec], result: AwardSeedResult) -> dict[tuple, Decision]:
    """The decisions of the plan, matched on issuer + number + year; the missing ones are created in bulk."""
    wanted = {spec.key: spec for spec in specs}
    years = {key[3] for key in wanted}
    existing = {
        _decision_key(d): d
        for d in Decision.objects.filter(year__in=years, number__in={key[2] for key in wanted}).select_related(
            "issuing_body"
        )
    }
    bodies = {body.code: body for body in IssuingBody.objects.filter(code__in={key[1] for key in wanted})}
    missing = []
    for key, spec in sorted(wanted.items(), key=lambda item: (item[1].date, item[1].number)):
        if key not in existing:
            missing.append(
                Decision(
                    number=spec.number,
                    date=spec.date,
                    year=spec.date.year,
                    authority=spec.authority,
                    issuing_unit_id=spec.issuing_unit_id,
                    issuing_body=bodies.get(spec.body_code),
                    signer_name=spec.signer_name,
                    signer_title=spec.signer_title,
                    summary=spec.summary,
                    kind=spec.kind,
                )
            )
    created = bulk_create_with_history(missing, Decision, batch_size=BULK_BATCH)
    result.decisions_created += len(created)
    result.decisions_existing += len(wanted) - len(created)
    return {**existing, **{_decision_key(d): d for d in created}}


def _committee_body(root: Unit) -> IssuingBody:
    """The People's Committee of a demo province, the issuer of its Bằng khen UBND (created once)."""
    place = root.name.removeprefix("Viện kiểm sát nhân dân ")
    return IssuingBody.objects.get_or_create(
        code=committee_code(root),
        defaults={
            "name": f"Ủy ban nhân dân {place}",
            "short_name": f"UBND {place}",
            "kind": IssuerKind.PEOPLES_COMMITTEE,
            "authority": Authority.PROVINCIAL_COMMITTEE,
            "province_unit": root,
        },
    )[0]


@transaction.atomic
def seed_awards(*, scale: str = "province") -> AwardSeedResult:
    """Create five years of award history for the demo procuracies that have none in the register yet.

    `province`: Huế. `nation`: every provincial procuracy (Huế as at province scale) and VKSTC's own apparatus.
    """
    if scale not in ("province", "nation"):
        raise ValueError(f"Unknown scale {scale!r}.")
    result = AwardSeedResult(scale=scale)
    scopes = _scopes(scale)
    if not scopes:
        return result
    load_issuing_bodies(IssuingBody)  # the issuers outside the tree, gone after a flush (benchmarks, e2e)
    vkstc = Unit.objects.filter(code=units_demo.SUPREME).values_list("pk", flat=True).first()
    specs: list[AwardSpec] = []
    for scope in scopes:
        if Award.objects.filter(unit_at_time_id__in=scope.unit_ids).exists():
            result.scopes_skipped.append(scope.root.code)
            continue
        if scope.is_province:
            _committee_body(scope.root)
        specs.extend(_Planner(scope, vkstc).plan())
        result.scopes_seeded.append(scope.root.code)
    if not specs:
        return result
    decisions = _decisions([spec.decision for spec in specs], result)
    types = {t.code: t for t in AwardType.objects.filter(code__in={spec.code for spec in specs})}
    rows = []
    for spec in specs:
        award = Award(
            award_type=types[spec.code],
            person_id=spec.person_id,
            unit_id=spec.unit_id,
            unit_at_time_id=spec.unit_at_time_id,
            year=spec.year,
            kind=spec.kind,
            decision=decisions[spec.decision.key],
            note=spec.note,
            revoked_on=spec.revoked_on,
            revoking_decision=spec.revoking_decision,
            revocation_reason=spec.revocation_reason,
            recipient_kind=RecipientKind.INDIVIDUAL if spec.person_id else RecipientKind.COLLECTIVE,
        )
        award.copy_type_fields()  # the database triggers compare these copies with the type
        rows.append(award)
        result.by_type_year[spec.code, spec.year] += 1
    bulk_create_with_history(rows, Award, batch_size=BULK_BATCH)
    result.awards_created = len(rows)
    return result


def cstdcs_holder(unit: Unit, year: int) -> Award | None:
    """A CSTĐCS of `year` (not revoked) held by someone now in `unit` who was already there that year: the title an
    initiative of the demo backs (`emulation.demo.initiatives.seed_initiatives(title_holder=…)`)."""
    return (
        Award.objects.counting()
        .filter(award_type__code="CSTDCS", year=year, person__unit=unit, unit_at_time=unit)
        .select_related("person", "award_type")
        .order_by("person__code")
        .first()
    )
