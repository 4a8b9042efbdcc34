"""The pre-filled draft of a report's narrative: sentences built from the records of the period, in the wording of
the seed reports, for the writer to edit. Parts only the unit can know (results of the professional work, its own
assessment) are left as prompts in square brackets; a report with a prompt left in it cannot be issued.
"""

import re

from django.db.models import Count

from emulation.enums import MovementKind
from emulation.models import Pledge, Registration
from units.common import formatting
from units.lineage import prefix_q
from units.models import Unit

PROMPT = re.compile(r"\[[^\[\]\n]{2,}\]")


def prompts_left(text: str) -> list[str]:
    """The prompts ("[bổ sung …]") still in a text."""
    return PROMPT.findall(text or "")


def _paths(unit: Unit, figures: dict) -> list[str]:
    """The subtrees the figures counted (the unit's, with its predecessors' unless the report counts as it was);
    figures computed before the lineage was recorded counted the unit's own."""
    return figures.get("lineage", {}).get("paths") or [unit.path]


def _registrations(unit: Unit, figures: dict, years: tuple[int, int]) -> list[tuple[str, int]]:
    """(title, registrations) of the subtrees the figures counted in the years, most registered first. One
    query."""
    rows = (
        Registration.objects.filter(prefix_q("registering_unit__path", _paths(unit, figures)), year__range=years)
        .values("award_type__name")
        .annotate(count=Count("id"))
        .order_by("-count", "award_type__name")
    )
    return [(row["award_type__name"], row["count"]) for row in rows]


def _pledges(unit: Unit, figures: dict) -> int:
    """Pledges (giao ước thi đua) signed in the period by groups organised in the subtrees the figures counted. One
    query."""
    start, end = figures["window"]
    return Pledge.objects.filter(
        prefix_q("group__organiser__path", _paths(unit, figures)), signed_on__range=(start, end)
    ).count()


def _names(movements: list[dict], kind: str) -> str:
    # A name quoted inside the sentence: quotation marks of its own become single ones (“Phong trào ‘…’”).
    return "; ".join(formatting.quote(row["name"]) for row in movements if row["kind"] == kind)


def draft_narrative(*, unit: Unit, figures: dict, years: tuple[int, int]) -> dict[str, str]:
    """{narrative field: text} for a new report of `unit` with the computed `figures`. Two queries."""
    name = unit.name
    period = figures["period_phrase"]
    movements = figures["movements"]
    registrations = _registrations(unit, figures, years)
    pledges = _pledges(unit, figures)
    totals = figures["totals"]
    indicators = figures["indicators"]

    registered = "; ".join(f"{title}: {formatting.count2(count)} lượt" for title, count in registrations)
    leadership_after = (
        "Sau khi phát động, các đơn vị trực thuộc đều xây dựng chương trình công tác, "
        + (f"ký kết {formatting.count2(pledges)} bản giao ước thi đua, " if pledges else "ký kết giao ước thi đua, ")
        + "xác định rõ mục tiêu, chỉ tiêu phấn đấu; tạo không khí thi đua sôi nổi trong toàn đơn vị."
    )
    if registered:
        leadership_after += f"\nKết quả đăng ký danh hiệu thi đua: {registered}."

    regular_names = _names(movements, MovementKind.REGULAR)
    thematic_names = _names(movements, MovementKind.THEMATIC)
    regular = (
        f"Các phong trào thi đua thường xuyên ({regular_names}) được triển khai gắn với việc thực hiện "
        "nhiệm vụ chính trị, chuyên môn của đơn vị."
        if regular_names
        else "Phong trào thi đua thường xuyên được triển khai gắn với việc thực hiện nhiệm vụ chính trị, chuyên môn."
    )
    regular += "\n[Bổ sung kết quả thực hiện các chỉ tiêu công tác chuyên môn, nghiệp vụ trong kỳ]"
    thematic = (
        f"Các phong trào thi đua theo đợt, chuyên đề ({thematic_names}) được tổ chức đúng kế hoạch."
        "\n[Bổ sung kết quả nổi bật của từng đợt thi đua]"
        if thematic_names
        else "Trong kỳ báo cáo, đơn vị không phát động phong trào thi đua theo đợt, chuyên đề."
    )
    awards_note = (
        "Công tác khen thưởng bảo đảm đúng đối tượng, tiêu chuẩn, quy trình, thủ tục; "
        f"tổng số {formatting.count2(totals['total'])} lượt khen thưởng trong {period}"
    )
    if indicators["individuals"]:
        awards_note += (
            ", trong đó khen thưởng cá nhân là công chức, người lao động trực tiếp thực hiện nhiệm vụ chiếm "
            + formatting.percent(indicators["staff"]["count"], indicators["individuals"])
        )
    # The units flagged for rotating titles are an internal check, never named in the report sent upward: the
    # leaders read them in the internal annex (`documents.internal_checks`).
    awards_note += "."
    return {
        "leadership": (
            "Thực hiện Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn thi hành; Chỉ thị của Viện trưởng "
            f"Viện kiểm sát nhân dân tối cao về công tác thi đua, khen thưởng, {name} đã quán triệt, ban hành kế "
            f"hoạch và phát động các phong trào thi đua trong {period}."
        ),
        "leadership_after": leadership_after,
        "regular": regular,
        "thematic": thematic,
        "local": "[Bổ sung kết quả các phong trào thi đua do cấp ủy, chính quyền địa phương phát động]",
        "awards_note": awards_note,
        "assessment": (
            "1. Ưu điểm\n"
            "Phong trào thi đua được triển khai sâu rộng, thiết thực, gắn với thực hiện nhiệm vụ chính trị của "
            "đơn vị; công tác khen thưởng kịp thời, đúng người, đúng thành tích.\n"
            "2. Hạn chế và nguyên nhân\n"
            "[Nêu những hạn chế, thiếu sót và nguyên nhân]\n"
            "3. Bài học kinh nghiệm\n"
            "Một là, phải có sự lãnh đạo, chỉ đạo sát sao của cấp ủy, lãnh đạo đơn vị; gắn phong trào thi đua với "
            "nhiệm vụ chính trị.\n"
            "Hai là, nội dung thi đua phải cụ thể, thiết thực, có chỉ tiêu rõ ràng, dễ đánh giá.\n"
            "Ba là, khen thưởng phải chính xác, kịp thời, công khai, dân chủ; chú trọng khen thưởng công chức, "
            "người lao động trực tiếp thực hiện nhiệm vụ."
        ),
        "direction": (
            "1. Tiếp tục quán triệt, thực hiện nghiêm Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn "
            "thi hành.\n"
            "2. Đổi mới nội dung, hình thức tổ chức phong trào thi đua; phát hiện, bồi dưỡng, nhân rộng các điển "
            "hình tiên tiến.\n"
            "3. Nâng cao chất lượng bình xét, đề nghị khen thưởng; bảo đảm đúng tiêu chuẩn, quy trình, không bình "
            "xét luân phiên.\n"
            "[Bổ sung chỉ tiêu, nhiệm vụ cụ thể của đơn vị]"
        ),
    }
