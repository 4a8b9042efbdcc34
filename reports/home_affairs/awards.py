"""Biểu 0602.N/BNV-TĐKT (state-level awards) and 0603.N/BNV-TĐKT (awards of a ministry or a province) of a unit in
the statistics year: the awards counted, the rank of each person on the decision's day, the lines and columns of
the two forms (see the package's docstring)."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from awards.catalogue.enums import Authority, AwardKind, RecipientKind
from awards.catalogue.models import AwardType
from reports import documents, statistics
from reports.home_affairs.layout import Column, HeaderCell, Line, StatisticsForm
from reports.models import Lineage
from units.common.text import fold
from units.enums import Gender, ManagementRank
from units.lineage import Reach
from units.models import Assignment, Unit
from units.ranks import post_rank, record_rank

STATE_AUTHORITIES = (Authority.STATE_PRESIDENT, Authority.PRIME_MINISTER)
MINISTRY_AUTHORITIES = (Authority.PROCURATOR_GENERAL, Authority.PROVINCIAL_COMMITTEE)
AUTHORITIES = {"0602": STATE_AUTHORITIES, "0603": MINISTRY_AUTHORITIES}

COLLECTIVE, INDIVIDUAL = "Tập thể", "Cá nhân"

# -- rank of a person on a day --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Post:
    """A period of a person's unit history, as `rank_at` reads it."""

    id: int
    start: datetime.date | None
    end: datetime.date | None
    is_manager: bool | None
    position: str
    unit_level: str
    parent_level: str | None


def rank_at(posts: Iterable[Post], day: datetime.date, record: ManagementRank) -> ManagementRank:
    """The rank of a person's post on `day` (see the module's docstring): `record` is his record's rank
    (`units.ranks.record_rank`), which stands for the post he holds now and wherever the history is silent."""
    started = [post for post in posts if post.start is None or post.start <= day]
    if not started:
        return record
    # The last period started by that day: a dated start before an undated one, then the later row.
    post = max(started, key=lambda post: (post.start is not None, post.start or datetime.date.min, post.id))
    if post.end is None or post.is_manager is None:
        return record
    rank = post_rank(
        position=post.position, is_manager=post.is_manager, unit_level=post.unit_level, parent_level=post.parent_level
    )
    return rank or record


@dataclasses.dataclass(frozen=True)
class Counted:
    """One counted award as the forms read it."""

    type_id: int
    collective: bool
    kind: str
    rank: ManagementRank | None  # None for a collective
    female: bool


def counted_awards(*, unit: Unit, reach: Reach, start: datetime.date, end: datetime.date) -> list[Counted]:
    """The state-, ministry- and province-level awards of the unit's reach decided in the period. Two queries: the
    awards with their recipients' records, the unit-history periods of those recipients."""
    awards = statistics.awards_in_period(unit=unit, decided_between=(start, end), lineage=reach).filter(
        award_type__authority__in=[*STATE_AUTHORITIES, *MINISTRY_AUTHORITIES]
    )
    rows = list(
        awards.order_by().values_list(
            "award_type_id",
            "recipient_kind",
            "kind",
            "decision__date",
            "person_id",
            "person__gender",
            "person__management_rank",
            "person__is_manager",
        )
    )
    posts: dict[int, list[Post]] = defaultdict(list)
    if any(row[4] for row in rows):
        periods = (
            Assignment.objects.filter(person_id__in=awards.filter(person__isnull=False).values("person_id"))
            .order_by()
            .values_list(
                "person_id", "id", "start_date", "end_date", "is_manager", "position", "unit__level",
                "unit__parent__level",
            )
        )  # fmt: skip
        for person_id, *fields in periods:
            posts[person_id].append(Post(*fields))
    counted = []
    for type_id, recipient_kind, kind, day, person_id, gender, management_rank, is_manager in rows:
        collective = recipient_kind == RecipientKind.COLLECTIVE
        rank = None if collective else rank_at(posts[person_id], day, record_rank(management_rank, is_manager))
        counted.append(Counted(type_id, collective, kind, rank, gender == Gender.FEMALE))
    return counted


# -- the lines of the award forms -------------------------------------------------------------------------------

_RANK_LINES = (
    ("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", ManagementRank.PROVINCE),
    ("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", ManagementRank.DEPARTMENT),
    ("+ Doanh nhân", None),
    ("+ Các cấp lãnh đạo khác từ phó phòng trở lên", ManagementRank.MANAGER),
    (
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
        ManagementRank.WORKER,
    ),
)
_KIND_LINES = (
    ("- Thường xuyên", AwardKind.REGULAR),
    ("- Chuyên đề", AwardKind.THEMATIC),
    ("- Đột xuất", AwardKind.AD_HOC),
    ("- Đối ngoại", AwardKind.FOREIGN),
    ("- Cống hiến", AwardKind.DEDICATION),
    ("- Niên hạn", AwardKind.SENIORITY),
    ("- Kháng chiến", None),
)


def _award_lines(*, state: bool) -> list[Line]:
    """The lines of 0602 (`state`) or 0603, with the circular's codes."""
    codes = iter(range(1, 40))

    def code() -> str:
        return f"{next(codes):02d}"

    lines = [Line("Tổng số", code(), key="total", style="total")]
    if state:
        lines += [
            Line("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", style="heading"),
            Line("- Bộ, ban, ngành, đoàn thể Trung ương", code(), "Bộ, ngành", key="proposed_central"),
            Line("- Tỉnh, thành phố trực thuộc Trung ương", code(), "Tỉnh, TP", key="proposed_province"),
        ]
        # The published layout leaves codes 04 and 05 unused: the subjects start at 06.
        codes = iter(range(6, 40))
    number = 2 if state else 1
    lines += [
        Line(f"{number}. Chia theo đối tượng khen thưởng", style="heading"),
        Line("- Tập thể", code(), "Tập thể", key="collective"),
        Line("Trong đó: Doanh nghiệp", code(), "Doanh nghiệp", key="enterprise", style="sub"),
        Line("- Hộ gia đình", code(), "Hộ", key="household"),
        Line("- Cá nhân", code(), "Người", key="individual"),
        Line("Trong đó: Nữ", "", "Người", key="female", style="sub"),
    ]
    lines += [
        Line(label, code(), "Người", key=f"rank:{rank.value if rank else 'business'}", style="sub")
        for label, rank in _RANK_LINES
    ]
    lines.append(Line(f"{number + 1}. Chia theo phương thức khen thưởng", style="heading"))
    lines += [Line(label, code(), key=f"kind:{kind.value if kind else 'resistance'}") for label, kind in _KIND_LINES]
    return lines


def _keys_of(award: Counted) -> list[str]:
    """The lines of an award form that count `award`."""
    keys = ["total", "proposed_central", f"kind:{award.kind}"]
    if award.collective:
        keys.append("collective")
    else:
        keys += ["individual", f"rank:{award.rank.value}"]
        if award.female:
            keys.append("female")
    return keys


def _fill(lines: list[Line], columns: list[Column], awards: Iterable[Counted]) -> None:
    """Every line's total and figure per column; a column counts the awards of its types (and recipient kind)."""
    by_key = {line.key: line for line in lines if line.key}
    for line in by_key.values():
        line.values = [0] * (1 + len(columns))
    for award in awards:
        places = [
            index
            for index, column in enumerate(columns, start=1)
            if award.type_id in column.types
            and column.kind in (None, RecipientKind.COLLECTIVE if award.collective else RecipientKind.INDIVIDUAL)
        ]
        if not places:
            continue
        for key in _keys_of(award):
            line = by_key.get(key)
            if line is None:  # a line of the other form (0603 has no proposing body)
                continue
            line.values[0] += 1
            for index in places:
                line.values[index] += 1


# -- the columns of 0602 and 0603 ---------------------------------------------------------------------------------

MEDALS, HO_CHI_MINH_PRIZE, STATE_PRIZE, HONOURS = "medals", "ho_chi_minh_prize", "state_prize", "honours"
GOVERNMENT_FLAG, PM_CERTIFICATE, NATIONAL_FIGHTER, OTHER_STATE = "government_flag", "pm_certificate", "fighter", "other"
CERTIFICATE, FIGHTER, FLAG, MEDAL = "certificate", "ministry_fighter", "flag", "medal"

# A state-level type's column by the start of its folded name; the first match wins, the rest are "other forms".
_STATE_SLOTS = (
    (("huan chuong", "huy chuong"), MEDALS),
    (("giai thuong ho chi minh",), HO_CHI_MINH_PRIZE),
    (("giai thuong nha nuoc",), STATE_PRIZE),
    (("anh hung", "ba me viet nam anh hung", "nha giao", "thay thuoc", "nghe si", "nghe nhan"), HONOURS),
    (("co thi dua",), GOVERNMENT_FLAG),
    (("bang khen",), PM_CERTIFICATE),
    (("chien si thi dua",), NATIONAL_FIGHTER),
)
_MINISTRY_SLOTS = (
    (("bang khen",), CERTIFICATE),
    (("chien si thi dua",), FIGHTER),
    (("co thi dua",), FLAG),
    (("ky niem chuong", "huy hieu"), MEDAL),
)


def _slot_of(name: str, slots, default: str | None) -> str | None:
    folded = fold(name)
    return next((slot for starts, slot in slots if folded.startswith(starts)), default)


def _pair(slot: str, name: str, types: Iterable[int]) -> list[Column]:
    types = frozenset(types)
    return [
        Column(slot, name, COLLECTIVE, types, RecipientKind.COLLECTIVE),
        Column(slot, name, INDIVIDUAL, types, RecipientKind.INDIVIDUAL),
    ]


def _state_columns(types: list[dict]) -> tuple[list[Column], list[HeaderCell], list[HeaderCell]]:
    """The columns of 0602 (forms of the medal, honour and other groups one by one, each for collectives and
    individuals), its four header rows and its numbering row, from the catalogue's state-level types."""
    by_slot: dict[str, list[dict]] = defaultdict(list)
    for award_type in types:
        by_slot[_slot_of(award_type["name"], _STATE_SLOTS, OTHER_STATE)].append(award_type)

    def listed(slot: str) -> list[Column]:
        found = [
            column for award_type in by_slot[slot] for column in _pair(slot, award_type["name"], [award_type["id"]])
        ]
        return found or _pair(slot, "", [])

    def single(slot: str, subject: str) -> list[Column]:
        # One column for the form's only subject: it counts every award of its types, so the figures add up.
        return [Column(slot, "", subject, frozenset(t["id"] for t in by_slot[slot]))]

    groups = [
        ("2", "Các loại huân chương, huy chương (mỗi hình thức khen thưởng ghi riêng một cột)", listed(MEDALS)),
        ("3", "Giải thưởng Hồ Chí Minh", single(HO_CHI_MINH_PRIZE, INDIVIDUAL)),
        ("4", "Giải thưởng Nhà nước", single(STATE_PRIZE, INDIVIDUAL)),
        ("5", "Danh hiệu vinh dự nhà nước (mỗi hình thức khen thưởng ghi riêng một cột)", listed(HONOURS)),
        ("6", "Cờ thi đua của Chính phủ", single(GOVERNMENT_FLAG, COLLECTIVE)),
        (
            "7",
            "Bằng khen của Thủ tướng Chính phủ",
            _pair(PM_CERTIFICATE, "", (t["id"] for t in by_slot[PM_CERTIFICATE])),
        ),
        ("8", "Danh hiệu “Chiến sĩ thi đua toàn quốc”", single(NATIONAL_FIGHTER, INDIVIDUAL)),
        ("9", "Các hình thức khen thưởng khác (mỗi hình thức khen thưởng ghi riêng một cột)", listed(OTHER_STATE)),
    ]
    left = 4  # A, B, C, 1
    columns: list[Column] = []
    header = [
        HeaderCell(0, 0, "", rows=4),
        HeaderCell(0, 1, "Mã số", rows=4),
        HeaderCell(0, 2, "Đơn vị tính", rows=4),
        HeaderCell(0, 3, "Tổng số", rows=4),
    ]
    numbering = [HeaderCell(0, 0, "A"), HeaderCell(0, 1, "B"), HeaderCell(0, 2, "C"), HeaderCell(0, 3, "1")]
    for number, title, group in groups:
        first = left + len(columns)
        by_name = group[0].name or group[0].slot in (MEDALS, HONOURS, OTHER_STATE)
        if by_name:  # a group that lists its forms one by one: title, then each form over its two columns
            header.append(HeaderCell(1, first, title, columns=len(group)))
            for offset in range(0, len(group), 2):
                header.append(HeaderCell(2, first + offset, group[offset].name, columns=2))
        else:
            header.append(HeaderCell(1, first, title, rows=2, columns=len(group)))
        header += [HeaderCell(3, first + offset, column.subject) for offset, column in enumerate(group)]
        numbering.append(HeaderCell(0, first, number, columns=len(group)))
        columns += group
    header.append(HeaderCell(0, left, "Chia ra", columns=len(columns)))
    return columns, header, numbering


def _ministry_columns(types: list[dict]) -> tuple[list[Column], list[HeaderCell], list[HeaderCell], list[str]]:
    """The four columns of 0603, its two header rows, its numbering, and the names of the ministry-level types of
    no column of the form."""
    by_slot: dict[str | None, list[dict]] = defaultdict(list)
    for award_type in types:
        by_slot[_slot_of(award_type["name"], _MINISTRY_SLOTS, None)].append(award_type)
    titles = (
        (CERTIFICATE, "Bằng khen"),
        (FIGHTER, "Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
        (FLAG, "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
        (
            MEDAL,
            "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        ),
    )
    columns = [Column(slot, title, "", frozenset(t["id"] for t in by_slot[slot])) for slot, title in titles]
    header = [
        HeaderCell(0, 0, "", rows=2),
        HeaderCell(0, 1, "Mã số", rows=2),
        HeaderCell(0, 2, "Đơn vị tính", rows=2),
        HeaderCell(0, 3, "Tổng số", rows=2),
        HeaderCell(0, 4, "Chia ra", columns=len(columns)),
        *(HeaderCell(1, 4 + index, column.name) for index, column in enumerate(columns)),
    ]
    numbering = [
        HeaderCell(0, index, text) for index, text in enumerate(["A", "B", "C", *(str(n) for n in range(1, 6))])
    ]
    return columns, header, numbering, [award_type["name"] for award_type in by_slot[None]]


def award_forms(
    *, unit: Unit, year: int, reach: Reach, start: datetime.date, end: datetime.date, receiver: str, codes: list[str]
) -> dict[str, StatisticsForm]:
    """Forms 0602 and 0603 (those of `codes`) of the unit's reach for the period. Three queries: the awards, the
    unit-history periods of their recipients, the award types."""
    forms = {}
    counted = counted_awards(unit=unit, reach=reach, start=start, end=end)
    wanted = [authority for code in codes for authority in AUTHORITIES[code]]
    used = {award.type_id for award in counted}
    types = list(
        AwardType.objects.filter(Q(is_active=True) | Q(pk__in=used), authority__in=wanted)
        .order_by("report_order", "code")
        .values("id", "name", "authority")
    )
    lineage_note = documents.lineage_statement(Lineage.WITH_PREDECESSORS, reach)
    for code in codes:
        own = [award_type for award_type in types if award_type["authority"] in AUTHORITIES[code]]
        own_ids = {award_type["id"] for award_type in own}
        awards = [award for award in counted if award.type_id in own_ids]
        lines = _award_lines(state=code == "0602")
        notes = [
            f"Khen thưởng theo ngày ký quyết định trong kỳ báo cáo, không tính khen thưởng đã hủy. {lineage_note}",
            "Cá nhân chia theo chức vụ tại ngày ký quyết định (theo quá trình công tác; chức vụ hiện nay theo hồ sơ "
            "cán bộ).",
        ]
        if code == "0602":
            columns, header, numbering = _state_columns(own)
            title, header_rows = "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC", 4
            notes.append(
                "Danh hiệu, hình thức khen thưởng do Chủ tịch nước, Thủ tướng Chính phủ quyết định; tờ trình do "
                "Viện trưởng Viện kiểm sát nhân dân tối cao trình."
            )
        else:
            columns, header, numbering, outside = _ministry_columns(own)
            title, header_rows = (
                "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
                2,
            )
            notes.append(
                "Danh hiệu, hình thức khen thưởng do Viện trưởng Viện kiểm sát nhân dân tối cao, Chủ tịch Ủy ban nhân "
                "dân tỉnh quyết định; khen thưởng của cơ quan, tổ chức khác do cơ quan, tổ chức đó báo cáo."
            )
            if outside:
                notes.append("Không thuộc cột nào của biểu, không tính: " + "; ".join(outside) + ".")
        _fill(lines, columns, awards)
        forms[code] = StatisticsForm(
            code=code,
            number=f"{code}.N/BNV-TĐKT",
            title=title,
            unit=unit,
            year=year,
            start=start,
            end=end,
            receiver=receiver,
            columns=columns,
            header=header,
            header_rows=header_rows,
            numbering=numbering,
            lines=lines,
            notes=notes,
        )
    return forms
