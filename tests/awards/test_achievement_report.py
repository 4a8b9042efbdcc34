"""The báo cáo thành tích as offices write it: the years the proposed title counts, the nominee's stored details,
a certification that never comes from the nominee himself, and an awards table that stays inside the page."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from PIL import Image

from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import IssuingBody
from awards.catalogue.services import ruleset_for_year
from awards.nominations import achievement, documents
from awards.register import services
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative, InitiativeAuthor
from tests.factories.awards import AwardFactory, DecisionFactory, PersonYearFactory
from tests.factories.nominations import nomination_row as nominate
from tests.factories.units import PersonFactory, UnitFactory
from tests.pdf import pdf_text
from units import importing
from units.enums import ImportKind, UnitLevel
from units.importing import load_dataset, run_import
from units.models import Person

pytestmark = pytest.mark.integration

# NĐ 30/2020 text block on A4 (templates/pdf/base.html): 210 mm wide, left margin 30 mm, right margin 15 mm.
PAGE_WIDTH_MM, LEFT_MARGIN_MM, RIGHT_MARGIN_MM = 210, 30, 15


def csv_dataset(text: str):
    return load_dataset(io.BytesIO(text.encode("utf-8")), "can-bo.csv")


def report_text(client, user, nomination, tmp_path) -> str:
    client.force_login(user)
    response = client.get(reverse("awards:achievement-report-pdf", args=[nomination.pk]))
    assert response.status_code == 200
    return pdf_text(response.content, tmp_path)


def ink_columns(data: bytes, tmp_path, dpi: int = 72) -> list[tuple[float, float]]:
    """(leftmost, rightmost) printed point of every page, in mm from the page's left edge, as the eye sees it on
    the page rendered to an image (text, rules and table borders alike)."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: `make test` installs poppler-utils (apt-get install poppler-utils)")
    source = tmp_path / "ink.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(tmp_path / "page")], check=True)
    columns = []
    for image_path in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(image_path).convert("L")
        ink = image.point(lambda value: 255 if value < 200 else 0)  # anything clearly darker than paper
        left, _top, right, _bottom = ink.getbbox()
        mm_per_pixel = 25.4 / dpi
        columns.append((left * mm_per_pixel, right * mm_per_pixel))
    return columns


@pytest.fixture
def heads(tree):
    """The Viện trưởng of the province and of khu vực 1."""
    return {
        "province": PersonFactory(
            code="VT-T", full_name="Lê Văn Tỉnh", position="Viện trưởng", is_manager=True, unit=tree["province"]
        ),
        "kv1": PersonFactory(
            code="VT-KV1", full_name="Trần Văn Hùng", position="Viện trưởng", is_manager=True, unit=tree["kv1"]
        ),
    }


# -- the years the report covers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "recipient_kind", "kind", "years"),
    [
        ("CSTDN", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2023, 2024, 2025]),
        ("CSTDTQ", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2020, 2021, 2022, 2023, 2024, 2025]),
        ("BKVKSTC", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2024, 2025]),
        ("BKTTG", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2021, 2022, 2023, 2024, 2025]),
        ("HCLD3", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2021, 2022, 2023, 2024, 2025]),
        ("BKTTG", RecipientKind.COLLECTIVE, AwardKind.REGULAR, [2021, 2022, 2023, 2024, 2025]),
        ("CSTDCS", RecipientKind.INDIVIDUAL, AwardKind.REGULAR, [2025]),
        ("TTLDXS", RecipientKind.COLLECTIVE, AwardKind.REGULAR, [2025]),
        # A thematic Bằng khen is for the movement's achievement, not a chain of years.
        ("BKVKSTC", RecipientKind.INDIVIDUAL, AwardKind.THEMATIC, [2025]),
        ("BKTTG", RecipientKind.INDIVIDUAL, AwardKind.AD_HOC, [2025]),
    ],
)
def test_the_report_covers_the_years_the_title_counts(tree, staff, code, recipient_kind, kind, years):
    individual = recipient_kind == RecipientKind.INDIVIDUAL
    nomination = nominate(
        unit=tree["kv1"],
        award_code=code,
        person=staff["hang"] if individual else None,
        recipient_unit=None if individual else tree["kv1"],
        kind=kind,
    )

    assert list(achievement.report_period(nomination).years) == years


def test_the_period_follows_the_rule_set_of_the_nominations_year(tree, staff):
    rules = ruleset_for_year(2025)
    rules.bkttg_years = 4
    rules.save()
    nomination = nominate(unit=tree["kv1"], award_code="BKTTG", person=staff["hang"])

    assert achievement.report_period(nomination) == achievement.Period(2022, 2025)


def test_a_cstd_nganh_report_gives_each_of_the_three_years(client, cast, history, tree, tmp_path):
    hang = history["person"]
    PersonYearFactory(person=hang, year=2022, rating="excellent")
    PersonYearFactory(person=hang, year=2023, rating="excellent")
    PersonYearFactory(person=hang, year=2024, rating="good")
    for year, title in ((2022, "Giải pháp số hóa hồ sơ kiểm sát"), (2024, "Sổ tay kiểm sát điều tra án ma túy")):
        initiative = Initiative.objects.create(
            title=title, unit=tree["kv1"], year=year, level=InitiativeLevel.SECTOR,
            status=InitiativeStatus.RECOGNISED, decision_number=f"{year - 2000}/QĐ-VKSTC",
            decision_date=datetime.date(year, 11, 20),
        )  # fmt: skip
        InitiativeAuthor.objects.create(initiative=initiative, person=hang)
    nomination = nominate(
        unit=tree["kv1"], award_code="CSTDN", person=hang, figures="Số vụ án kiểm sát điều tra: 125 vụ"
    )

    text = report_text(client, cast["clerk"], nomination, tmp_path)

    for expected in (
        "Đề nghị tặng danh hiệu Chiến sĩ thi đua ngành Kiểm sát nhân dân năm 2025",
        "(Thành tích từ năm 2023 đến năm 2025)",
        "Kết quả thực hiện nhiệm vụ và danh hiệu thi đua từ năm 2023 đến năm 2025",
        "2023 Hoàn thành xuất sắc nhiệm vụ Chiến sĩ thi đua cơ sở; Lao động tiên tiến",
        "2024 Hoàn thành tốt nhiệm vụ Chiến sĩ thi đua cơ sở; Lao động tiên tiến",
        "2025 ………… …………",  # nothing recorded yet for the nomination's year: written by hand
        "Kết quả thực hiện các chỉ tiêu công tác năm 2025",
        "Sổ tay kiểm sát điều tra án ma túy",
    ):
        assert expected in text, expected
    assert "2022 Hoàn thành xuất sắc nhiệm vụ" not in text  # before the period
    assert "Giải pháp số hóa hồ sơ kiểm sát" not in text  # an initiative before the period


def test_a_bkttg_report_gives_five_years(client, cast, history, tree, tmp_path):
    nomination = nominate(unit=tree["kv1"], award_code="BKTTG", person=history["person"])

    context = documents.achievement_report_context(nomination)
    text = report_text(client, cast["clerk"], nomination, tmp_path)

    assert [(result.year, result.titles) for result in context["years"]] == [
        (2021, ("Lao động tiên tiến",)),
        (2022, ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")),
        (2023, ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")),
        (2024, ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")),
        (2025, ()),
    ]
    assert "(Thành tích từ năm 2021 đến năm 2025)" in text


def test_a_collective_report_gives_the_units_titles_of_each_year(history, tree):
    nomination = nominate(unit=tree["province"], award_code="BKTTG", recipient_unit=tree["kv1"])

    context = documents.achievement_report_context(nomination)

    assert [(result.year, result.rating, result.titles) for result in context["years"]] == [
        (2021, "", ()),
        (2022, "", ()),
        (2023, "", ("Tập thể lao động tiên tiến",)),
        (2024, "", ("Tập thể lao động tiên tiến",)),
        (2025, "", ()),
    ]


def test_a_revoked_title_is_not_a_result_of_its_year(history, tree):
    hang = history["person"]
    services.award_revoke(
        award=history["cstdcs"][1], on=datetime.date(2024, 6, 1), revoking_decision="9/QĐ-VKS", reason="Sai thành tích"
    )
    nomination = nominate(unit=tree["kv1"], award_code="CSTDN", person=hang)

    years = {result.year: result.titles for result in documents.achievement_report_context(nomination)["years"]}

    assert years[2023] == ("Lao động tiên tiến",)


# -- the person's stored details -------------------------------------------------------------------------------


def test_the_stored_details_are_printed_and_only_missing_ones_left_to_write(client, cast, tree, staff, tmp_path):
    hang = staff["hang"]
    hang.hometown = "xã Phong Hiền, huyện Phong Điền, tỉnh Thừa Thiên Huế"
    hang.ethnicity = "Kinh"
    hang.qualification = "Thạc sĩ Luật"
    hang.save(update_fields=["hometown", "ethnicity", "qualification"])
    nomination = nominate(unit=tree["kv1"], award_code="CSTDCS", person=hang)

    text = report_text(client, cast["clerk"], nomination, tmp_path)

    for expected in (
        "Quê quán: xã Phong Hiền, huyện Phong Điền, tỉnh Thừa Thiên Huế",
        "Dân tộc: Kinh",
        "Trình độ chuyên môn, nghiệp vụ: Thạc sĩ Luật",
        "Trình độ lý luận chính trị: .....",  # not recorded: a dotted line to fill in
    ):
        assert expected in text, expected
    for filled in ("Quê quán: ..", "Dân tộc: ..", "Trình độ chuyên môn, nghiệp vụ: .."):
        assert filled not in text, filled


DETAILS = {
    "hometown": "xã Phong Hiền, huyện Phong Điền, tỉnh Thừa Thiên Huế",
    "ethnicity": "Kinh",
    "qualification": "Cử nhân Luật",
    "political_theory": "Trung cấp",
}


def test_the_clerk_records_the_details_on_the_staff_record(client, cast, staff):
    hang = staff["hang"]
    client.force_login(cast["clerk"])
    form = {"full_name": hang.full_name, "gender": "female", "position": hang.position, "version": hang.version}

    response = client.post(reverse("units:person-update", args=[hang.pk]), {**form, **DETAILS})
    page = client.get(reverse("units:person-detail", args=[hang.pk])).content.decode()

    assert response.status_code == 302
    hang.refresh_from_db()
    assert {name: getattr(hang, name) for name in DETAILS} == DETAILS
    for value in DETAILS.values():
        assert value in page


def test_the_details_come_with_the_staff_import_and_stay_when_a_file_has_none(staff):
    headers = "code,full_name,unit_code,hometown,ethnicity,qualification,political_theory"
    row = "CB-HANG,Nguyễn Thị Thanh Hằng,VKS-T-KV1," + ",".join(f'"{value}"' for value in DETAILS.values())
    without = "code,full_name,unit_code,position\nCB-HANG,Nguyễn Thị Thanh Hằng,VKS-T-KV1,Kiểm sát viên trung cấp"

    first = run_import(kind="persons", dataset=csv_dataset(f"{headers}\n{row}"), dry_run=False)
    second = run_import(kind="persons", dataset=csv_dataset(without), dry_run=False)

    assert (first.errors, second.errors) == ([], [])
    hang = Person.objects.get(code="CB-HANG")
    assert hang.position == "Kiểm sát viên trung cấp"
    assert {name: getattr(hang, name) for name in DETAILS} == DETAILS
    exported = importing.export_dataset(kind=ImportKind.PERSONS, queryset=Person.objects.filter(pk=hang.pk))
    assert {name: exported[name][0] for name in DETAILS} == DETAILS


# -- who certifies ----------------------------------------------------------------------------------------------


def test_a_staff_members_report_is_certified_by_the_head_of_his_unit(client, cast, history, heads, tree, tmp_path):
    nomination = nominate(unit=tree["kv1"], award_code="CSTDCS", person=history["person"])

    text = report_text(client, cast["clerk"], nomination, tmp_path)
    signatures = achievement.signatures(nomination)

    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ VIỆN TRƯỞNG" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text
    assert "Trần Văn Hùng" in text
    assert "Lê Văn Tỉnh" not in text
    assert (signatures.certifier.name, signatures.certifier.unit_name) == ("Trần Văn Hùng", "")
    assert signatures.proposing is None  # a title conferred within the sector


@pytest.mark.parametrize("is_manager", [True, False])
def test_a_heads_report_is_certified_by_the_unit_above(client, cast, heads, tree, tmp_path, is_manager):
    # A head of the staff list is the head whether or not the manager flag was ticked.
    head = heads["kv1"]
    head.is_manager = is_manager
    head.save(update_fields=["is_manager"])
    nomination = nominate(unit=tree["kv1"], award_code="CSTDCS", person=head)

    text = report_text(client, cast["clerk"], nomination, tmp_path)
    signatures = achievement.signatures(nomination)

    assert "XÁC NHẬN CỦA THỦ TRƯỞNG CẤP TRÊN TRỰC TIẾP VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH T" in text
    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" not in text
    assert "Lê Văn Tỉnh" in text
    assert signatures.certifier.name == "Lê Văn Tỉnh"
    assert signatures.reporter.name == "Trần Văn Hùng"


def test_the_head_of_a_phong_is_certified_by_the_head_of_the_procuracy(cast, heads, tree):
    office_head = PersonFactory(
        code="CVP-T", full_name="Võ Thị Lan", position="Chánh Văn phòng", is_manager=True, unit=tree["office"]
    )
    nomination = nominate(unit=tree["province"], award_code="CSTDCS", person=office_head)

    certifier = achievement.signatures(nomination).certifier

    assert (certifier.heading, certifier.position, certifier.name) == (
        achievement.CERTIFY_SUPERIOR,
        "Viện trưởng",
        "Lê Văn Tỉnh",
    )
    assert certifier.unit_name == ""  # the province heads the document already


def test_a_collective_report_is_signed_by_its_head_and_certified_above(client, cast, heads, tree, tmp_path):
    nomination = nominate(unit=tree["kv1"], award_code="TTLDXS", recipient_unit=tree["kv1"])

    text = report_text(client, cast["clerk"], nomination, tmp_path)
    signatures = achievement.signatures(nomination)

    assert "XÁC NHẬN CỦA THỦ TRƯỞNG CẤP TRÊN TRỰC TIẾP VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH T" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ VIỆN TRƯỞNG" in text
    assert (signatures.certifier.name, signatures.reporter.name) == ("Lê Văn Tỉnh", "Trần Văn Hùng")


def test_a_state_award_adds_the_proposing_levels_certification(client, cast, history, heads, tree, tmp_path):
    nomination = nominate(unit=tree["kv1"], award_code="BKTTG", person=history["person"])

    text = report_text(client, cast["clerk"], nomination, tmp_path)

    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO" in text


def test_the_proposing_level_is_the_supreme_procuracy_of_the_tree(db):
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    department = UnitFactory(code="VKSTC-V1", name="Vụ 1", level=UnitLevel.DEPARTMENT, parent=supreme)
    PersonFactory(code="VT-TC", full_name="Nguyễn Huy Tiến", position="Viện trưởng", is_manager=True, unit=supreme)
    PersonFactory(code="VT-V1", full_name="Hoàng Minh Đức", position="Vụ trưởng", is_manager=True, unit=department)
    prosecutor = PersonFactory(code="KSV-V1", full_name="Đinh Thị Yến", unit=department)
    nomination = nominate(unit=department, award_code="HCLD3", person=prosecutor)

    signatures = achievement.signatures(nomination)

    assert (signatures.certifier.name, signatures.proposing.name) == ("Hoàng Minh Đức", "Nguyễn Huy Tiến")
    assert signatures.proposing.unit_name == "Viện kiểm sát nhân dân tối cao"


def test_no_one_certifies_his_own_report_at_the_top_of_the_tree(db):
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    department = UnitFactory(code="VKSTC-V1", name="Vụ 1", level=UnitLevel.DEPARTMENT, parent=supreme)
    general = PersonFactory(
        code="VT-TC", full_name="Nguyễn Huy Tiến", position="Viện trưởng", is_manager=True, unit=supreme
    )
    director = PersonFactory(
        code="VT-V1", full_name="Hoàng Minh Đức", position="Vụ trưởng", is_manager=True, unit=department
    )

    general_signs = achievement.signatures(nominate(unit=supreme, award_code="HCLD3", person=general))
    director_signs = achievement.signatures(nominate(unit=department, award_code="BKTTG", person=director))

    # Nobody above the Viện trưởng VKSTC in the tree: blocks to fill in by hand, never his own name.
    assert (general_signs.certifier.name, general_signs.proposing.name) == ("", "")
    # The head of a Vụ: the VKSTC certifies as his superior, and as the proposing level only once.
    assert (director_signs.certifier.name, director_signs.certifier.unit_name) == (
        "Nguyễn Huy Tiến",
        "Viện kiểm sát nhân dân tối cao",
    )
    assert director_signs.proposing is None


# -- the page -----------------------------------------------------------------------------------------------------


@pytest.fixture
def long_record(history, heads, tree):
    """Hằng with twenty more awards from issuers with long names and long decision numbers."""
    hang = history["person"]
    issuers = [
        ("BKKHAC", IssuingBody.objects.get(code="TLDLD")),  # Tổng Liên đoàn Lao động Việt Nam
        ("BKKHAC", IssuingBody.objects.get(code="TWDOAN")),  # Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản …
        ("BKVKSTC", IssuingBody.objects.get(code="VKSTC")),  # Viện kiểm sát nhân dân tối cao
    ]
    for index in range(20):
        code, body = issuers[index % len(issuers)]
        AwardFactory(
            code=code,
            person=hang,
            year=2005 + index,
            kind=AwardKind.THEMATIC,
            decision=DecisionFactory(
                number=f"{1000 + index}/QĐ-TLĐLĐVN-TĐKT",
                date=datetime.date(2005 + index, 12, 1 + index),
                authority=body.authority,
                issuing_body=body,
            ),
        )
    return nominate(unit=tree["kv1"], award_code="HCLD3", person=hang)


def test_the_awards_table_stays_inside_the_margins(client, cast, long_record, tmp_path):
    client.force_login(cast["clerk"])

    data = client.get(reverse("awards:achievement-report-pdf", args=[long_record.pk])).content

    text = pdf_text(data, tmp_path)
    assert "Tổng Liên đoàn Lao động Việt Nam" in text
    assert "Viện kiểm sát nhân dân tối cao" in text
    pages = ink_columns(data, tmp_path)
    assert len(pages) >= 2
    for number, (left, right) in enumerate(pages, start=1):
        assert left >= LEFT_MARGIN_MM - 1, f"page {number}: ink at {left:.1f} mm, in the left margin"
        assert right <= PAGE_WIDTH_MM - RIGHT_MARGIN_MM + 0.5, f"page {number}: ink at {right:.1f} mm, past the text"
