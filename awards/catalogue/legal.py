"""The legal bases cited by award documents, by date."""

import datetime

# -- tờ trình and DANH SÁCH ---------------------------------------------------------------------------------


def legal_bases(day: datetime.date) -> list[str]:
    """The "Căn cứ" lines in force on the day of the tờ trình (domain-rules §0)."""
    if day >= datetime.date(2024, 1, 1):
        law = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"
    else:
        law = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013)"
    if day >= datetime.date(2025, 7, 1):
        decree = (
            "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định chi tiết một số điều của "
            "Luật Thi đua, khen thưởng"
        )
    else:
        decree = (
            "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều "
            "của Luật Thi đua, khen thưởng"
        )
    if day >= datetime.date(2024, 10, 1):
        circular = (
            "Thông tư số 02/2024/TT-VKSTC ngày 12/8/2024 của Viện trưởng Viện kiểm sát nhân dân tối cao quy định "
            "về công tác thi đua, khen thưởng trong ngành Kiểm sát nhân dân"
        )
    else:
        circular = (
            "Thông tư số 01/2019/TT-VKSTC ngày 14/5/2019 của Viện trưởng Viện kiểm sát nhân dân tối cao quy định "
            "về công tác thi đua, khen thưởng trong ngành Kiểm sát nhân dân (sửa đổi, bổ sung năm 2020)"
        )
    return [law, decree, circular]
