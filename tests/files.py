"""Small real files for upload tests, made in the test: a PDF, images, Word and Excel packages, and the bad ones
(a header glued to a program, a package with a program inside, a zip bomb)."""

import io
import re
import zipfile

import pypdf
from openpyxl import Workbook
from PIL import Image

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200  # the start of a Linux program
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200  # the start of a Windows program

DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Báo cáo thành tích</w:t></w:r></w:p></w:body></w:document>"
).encode()
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_writer_bytes(change) -> bytes:
    """A one-page PDF changed by `change(writer)` (a script, an attachment) before it is written."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document, with `extra` members added to the package."""
    return zip_bytes(
        {
            "[Content_Types].xml": DOCX_CONTENT_TYPES,
            "_rels/.rels": DOCX_RELS,
            "word/document.xml": DOCX_DOCUMENT,
            **(extra or {}),
        }
    )


def xlsx_bytes(rows: list[list], *, write_only: bool = False) -> bytes:
    """A workbook whose first sheet holds `rows`: shared strings (as Excel writes them), or inline strings with
    `write_only` (as openpyxl's streaming writer does)."""
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_members(package: bytes, extra: dict[str, bytes]) -> bytes:
    """The zip `package` with `extra` members added."""
    out = io.BytesIO(package)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in extra.items():
            archive.writestr(name, content)
    return out.getvalue()


def replace_in_member(package: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """The zip `package` with `old` replaced by `new` in `member`: a cell longer than Excel (and openpyxl) would
    ever write, as a forged file holds."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, content.replace(old, new) if info.filename == member else content)
    return out.getvalue()


def with_shared_string(package: bytes, placeholder: str, text: str) -> bytes:
    """The workbook `package` (openpyxl writes its text inline) with the cell holding `placeholder` turned into a
    reference to a shared string holding `text`, as Excel writes its cells."""
    source = zipfile.ZipFile(io.BytesIO(package))
    cell = re.compile(
        rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>' + re.escape(placeholder.encode()) + rb"</t></is></c>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text}</t></si></sst>"
    ).encode()
    changes = {
        "xl/worksheets/sheet1.xml": lambda xml: cell.sub(rb'<c r="\1" t="s"><v>0</v></c>', xml),
        "[Content_Types].xml": lambda xml: xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    }
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, changes.get(info.filename, lambda xml: xml)(content))
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()
