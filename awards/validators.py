"""Validation of uploaded scans: the content must be a PDF, JPEG or PNG, whatever the file is called."""

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
