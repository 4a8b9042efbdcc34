"""Demo initiatives (sáng kiến) of VKSND thành phố Huế, 2022–2025, with their recognition decisions and the
CSTĐCS titles that used some of them as evidence.

The titles are plausible examples in the sector's work areas, not real initiatives. Grassroots initiatives are
recognised by the Viện trưởng of the provincial procuracy in December, before the CSTĐCS decision of the year;
sector ones by the Viện trưởng VKSTC in its batches (đợt). Authors are drawn from the unit's staff with a
`random.Random` seeded with a constant; an initiative meant to back a CSTĐCS gets as main author a holder of
that title in that year in the award register (awards.demo), when the register has one.

Existing initiatives are matched on title and unit, and a use is recorded only once, so a second run writes
nothing.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction

from emulation import services
from emulation.enums import InitiativeLevel as Level
from emulation.enums import InitiativeStatus as Status
from emulation.models import Initiative, InitiativeUse
from units.models import Person, Unit

SEED = "tdkt-seed-initiatives-v1"
HUE = "VKS-HUE"
PROVINCE = "VKSND thành phố Huế"
SUPREME = "VKSND tối cao"

# Recognition decisions: grassroots ones of the province each December, sector ones of VKSTC's batches.
GRASSROOTS_2022 = ("231/QĐ-VKS", (2022, 12, 12), PROVINCE)
GRASSROOTS_2023 = ("236/QĐ-VKS", (2023, 12, 8), PROVINCE)
GRASSROOTS_2024 = ("240/QĐ-VKS", (2024, 12, 6), PROVINCE)
SECTOR_2023 = ("253/QĐ-VKSTC", (2023, 7, 17), SUPREME)  # 2023 đợt 1 (domain-rules §3.4)
SECTOR_2024 = ("412/QĐ-VKSTC", (2024, 12, 20), SUPREME)
NO_DECISION = ("", None, "")

# unit suffix, year, title, domain, level, status, decision, number of authors, backs the year's CSTĐCS
INITIATIVES = [
    ("P1", 2022, "Giải pháp nâng cao chất lượng báo cáo án và đề cương xét hỏi trong các vụ án ma túy",
     "Thực hành quyền công tố, kiểm sát điều tra", Level.GRASSROOTS, Status.RECOGNISED, GRASSROOTS_2022, 2, True),
    ("P8", 2022, "Bảng tính tự động tổng hợp số liệu thống kê tội phạm theo kỳ báo cáo từ 01/12 đến 30/11",
     "Thống kê tội phạm", Level.GRASSROOTS, Status.RECOGNISED, GRASSROOTS_2022, 1, False),
    ("VP", 2022, "Số hóa sổ theo dõi công văn đi, đến bằng bảng tính dùng chung", "Văn phòng, hành chính",
     Level.GRASSROOTS, Status.REJECTED, NO_DECISION, 1, False),
    ("P4", 2023, "Kỹ năng phát hiện vi phạm trong kiểm sát giải quyết các vụ án tranh chấp quyền sử dụng đất",
     "Kiểm sát giải quyết các vụ, việc dân sự", Level.GRASSROOTS, Status.RECOGNISED, GRASSROOTS_2023, 2, True),
    ("P3", 2023, "Mô hình kiểm sát trực tiếp định kỳ kết hợp đột xuất tại nhà tạm giữ Công an cấp huyện",
     "Kiểm sát tạm giữ, tạm giam và thi hành án hình sự", Level.GRASSROOTS, Status.RECOGNISED, GRASSROOTS_2023, 3,
     False),
    ("P2", 2023, "Rà soát bản án sơ thẩm theo nhóm tội để nâng cao tỷ lệ kháng nghị phúc thẩm được chấp nhận",
     "Kiểm sát xét xử phúc thẩm", Level.SECTOR, Status.RECOGNISED, SECTOR_2023, 2, False),
    ("P1", 2024, "Quy trình phối hợp giữa Kiểm sát viên và Điều tra viên khi giải quyết tin báo về tội phạm trên "
     "không gian mạng", "Thực hành quyền công tố, kiểm sát điều tra", Level.GRASSROOTS, Status.RECOGNISED,
     GRASSROOTS_2024, 2, True),
    ("P6", 2024, "Kiểm sát việc xác minh điều kiện thi hành án dân sự của người phải thi hành án là tổ chức",
     "Kiểm sát thi hành án dân sự", Level.GRASSROOTS, Status.RECOGNISED, GRASSROOTS_2024, 1, False),
    ("P7", 2024, "Sổ tay tiếp nhận, phân loại đơn khiếu nại, tố cáo trong hoạt động tư pháp",
     "Kiểm sát giải quyết khiếu nại, tố cáo", Level.GRASSROOTS, Status.REJECTED, NO_DECISION, 2, False),
    ("P8", 2024, "Phần mềm theo dõi thời hạn tạm giữ, tạm giam, điều tra, truy tố trên nền tảng dùng chung",
     "Chuyển đổi số", Level.SECTOR, Status.RECOGNISED, SECTOR_2024, 3, False),
    ("KV1-P1", 2025, "Tổ chức phiên tòa rút kinh nghiệm trực tuyến giữa các Viện kiểm sát khu vực",
     "Kiểm sát xét xử hình sự", Level.GRASSROOTS, Status.SUBMITTED, NO_DECISION, 2, False),
    ("P8", 2025, "Hệ thống số hóa hồ sơ kiểm sát và tra cứu bản án phục vụ tranh tụng tại phiên tòa",
     "Chuyển đổi số", Level.NATIONAL, Status.SUBMITTED, NO_DECISION, 2, False),
]  # fmt: skip


def _authors(rng: random.Random, unit: Unit, count: int, main: Person | None) -> list[Person]:
    staff = [person for person in Person.objects.filter(unit=unit).order_by("code") if person != main]
    drawn = rng.sample(staff, min(len(staff), count - (main is not None)))
    return [main, *drawn] if main is not None else drawn


def _record_use(initiative: Initiative, holder) -> bool:
    """Record that the holder's CSTĐCS used the initiative, if the holder is one of its authors."""
    if holder is None or InitiativeUse.objects.filter(initiative=initiative).exists():
        return False
    if not initiative.authorships.filter(person=holder.person).exists():
        return False
    services.initiative_use(
        initiative=initiative, person=holder.person, award_type=holder.award_type, year=holder.year, award=holder
    )
    return True


@transaction.atomic
def seed_initiatives(stdout=None, *, title_holder: Callable | None = None) -> int:
    """Create the demo initiatives that are missing; returns how many were created.

    `title_holder(unit, year)` gives the award (a CSTĐCS) of someone in `unit` whose title the initiative backs: he
    becomes its main author and the award records the use. The register lies above this app, so the caller (the
    demo command) passes the look-up in; without it no initiative backs a title."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith=HUE)}
    if HUE not in units:
        return 0
    rng = random.Random(SEED)
    created = used = 0
    for suffix, year, title, domain, level, status, decision, count, backs_title in INITIATIVES:
        unit = units.get(f"{HUE}-{suffix}")
        if unit is None:
            continue
        holder = title_holder(unit, year) if backs_title and title_holder else None
        initiative = Initiative.objects.filter(title=title, unit=unit).first()
        if initiative is None:
            authors = _authors(rng, unit, count, holder.person if holder else None)
            if not authors:
                continue
            number, day, issuer = decision
            initiative = Initiative(
                title=title,
                unit=unit,
                domain=domain,
                year=year,
                level=level,
                status=status,
                decision_number=number,
                decision_date=datetime.date(*day) if day else None,
                decision_issuer=issuer,
            )
            services.initiative_save(initiative=initiative, authors=authors)
            created += 1
        used += _record_use(initiative, holder)
    if stdout is not None:
        stdout.write(f"Sáng kiến: {created} mới; {used} lượt dùng làm căn cứ khen thưởng mới.")
    return created
