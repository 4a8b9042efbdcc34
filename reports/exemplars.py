"""The reports' section on exemplars (Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến), Part I of a unit's
summary report: the exemplars its units found in the period (`emulation.selectors.exemplars_for_report`) as plain
data frozen with the figures (`figures`), and the sentence and list the PDF prints from them (`section`).

The printed list reads like the offices' reports: "- Đồng chí Nguyễn Văn Vinh, Kiểm sát viên, Phòng …: <the
achievement>; được công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2023 (Quyết định số 236/QĐ-VKS ngày
08/12/2023 của …)."
"""

from awards.catalogue.enums import Category
from emulation.models import Exemplar
from units.common import formatting

# Exemplars written out in the PDF; the rest are counted in one sentence (a province finds a handful a year).
PDF_LIMIT = 30


def _conferred(award) -> str:
    """How the award is said: a title is "công nhận" (a flag "tặng"), an order "tặng thưởng", another form "tặng"."""
    name = award.award_type.name
    if award.award_type.category == Category.TITLE:
        return f"được tặng {name}" if name.startswith("Cờ") else f"được công nhận danh hiệu {name}"
    if name.startswith("Huân chương"):
        return f"được tặng thưởng {name}"
    return f"được tặng {name}"


def _award_text(award) -> str:
    if award is None:
        return ""
    decision = award.decision
    citation = (
        f"Quyết định số {formatting.decision_number(decision.number)} ngày {formatting.short_date(decision.date)}"
    )
    if decision.issuer_name:
        citation += f" của {decision.issuer_name}"
    return f"{_conferred(award)} năm {award.year} ({citation})"


def rows(exemplars: list[Exemplar]) -> list[dict]:
    """The exemplars as the report stores them (JSON-able): year, collective or not, the name as printed (a person
    with his post and unit, a phòng with its parent's name), the achievement, the movement, the award."""
    found = []
    for exemplar in exemplars:
        if exemplar.person_id:
            person = exemplar.person
            post = ", ".join(part for part in (person.position, person.unit.name_with_parent) if part)
            name = f"Đồng chí {person.full_name}" + (f", {post}" if post else "")
        else:
            name = exemplar.unit.name_with_parent
        found.append(
            {
                "year": exemplar.year,
                "collective": exemplar.unit_id is not None,
                "name": name,
                "achievement": " ".join(exemplar.achievement.split()).rstrip(" .;"),
                "movement": exemplar.movement.name if exemplar.movement_id else "",
                "award": _award_text(exemplar.award),
            }
        )
    return found


def figures(exemplars: list[Exemplar], years: tuple[int, int]) -> dict:
    """The one key the report's figures keep (JSON-able): the achievement years searched and the rows."""
    return {"years": list(years), "rows": rows(exemplars)}


def section(stored: dict | None, *, unit_name: str, period_phrase: str) -> dict:
    """What `templates/pdf/_exemplars.html` prints from the figures' `exemplars` (`figures`): the sentence with
    the counts, the lines of the list (with the year of each when the period has several), and how many were left
    out of the PDF. None (the frozen figures of a report issued before exemplars were recorded): nothing, the
    section is not printed."""
    if stored is None:
        return {"exemplars_shown": False}
    found = stored["rows"]
    first, last = stored["years"]
    collectives = sum(1 for row in found if row["collective"])
    individuals = len(found) - collectives
    counts = " và ".join(
        text
        for count, text in (
            (collectives, f"{formatting.count2(collectives)} tập thể"),
            (individuals, f"{formatting.count2(individuals)} cá nhân"),
        )
        if count
    )
    if found:
        sentence = (
            f"Trong {period_phrase}, qua các phong trào thi đua, {unit_name} đã phát hiện, bồi dưỡng, nhân rộng "
            f"{counts} điển hình tiên tiến, tiêu biểu:"
        )
    else:
        sentence = f"Trong {period_phrase}, chưa có tập thể, cá nhân điển hình tiên tiến được ghi nhận."
    lines = []
    shown = found[:PDF_LIMIT]
    for index, row in enumerate(shown):
        name = row["name"] + (f" (năm {row['year']})" if first != last else "")
        text = f"{name}: {row['achievement']}" + (f"; {row['award']}" if row["award"] else "")
        lines.append(f"- {formatting.quotation_marks(text)}{'.' if index == len(shown) - 1 else ';'}")
    return {
        "exemplars_shown": True,
        "exemplars_text": sentence,
        "exemplar_lines": lines,
        "exemplars_more": max(len(found) - PDF_LIMIT, 0),
    }
