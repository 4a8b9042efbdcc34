"""Validation of uploaded files by what they are, whatever they are called.

A file is first typed by its first bytes (`sniff`, `sniff_dossier`), then opened as that type and checked
(`check_content`), so that a header alone does not make a file what it claims to be:

- a PDF must parse (pypdf), have at least one page, end at its last `%%EOF`, and carry no attached file, no
  JavaScript and no launch action;
- a JPEG or PNG must be a whole image (Pillow reads its header; the marker or chunk structure is walked to its
  end), within `UPLOAD_IMAGE_MAX_PIXELS`, with nothing after its end;
- a .docx or .xlsx is a zip: before anything opens it, its members are counted, their uncompressed size is added
  up and each member's compression ratio is checked (a zip bomb), no member may be a program, a script, a
  macro project or another archive (by name and by first bytes; a Word or Excel package embedded in
  `…/embeddings/`, as Word's charts are, is checked in turn by the same rules), and its main part must be the
  claimed type's (a .docx is a Word document, not a renamed workbook or a macro-enabled file).

Limits come from settings (`UPLOAD_ZIP_*`, `UPLOAD_IMAGE_MAX_PIXELS`, `SCAN_MAX_FILE_SIZE`); docs/security.md.
"""

import io
import re
import struct
import warnings
import zipfile
from pathlib import PurePosixPath

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf.errors import PyPdfError

from units.common.formatting import number

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
}
EXTENSIONS = {"pdf": {".pdf"}, "jpeg": {".jpg", ".jpeg"}, "png": {".png"}}

MB = 1024 * 1024


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def size_message(size: int, limit: int) -> str:
    """The refusal of a file over `limit`, in bytes ("Tệp quá lớn: 20.971.521 byte, vượt giới hạn 20.971.520
    byte (20 MB).") so that a file barely over the limit does not read as being within it."""
    return _("Tệp quá lớn: %(size)s byte, vượt giới hạn %(limit)s byte (%(readable)s).") % {
        "size": number(size),
        "limit": number(limit),
        "readable": readable_size(limit),
    }


def readable_size(size: int) -> str:
    """20971520 → "20 MB"; 52428800 → "50 MB"; 1536 → "1,5 KB" (binary units, Vietnamese decimal comma)."""
    for unit, factor in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if size >= factor:
            return f"{number(round(size / factor, 2))} {unit}"
    return f"{number(size)} byte"


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(size_message(upload.size, limit), code="too_large")


def sniff(fileobj) -> str | None:
    """The type of a file from its first bytes (pdf, jpeg, png), or None."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(position)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def validate_scan(upload) -> None:
    """A scan (of a decision, a signed pledge): a real PDF, JPEG or PNG, by content and by name, within the size
    limit."""
    if getattr(upload, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    check_size(upload, _limit("SCAN_MAX_FILE_SIZE", 20 * MB))
    kind = sniff(upload)
    name = (upload.name or "").lower()
    if kind is None or not any(name.endswith(extension) for extension in EXTENSIONS[kind]):
        raise ValidationError(_("Chỉ nhận bản chụp dạng PDF, JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."))
    check_content(upload, kind)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls (Office 97-2003)
DOSSIER_EXTENSIONS = {
    "pdf": {".pdf"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "ole2": {".doc", ".xls"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
}


def sniff_dossier(fileobj) -> str | None:
    """The type of a dossier file from its content: pdf, jpeg, png, ole2 (doc/xls), docx, xlsx, or None."""
    kind = sniff(fileobj)
    if kind is not None:
        return kind
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    try:
        if head.startswith(OLE2):
            return "ole2"
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(fileobj) as archive:
                    names = set(archive.namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
        return None
    finally:
        fileobj.seek(position)


def validate_dossier_file(upload) -> None:
    """A dossier file: PDF, DOC(X), XLS(X), JPEG or PNG by content and by name, within the size limit."""
    if getattr(upload, "_committed", False):
        return
    check_size(upload, _limit("SCAN_MAX_FILE_SIZE", 20 * MB))
    kind = sniff_dossier(upload)
    name = (upload.name or "").lower()
    if kind is None or not any(name.endswith(extension) for extension in DOSSIER_EXTENSIONS[kind]):
        raise ValidationError(
            _("Chỉ nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX), JPEG hoặc PNG; nội dung tệp phải đúng định dạng.")
        )
    check_content(upload, kind)


def check_content(fileobj, kind: str) -> None:
    """Open the file as `kind` (pdf, jpeg, png, docx, xlsx) and refuse it (ValidationError) unless it is one."""
    checks = {"pdf": check_pdf, "jpeg": check_image, "png": check_image, "docx": check_package, "xlsx": check_package}
    check = checks.get(kind)
    if check is None:
        return  # .doc/.xls (OLE2): typed by their header only
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        check(fileobj, kind)
    finally:
        fileobj.seek(position)


# -- PDF ----------------------------------------------------------------------------------------------------

# After the last %%EOF a writer may leave line ends and padding, never content.
_PDF_TAIL = re.compile(rb"[\s\x00]*")
_PDF_ACTIONS = ("/JavaScript", "/JS", "/Launch")


def check_pdf(fileobj, kind: str = "pdf") -> None:
    not_pdf = ValidationError(
        _("Tệp không phải là tài liệu PDF hợp lệ (không đọc được cấu trúc PDF hoặc không có trang nào)."),
        code="not_pdf",
    )
    data = fileobj.read()
    if not data.startswith(b"%PDF-"):
        raise not_pdf
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise not_pdf
    if not _PDF_TAIL.fullmatch(data, end + len(b"%%EOF")):
        raise ValidationError(
            _("Tệp PDF có dữ liệu lạ nằm sau phần kết thúc của tài liệu; hãy xuất lại tệp PDF từ máy quét."),
            code="pdf_trailing_data",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about the small defects of real scans; they are fine
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    _("Tệp PDF được đặt mật khẩu; hãy tải lên bản không có mật khẩu."), code="pdf_encrypted"
                )
            if len(reader.pages) < 1:
                raise not_pdf
            active = _pdf_active_content(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise not_pdf from exc
    if active:
        raise ValidationError(
            _("Tệp PDF chứa %(what)s; chỉ nhận tài liệu PDF thông thường (bản quét, bản in ra PDF).")
            % {"what": active},
            code="pdf_active_content",
        )


def _pdf_active_content(reader: pypdf.PdfReader) -> str:
    """What a scan has no use for and an attacker has: attached files, scripts, actions that start a program."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/EmbeddedFiles" in names:
        return _("tệp đính kèm")
    if "/JavaScript" in names or "/AA" in root or _is_action(root.get("/OpenAction")):
        return _("mã lệnh hoặc lệnh tự chạy")
    for page in reader.pages:
        if "/AA" in page:
            return _("mã lệnh hoặc lệnh tự chạy")
        annotations = page.get("/Annots")
        for reference in annotations.get_object() if annotations is not None else []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                return _("tệp đính kèm")
            if _is_action(annotation.get("/A")):
                return _("mã lệnh hoặc lệnh tự chạy")
    return ""


def _is_action(action) -> bool:
    if action is None:
        return False
    action = action.get_object()
    return isinstance(action, dict) and action.get("/S") in _PDF_ACTIONS


# -- images -------------------------------------------------------------------------------------------------


def check_image(fileobj, kind: str) -> None:
    """A whole JPEG or PNG: Pillow recognises it as `kind`, its size is within the pixel limit, and the file
    ends where the image ends (no program or archive glued after it)."""
    not_image = ValidationError(_("Tệp không phải là ảnh %(kind)s hợp lệ.") % {"kind": kind.upper()}, code="not_image")
    data = fileobj.read()
    max_pixels = _limit("UPLOAD_IMAGE_MAX_PIXELS", 100_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("Ảnh quá lớn: %(width)s × %(height)s điểm ảnh; tối đa %(max)s điểm ảnh.")
                        % {"width": number(width), "height": number(height), "max": number(max_pixels)},
                        code="image_too_large",
                    )
                image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise not_image from exc
    if image_format != {"jpeg": "JPEG", "png": "PNG"}[kind]:
        raise not_image
    end = _jpeg_end(data) if kind == "jpeg" else _png_end(data)
    # A camera's multi-picture JPEG (CIPA MPF: a preview, a depth map) appends whole JPEGs: walk them too.
    while end is not None and kind == "jpeg" and data.startswith(b"\xff\xd8\xff", end):
        following = _jpeg_end(data[end:])
        end = None if following is None else end + following
    if end is None:
        raise not_image
    if data[end:].strip(b"\x00\r\n\t "):
        raise ValidationError(
            _("Tệp ảnh có dữ liệu lạ nằm sau phần kết thúc của ảnh; hãy lưu lại ảnh rồi tải lên."),
            code="image_trailing_data",
        )


def _png_end(data: bytes) -> int | None:
    """The offset just after the IEND chunk, or None."""
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunk_type = data[position + 4 : position + 8]
        position += 12 + length
        if chunk_type == b"IEND":
            return position if position <= len(data) else None
    return None


_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0–7 carry no length


def _jpeg_end(data: bytes) -> int | None:
    """The offset just after the EOI marker that ends the image (segments skipped by their length, entropy-coded
    data scanned to the next marker, so that a thumbnail's own EOI inside APP1 does not count), or None."""
    position = 2
    size = len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker in _STANDALONE_MARKERS:
            position += 2
            continue
        if position + 4 > size:
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker that is not RST or stuffing
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    return None


# -- zip packages: .docx and .xlsx --------------------------------------------------------------------------

MAIN_CONTENT_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
KIND_NAMES = {"docx": "Word .docx", "xlsx": "Excel .xlsx"}
# The first bytes of programs, scripts and containers: none belongs inside a document.
DANGEROUS_MAGIC = {
    b"MZ": "program",  # Windows .exe, .dll
    b"\x7fELF": "program",  # Linux
    b"\xfe\xed\xfa\xce": "program",  # Mach-O (macOS), 32 and 64 bits, both byte orders
    b"\xfe\xed\xfa\xcf": "program",
    b"\xce\xfa\xed\xfe": "program",
    b"\xcf\xfa\xed\xfe": "program",
    b"\xca\xfe\xba\xbe": "program",  # Mach-O universal binary, Java class
    b"#!": "program",  # shell, Python, Perl… scripts
    b"L\x00\x00\x00\x01\x14\x02\x00": "program",  # Windows shortcut (.lnk)
    b"PK\x03\x04": "archive",
    b"PK\x05\x06": "archive",
    b"Rar!\x1a\x07": "archive",
    b"7z\xbc\xaf\x27\x1c": "archive",
    b"\x1f\x8b": "archive",  # gzip
    b"BZh": "archive",
    b"\xfd7zXZ\x00": "archive",
    b"MSCF": "archive",  # Windows cabinet
    OLE2: "archive",  # embedded OLE objects: the usual carrier of a program inside an Office file
}
PROGRAM_EXTENSIONS = frozenset(
    {
        *(".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".ocx", ".sys", ".drv", ".msi", ".msp", ".lnk", ".reg"),
        *(".bat", ".cmd", ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".scf", ".inf"),
        *(".jar", ".class", ".sh", ".bash", ".py", ".pl", ".rb", ".elf", ".so", ".dylib", ".app", ".apk"),
    }
)
ARCHIVE_EXTENSIONS = frozenset(
    {
        *(".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab", ".iso", ".img", ".arj", ".lzh", ".z"),
        *(".docm", ".xlsm", ".pptm", ".dotm", ".xltm", ".xlsb"),  # macro-enabled or binary Office files
    }
)
EMBEDDED_PACKAGE_EXTENSIONS = frozenset({".docx", ".xlsx", ".pptx"})
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")


def check_package(fileobj, kind: str | None, *, depth: int = 0) -> None:
    """Refuse (ValidationError) a .docx or .xlsx that is a zip bomb, carries a program, a macro project or an
    archive, or is not a package of `kind` (None: any Office package, for an embedded one). The zip's directory
    is read first; no member is inflated beyond its first bytes, except a package embedded under
    `…/embeddings/`, read (within the size limit) to be checked in turn, one level deep."""
    max_members = _limit("UPLOAD_ZIP_MAX_MEMBERS", 2000)
    max_size = _limit("UPLOAD_ZIP_MAX_SIZE", 256 * MB)
    max_ratio = _limit("UPLOAD_ZIP_MAX_RATIO", 100)
    not_package = ValidationError(
        _("Tệp không phải là tệp %(kind)s hợp lệ (có thể là tệp khác được đổi tên).")
        % {"kind": KIND_NAMES.get(kind, "Office")},
        code="not_package",
    )
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise not_package from exc
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise ValidationError(
                _("Tệp nén có %(count)s thành phần, vượt giới hạn %(max)s.")
                % {"count": number(len(members)), "max": number(max_members)},
                code="zip_members",
            )
        total = sum(member.file_size for member in members)
        if total > max_size:
            raise ValidationError(
                _("Nội dung tệp khi giải nén là %(size)s byte, vượt giới hạn %(max)s byte (%(readable)s).")
                % {"size": number(total), "max": number(max_size), "readable": readable_size(max_size)},
                code="zip_size",
            )
        for member in members:
            # A small part may compress very well (an empty sheet); a bomb is large and compresses absurdly well.
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > MB and ratio > max_ratio:
                raise ValidationError(
                    _(
                        "Tệp có thành phần “%(name)s” nén bất thường (tỉ lệ %(ratio)s:1, tối đa %(max)s:1); có thể "
                        "là tệp độc hại (zip bomb)."
                    )
                    % {"name": member.filename, "ratio": number(int(ratio)), "max": number(max_ratio)},
                    code="zip_ratio",
                )
        try:
            for member in members:
                _check_member(archive, member, depth=depth)
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise not_package from exc  # a damaged, encrypted or oddly compressed member
    if b"macroenabled" in content_types.lower():
        raise _macro_error()
    if kind is not None and MAIN_CONTENT_TYPES[kind] not in content_types:
        raise not_package


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, depth: int) -> None:
    if member.is_dir():
        return
    path = PurePosixPath(member.filename.replace("\\", "/"))
    name, extension = path.name.lower(), path.suffix.lower()
    if name in MACRO_PARTS:
        raise _macro_error()
    with archive.open(member) as stream:
        head = stream.read(8)
    found = next((what for magic, what in DANGEROUS_MAGIC.items() if head.startswith(magic)), None)
    if extension in PROGRAM_EXTENSIONS or found == "program":
        raise ValidationError(
            _("Tệp chứa chương trình hoặc mã lệnh (“%(name)s”); không nhận tệp như vậy.") % {"name": member.filename},
            code="zip_program",
        )
    embedded_package = (
        extension in EMBEDDED_PACKAGE_EXTENSIONS and "embeddings" in path.parts and head.startswith(b"PK\x03\x04")
    )
    if embedded_package and depth == 0:
        # Word's charts keep their data in an embedded workbook: allowed, and checked by the same rules.
        check_package(io.BytesIO(archive.read(member)), None, depth=1)
        return
    if extension in ARCHIVE_EXTENSIONS or extension in EMBEDDED_PACKAGE_EXTENSIONS or found == "archive":
        raise ValidationError(
            _(
                "Tệp chứa một tệp nén hoặc đối tượng nhúng khác (“%(name)s”); hãy lưu lại tài liệu không kèm đối "
                "tượng đó."
            )
            % {"name": member.filename},
            code="zip_archive",
        )


def _macro_error() -> ValidationError:
    return ValidationError(
        _("Tệp có macro (mã lệnh VBA); hãy lưu lại dạng .docx hoặc .xlsx thông thường rồi tải lên."), code="zip_macro"
    )
