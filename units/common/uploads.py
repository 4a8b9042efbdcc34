"""Validation of uploaded scans: the content must be a PDF, JPEG or PNG, whatever the file is called."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
}
EXTENSIONS = {"pdf": {".pdf"}, "jpeg": {".jpg", ".jpeg"}, "png": {".png"}}


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
    if getattr(upload, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    limit = getattr(settings, "SCAN_MAX_FILE_SIZE", 20 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind = sniff(upload)
    name = (upload.name or "").lower()
    if kind is None or not any(name.endswith(extension) for extension in EXTENSIONS[kind]):
        raise ValidationError(_("Chỉ nhận bản chụp dạng PDF, JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."))


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
            except zipfile.BadZipFile:
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
    limit = getattr(settings, "SCAN_MAX_FILE_SIZE", 20 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind = sniff_dossier(upload)
    name = (upload.name or "").lower()
    if kind is None or not any(name.endswith(extension) for extension in DOSSIER_EXTENSIONS[kind]):
        raise ValidationError(
            _("Chỉ nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX), JPEG hoặc PNG; nội dung tệp phải đúng định dạng.")
        )
