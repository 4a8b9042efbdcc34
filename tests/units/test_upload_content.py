"""Issue 15: uploads are checked by what they are, not by their first bytes.

A clerk attaches scans of decisions and dossier files (PDF, JPEG, PNG, Word, Excel) and uploads spreadsheets to
import. An attacker sends a file that starts like a PDF and goes on as a program, a Word document carrying an
.exe, a workbook that inflates to gigabytes: each is refused, with a message the clerk can act on, and the real
files of every kind still pass.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf.actions import JavaScript

from awards.nominations.models import NominationDocument
from awards.register.models import Decision
from tests.factories.nominations import NominationFactory
from tests.files import (
    ELF,
    EXE,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    pdf_writer_bytes,
    with_members,
    xlsx_bytes,
    zip_bytes,
)
from units.common.uploads import validate_dossier_file, validate_scan
from units.models import ImportJob

pytestmark = pytest.mark.unit

NOT_PDF = "Tệp không phải là tài liệu PDF hợp lệ (không đọc được cấu trúc PDF hoặc không có trang nào)."
PROGRAM = "Tệp chứa chương trình hoặc mã lệnh (“%s”); không nhận tệp như vậy."


def refusal(validator, name: str, content: bytes) -> list[str]:
    """The messages a validator gives for the file, [] when it accepts it."""
    try:
        validator(SimpleUploadedFile(name, content))
    except ValidationError as exc:
        return exc.messages
    return []


# -- the real files still pass ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quyet-dinh.pdf", pdf_bytes()),
        ("quyet-dinh-3-trang.pdf", pdf_bytes(pages=3)),
        ("ban-chup.jpg", image_bytes("JPEG")),
        ("ban-chup.png", image_bytes("PNG")),
    ],
)
def test_real_scans_are_accepted(name, content):
    assert refusal(validate_scan, name, content) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", pdf_bytes()),
        ("bao-cao.docx", docx_bytes({"word/media/image1.png": image_bytes("PNG")})),
        ("bang-diem.xlsx", xlsx_bytes([["code", "name"], ["VKS-T", "Viện kiểm sát nhân dân tỉnh T"]])),
        # Word keeps the data of a chart in an embedded workbook: checked in turn, and fine.
        ("bao-cao-bieu-do.docx", docx_bytes({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes([["a"]])})),
    ],
)
def test_real_dossier_files_are_accepted(name, content):
    assert refusal(validate_dossier_file, name, content) == []


# -- PDFs -------------------------------------------------------------------------------------------------------


def test_a_pdf_header_followed_by_a_linux_program_is_refused():
    assert refusal(validate_scan, "quyet-dinh.pdf", b"%PDF-1.7\n" + ELF) == [NOT_PDF]


def test_a_pdf_header_on_anything_else_is_refused():
    assert refusal(validate_dossier_file, "bao-cao.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") == [
        NOT_PDF
    ]


def test_a_real_pdf_with_a_program_glued_after_it_is_refused():
    assert refusal(validate_scan, "quyet-dinh.pdf", pdf_bytes() + EXE) == [
        "Tệp PDF có dữ liệu lạ nằm sau phần kết thúc của tài liệu; hãy xuất lại tệp PDF từ máy quét."
    ]


def test_a_pdf_without_pages_is_refused():
    assert refusal(validate_scan, "quyet-dinh.pdf", pdf_bytes(pages=0)) == [NOT_PDF]


def test_a_pdf_that_runs_a_script_on_opening_is_refused():
    content = pdf_writer_bytes(lambda writer: writer.add_open_action(JavaScript("app.launchURL('http://x');")))

    assert refusal(validate_scan, "quyet-dinh.pdf", content) == [
        "Tệp PDF chứa mã lệnh hoặc lệnh tự chạy; chỉ nhận tài liệu PDF thông thường (bản quét, bản in ra PDF)."
    ]


def test_a_pdf_carrying_an_attached_program_is_refused():
    content = pdf_writer_bytes(lambda writer: writer.add_attachment("cai-dat.exe", EXE))

    assert refusal(validate_dossier_file, "bao-cao.pdf", content) == [
        "Tệp PDF chứa tệp đính kèm; chỉ nhận tài liệu PDF thông thường (bản quét, bản in ra PDF)."
    ]


# -- images -----------------------------------------------------------------------------------------------------


def test_a_png_header_alone_is_not_an_image():
    assert refusal(validate_scan, "ban-chup.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32) == [
        "Tệp không phải là ảnh PNG hợp lệ."
    ]


@pytest.mark.parametrize(("name", "fmt", "tail"), [("ban-chup.png", "PNG", EXE), ("ban-chup.jpg", "JPEG", ELF)])
def test_an_image_with_a_program_glued_after_it_is_refused(name, fmt, tail):
    assert refusal(validate_scan, name, image_bytes(fmt) + tail) == [
        "Tệp ảnh có dữ liệu lạ nằm sau phần kết thúc của ảnh; hãy lưu lại ảnh rồi tải lên."
    ]


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1000

    assert refusal(validate_scan, "ban-chup.png", image_bytes("PNG", size=(40, 30))) == [
        "Ảnh quá lớn: 40 × 30 điểm ảnh; tối đa 1.000 điểm ảnh."
    ]


# -- Word and Excel packages --------------------------------------------------------------------------------------


def test_a_word_document_carrying_an_exe_is_refused():
    content = docx_bytes({"word/media/cai-dat.exe": EXE})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [PROGRAM % "word/media/cai-dat.exe"]


def test_a_program_named_as_an_image_is_refused_by_its_first_bytes():
    content = docx_bytes({"word/media/image1.png": ELF})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [PROGRAM % "word/media/image1.png"]


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("word/media/tai-lieu.zip", zip_bytes({"cai-dat.exe": EXE})),
        ("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200),
        ("word/media/anh.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 50),
    ],
)
def test_a_word_document_carrying_an_archive_or_an_ole_object_is_refused(member, content):
    assert refusal(validate_dossier_file, "bao-cao.docx", docx_bytes({member: content})) == [
        f"Tệp chứa một tệp nén hoặc đối tượng nhúng khác (“{member}”); hãy lưu lại tài liệu không kèm đối tượng đó."
    ]


def test_an_embedded_workbook_carrying_a_program_is_refused():
    workbook = with_members(xlsx_bytes([["a"]]), {"xl/media/cai-dat.exe": EXE})
    content = docx_bytes({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [PROGRAM % "xl/media/cai-dat.exe"]


def test_a_word_document_with_macros_is_refused():
    content = docx_bytes({"word/vbaProject.bin": b"\x00" * 64})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [
        "Tệp có macro (mã lệnh VBA); hãy lưu lại dạng .docx hoặc .xlsx thông thường rồi tải lên."
    ]


def test_a_workbook_renamed_docx_is_refused():
    assert refusal(validate_dossier_file, "bao-cao.docx", xlsx_bytes([["a"]])) == [
        "Chỉ nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX), JPEG hoặc PNG; nội dung tệp phải đúng định dạng."
    ]


def test_a_package_whose_main_part_is_not_word_is_refused():
    # word/document.xml is there, but [Content_Types].xml declares a workbook.
    content = with_members(xlsx_bytes([["a"]]), {"word/document.xml": b"<w:document/>"})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [
        "Tệp không phải là tệp Word .docx hợp lệ (có thể là tệp khác được đổi tên)."
    ]


# -- zip bombs --------------------------------------------------------------------------------------------------


def test_a_member_that_inflates_a_thousand_times_is_a_zip_bomb():
    # 300 KB that become 300 MB in the finding; here 4 KB that become 4 MB: the same ratio.
    content = docx_bytes({"word/document2.xml": b"<a>" + b" " * 4 * 1024 * 1024 + b"</a>"})

    messages = refusal(validate_dossier_file, "bao-cao.docx", content)

    assert len(messages) == 1
    assert messages[0].startswith("Tệp có thành phần “word/document2.xml” nén bất thường (tỉ lệ ")
    assert messages[0].endswith(", tối đa 100:1); có thể là tệp độc hại (zip bomb).")


def test_a_package_over_the_uncompressed_size_limit_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_SIZE = 4096
    content = docx_bytes({"word/footnotes.xml": b"<w:footnotes>" + b"Ghi chu. " * 1000 + b"</w:footnotes>"})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == [
        "Nội dung tệp khi giải nén là 9.976 byte, vượt giới hạn 4.096 byte (4 KB)."
    ]


def test_a_package_with_too_many_members_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_MEMBERS = 10
    content = docx_bytes({f"word/media/image{n}.png": image_bytes("PNG") for n in range(10)})

    assert refusal(validate_dossier_file, "bao-cao.docx", content) == ["Tệp nén có 13 thành phần, vượt giới hạn 10."]


# -- the size message ---------------------------------------------------------------------------------------------


def test_a_file_one_byte_over_the_limit_says_so_in_bytes():
    content = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 - 8)

    assert refusal(validate_scan, "quyet-dinh.pdf", content) == [
        "Tệp quá lớn: 20.971.521 byte, vượt giới hạn 20.971.520 byte (20 MB)."
    ]


# -- through the pages --------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_a_decision_scan_that_is_a_program_behind_a_pdf_header_is_not_stored(client, cast, tree):
    client.force_login(cast["clerk"])
    data = {
        "number": "5/QĐ-VKS-T",
        "date": "05/01/2026",
        "authority": "unit_head",
        "kind": "regular",
        "issuing_unit": tree["province"].pk,
        "issuer": "Viện kiểm sát nhân dân tỉnh T",
        "summary": "Về việc khen thưởng",
        "signer_name": "Nguyễn Văn Viện",
        "signer_title": "Viện trưởng",
        "scan": SimpleUploadedFile("qd.pdf", b"%PDF-1.7\n" + ELF),
    }

    response = client.post(reverse("awards:decision-create"), data)

    assert response.context["form"].errors["scan"] == [NOT_PDF]
    assert Decision.objects.count() == 0


@pytest.mark.integration
def test_a_dossier_word_file_with_an_exe_is_not_stored(client, cast, tree, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = NominationFactory(person=staff["hang"], nominating_unit=tree["kv1"])
    client.force_login(cast["regional_clerk"])
    upload = SimpleUploadedFile("bao-cao.docx", docx_bytes({"word/cai-dat.exe": EXE}))

    response = client.post(
        reverse("awards:nomination-document-upload", args=[nomination.pk]),
        {"kind": "achievement_report", "file": upload},
    )

    assert response.status_code == 400
    assert (PROGRAM % "word/cai-dat.exe") in response.content.decode()
    assert NominationDocument.objects.count() == 0


@pytest.mark.integration
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            with_members(xlsx_bytes([["code"], ["A"]]), {"xl/media/cai-dat.exe": EXE}),
            PROGRAM % "xl/media/cai-dat.exe",
        ),
        (docx_bytes(), "Tệp không phải là tệp Excel .xlsx hợp lệ (có thể là tệp khác được đổi tên)."),
    ],
    ids=["exe-inside", "docx-renamed"],
)
def test_the_import_page_refuses_a_workbook_by_its_content(client, cast, tree, content, message):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:import-new"), {"kind": "persons", "file": SimpleUploadedFile("can-bo.xlsx", content)}
    )

    assert response.context["form"].errors["file"] == [message]
    assert ImportJob.objects.count() == 0


@pytest.mark.integration
def test_the_import_page_refuses_a_zip_bomb_workbook(client, cast, tree):
    bomb = with_members(xlsx_bytes([["code"], ["A"]]), {"xl/worksheets/sheet2.xml": b"<x>" + b"A" * 8 * 1024 * 1024})
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:import-new"), {"kind": "persons", "file": SimpleUploadedFile("can-bo.xlsx", bomb)}
    )

    assert "có thể là tệp độc hại (zip bomb)" in response.context["form"].errors["file"][0]
    assert ImportJob.objects.count() == 0
