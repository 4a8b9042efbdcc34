"""Demo clusters and blocs of VKSND thành phố Huế, 2022–2026, with pledges, the 2025 score sheets and flag votes
(and the results of Cụm thi đua số 1's 2025 pledge).

Two clusters of the district-level procuracies (Cụm thi đua số 1 and số 2) and a bloc of the provincial phòng.
The reform of 01/07/2025 replaced the districts by the VKSND khu vực: the clusters of 2022–2024 hold districts,
those of 2025–2026 the khu vực (re-formed in July 2025, when they signed a new pledge). Every other year is made
by `services.groups_copy_to_next_year`, so the head rotates as the application rotates it; one khu vực is not
rated in 2025 and is therefore passed over as head for 2026.

Everything is fixed or drawn from `random.Random` seeded with constants, and existing rows are matched (groups by
organiser, year and name; one pledge per group; sheets by group and unit), so a second run writes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from emulation import selectors, services
from emulation.enums import CriterionKind, GroupKind, GroupLevel, MemberRole
from emulation.models import (
    EmulationGroup,
    FlagVote,
    Pledge,
    PledgeTarget,
    ScoreCriterion,
    ScoreSheet,
    ScoreTemplate,
)
from units.models import Unit

SEED = "tdkt-seed-groups-v1"
HUE = "VKS-HUE"
FIRST_YEAR, REFORM_YEAR, LAST_YEAR = 2022, 2025, 2026
SCORED_YEAR = 2025
PLACE = "Huế"

CLUSTER_1, CLUSTER_2 = "Cụm thi đua số 1", "Cụm thi đua số 2"
BLOC = "Khối thi đua các phòng, Văn phòng"
# name: (kind, member code suffixes, head, deputy) of the first year of each layout.
BEFORE_REFORM = {
    CLUSTER_1: (GroupKind.CLUSTER, ("TPHUE", "PHONGDIEN", "QUANGDIEN", "HUONGTRA", "HUONGTHUY"), "TPHUE", "HUONGTRA"),
    CLUSTER_2: (GroupKind.CLUSTER, ("PHUVANG", "PHULOC", "NAMDONG", "ALUOI"), "PHUVANG", "PHULOC"),
    BLOC: (GroupKind.BLOC, ("VP", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"), "P1", "VP"),
}
AFTER_REFORM = {
    CLUSTER_1: (GroupKind.CLUSTER, ("KV1", "KV2", "KV3", "KV4", "KV5", "KV6"), "KV1", "KV3"),
    CLUSTER_2: (GroupKind.CLUSTER, ("KV7", "KV8", "KV9", "KV10"), "KV8", "KV7"),
}
NOT_RATED = (SCORED_YEAR, CLUSTER_1, "KV2", "Để xảy ra vụ việc tiêu cực, có công chức bị xử lý kỷ luật trong năm")

# The sector's yearly mottos (seed 001 for 2022; spec §5 for the An Giang example), as pledge themes.
THEMES = {
    2022: "Đoàn kết, trách nhiệm, khát vọng, cống hiến, hoàn thành xuất sắc nhiệm vụ năm 2022",
    2023: "Đoàn kết, đổi mới – Trách nhiệm, kỷ cương – Thực chất, hiệu quả",
    2024: "Đoàn kết, kỷ cương, bản lĩnh, đổi mới, hiệu quả",
    2025: "Đoàn kết, đổi mới – Trách nhiệm, kỷ cương – Thực chất, hiệu quả",
    2026: "Đoàn kết, kỷ cương – Chủ động, sáng tạo – Thực chất, hiệu quả",
}
SIGNED_ON = {2022: (2, 15), 2023: (2, 9), 2024: (2, 27), 2025: (2, 20), 2026: (2, 10)}
REFORMED_SIGNED_ON = datetime.date(2025, 7, 15)  # the khu vực clusters, re-formed after 01/07/2025

PROSECUTION_TARGETS = (
    ("Tỷ lệ giải quyết tin báo, tố giác về tội phạm và kiến nghị khởi tố", "Trên 90%"),
    ("Tỷ lệ truy tố đúng thời hạn luật định", "100%"),
    ("Không có án trả hồ sơ điều tra bổ sung do lỗi của Viện kiểm sát", "100% số vụ án"),
    ("Vụ án Viện kiểm sát truy tố, Tòa án tuyên bị cáo không phạm tội", "Không có"),
    ("Tỷ lệ kháng nghị phúc thẩm án hình sự được Tòa án chấp nhận", "Trên 70%"),
    ("Phiên tòa rút kinh nghiệm do Kiểm sát viên tham gia", "Ít nhất 02 phiên/Kiểm sát viên/năm"),
    ("Tỷ lệ giải quyết đơn khiếu nại, tố cáo thuộc thẩm quyền", "100%"),
    ("Hồ sơ vụ án hình sự được số hóa", "100%"),
    ("Sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận", "Ít nhất 01 sáng kiến/đơn vị"),
    ("Công chức vi phạm kỷ luật, vi phạm quy tắc ứng xử", "Không có"),
)
DEPARTMENT_TARGETS = (
    ("Hoàn thành các nhiệm vụ theo Kế hoạch công tác năm được Viện trưởng giao", "100%"),
    ("Báo cáo, thống kê gửi đúng hạn, đúng biểu mẫu", "100%"),
    ("Hồ sơ, tài liệu nghiệp vụ được số hóa, lưu trữ theo quy định", "100%"),
    ("Công chức được đánh giá hoàn thành tốt nhiệm vụ trở lên", "100%"),
    ("Công chức đạt danh hiệu Lao động tiên tiến", "Trên 80%"),
    ("Sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận", "Ít nhất 01 sáng kiến/phòng"),
    ("Công chức vi phạm kỷ luật, vi phạm quy tắc ứng xử", "Không có"),
    ("Công chức tham gia các phong trào thi đua, hoạt động xã hội, từ thiện", "100%"),
)

TEMPLATE_NAME = "Bảng chấm điểm thi đua VKSND khu vực"
TEMPLATE_BASIS = "Vận dụng Bảng 1, Quyết định số 424/QĐ-VKSTC ngày 25/11/2020"
I = "I. Thực hiện chức năng, nhiệm vụ chuyên môn (70 điểm)"  # noqa: E741 -- section numerals as printed
II = "II. Công tác xây dựng Ngành (20 điểm)"
III = "III. Công tác Đảng, đoàn thể (10 điểm)"
IV = "IV. Điểm thưởng"
V = "V. Điểm trừ"
CRITERIA = (
    (I, "Thực hành quyền công tố, kiểm sát việc giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố", 10),
    (I, "Thực hành quyền công tố, kiểm sát điều tra án hình sự", 15),
    (I, "Thực hành quyền công tố, kiểm sát xét xử án hình sự", 15),
    (I, "Kiểm sát việc tạm giữ, tạm giam và thi hành án hình sự", 10),
    (I, "Kiểm sát giải quyết các vụ, việc dân sự, hành chính, kinh doanh thương mại, lao động", 10),
    (I, "Kiểm sát thi hành án dân sự, thi hành án hành chính", 5),
    (I, "Kiểm sát giải quyết khiếu nại, tố cáo trong hoạt động tư pháp", 5),
    (II, "Công tác tổ chức cán bộ; chấp hành kỷ luật, kỷ cương công vụ", 6),
    (II, "Công tác văn phòng, thống kê, báo cáo và chuyển đổi số", 6),
    (II, "Công tác thi đua, khen thưởng và sáng kiến", 4),
    (II, "Công tác tài chính, quản lý tài sản, cơ sở vật chất", 4),
    (III, "Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh", 5),
    (III, "Tham gia các phong trào thi đua, hoạt động xã hội, từ thiện", 5),
)
BONUSES = (
    (IV, "Có sáng kiến được công nhận cấp ngành, mô hình mới, cách làm hay được nhân rộng", 3),
    (IV, "Có thành tích đột xuất được cấp có thẩm quyền khen thưởng", 2),
)
DISCIPLINE = "Có công chức bị xử lý kỷ luật"
PENALTIES = (
    (V, DISCIPLINE, 5),
    (V, "Có án trả hồ sơ điều tra bổ sung, án bị hủy do lỗi của Viện kiểm sát", 5),
)
VOTED_ON = datetime.date(2025, 11, 25)
# What Cụm 1 achieved against its 2025 pledge, as its review writes it (the cluster's report prints it).
RESULTS = {
    PROSECUTION_TARGETS[0][0]: "Đạt 96,4%",
    PROSECUTION_TARGETS[1][0]: "Đạt 100%",
    PROSECUTION_TARGETS[2][0]: "Đạt: không có án trả hồ sơ do lỗi của Viện kiểm sát",
    PROSECUTION_TARGETS[3][0]: "Đạt: không có",
    PROSECUTION_TARGETS[4][0]: "Đạt 75% (03/04 kháng nghị được chấp nhận)",
    PROSECUTION_TARGETS[5][0]: "Đạt: 14 phiên tòa rút kinh nghiệm",
    PROSECUTION_TARGETS[6][0]: "Đạt 100%",
    PROSECUTION_TARGETS[7][0]: "Chưa đạt: 92% hồ sơ được số hóa",
    PROSECUTION_TARGETS[8][0]: "Đạt: 05 sáng kiến được công nhận",
    PROSECUTION_TARGETS[9][0]: "Chưa đạt: 01 công chức bị xử lý kỷ luật",
}
STEPS = (Decimal(0), Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.5"), Decimal(1))


def _units(suffixes) -> list[Unit]:
    codes = [f"{HUE}-{suffix}" for suffix in suffixes]
    found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def _create(organiser: Unit, year: int, name: str, spec) -> EmulationGroup | None:
    kind, suffixes, head, deputy = spec
    if EmulationGroup.objects.filter(organiser=organiser, year=year, name=name).exists():
        return None
    members = _units(suffixes)
    head_unit, deputy_unit = _units([head])[0], _units([deputy])[0]
    roles = dict.fromkeys(members, MemberRole.MEMBER) | {head_unit: MemberRole.HEAD, deputy_unit: MemberRole.DEPUTY}
    group = EmulationGroup(year=year, kind=kind, level=GroupLevel.PROVINCIAL, name=name, organiser=organiser)
    return services.group_save(group=group, roles=roles)


def _elect_deputy(group: EmulationGroup) -> None:
    """The members' choice at the year-end review: the member after the head (in unit order) that was rated."""
    memberships = sorted(group.memberships.select_related("unit"), key=lambda m: m.unit.sort_key)
    if any(m.role == MemberRole.DEPUTY for m in memberships):
        return
    not_rated = set(
        group.previous.memberships.filter(is_rated=False).values_list("unit_id", flat=True) if group.previous else ()
    )
    head_index = next(i for i, m in enumerate(memberships) if m.role == MemberRole.HEAD)
    for step in range(1, len(memberships)):
        candidate = memberships[(head_index + step) % len(memberships)]
        if candidate.unit_id not in not_rated:
            roles = {m.unit: m.role for m in memberships} | {candidate.unit: MemberRole.DEPUTY}
            services.group_save(group=group, roles=roles)
            return


def _copy(organiser: Unit, year: int) -> list[EmulationGroup]:
    created = services.groups_copy_to_next_year(organiser=organiser, year=year)
    for group in created:
        _elect_deputy(group)
    return created


def _pledge(group: EmulationGroup) -> bool:
    if group.pledges.exists():
        return False
    rng = random.Random(f"{SEED}:{group.name}:{group.year}")
    pool = DEPARTMENT_TARGETS if group.kind == GroupKind.BLOC else PROSECUTION_TARGETS
    picked = sorted(rng.sample(range(len(pool)), rng.randint(5, min(8, len(pool)))))
    reformed = group.year == REFORM_YEAR and group.kind == GroupKind.CLUSTER
    signed_on = REFORMED_SIGNED_ON if reformed else datetime.date(group.year, *SIGNED_ON[group.year])
    pledge = Pledge(group=group, signed_on=signed_on, place=PLACE, theme=THEMES[group.year])
    members = [m.unit for m in group.memberships.select_related("unit")]
    services.pledge_save(pledge=pledge, targets=[pool[i] for i in picked], signing_units=members)
    return True


def _template() -> ScoreTemplate:
    template = ScoreTemplate.objects.filter(name=TEMPLATE_NAME, year=SCORED_YEAR, version=1).first()
    if template is not None:
        return template
    template = ScoreTemplate.objects.create(name=TEMPLATE_NAME, year=SCORED_YEAR, version=1, basis=TEMPLATE_BASIS)
    rows = [(*row, CriterionKind.CRITERION) for row in CRITERIA]
    rows += [(*row, CriterionKind.BONUS) for row in BONUSES] + [(*row, CriterionKind.PENALTY) for row in PENALTIES]
    ScoreCriterion.objects.bulk_create(
        ScoreCriterion(template=template, section=section, order=order, text=text, kind=kind, max_points=points)
        for order, (section, text, points, kind) in enumerate(rows, start=1)
    )
    return template


def _scores(rng: random.Random, criteria: list[ScoreCriterion], *, not_rated: bool) -> dict:
    """Plausible points: a little under the maximum per criterion, the self-assessment a little higher."""
    scores = {}
    for criterion in criteria:
        if criterion.kind == CriterionKind.CRITERION:
            agreed = max(criterion.max_points - rng.choice(STEPS) * (1 + criterion.max_points // 10), Decimal(0))
            own = min(criterion.max_points, agreed + rng.choice((Decimal(0), Decimal(0), Decimal("0.5"))))
        elif criterion.kind == CriterionKind.BONUS:
            agreed = own = min(rng.choice((Decimal(0), Decimal(0), Decimal(1), Decimal(2))), criterion.max_points)
        elif not_rated and criterion.text == DISCIPLINE:
            agreed = own = Decimal(3)  # the reason it is not rated this year
        else:
            agreed = own = None
        scores[criterion.pk] = (own, agreed)
    return scores


def _score(group: EmulationGroup, template: ScoreTemplate) -> int:
    criteria = list(template.criteria.order_by("order"))
    created = 0
    for membership in group.memberships.select_related("unit").order_by("unit__sort_key"):
        if ScoreSheet.objects.filter(group=group, unit=membership.unit).exists():
            continue
        rng = random.Random(f"{SEED}:score:{membership.unit.code}")
        sheet = ScoreSheet(group=group, unit=membership.unit, template=template)
        services.score_sheet_save(sheet=sheet, scores=_scores(rng, criteria, not_rated=not membership.is_rated))
        created += 1
    return created


def _pledge_results(group: EmulationGroup) -> int:
    """The results written against the targets of the group's pledge at its review, where none is written yet."""
    written = 0
    for target in PledgeTarget.objects.filter(pledge__group=group, result=""):
        if target.indicator in RESULTS:
            target.result = RESULTS[target.indicator]
            target.save(update_fields=["result"])
            written += 1
    return written


def _flag_votes(group: EmulationGroup) -> int:
    """The year-end vote of Cụm 1: the leading unit reaches 5/6 (proposed), the runner-up 4/6 = 66,7% (not)."""
    if FlagVote.objects.filter(group=group).exists():
        return 0
    ranked = [row for row in selectors.sheet_totals(group=group) if row["rank"]]
    total = group.memberships.count()
    for row, agree in zip(ranked[:2], (total - 1, 4), strict=False):
        services.flag_vote_record(group=group, candidate=row["unit"], agree=agree, voted_on=VOTED_ON)
    return min(len(ranked), 2)


@transaction.atomic
def seed_groups(stdout=None) -> int:
    """Create the demo clusters and blocs that are missing, with their pledges, the 2025 sheets and flag votes;
    returns how many groups were created."""
    organiser = Unit.objects.filter(code=HUE).first()
    if organiser is None:
        return 0
    groups = [_create(organiser, FIRST_YEAR, name, spec) for name, spec in BEFORE_REFORM.items()]
    for year in range(FIRST_YEAR, REFORM_YEAR - 1):
        groups += _copy(organiser, year)
    # The reform: the khu vực clusters are formed anew; the bloc of phòng carries on.
    groups += [_create(organiser, REFORM_YEAR, name, spec) for name, spec in AFTER_REFORM.items()]
    groups += _copy(organiser, REFORM_YEAR - 1)
    year, name, suffix, reason = NOT_RATED
    membership = (
        EmulationGroup.objects.get(organiser=organiser, year=year, name=name)
        .memberships.filter(unit__code=f"{HUE}-{suffix}", is_rated=True)
        .first()
    )
    if membership is not None:
        services.membership_mark_not_rated(membership=membership, reason=reason)
    groups += _copy(organiser, REFORM_YEAR)
    created = [group for group in groups if group is not None]

    all_groups = EmulationGroup.objects.filter(organiser=organiser, year__range=(FIRST_YEAR, LAST_YEAR))
    pledges = sum(_pledge(group) for group in all_groups.order_by("year", "name"))
    template = _template()
    clusters = all_groups.filter(year=SCORED_YEAR, kind=GroupKind.CLUSTER).order_by("name")
    sheets = sum(_score(group, template) for group in clusters)
    votes = _flag_votes(clusters.get(name=CLUSTER_1))
    _pledge_results(clusters.get(name=CLUSTER_1))
    if stdout is not None:
        stdout.write(
            f"Cụm, Khối thi đua: {len(created)} mới; giao ước: {pledges} mới; phiếu chấm điểm: {sheets} mới; "
            f"kết quả suy tôn: {votes} mới."
        )
    return len(created)
