"""The summary report PDF end to end: `manage.py render_report` for each kind of report."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from tests.factories.awards import award_type
from tests.pdf import pdf_text

pytestmark = pytest.mark.integration

D = datetime.date


def render(tmp_path, **options) -> str:
    output = tmp_path / "report.pdf"
    call_command("render_report", output=str(output), **options)
    data = output.read_bytes()
    assert data.startswith(b"%PDF")
    return pdf_text(data, tmp_path)


def test_five_year_report(province_awards, tmp_path):
    text = render(tmp_path, kind="five_year", unit="VKS-T", start=2020, end=2024)

    assert "BÁO CÁO" in text
    assert "Tổng kết phong trào thi đua và công tác khen thưởng 5 năm (Từ năm 2020 đến năm 2024)" in text
    assert "Số: …/BC-…" in text
    # Part 2.4: the forms (the province's Bằng khen of the Prime Minister named with its year) apart from the
    # titles, each form with its "trong đó"; each kind of flag apart, the list ending with a full stop.
    assert (
        "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân, cụ thể: VKSND tỉnh T được Thủ tướng Chính phủ tặng "
        "Bằng khen năm 2023; 01 lượt cá nhân được Viện trưởng VKSND tối cao tặng Bằng khen (trong đó 01 lượt cá "
        "nhân được khen thưởng trong các đợt thi đua ngắn hạn); 01 lượt cá nhân được tặng Giấy khen (trong đó 01 "
        "lượt cá nhân được khen thưởng đột xuất)."
    ) in text
    assert "Về danh hiệu thi đua, 03 lượt tập thể và 02 lượt cá nhân được tặng, công nhận danh hiệu thi đua" in text
    assert award_type("LDTT").name in text
    assert award_type("BKTTG").name in text
    assert "Thủ tướng Chính phủ" in text
    assert "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T" in text
    assert "01 sáng kiến cấp ngành" in text
    # The units by their short names (the factory's "VKSND <code>" where the test tree gives none).
    assert (
        "- Cờ thi đua ngành Kiểm sát nhân dân: VKSND VKS-T-KV1 (năm 2022); - Cờ thi đua của Ủy ban nhân dân tỉnh: "
        "VKSND VKS-T-KV2 (năm 2024)."
    ) in text
    assert "(Nội dung do đơn vị soạn thảo)" in text
    assert "Nơi nhận" in text
    assert "PHỤ LỤC I" in text and "PHỤ LỤC III" in text
    assert "950/QĐ-TTg ngày 20/6/2024" in text
    assert "Lê Văn Đức" not in text  # another province


def test_annual_report(province_awards, tmp_path):
    text = render(tmp_path, kind="annual", unit="VKS-T", year=2024)

    assert "BÁO CÁO" in text
    assert "Tổng kết công tác thi đua, khen thưởng năm 2024 và phương hướng, nhiệm vụ năm 2025" in text
    assert "đã được khen thưởng 02 lượt cá nhân, cụ thể:" in text
    assert "Về danh hiệu thi đua, 01 lượt tập thể và 01 lượt cá nhân được tặng, công nhận danh hiệu thi đua" in text
    assert award_type("GK").name in text


def test_six_month_report_counts_by_decision_date(province_awards, tmp_path):
    text = render(tmp_path, kind="six_month", unit="VKS-T", year=2025)

    assert "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025" in text
    # Decided 01/12/2024–31/05/2025: LĐTT of Lan (25/12/2024) and the UBND flag of kv2 (20/01/2025).
    assert "không có tập thể, cá nhân nào được tặng hình thức khen thưởng." in text
    assert "Về danh hiệu thi đua, 01 lượt tập thể và 01 lượt cá nhân được tặng, công nhận danh hiệu thi đua" in text
    assert award_type("CTDUBND").name in text
    assert "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2025" in text


def test_unit_subtree_only(province_awards, tmp_path):
    text = render(tmp_path, kind="five_year", unit="VKS-T-KV1", start=2020, end=2024)

    # kv1: its two collective awards, Hằng's LĐTT (kv1) and Mai's ad hoc award (kv1 office).
    assert "đã được khen thưởng 01 lượt cá nhân, cụ thể:" in text
    assert "Về danh hiệu thi đua, 02 lượt tập thể và 01 lượt cá nhân được tặng, công nhận danh hiệu thi đua" in text
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
    from units.common import formatting  # noqa: PLC0415 -- the helpers the report template uses

    assert formatting.count2(3) == "03"
    assert formatting.count2(1474) == "1.474"
    assert formatting.cell(0) == "–" and formatting.cell(12) == "12"
