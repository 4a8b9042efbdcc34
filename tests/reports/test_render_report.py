"""The summary report PDF end to end: `manage.py render_report` for each kind of report."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from awards import services
from awards.enums import Authority, AwardKind
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative, Movement
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.units import PersonFactory
from tests.test_pdf import pdf_text

pytestmark = pytest.mark.integration

D = datetime.date


@pytest.fixture
def register(tree, staff):
    """Province T: 4 collectives and 4 individuals over 2020–2024, plus awards that must not count."""
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["province"], is_manager=True)
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["kv1_office"])
    hang, dung = staff["hang"], staff["dung"]

    d22 = DecisionFactory(number="101/QĐ-VKS", date=D(2022, 12, 20))
    d23 = DecisionFactory(number="88/QĐ-VKS", date=D(2024, 1, 10))
    flag22 = DecisionFactory(number="20/QĐ-VKSTC", date=D(2023, 1, 15), authority=Authority.PROCURATOR_GENERAL)
    ttg = DecisionFactory(number="950/QĐ-TTg", date=D(2024, 6, 20), authority=Authority.PRIME_MINISTER)
    ad_hoc = DecisionFactory(number="45/QĐ-VKS", date=D(2024, 4, 15))
    thematic = DecisionFactory(number="310/QĐ-VKSTC", date=D(2024, 9, 2), authority=Authority.PROCURATOR_GENERAL)
    d24 = DecisionFactory(number="120/QĐ-VKS", date=D(2024, 12, 25))
    ubnd = DecisionFactory(number="2500/QĐ-UBND", date=D(2025, 1, 20), authority=Authority.PROVINCIAL_COMMITTEE)

    AwardFactory(code="LDTT", person=hang, year=2022, decision=d22)
    AwardFactory(code="CTDN", unit=tree["kv1"], year=2022, decision=flag22)
    AwardFactory(code="TTLDXS", unit=tree["kv1"], year=2023, decision=d23)
    AwardFactory(code="BKTTG", unit=tree["province"], year=2023, decision=ttg)
    AwardFactory(code="GK", person=mai, year=2024, decision=ad_hoc, kind=AwardKind.AD_HOC)
    AwardFactory(code="BKVKSTC", person=dung, year=2024, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(code="LDTT", person=lan, year=2024, decision=d24)
    AwardFactory(code="CTDUBND", unit=tree["kv2"], year=2024, decision=ubnd)
    # Not counted: revoked, another province.
    revoked = AwardFactory(code="LDTT", person=dung, year=2022, decision=d22)
    services.award_revoke(award=revoked, on=D(2023, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai đối tượng")
    AwardFactory(code="LDTT", person=staff["outsider"], year=2023, decision=d23)

    Movement.objects.create(
        code="PT-48", name="Phong trào thi đua Vì công lý", launching_unit=tree["province"],
        start_date=D(2022, 1, 10), doc_number="48/KH-VKS", doc_date=D(2022, 1, 10), doc_issuer="VKSND tỉnh T",
    )  # fmt: skip
    Initiative.objects.create(
        title="Sáng kiến số hóa hồ sơ", unit=tree["kv1"], year=2023, level=InitiativeLevel.SECTOR,
        status=InitiativeStatus.RECOGNISED, decision_number="1/QĐ-VKS", decision_date=D(2023, 11, 1),
    )  # fmt: skip
    return tree


def render(tmp_path, **options) -> str:
    output = tmp_path / "report.pdf"
    call_command("render_report", output=str(output), **options)
    data = output.read_bytes()
    assert data.startswith(b"%PDF")
    return pdf_text(data, tmp_path)


def test_five_year_report(register, tmp_path):
    text = render(tmp_path, kind="five_year", unit="VKS-T", start=2020, end=2024)

    assert "BÁO CÁO" in text
    assert "Tổng kết phong trào thi đua và công tác khen thưởng 5 năm (Từ năm 2020 đến năm 2024)" in text
    assert "Số: …/BC-…" in text
    assert "đã được khen thưởng 04 lượt tập thể, 04 lượt cá nhân" in text
    assert award_type("LDTT").name in text
    assert award_type("BKTTG").name in text
    assert "Thủ tướng Chính phủ" in text
    assert "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T" in text
    assert "khen thưởng đột xuất 00 lượt tập thể, 01 lượt cá nhân" in text
    assert "01 sáng kiến cấp ngành" in text
    assert "Năm 2022: Viện kiểm sát nhân dân khu vực 1" in text
    assert "(Nội dung do đơn vị soạn thảo)" in text
    assert "Nơi nhận" in text
    assert "PHỤ LỤC 01" in text and "PHỤ LỤC 03" in text
    assert "950/QĐ-TTg ngày 20/06/2024" in text
    assert "Lê Văn Đức" not in text  # another province


def test_annual_report(register, tmp_path):
    text = render(tmp_path, kind="annual", unit="VKS-T", year=2024)

    assert "BÁO CÁO" in text
    assert "Tổng kết công tác thi đua, khen thưởng năm 2024 và phương hướng, nhiệm vụ năm 2025" in text
    assert "đã được khen thưởng 01 lượt tập thể, 03 lượt cá nhân" in text
    assert award_type("GK").name in text


def test_six_month_report_counts_by_decision_date(register, tmp_path):
    text = render(tmp_path, kind="six_month", unit="VKS-T", year=2025)

    assert "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025" in text
    # Decided 01/12/2024–31/05/2025: LĐTT of Lan (25/12/2024) and the UBND flag of kv2 (20/01/2025).
    assert "đã được khen thưởng 01 lượt tập thể, 01 lượt cá nhân" in text
    assert award_type("CTDUBND").name in text
    assert "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2025" in text


def test_unit_subtree_only(register, tmp_path):
    text = render(tmp_path, kind="five_year", unit="VKS-T-KV1", start=2020, end=2024)

    # kv1: its two collective awards, Hằng's LĐTT (kv1) and Mai's ad hoc award (kv1 office).
    assert "đã được khen thưởng 02 lượt tập thể, 02 lượt cá nhân" in text
    assert "Viện kiểm sát nhân dân khu vực 2" not in text  # a sibling, not in the subtree


def test_unknown_unit(tree, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command("render_report", kind="annual", unit="KHONG-CO", year=2024, output=str(tmp_path / "x.pdf"))


def test_missing_arguments(tree, tmp_path):
    with pytest.raises(CommandError, match="--start, --end"):
        call_command("render_report", kind="five_year", unit="VKS-T", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--year"):
        call_command("render_report", kind="six_month", unit="VKS-T", output=str(tmp_path / "x.pdf"))


def test_end_before_start(tree, tmp_path):
    with pytest.raises(CommandError, match="không được trước năm bắt đầu"):
        call_command(
            "render_report", kind="five_year", unit="VKS-T", start=2024, end=2020, output=str(tmp_path / "x.pdf")
        )


def test_large_counts_have_vietnamese_thousands_and_empty_cells_a_dash():
    from reports import formatting  # noqa: PLC0415 -- the helpers the report template uses

    assert formatting.count2(3) == "03"
    assert formatting.count2(1474) == "1.474"
    assert formatting.cell(0) == "–" and formatting.cell(12) == "12"
