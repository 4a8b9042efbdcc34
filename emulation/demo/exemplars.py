"""Demo exemplars (điển hình tiên tiến) of VKSND thành phố Huế, 2023–2025: two collectives and two individuals found
in its movements, each with the award of the register it led to when the award history (awards.demo) holds one.

The achievements are plausible examples in the sector's work areas, not real ones. An individual exemplar is the
first member of staff of the unit (by code) who holds one of the awards named in that year, else the first of the
unit. Existing exemplars are matched on year, finder and recipient, so a second run writes nothing.
"""

from django.db import transaction

from emulation import selectors, services
from emulation.models import Exemplar, Movement
from units.models import Person, Unit

HUE = "VKS-HUE"

# year, finder (suffix, "" for VKS-HUE itself), collective (suffix) or None, unit of the individual (suffix) or None,
# movement code, the awards it may have led to (codes, first found wins), achievement, fostering
EXEMPLARS = [
    (2023, "", "P4", None, "PT-5DUC", ("TTLDXS",),
     "Kiểm sát chặt chẽ việc giải quyết các vụ, việc dân sự, hôn nhân và gia đình; 100% bản án, quyết định được "
     "kiểm sát đúng hạn, ban hành 12 kiến nghị được Tòa án tiếp thu.",
     "Tổ chức hội nghị trao đổi kinh nghiệm kiểm sát án dân sự cho Viện kiểm sát cấp huyện; giới thiệu cách làm "
     "trên trang thông tin điện tử của đơn vị."),
    (2024, "", "P7", None, "PT-KTXH-2125", ("BKVKSTC", "TTLDXS"),
     "Giải quyết 100% đơn khiếu nại, tố cáo thuộc thẩm quyền đúng hạn; không có đơn tồn đọng, kéo dài.",
     "Biểu dương tại Hội nghị tổng kết năm 2024; nhân rộng mô hình tiếp công dân “Một cửa” trong VKSND hai cấp."),
    (2023, "", None, "P8", "PT-CDS", ("BKVKSTC", "CSTDCS"),
     "Xây dựng bảng tính tự động tổng hợp số liệu thống kê tội phạm, được áp dụng trong VKSND hai cấp.",
     "Hướng dẫn sử dụng phần mềm cho các Viện kiểm sát khu vực; tham luận tại Hội nghị chuyển đổi số của Ngành."),
    (2025, "KV1", None, "KV1-P1", "PT-HTSD-2330", ("CSTDCS", "LDTT"),
     "Tham gia 15 phiên tòa rút kinh nghiệm, đạt giải Nhất cuộc thi Kiểm sát viên giỏi cấp thành phố năm 2025.",
     "Giới thiệu bài tham luận và băng ghi hình phiên tòa để công chức trong đơn vị học tập."),
]  # fmt: skip


def _code(suffix: str) -> str:
    return f"{HUE}-{suffix}" if suffix else HUE


def _individual(unit: Unit, year: int, codes: tuple[str, ...]):
    """(person, award): the first member of staff of `unit` holding one of the awards `codes` in `year`."""
    staff = list(Person.objects.filter(unit=unit).order_by("code"))
    for code in codes:
        for person in staff:
            award = selectors.recipient_awards(person=person).filter(year=year, award_type__code=code).first()
            if award is not None:
                return person, award
    return (staff[0], None) if staff else (None, None)


@transaction.atomic
def seed_exemplars(stdout=None) -> int:
    """Create the demo exemplars that are missing; returns how many were created."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith=HUE)}
    if HUE not in units:
        return 0
    movements = {movement.code: movement for movement in Movement.objects.filter(launching_unit__code=HUE)}
    created = 0
    for year, finder, collective, individual, movement, codes, achievement, fostering in EXEMPLARS:
        found_by = units.get(_code(finder))
        if found_by is None:
            continue
        person = unit = award = None
        if collective:
            unit = units.get(_code(collective))
            if unit is None:
                continue
            award = next(
                (
                    found
                    for code in codes
                    if (found := selectors.recipient_awards(unit=unit).filter(year=year, award_type__code=code).first())
                ),
                None,
            )
        else:
            if _code(individual) not in units:
                continue
            person, award = _individual(units[_code(individual)], year, codes)
            if person is None:
                continue
        if Exemplar.objects.filter(year=year, found_by=found_by, person=person, unit=unit).exists():
            continue
        exemplar = Exemplar(
            year=year,
            found_by=found_by,
            person=person,
            unit=unit,
            movement=movements.get(movement),
            achievement=achievement,
            fostering=fostering,
            award=award,
        )
        services.exemplar_save(exemplar=exemplar)
        created += 1
    if stdout is not None:
        stdout.write(f"Điển hình tiên tiến: {created} mới.")
    return created
