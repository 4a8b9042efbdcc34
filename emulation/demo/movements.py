"""Demo movements of VKSND thành phố Huế, with the launching documents its real 5-year report cites."""

import datetime

from emulation import services
from emulation.enums import MovementKind
from emulation.models import Movement, MovementReview
from units.models import Unit

HUE = "VKS-HUE"
ISSUER = "VKSND thành phố Huế"

# code, name, kind, start, end, (type, number, date)
MOVEMENTS = [
    ("PT-KTXH-2125", "Phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội hằng năm và kế "
     "hoạch 5 năm (2021-2025)", MovementKind.REGULAR, (2022, 1, 10), (2025, 12, 31),
     ("KH", "48/KH-VKS", (2022, 1, 10))),
    ("PT-NTM-2125", "Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn 2021 - 2025",
     MovementKind.THEMATIC, (2022, 11, 8), (2025, 12, 31), ("HD", "2158/HD-VKS", (2022, 11, 8))),
    ("PT-VNN-2125", "Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025",
     MovementKind.THEMATIC, (2022, 11, 8), (2025, 12, 31), ("HD", "2158/HD-VKS", (2022, 11, 8))),
    ("PT-HATANG", "Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết "
     "kiệm, chống lãng phí”", MovementKind.THEMATIC, (2023, 8, 7), None, ("KH", "1518/KH-VKS", (2023, 8, 7))),
    ("PT-HTSD-2330", "Phong trào thi đua “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời "
     "giai đoạn 2023-2030”", MovementKind.THEMATIC, (2024, 1, 5), (2030, 12, 31), ("KH", "27/KH-VKS", (2024, 1, 5))),
    ("PT-5DUC", "Phong trào thi đua rèn luyện theo lời dạy của Chủ tịch Hồ Chí Minh “Công minh - Chính trực - "
     "Khách quan - Thận trọng - Khiêm tốn”", MovementKind.REGULAR, (2022, 6, 2), None,
     ("KH", "973/KH-VKS", (2022, 6, 2))),
    ("PT-VHCS-1925", "Phong trào “Cán bộ, công chức, viên chức ngành Kiểm sát nhân dân thi đua thực hiện văn hóa "
     "công sở” giai đoạn 2019 - 2025", MovementKind.REGULAR, (2019, 8, 23), (2025, 12, 31),
     ("KH", "1735/KH-VKS", (2019, 8, 23))),
    ("PT-CDS", "Phong trào thi đua “Chuyển đổi số trong ngành Kiểm sát nhân dân”", MovementKind.THEMATIC,
     (2023, 11, 22), None, ("KH", "2185/KH-VKS", (2023, 11, 22))),
]  # fmt: skip

# Results as the 5-year report (2020-2024) of VKSND thành phố Huế states them.
REVIEWS = {
    "PT-KTXH-2125": [
        ((2024, 12, 16), "Tổng kết 5 năm (2020 - 2024)", "VKSND hai cấp thụ lý kiểm sát 6.433 tin báo, đã giải "
         "quyết 6.191 tin; truy tố 3.984 vụ/7.491 bị can; truy tố, xét xử kịp thời 379 vụ án trọng điểm."),
    ],
    "PT-NTM-2125": [
        ((2023, 12, 12), "Sơ kết năm 2023", "VKSND thành phố Huế cùng các đơn vị bạn xóa được 03 ngôi nhà tạm."),
        ((2024, 12, 16), "Tổng kết năm 2024", "Là Trưởng Khối thi đua Nội chính năm 2024, VKSND thành phố Huế cùng "
         "các đơn vị trong khối xây dựng 01 ngôi nhà tình nghĩa tại huyện Phú Lộc."),
    ],
    "PT-VNN-2125": [
        ((2024, 12, 16), "Tổng kết năm 2024", "112 lượt công chức, người lao động VKSND hai cấp tình nguyện hiến máu "
         "nhân đạo trong 5 năm; tham gia đầy đủ các đợt ủng hộ Quỹ Vì người nghèo."),
    ],
    "PT-HATANG": [
        ((2024, 6, 14), "Sơ kết 6 tháng đầu năm 2024", "Các đơn vị thực hành tiết kiệm, chống lãng phí; nội bộ "
         "đoàn kết, thực hiện tốt quy chế dân chủ."),
    ],
    "PT-HTSD-2330": [
        ((2024, 12, 16), "Sơ kết năm 2024", "Phối hợp với các xã, phường, trường học tổ chức 235 lượt tuyên truyền, "
         "phổ biến, giáo dục pháp luật; trang thông tin điện tử đăng khoảng 1.200 tin, bài."),
    ],
    "PT-5DUC": [
        ((2024, 12, 16), "Tổng kết năm 2024", "Không có trường hợp bắt giữ oan, sai người vô tội; không có vụ án quá "
         "hạn điều tra, truy tố; không có vụ án Viện kiểm sát truy tố mà Tòa án tuyên không phạm tội."),
    ],
    "PT-VHCS-1925": [
        ((2023, 12, 12), "Tổng kết năm 2023", "VKSND thành phố được công nhận là Cơ quan văn hóa."),
        ((2024, 12, 10), "Tổng kết năm 2024", "Các đơn vị duy trì nền nếp, kỷ cương công sở; không có cán bộ vi "
         "phạm quy tắc ứng xử."),
    ],
    "PT-CDS": [
        ((2024, 6, 3), "Sơ kết 6 tháng đầu năm 2024", "100% đơn vị triển khai phần mềm quản lý án; 12 sáng kiến về "
         "ứng dụng công nghệ thông tin được đăng ký."),
    ],
}  # fmt: skip


def seed_movements(stdout=None) -> int:
    """Create the demo movements that are missing; returns how many were created."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None:
        return 0
    participants = list(Unit.objects.filter(parent=province, valid_to__isnull=True).order_by("sort_key"))
    existing = set(Movement.objects.filter(code__in=[row[0] for row in MOVEMENTS]).values_list("code", flat=True))
    created = 0
    for code, name, kind, start, end, (doc_type, number, doc_date) in MOVEMENTS:
        if code in existing:
            continue
        movement = Movement(
            code=code,
            name=name,
            kind=kind,
            launching_unit=province,
            start_date=datetime.date(*start),
            end_date=datetime.date(*end) if end else None,
            doc_type=doc_type,
            doc_number=number,
            doc_date=datetime.date(*doc_date),
            doc_issuer=ISSUER,
        )
        services.movement_save(movement=movement, participating_units=participants)
        for day, title, text in REVIEWS.get(code, []):
            services.movement_review_add(
                review=MovementReview(movement=movement, date=datetime.date(*day), title=title, text=text)
            )
        created += 1
    if stdout is not None:
        stdout.write(f"Phong trào thi đua: {created} mới.")
    return created
