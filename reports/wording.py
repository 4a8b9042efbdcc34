"""The sentences of a summary report's part on awards (2.4 "Kết quả công tác khen thưởng"), written from its figures
as the offices write them (seed 004, spec reports.md): the forms of commendation (hình thức khen thưởng) form by form,
each with its own "trong đó" for the short-term and ad hoc awards; the emulation titles (danh hiệu thi đua) apart;
the recipients of the State's awards named with their year; the bodies outside the sector named; each kind of flag
apart. No count is written "00": a clause without awards is left out, or the sentence says there were none.

Pure functions from the plain figures (`reports.documents.compute_figures`: the rows of
`statistics.Tally.by_type_and_issuer`, `statistics.named_awards`, the indicators) to Vietnamese text, so that the
PDF, the browser preview and a Word copy say the same thing and a test can compare a paragraph word for word.
"""

from collections.abc import Iterable

from awards.catalogue.enums import Authority, Category, IssuerKind, RecipientKind
from reports.statistics import FLAG_CODES, HIGHEST_AUTHORITIES
from units.common import formatting

# Who confers, as the sentence names him ("được Viện trưởng VKSND tối cao tặng Bằng khen"); the unit heads' awards
# need no issuer ("được tặng Giấy khen", "được công nhận danh hiệu Lao động tiên tiến").
ISSUERS = {
    Authority.STATE_PRESIDENT: "Nhà nước",
    Authority.PRIME_MINISTER: "Thủ tướng Chính phủ",
    Authority.PROCURATOR_GENERAL: "Viện trưởng VKSND tối cao",
    Authority.PROVINCIAL_COMMITTEE: "Chủ tịch UBND tỉnh",
    Authority.UNIT_HEAD: "",
    Authority.OTHER: "cơ quan khác",
}
# The order of the clauses: the highest authority first (the seed opens on the Huân chương), the bodies outside the
# sector before the unit heads' own awards; the catalogue's report order within one authority.
AUTHORITY_ORDER = (
    Authority.STATE_PRESIDENT,
    Authority.PRIME_MINISTER,
    Authority.PROCURATOR_GENERAL,
    Authority.PROVINCIAL_COMMITTEE,
    Authority.OTHER,
    Authority.UNIT_HEAD,
)
# Recipients of one award named in a sentence; the others are counted ("… và 05 lượt khác"), the appendix of higher
# awards lists them all.
NAMED_LIMIT = 10

THEMATIC = "được khen thưởng trong các đợt thi đua ngắn hạn"
AD_HOC = "được khen thưởng đột xuất"


def luot(collectives: int, individuals: int) -> str:
    """ "67 lượt tập thể và 136 lượt cá nhân"; a part without awards is left out; "" when there are none."""
    parts = [
        f"{formatting.count2(count)} lượt {who}"
        for count, who in ((collectives, "tập thể"), (individuals, "cá nhân"))
        if count
    ]
    return " và ".join(parts)


def enumerate_words(items: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def years_phrase(years: Iterable[int]) -> str:
    """ "năm 2022", "năm 2022 và 2024", "năm 2020, 2021 và 2023"."""
    return f"năm {enumerate_words([str(year) for year in sorted(set(years))])}"


def punctuated(lines: list[str]) -> list[str]:
    """The items of a list as an administrative text ends them: ";" after each, "." after the last."""
    return [line + ("." if index == len(lines) - 1 else ";") for index, line in enumerate(lines)]


def issuer_phrase(row: dict) -> str:
    """Who conferred the awards of a row of `by_type_and_issuer`: the authority, or the body outside the sector by
    its name; "" for the unit heads."""
    if row["authority"] == Authority.OTHER and row.get("issuer") and row.get("issuer_kind") != IssuerKind.OTHER:
        return row["issuer"]
    return ISSUERS.get(row["authority"], "")


def award_words(name: str, *, with_issuer: bool) -> tuple[str, str]:
    """(verb, object) of "được … tặng Bằng khen": a Bằng khen is named without its issuer ("Bằng khen của Thủ tướng
    Chính phủ" → "Bằng khen") when the sentence names him; orders and medals are "tặng thưởng", the hero titles
    "phong tặng danh hiệu". Straight quotation marks become curly ones."""
    name = formatting.quotation_marks(name)
    if name.startswith("Bằng khen") and with_issuer:
        return "tặng", "Bằng khen"
    if name.startswith(("Huân chương", "Huy chương", "Kỷ niệm chương")):
        return "tặng thưởng", name
    if name.startswith("Anh hùng"):
        return "phong tặng danh hiệu", name
    return "tặng", name


def _action(row: dict) -> str:
    """ "được Viện trưởng VKSND tối cao tặng Bằng khen", "được công nhận danh hiệu Lao động tiên tiến"."""
    issuer = issuer_phrase(row)
    if row["category"] == Category.TITLE:
        if not issuer:
            return f"được công nhận danh hiệu {row['name']}"
        title = row["name"] if row["code"] in FLAG_CODES else f"danh hiệu {row['name']}"
        return f"được {issuer} tặng {title}"
    verb, award = award_words(row["name"], with_issuer=bool(issuer))
    return f"được {issuer} {verb} {award}" if issuer else f"được {verb} {award}"


def of_which(row: dict) -> str:
    """ " (trong đó 56 lượt tập thể và 122 lượt cá nhân được khen thưởng trong các đợt thi đua ngắn hạn)", or ""."""
    parts = [
        f"{luot(part['collectives'], part['individuals'])} {words}"
        for part, words in ((row.get("thematic"), THEMATIC), (row.get("ad_hoc"), AD_HOC))
        if part and (part["collectives"] or part["individuals"])
    ]
    return f" (trong đó {', '.join(parts)})" if parts else ""


def _recipients(rows: list[dict]) -> list[tuple[dict, list[int]]]:
    """The named awards of one type grouped by recipient, in their order: (first row, years)."""
    grouped: dict[tuple, tuple[dict, list[int]]] = {}
    for row in rows:
        key = (row["recipient_kind"], row["unit_code"], row["name"], row["unit"])
        grouped.setdefault(key, (row, []))[1].append(row["year"])
    return list(grouped.values())


def _recipient(row: dict, years: list[int]) -> str:
    if row["recipient_kind"] == RecipientKind.INDIVIDUAL:
        unit = f", {row['unit']}," if row["unit"] else ""
        return f"đồng chí {row['name']}{unit} {years_phrase(years)}"
    return f"{row['name']} {years_phrase(years)}"


def _named_list(rows: list[dict]) -> str:
    """ " (VKSND thị xã Phong Điền năm 2021; đồng chí Nguyễn Văn An, VKSND huyện Phú Vang, năm 2023)"."""
    recipients = _recipients(rows)
    shown = [_recipient(row, years) for row, years in recipients[:NAMED_LIMIT]]
    rest = sum(len(years) for _row, years in recipients[NAMED_LIMIT:])
    more = f" và {formatting.count2(rest)} lượt khác" if rest else ""
    return f" ({'; '.join(shown)}{more})"


def clause(row: dict, *, named: list[dict], unit_code: str) -> str:
    """One award type (or one issuer's) in the paragraph. The recipients of the State's awards are named with their
    year: the reported unit as the subject ("VKSND thành phố Huế được Nhà nước tặng thưởng Huân chương Lao động
    hạng Nhất năm 2022"), the others after their count ("01 lượt tập thể được Thủ tướng Chính phủ tặng Bằng khen
    (VKSND thị xã Phong Điền năm 2021)"). `named` holds the rows of `statistics.named_awards` of this type."""
    action = _action(row)
    counts = luot(row["collectives"], row["individuals"])
    trong_do = of_which(row)
    if row["authority"] not in HIGHEST_AUTHORITIES or not named:
        return f"{counts} {action}{trong_do}"
    own = [
        award
        for award in named
        if award["recipient_kind"] == RecipientKind.COLLECTIVE and award["unit_code"] == unit_code
    ]
    # The "trong đó" counts the type as a whole: with one, the unit is named in the list like the others.
    if own and not trong_do:
        others = [award for award in named if award not in own]
        parts = [f"{own[0]['name']} {action} {years_phrase(award['year'] for award in own)}"]
        if others:
            collectives = sum(award["recipient_kind"] == RecipientKind.COLLECTIVE for award in others)
            parts.append(f"{luot(collectives, len(others) - collectives)} {action}{_named_list(others)}")
        return "; ".join(parts)
    return f"{counts} {action}{trong_do}{_named_list(named)}"


def _ordered(rows: list[dict]) -> list[dict]:
    rank = {authority: index for index, authority in enumerate(AUTHORITY_ORDER)}
    return sorted(rows, key=lambda row: rank.get(row["authority"], len(rank)))  # stable: report order kept


def _clauses(rows: list[dict], named: list[dict], unit_code: str) -> list[str]:
    return [
        clause(row, named=[award for award in named if award["code"] == row["code"]], unit_code=unit_code)
        for row in _ordered(rows)
        if row["total"]
    ]


def forms_paragraph(*, rows: list[dict], named: list[dict], unit_name: str, unit_code: str, period_phrase: str) -> str:
    """The forms of commendation of the period, form by form (`rows`: `by_type_and_issuer`, the titles are skipped)."""
    forms = [row for row in rows if row["category"] == Category.FORM]
    total = luot(sum(row["collectives"] for row in forms), sum(row["individuals"] for row in forms))
    lead = f"Trong {period_phrase}, {unit_name} và các đơn vị trực thuộc"
    if not total:
        return f"{lead} không có tập thể, cá nhân nào được tặng hình thức khen thưởng."
    return f"{lead} đã được khen thưởng {total}, cụ thể: {'; '.join(_clauses(forms, named, unit_code))}."


def titles_paragraph(*, rows: list[dict], named: list[dict], unit_code: str) -> str:
    """The emulation titles of the period, title by title, flags included (`rows`: `by_type_and_issuer`)."""
    titles = [row for row in rows if row["category"] == Category.TITLE]
    total = luot(sum(row["collectives"] for row in titles), sum(row["individuals"] for row in titles))
    if not total:
        return "Về danh hiệu thi đua, không có tập thể, cá nhân nào được tặng, công nhận danh hiệu thi đua."
    return (
        f"Về danh hiệu thi đua, {total} được tặng, công nhận danh hiệu thi đua, cụ thể: "
        f"{'; '.join(_clauses(titles, named, unit_code))}."
    )


def flag_lines(*, rows: list[dict], named: list[dict]) -> list[str]:
    """The flag list, one line per kind of flag, each unit once with its years: "- Cờ thi đua của Chính phủ: VKSND
    thành phố Huế (năm 2022 và 2024);", the last line ending with "."; [] without flags."""
    names = {row["code"]: row["name"] for row in rows}
    lines = []
    for code in dict.fromkeys(row["code"] for row in rows if row["code"] in FLAG_CODES):
        recipients = _recipients([award for award in named if award["code"] == code])
        if recipients:
            units = ", ".join(f"{row['name']} ({years_phrase(years)})" for row, years in recipients)
            lines.append(f"- {names[code]}: {units}")
    return punctuated(lines)


def flag_lines_by_year(flags: list) -> list[str]:
    """The flag list of figures frozen before the flags were named by kind: "- Năm 2022: A, B", punctuated."""
    return punctuated([f"- Năm {year}: {', '.join(names)}" for year, names in flags])


def structure_sentence(indicators: dict) -> str:
    """The share of individual awards to the staff who do the work, to the managers, and of unknown post."""
    individuals = indicators.get("individuals", 0)
    parts = []
    for key, words in (
        ("staff", "là công chức, người lao động trực tiếp thực hiện nhiệm vụ"),
        ("managers", "là cán bộ lãnh đạo, quản lý"),
        ("unknown", "chưa rõ chức vụ tại thời điểm khen thưởng"),
    ):
        count = indicators.get(key, {}).get("count", 0)
        if count:
            parts.append(f"{formatting.count2(count)} lượt ({formatting.percent(count, individuals)}) {words}")
    if not parts:
        return "Trong kỳ báo cáo không có khen thưởng cá nhân."
    return f"Về cơ cấu khen thưởng cá nhân: {'; '.join(parts)}."


def remote_sentence(indicators: dict) -> str:
    remote = indicators.get("remote_area", {})
    counts = luot(remote.get("collectives", 0), remote.get("individuals", 0))
    if not counts:
        return "Không có khen thưởng cho các đơn vị ở vùng sâu, vùng xa, vùng khó khăn."
    return f"Khen thưởng cho các đơn vị ở vùng sâu, vùng xa, vùng khó khăn: {counts}."
