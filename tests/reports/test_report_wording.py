"""Part 2.4 of the summary report ("Kết quả công tác khen thưởng") as the offices write it (seed 004, spec
reports.md): the forms of commendation form by form, each with its own "trong đó" for the short-term and ad hoc
awards; the emulation titles in a sentence of their own; the State's awards naming their recipient and year; the
bodies outside the sector by name; each kind of flag apart, a unit with two flags in one year listed under each;
never "00 lượt".

The city procuracy of Huế over 2020–2024, built like the seed's history: the city's Huân chương Lao động hạng Nhất
(2022), the Prime Minister's Bằng khen to the Phong Điền procuracy (2021), the Government's flag to the city in 2022
and 2024 and the sector's flag to the city in 2022 (two flags, one year, one unit) and to Phú Vang in 2023, Bằng khen
of the Procurator General partly in short-term movements, LĐTT and CSTĐCS, a Bằng khen of the Tổng Liên đoàn Lao
động, Giấy khen (one ad hoc).
"""

import datetime

import pytest

from awards.catalogue.enums import Authority, AwardKind
from reports import documents, statistics, wording
from tests.factories.awards import AwardFactory, DecisionFactory, shipped_body
from tests.factories.units import PersonFactory, UnitFactory
from tests.pdf import pdf_text
from units.enums import UnitLevel

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-03-16")]

D = datetime.date
FIVE_YEARS = {"kind": documents.FIVE_YEAR, "start": 2020, "end": 2024}


@pytest.fixture
def hue(db):
    city = UnitFactory(
        code="VKS-HUE", name="Viện kiểm sát nhân dân thành phố Huế", short_name="VKSND thành phố Huế",
        level=UnitLevel.PROVINCIAL,
    )  # fmt: skip
    phong_dien = UnitFactory(
        code="VKS-HUE-PD", name="Viện kiểm sát nhân dân thị xã Phong Điền", short_name="VKSND thị xã Phong Điền",
        level=UnitLevel.REGIONAL, parent=city,
    )  # fmt: skip
    phu_vang = UnitFactory(
        code="VKS-HUE-PV", name="Viện kiểm sát nhân dân huyện Phú Vang", short_name="VKSND huyện Phú Vang",
        level=UnitLevel.REGIONAL, parent=city, is_remote_area=True,
    )  # fmt: skip
    office = UnitFactory(code="VKS-HUE-VP", name="Văn phòng", level=UnitLevel.DEPARTMENT, parent=city)
    an = PersonFactory(code="CB-AN", full_name="Nguyễn Văn An", gender="male", unit=office)
    binh = PersonFactory(code="CB-BINH", full_name="Trần Thị Bình", unit=phong_dien)
    chi = PersonFactory(code="CB-CHI", full_name="Lê Thị Chi", unit=phu_vang)
    dung = PersonFactory(code="CB-DUNG", full_name="Hoàng Văn Dũng", gender="male", unit=city)

    def decision(authority: str, day: D, **fields):
        return DecisionFactory(date=day, authority=authority, **fields)

    state, government = Authority.STATE_PRESIDENT, Authority.PRIME_MINISTER
    sector, head = Authority.PROCURATOR_GENERAL, Authority.UNIT_HEAD
    # The highest awards: the city's order, the Prime Minister's Bằng khen to Phong Điền.
    AwardFactory(code="HCLD1", unit=city, year=2022, decision=decision(state, D(2023, 8, 20)))
    AwardFactory(code="BKTTG", unit=phong_dien, year=2021, decision=decision(government, D(2022, 6, 10)))
    # Flags: the Government's to the city in 2022 and 2024, the sector's to the city in 2022 and Phú Vang in 2023.
    AwardFactory(code="CTDCP", unit=city, year=2022, decision=decision(government, D(2023, 5, 4)))
    AwardFactory(code="CTDCP", unit=city, year=2024, decision=decision(government, D(2025, 5, 6)))
    AwardFactory(code="CTDN", unit=city, year=2022, decision=decision(sector, D(2023, 1, 15)))
    AwardFactory(code="CTDN", unit=phu_vang, year=2023, decision=decision(sector, D(2024, 1, 12)))
    # Bằng khen of the Procurator General: 2 collectives and 4 individuals, of which 1 and 3 in short-term movements.
    thematic = decision(sector, D(2023, 9, 2))
    AwardFactory(code="BKVKSTC", unit=phong_dien, year=2023, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(code="BKVKSTC", unit=phu_vang, year=2022, decision=decision(sector, D(2023, 2, 1)))
    for person in (an, binh, chi):
        AwardFactory(code="BKVKSTC", person=person, year=2023, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(code="BKVKSTC", person=dung, year=2024, decision=decision(sector, D(2025, 2, 3)))
    # A body outside the sector.
    union = decision(Authority.OTHER, D(2024, 7, 28), issuing_body=shipped_body("TLDLD"))
    AwardFactory(code="BKKHAC", person=binh, year=2024, decision=union)
    # Titles: LĐTT of four, CSTĐCS of two (on their LĐTT of the same year).
    titles = decision(head, D(2023, 12, 20))
    for person in (an, binh, chi, dung):
        AwardFactory(code="LDTT", person=person, year=2023, decision=titles)
    for person in (an, chi):
        AwardFactory(code="CSTDCS", person=person, year=2023, decision=titles)
    # Giấy khen: one collective, two individuals, one of them ad hoc.
    AwardFactory(code="GK", unit=office, year=2023, decision=titles)
    AwardFactory(code="GK", person=dung, year=2023, decision=titles)
    AwardFactory(code="GK", person=binh, year=2024, decision=decision(head, D(2024, 4, 15)), kind=AwardKind.AD_HOC)
    return {"city": city, "phong_dien": phong_dien, "phu_vang": phu_vang, "office": office}


FORMS = (
    "Trong 05 năm (từ năm 2020 đến năm 2024), Viện kiểm sát nhân dân thành phố Huế và các đơn vị trực thuộc đã được "
    "khen thưởng 05 lượt tập thể và 07 lượt cá nhân, cụ thể: VKSND thành phố Huế được Nhà nước tặng thưởng Huân "
    "chương Lao động hạng Nhất năm 2022; 01 lượt tập thể được Thủ tướng Chính phủ tặng Bằng khen (VKSND thị xã "
    "Phong Điền năm 2021); 02 lượt tập thể và 04 lượt cá nhân được Viện trưởng VKSND tối cao tặng Bằng khen (trong "
    "đó 01 lượt tập thể và 03 lượt cá nhân được khen thưởng trong các đợt thi đua ngắn hạn); 01 lượt cá nhân được "
    "Tổng Liên đoàn Lao động Việt Nam tặng Bằng khen; 01 lượt tập thể và 02 lượt cá nhân được tặng Giấy khen "
    "(trong đó 01 lượt cá nhân được khen thưởng đột xuất)."
)
TITLES = (
    "Về danh hiệu thi đua, 04 lượt tập thể và 06 lượt cá nhân được tặng, công nhận danh hiệu thi đua, cụ thể: "
    "VKSND thành phố Huế được Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ năm 2022 và 2024; 02 lượt tập thể "
    "được Viện trưởng VKSND tối cao tặng Cờ thi đua ngành Kiểm sát nhân dân; 02 lượt cá nhân được công nhận danh "
    "hiệu Chiến sĩ thi đua cơ sở; 04 lượt cá nhân được công nhận danh hiệu Lao động tiên tiến."
)
FLAGS = [
    "- Cờ thi đua của Chính phủ: VKSND thành phố Huế (năm 2022 và 2024);",
    "- Cờ thi đua ngành Kiểm sát nhân dân: VKSND thành phố Huế (năm 2022), VKSND huyện Phú Vang (năm 2023).",
]


def test_the_forms_are_stated_form_by_form_with_their_own_trong_do_and_the_highest_named(hue):
    figures = documents.compute_figures(unit=hue["city"], **FIVE_YEARS)

    part = documents.awards_wording(figures)

    assert part["forms_text"] == FORMS


def test_the_titles_are_a_sentence_of_their_own_with_each_flag_kind_apart(hue):
    figures = documents.compute_figures(unit=hue["city"], **FIVE_YEARS)

    part = documents.awards_wording(figures)

    assert part["titles_text"] == TITLES
    assert part["flag_lines"] == FLAGS


def test_the_table_by_authority_counts_titles_and_forms_apart(hue):
    figures = documents.compute_figures(unit=hue["city"], **FIVE_YEARS)

    groups = documents.awards_wording(figures)["authority_groups"]

    assert [(group["numeral"], group["label"], group["collectives"], group["individuals"]) for group in groups] == [
        ("I", "Danh hiệu thi đua", 4, 6),
        ("II", "Hình thức khen thưởng", 5, 7),
    ]
    assert [(row["label"], row["collectives"], row["individuals"]) for row in groups[0]["rows"]] == [
        ("Thủ tướng Chính phủ", 2, 0),
        ("Viện trưởng VKSND tối cao", 2, 0),
        ("Thủ trưởng đơn vị", 0, 6),
    ]
    assert [(row["label"], row["collectives"], row["individuals"]) for row in groups[1]["rows"]] == [
        ("Chủ tịch nước", 1, 0),
        ("Thủ tướng Chính phủ", 1, 0),
        ("Viện trưởng VKSND tối cao", 2, 4),
        ("Thủ trưởng đơn vị", 1, 2),
        ("Tổng Liên đoàn Lao động Việt Nam", 0, 1),
    ]


def test_a_district_report_states_only_what_it_has(hue):
    figures = documents.compute_figures(unit=hue["phu_vang"], **FIVE_YEARS)

    part = documents.awards_wording(figures)
    context = documents.report_context(figures, unit=hue["phu_vang"])

    assert part["forms_text"] == (
        "Trong 05 năm (từ năm 2020 đến năm 2024), Viện kiểm sát nhân dân huyện Phú Vang và các đơn vị trực thuộc đã "
        "được khen thưởng 01 lượt tập thể và 01 lượt cá nhân, cụ thể: 01 lượt tập thể và 01 lượt cá nhân được Viện "
        "trưởng VKSND tối cao tặng Bằng khen (trong đó 01 lượt cá nhân được khen thưởng trong các đợt thi đua ngắn "
        "hạn)."
    )
    assert part["titles_text"] == (
        "Về danh hiệu thi đua, 01 lượt tập thể và 02 lượt cá nhân được tặng, công nhận danh hiệu thi đua, cụ thể: 01 "
        "lượt tập thể được Viện trưởng VKSND tối cao tặng Cờ thi đua ngành Kiểm sát nhân dân; 01 lượt cá nhân được "
        "công nhận danh hiệu Chiến sĩ thi đua cơ sở; 01 lượt cá nhân được công nhận danh hiệu Lao động tiên tiến."
    )
    assert context["structure_text"] == (
        "Về cơ cấu khen thưởng cá nhân: 03 lượt (100%) là công chức, người lao động trực tiếp thực hiện nhiệm vụ."
    )
    assert context["remote_text"] == (
        "Khen thưởng cho các đơn vị ở vùng sâu, vùng xa, vùng khó khăn: 02 lượt tập thể và 03 lượt cá nhân."
    )


def test_a_period_without_awards_says_there_were_none(hue):
    figures = documents.compute_figures(unit=hue["phong_dien"], kind=documents.ANNUAL, year=2020)

    context = documents.report_context(figures, unit=hue["phong_dien"])

    assert context["forms_text"] == (
        "Trong năm 2020, Viện kiểm sát nhân dân thị xã Phong Điền và các đơn vị trực thuộc không có tập thể, cá nhân "
        "nào được tặng hình thức khen thưởng."
    )
    assert context["titles_text"] == (
        "Về danh hiệu thi đua, không có tập thể, cá nhân nào được tặng, công nhận danh hiệu thi đua."
    )
    assert context["flag_lines"] == []
    assert context["structure_text"] == "Trong kỳ báo cáo không có khen thưởng cá nhân."
    assert context["remote_text"] == "Không có khen thưởng cho các đơn vị ở vùng sâu, vùng xa, vùng khó khăn."
    assert context["type_groups"] == [] and context["authority_groups"] == []


def test_figures_frozen_before_the_rewrite_still_print(hue):
    """A report issued before this wording keeps its frozen figures: without clauses, names and groups, its
    paragraphs are written from the types (no issuer, no names) and its flags by year."""
    figures = documents.compute_figures(unit=hue["city"], **FIVE_YEARS)
    for key in ("clauses", "named", "authority_groups"):
        del figures[key]
    figures["flags"] = [[2022, ["Viện kiểm sát nhân dân thành phố Huế", "Viện kiểm sát nhân dân thành phố Huế"]]]

    context = documents.report_context(figures, unit=hue["city"])

    assert context["forms_text"].startswith(
        "Trong 05 năm (từ năm 2020 đến năm 2024), Viện kiểm sát nhân dân thành phố Huế và các đơn vị trực thuộc đã "
        "được khen thưởng 05 lượt tập thể và 07 lượt cá nhân, cụ thể: 01 lượt tập thể được tặng thưởng Huân chương "
        "Lao động hạng Nhất; 01 lượt tập thể được tặng Bằng khen của Thủ tướng Chính phủ;"
    )
    assert context["flag_lines"] == [
        "- Năm 2022: Viện kiểm sát nhân dân thành phố Huế, Viện kiểm sát nhân dân thành phố Huế."
    ]
    assert [group["label"] for group in context["authority_groups"]] == [""]


def test_the_named_awards_and_the_clauses_cost_no_query_of_their_own(hue, django_assert_num_queries):
    qs = statistics.awards_in_period(unit=hue["city"], years=(2020, 2024), lineage=statistics.unit_reach(hue["city"]))

    # the counts per type, the types, the other bodies' counts per issuer (the Tally); the named awards
    with django_assert_num_queries(4):
        tally = statistics.Tally(qs)
        tally.by_type_and_issuer()
        tally.by_category_and_authority()
        named = statistics.named_awards(qs)

    assert [(row["code"], row["year"], row["name"]) for row in named] == [
        ("CTDCP", 2022, "VKSND thành phố Huế"),
        ("CTDCP", 2024, "VKSND thành phố Huế"),
        ("CTDN", 2022, "VKSND thành phố Huế"),
        ("CTDN", 2023, "VKSND huyện Phú Vang"),
        ("HCLD1", 2022, "VKSND thành phố Huế"),
        ("BKTTG", 2021, "VKSND thị xã Phong Điền"),
    ]


@pytest.mark.parametrize("unit", ["city", "phu_vang", "office"])
def test_the_printed_report_never_writes_00_luot_and_ends_the_flag_list_with_a_full_stop(hue, tmp_path, unit):
    text = pdf_text(documents.report_pdf(unit=hue[unit], **FIVE_YEARS), tmp_path)

    assert "00 lượt" not in text
    assert "00 sáng kiến" not in text
    if unit == "city":
        flag_list = text.split("Các tập thể được tặng Cờ thi đua: ", 1)[1].split(" a) Theo danh hiệu", 1)[0]
        assert flag_list == " ".join(FLAGS)
        assert flag_list.endswith(".")


# -- the wording alone ---------------------------------------------------------------------------------------------


def test_counts_years_and_lists_are_written_as_the_offices_write_them():
    assert wording.luot(67, 136) == "67 lượt tập thể và 136 lượt cá nhân"
    assert wording.luot(0, 1) == "01 lượt cá nhân"
    assert wording.luot(0, 0) == ""
    assert wording.years_phrase([2024, 2022]) == "năm 2022 và 2024"
    assert wording.years_phrase([2020, 2021, 2023]) == "năm 2020, 2021 và 2023"
    assert wording.punctuated(["- a", "- b"]) == ["- a;", "- b."]
    assert wording.award_words('Kỷ niệm chương "Bảo vệ pháp chế"', with_issuer=True) == (
        "tặng thưởng",
        "Kỷ niệm chương “Bảo vệ pháp chế”",
    )


def test_many_recipients_of_a_state_award_are_named_up_to_a_limit_and_the_rest_counted():
    row = {
        "code": "BKTTG", "name": "Bằng khen của Thủ tướng Chính phủ", "category": "form",
        "authority": Authority.PRIME_MINISTER, "collectives": 0, "individuals": 12, "total": 12,
    }  # fmt: skip
    named = [
        {"code": "BKTTG", "year": 2023, "recipient_kind": "individual", "unit_code": "", "name": f"Cán bộ {n:02d}",
         "unit": "VKSND huyện Phú Vang"}
        for n in range(12)
    ]  # fmt: skip

    text = wording.clause(row, named=named, unit_code="VKS-HUE")

    assert text.startswith(
        "12 lượt cá nhân được Thủ tướng Chính phủ tặng Bằng khen (đồng chí Cán bộ 00, VKSND huyện Phú Vang, năm 2023;"
    )
    assert text.endswith("đồng chí Cán bộ 09, VKSND huyện Phú Vang, năm 2023 và 02 lượt khác)")
