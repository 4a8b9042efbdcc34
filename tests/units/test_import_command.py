"""`manage.py import_data`: synchronous, atomic, bad rows on stderr and a non-zero exit status."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from units.models import Person, Unit

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_data_units_prints_summary_and_saves(tree):
    out, err = run("units", str(DATA / "units_good.csv"))

    assert out == "3 mới, 0 cập nhật, 0 không thay đổi.\n"
    assert err == ""
    assert sorted(Unit.objects.filter(code__startswith="VKS-T-KV3").values_list("code", flat=True)) == [
        "VKS-T-KV3",
        "VKS-T-KV3-VP",
    ]


def test_import_data_second_run_changes_nothing(tree):
    run("persons", str(DATA / "persons_good.xlsx"))

    out, _ = run("persons", str(DATA / "persons_good.csv"))

    assert out == "0 mới, 0 cập nhật, 3 không thay đổi.\n"
    assert Person.objects.count() == 3


def test_import_data_bad_rows_go_to_stderr_and_nothing_is_saved(tree):
    err = StringIO()

    with pytest.raises(CommandError, match=r"5 lỗi trong tệp persons_bad\.csv; không có dữ liệu nào được lưu\."):
        call_command("import_data", "persons", str(DATA / "persons_bad.csv"), stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "row 2: gender: Giá trị “nam” không hợp lệ; chỉ được dùng một trong các mã: male, female.",
        "row 3: birth_date: Ngày “30/02/1990” không tồn tại.",
        "row 4: unit_code: Không tìm thấy đơn vị có mã “VKS-KHONG-CO”.",
        "row 6: full_name: Cột bắt buộc, không được để trống.",
        "row 6: is_manager: Giá trị “2” không hợp lệ; hãy ghi 1 (có) hoặc 0 (không).",
    ]
    assert Person.objects.count() == 0


def test_import_data_bad_rows_exit_status_is_non_zero(tree):
    err = StringIO()

    # manage.py turns a CommandError into sys.exit(returncode); running it through ManagementUtility here
    # would close the test's database connection (run_from_argv closes all connections on exit).
    with pytest.raises(CommandError) as exc_info:
        call_command("import_data", "units", str(DATA / "units_bad.csv"), stdout=StringIO(), stderr=err)

    assert exc_info.value.returncode == 1
    assert "row 2: level: " in err.getvalue()
    assert "row 7: code: Mã “VKS-T-KV8” đã có ở dòng 6." in err.getvalue()
    assert not Unit.objects.filter(code="VKS-T-KV8").exists()


def test_import_data_dry_run_saves_nothing(tree):
    out, _ = run("units", str(DATA / "units_good.csv"), "--dry-run")

    assert out == "Kiểm tra (không lưu): 3 mới, 0 cập nhật, 0 không thay đổi.\n"
    assert not Unit.objects.filter(code="VKS-T-KV3").exists()


def test_import_data_with_user_applies_the_users_scope(cast, tree):
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "units",
            str(DATA / "units_good.csv"),
            "--user",
            "regional_clerk",
            stdout=StringIO(),
            stderr=err,
        )

    assert err.getvalue().splitlines() == [
        "row 2: parent_code: Đơn vị “VKS-T” nằm ngoài phạm vi quản lý của bạn.",
        "row 3: parent_code: Đơn vị cấp trên “VKS-T-KV3” (dòng 2) có lỗi.",
        "row 4: parent_code: Đơn vị “VKS-T” nằm ngoài phạm vi quản lý của bạn.",
    ]
    assert not Unit.objects.filter(code__startswith="VKS-T-KV3").exists()


def test_import_data_unknown_user_is_error(db):
    with pytest.raises(CommandError, match=r"Không có tài khoản “khong-ai”\."):
        run("units", str(DATA / "units_good.csv"), "--user", "khong-ai")


def test_import_data_missing_file_is_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không mở được tệp"):
        run("units", str(tmp_path / "khong-co.csv"))


def test_import_data_unreadable_xlsx_is_row_1_error(db, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(b"not a workbook")

    with pytest.raises(CommandError, match=r"row 1: -: Không đọc được tệp Excel \(\.xlsx\)\."):
        run("units", str(path))
