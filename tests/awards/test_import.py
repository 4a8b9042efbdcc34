"""Import and export of the award register (`awards` in the interchange format)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from awards.catalogue.models import IssuingBody
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.emulation import MovementFactory
from units import importing
from units.enums import ImportState
from units.models import ImportJob, Unit

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"

HEADER = "award_code,recipient_kind,person_code,unit_code,year,decision_number,decision_date,kind,movement_code,note\n"
EXPORT_HEADER = (
    "award_code,recipient_kind,person_code,unit_code,year,decision_number,issuer_code,decision_date,kind,"
    "movement_code,note\n"
)
GOOD = HEADER + (
    "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"
    "CSTDCS,individual,CB-HANG,VKS-T-KV1,2023,231/QĐ-VKS,2023-12-19,regular,,Sáng kiến cấp cơ sở\n"
    "GK,individual,CB-DUNG,VKS-T-VP,2024,15/QĐ-VKS,05/03/2024,ad_hoc,,Bắt giữ đối tượng truy nã\n"
    "TTLDTT,collective,,VKS-T-KV2,2023,230/QĐ-VKS,19/12/2023,,,\n"
)


def dataset_of(text: str):
    return importing.load_dataset(io.BytesIO(text.encode("utf-8")), "khen-thuong.csv")


def run(text: str, *, dry_run: bool = False, user=None):
    return importing.run_import(kind="awards", dataset=dataset_of(text), dry_run=dry_run, user=user)


def errors(report) -> list[str]:
    return [str(error) for error in report.errors]


def test_a_good_file_fills_the_register_and_its_decisions(staff, tree):
    report = run(GOOD)

    assert errors(report) == []
    assert (report.new, report.update, report.skip) == (4, 0, 0)
    assert Decision.objects.count() == 3  # 230/QĐ-VKS of 2023 holds two rows
    ldtt = Award.objects.get(award_type__code="LDTT")
    assert (ldtt.person, ldtt.unit_at_time, ldtt.year, ldtt.kind) == (staff["hang"], tree["kv1"], 2023, "regular")
    assert ldtt.decision.date == datetime.date(2023, 12, 19)
    gk = Award.objects.get(award_type__code="GK")
    assert (gk.kind, gk.note) == ("ad_hoc", "Bắt giữ đối tượng truy nã")
    collective = Award.objects.get(award_type__code="TTLDTT")
    assert (collective.person, collective.unit, collective.unit_at_time) == (None, tree["kv2"], tree["kv2"])


def test_a_dry_run_saves_nothing(staff):
    report = run(GOOD, dry_run=True)

    assert (report.new, report.errors) == (4, [])
    assert Award.objects.count() == Decision.objects.count() == 0


def test_an_xlsx_with_real_excel_dates_imports_like_the_csv(staff):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["LDTT", "individual", "CB-HANG", "VKS-T-KV1", 2024, "240/QĐ-VKS", datetime.datetime(2024, 12, 20)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = importing.run_import(
        kind="awards", dataset=importing.load_dataset(buffer, "khen-thuong.xlsx"), dry_run=False
    )

    assert errors(report) == []
    assert Award.objects.get().decision.date == datetime.date(2024, 12, 20)


def test_bad_rows_are_all_reported_and_nothing_is_saved(staff):
    text = HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 2: good
        "TTLDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 3: collective-only type
        "LDTT,individual,CB-NOBODY,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 4: unknown person
        "LDTT,individual,CB-DUNG,VKS-NOWHERE,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 5: unknown unit
        "LDTT,individual,CB-DUNG,VKS-T-VP,2023,231/QĐ-VKS,31/02/2024,,,\n"  # row 6: impossible date
        "LDTT,individual,CB-HANG,VKS-T-KV1,2023,232/QĐ-VKS,20/12/2023,,,\n"  # row 7: LĐTT 2023 twice
        "XYZ,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 8: unknown type
        "LDTT,collective,,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"  # row 9: individual-only type to a unit
        "GK,individual,CB-DUNG,VKS-T-VP,2025,15/QĐ-VKS,05/03/2024,weird,,\n"  # row 10: kind; year after decision
        "LDTT,individual,,VKS-T-KV1,2022,230/QĐ-VKS,19/12/2023,,,\n"  # row 11: no person code
    )

    report = run(text)

    assert errors(report) == [
        "row 3: award_code: “Tập thể lao động tiên tiến” chỉ dành cho tập thể.",
        "row 4: person_code: Không tìm thấy cán bộ có mã “CB-NOBODY”.",
        "row 5: unit_code: Không tìm thấy đơn vị có mã “VKS-NOWHERE”.",
        "row 6: decision_date: Ngày “31/02/2024” không tồn tại.",
        "row 7: award_code: LĐTT năm 2023 của đối tượng này đã có ở dòng 2.",
        "row 8: award_code: Không có danh hiệu, hình thức mã “XYZ”.",
        "row 9: award_code: “Lao động tiên tiến” chỉ dành cho cá nhân.",
        "row 10: year: Năm thành tích 2025 sau năm của quyết định (05/03/2024).",
        "row 10: kind: Giá trị “weird” không hợp lệ; chỉ được dùng một trong các mã: "
        "regular, thematic, ad_hoc, seniority, dedication, foreign.",
        "row 11: person_code: Khen thưởng cá nhân phải có mã cán bộ.",
    ]
    assert Award.objects.count() == Decision.objects.count() == 0


def test_a_missing_required_column_is_reported_on_the_header_row(staff):
    report = run("award_code,recipient_kind,person_code,year\nLDTT,individual,CB-HANG,2024\n")

    assert errors(report) == [
        "row 1: unit_code: Thiếu cột bắt buộc “unit_code”.",
        "row 1: decision_number: Thiếu cột bắt buộc “decision_number”.",
        "row 1: decision_date: Thiếu cột bắt buộc “decision_date”.",
    ]


def test_importing_the_same_file_twice_changes_nothing(staff):
    run(GOOD)
    awards, decisions = list(Award.objects.values_list("pk", flat=True)), Decision.objects.count()

    report = run(GOOD)

    assert errors(report) == []
    assert (report.new, report.update, report.skip) == (0, 0, 4)
    assert list(Award.objects.values_list("pk", flat=True)) == awards
    assert Decision.objects.count() == decisions


def test_a_changed_note_is_an_update_of_the_same_award(staff):
    run(GOOD)

    report = run(GOOD.replace("Sáng kiến cấp cơ sở", "Sáng kiến cấp ngành"))

    assert (report.new, report.update, report.skip) == (0, 1, 3)
    assert report.changes[0].changes == [{"column": "note", "old": "Sáng kiến cấp cơ sở", "new": "Sáng kiến cấp ngành"}]
    assert Award.objects.get(award_type__code="CSTDCS").note == "Sáng kiến cấp ngành"


def test_export_then_import_round_trips(history):
    exported = importing.export_dataset(kind="awards", queryset=Award.objects.all())
    csv_bytes = importing.dataset_bytes(exported, "csv")
    assert exported.headers == EXPORT_HEADER.strip().split(",")
    assert {row["decision_number"]: row["issuer_code"] for row in exported.dict}["512/QĐ-VKSTC"] == "VKSTC"

    report = importing.run_import(
        kind="awards", dataset=importing.load_dataset(io.BytesIO(csv_bytes), "x.csv"), dry_run=False
    )

    assert errors(report) == []
    assert (report.new, report.update, report.skip) == (0, 0, Award.objects.count())


def test_the_same_number_in_two_years_is_two_decisions(staff):
    text = HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2021,15/QĐ-VKSTC,10/01/2021,,,\n"
        "LDTT,individual,CB-HANG,VKS-T-KV1,2022,15/QĐ-VKSTC,12/01/2022,,,\n"
    )

    assert errors(run(text)) == []
    assert sorted(Decision.objects.values_list("number", "year")) == [("15/QĐ-VKSTC", 2021), ("15/QĐ-VKSTC", 2022)]


def test_one_decision_has_one_date(staff, tree):
    DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19), issuing_unit=tree["province"])

    report = run(HEADER + "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,18/12/2023,,,\n")

    assert errors(report) == [
        "row 2: decision_date: Quyết định số 230/QĐ-VKS năm 2023 của Viện kiểm sát nhân dân tỉnh T đã có trong hệ "
        "thống với ngày 19/12/2023."
    ]


def test_an_annual_title_already_in_the_register_is_refused(staff):
    held = DecisionFactory(number="220/QĐ-VKS", date=datetime.date(2023, 12, 20))
    AwardFactory(code="LDTT", person=staff["hang"], year=2023, decision=held)

    report = run(HEADER + "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n")

    assert errors(report) == [
        "row 2: award_code: Nguyễn Thị Thanh Hằng đã có “Lao động tiên tiến” năm 2023 "
        "(quyết định 220/QĐ-VKS ngày 20/12/2023)."
    ]


def test_a_once_only_medal_is_refused_the_second_time(staff):
    text = HEADER + (
        "KNCVSNKS,individual,CB-HANG,VKS-T-KV1,2023,38/QĐ-VKSTC,24/07/2023,,,\n"
        "KNCVSNKS,individual,CB-HANG,VKS-T-KV1,2024,40/QĐ-VKSTC,24/07/2024,,,\n"
    )

    assert errors(run(text)) == ["row 3: award_code: KNC Vì sự nghiệp Kiểm sát chỉ tặng một lần; đã có ở dòng 2."]


def test_a_regional_clerk_may_import_only_its_own_subtree(staff, cast):
    text = HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"
        "LDTT,individual,CB-DUNG,VKS-T-VP,2023,230/QĐ-VKS,19/12/2023,,,\n"
    )

    report = run(text, user=cast["regional_clerk"])

    assert errors(report) == ["row 3: unit_code: Đơn vị “VKS-T-VP” nằm ngoài phạm vi quản lý của bạn."]
    assert errors(run(text, user=cast["clerk"])) == []


def test_the_command_line_exits_non_zero_listing_the_bad_rows(staff, tmp_path, capsys):
    path = tmp_path / "khen-thuong.csv"
    path.write_text(HEADER + "LDTT,individual,CB-NOBODY,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n", encoding="utf-8")

    with pytest.raises((SystemExit, CommandError)):
        call_command("import_data", "awards", str(path))

    assert "row 2: person_code: Không tìm thấy cán bộ có mã “CB-NOBODY”." in capsys.readouterr().err
    assert Award.objects.count() == 0


def test_the_command_line_imports_a_good_file(staff, tmp_path):
    path = tmp_path / "khen-thuong.csv"
    path.write_text(GOOD, encoding="utf-8")

    call_command("import_data", "awards", str(path))

    assert Award.objects.count() == 4
    assert Unit.objects.get(code="VKS-T-KV2").collective_awards.count() == 1


def test_an_award_is_linked_to_its_movement_by_code(staff, tree):
    movement = MovementFactory(
        code="PT-CDS", name="Chuyển đổi số", kind="thematic", launching_unit=tree["province"],
        start_date=datetime.date(2024, 1, 10),
    )  # fmt: skip
    text = HEADER + (
        "GK,individual,CB-HANG,VKS-T-KV1,2024,90/QĐ-VKS,20/12/2024,thematic,PT-CDS,\n"
        "GK,individual,CB-DUNG,VKS-T-VP,2024,90/QĐ-VKS,20/12/2024,thematic,PT-NONE,\n"
    )

    assert errors(run(text)) == ["row 3: movement_code: Không tìm thấy phong trào thi đua có mã “PT-NONE”."]
    assert errors(run(text.rsplit("\n", 2)[0] + "\n")) == []
    assert Award.objects.get().movement == movement
    exported = importing.export_dataset(kind="awards", queryset=Award.objects.all())
    assert exported.dict[0]["movement_code"] == "PT-CDS"


def test_a_regional_clerk_may_not_change_an_award_recorded_outside_its_subtree(staff, tree, cast):
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19), issuing_unit=tree["province"])
    AwardFactory(code="GK", person=staff["dung"], year=2023, decision=decision, unit_at_time=tree["office"])

    # The same award (type, person, year, decision), moved into the clerk's own unit.
    report = run(
        HEADER + "GK,individual,CB-DUNG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n", user=cast["regional_clerk"]
    )

    assert errors(report) == [
        "row 2: unit_code: Khen thưởng này đã có trong sổ, thuộc đơn vị nằm ngoài phạm vi quản lý của bạn; "
        "không được sửa."
    ]
    assert Award.objects.get().unit_at_time == tree["office"]


def test_the_preview_names_each_new_row(staff):
    report = run(GOOD, dry_run=True)

    assert [(change.row, change.action, change.label) for change in report.changes][:2] == [
        (2, "new", "LĐTT 2023 – Nguyễn Thị Thanh Hằng"),
        (3, "new", "CSTĐCS 2023 – Nguyễn Thị Thanh Hằng"),
    ]


# -- issuers: a decision is its issuer + number + year ------------------------------------------------------


def test_the_history_of_several_units_keeps_their_decisions_of_the_same_number_apart(staff, tree):
    # Province T, province X and the union each numbered a 2021 decision 05/QĐ-VKS.
    text = EXPORT_HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2021,05/QĐ-VKS,,20/12/2021,,,\n"  # derived: province T confers it
        "LDTT,individual,CB-X,VKS-X,2021,05/QĐ-VKS,,22/12/2021,,,\n"  # derived: province X
        "BKKHAC,individual,CB-DUNG,VKS-T-VP,2021,05/QĐ-VKS,TLDLD,10/06/2021,,,\n"  # named: Tổng Liên đoàn
        "TTLDTT,collective,,VKS-T-KV2,2021,05/QĐ-VKS,VKS-T,20/12/2021,,,\n"  # named: row 2's decision
    )

    report = run(text)

    assert errors(report) == []
    assert sorted(Decision.objects.values_list("number", "date", "issuing_unit__code", "issuing_body__code")) == [
        ("05/QĐ-VKS", datetime.date(2021, 6, 10), None, "TLDLD"),
        ("05/QĐ-VKS", datetime.date(2021, 12, 20), "VKS-T", None),
        ("05/QĐ-VKS", datetime.date(2021, 12, 22), "VKS-X", None),
    ]
    assert Award.objects.get(award_type__code="TTLDTT").decision == Award.objects.get(person=staff["hang"]).decision


def test_the_same_number_of_the_same_issuer_with_another_date_is_refused(staff):
    text = EXPORT_HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2021,05/QĐ-VKS,,20/12/2021,,,\n"
        "LDTT,individual,CB-DUNG,VKS-T-VP,2021,05/QĐ-VKS,VKS-T,21/12/2021,,,\n"
    )

    report = run(text)

    assert errors(report) == [
        "row 3: decision_date: Quyết định số 05/QĐ-VKS của Viện kiểm sát nhân dân tỉnh T đã có ở dòng 2 "
        "với ngày 20/12/2021."
    ]
    assert Decision.objects.count() == 0


def test_an_unknown_issuer_code_is_a_bad_row(staff):
    report = run(EXPORT_HEADER + "LDTT,individual,CB-HANG,VKS-T-KV1,2024,12/QĐ-VKS,VKS-NOWHERE,20/12/2024,,,\n")

    assert errors(report) == ["row 2: issuer_code: Không có đơn vị hoặc cơ quan ban hành mã “VKS-NOWHERE”."]


def test_an_issuer_that_may_not_confer_the_award_is_a_bad_row(staff):
    text = EXPORT_HEADER + (
        "LDTT,individual,CB-HANG,VKS-T-KV1,2024,12/QĐ-VKS,VKS-T-KV1,20/12/2024,,,\n"
        "BKTTG,individual,CB-DUNG,VKS-T-VP,2024,13/QĐ-VKS,VKS-T,20/12/2024,,,\n"
    )

    report = run(text)

    assert errors(report) == [
        "row 2: issuer_code: Lao động tiên tiến của cán bộ VKSND VKS-T-KV1 do Viện trưởng VKSND tỉnh T quyết định, "
        "không phải VKSND VKS-T-KV1.",
        "row 3: issuer_code: Bằng khen của Thủ tướng Chính phủ của cán bộ VKSND VKS-T-VP do Thủ tướng Chính phủ "
        "quyết định, không phải VKSND tỉnh T.",
    ]


def test_without_issuer_code_the_bodies_outside_the_tree_are_derived_from_the_award_type(staff, tree):
    IssuingBody.objects.create(
        code="UBND-T", name="Ủy ban nhân dân tỉnh T", kind="peoples_committee", authority="provincial_committee",
        province_unit=tree["province"],
    )  # fmt: skip
    text = HEADER + (
        "BKTTG,individual,CB-HANG,VKS-T-KV1,2024,950/QĐ-TTg,20/06/2025,,,\n"
        "KNCVSNKS,individual,CB-HANG,VKS-T-KV1,2024,38/QĐ-VKSTC,24/07/2024,,,\n"  # no supreme unit in the tree
        "BKUBND,collective,,VKS-T-KV2,2024,2500/QĐ-UBND,20/01/2025,,,\n"
    )

    report = run(text)

    assert errors(report) == []
    assert dict(Decision.objects.values_list("number", "issuing_body__code")) == {
        "950/QĐ-TTg": "TTG",
        "38/QĐ-VKSTC": "VKSTC",
        "2500/QĐ-UBND": "UBND-T",
    }


def test_a_province_without_its_peoples_committee_asks_for_the_issuer_code(staff):
    report = run(HEADER + "BKUBND,individual,CB-X,VKS-X,2024,2500/QĐ-UBND,20/01/2025,,,\n")

    assert errors(report) == [
        "row 2: issuer_code: Không xác định được cơ quan ban hành “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” "
        "cho VKSND tỉnh X; hãy ghi mã ở cột issuer_code."
    ]


# -- the browser flow (ImportJob) ------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_upload(client, name: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("units:import-new"),
            {"kind": "awards", "file": SimpleUploadedFile(name, (DATA / name).read_bytes())},
        )


def test_the_import_pages_check_then_import_an_award_file(
    client, cast, staff, tree, media_root, django_capture_on_commit_callbacks
):
    client.force_login(cast["clerk"])

    response = post_upload(client, "awards_good.csv", django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response.url == reverse("units:import-detail", args=[job.pk])
    assert job.state == ImportState.PREVIEWED
    assert Award.objects.count() == 0
    preview = client.get(response.url).content.decode()
    assert 'data-count="new">3<' in preview
    assert "LĐTT 2023 – Nguyễn Thị Thanh Hằng" in preview

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert Award.objects.count() == 3
    assert set(Award.objects.values_list("created_by", flat=True)) == {cast["clerk"].pk}
    assert Decision.objects.get(number="230/QĐ-VKS").created_by == cast["clerk"]


def test_the_import_pages_list_the_bad_rows_of_an_award_file(
    client, cast, staff, tree, media_root, django_capture_on_commit_callbacks
):
    client.force_login(cast["clerk"])

    post_upload(client, "awards_bad.csv", django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    content = client.get(reverse("units:import-detail", args=[job.pk])).content.decode()
    assert job.state == ImportState.INVALID
    assert "Không tìm thấy cán bộ có mã “CB-NOBODY”." in content
    assert "Xác nhận nhập" not in content
    assert Award.objects.count() == 0
