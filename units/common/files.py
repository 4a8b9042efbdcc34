"""Stored files (uploads, scans, issued PDFs) leave the server only through a view that checks permission first.

There is no public media URL: `MEDIA_URL` is not routed, in development or production. Each view loads the file's
object through its scoped selector (404 outside the scope), then hands the file to `serve_file`, which sends it, or,
behind nginx with `PROTECTED_MEDIA_REDIRECT` set, tells nginx to send it from an `internal` location (README,
"Production"). `ProtectedFileInput` makes the admin's file links go to those views too.
"""

import logging
import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Types a browser may show in the page (the scans and PDFs the app stores); anything else is always a download, so
# a stored file can never run as a page of the site, whatever its name says.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def _content_type(fieldfile, filename: str) -> str:
    guessed = mimetypes.guess_type(filename)[0] or mimetypes.guess_type(fieldfile.name)[0]
    return guessed or "application/octet-stream"


def _missing(request, fieldfile) -> HttpResponse:
    # The row names a file the storage no longer has (a restore without the media volume, a manual clean-up):
    # an operator's problem, not a server error.
    logger.warning("stored file missing from storage: %s", fieldfile.name)
    message = _("Không tìm thấy tệp trên máy chủ: tệp có thể đã bị xóa hoặc di chuyển. Hãy báo quản trị viên.")
    if request is None:
        return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")
    return render(request, "404.html", {"message": message}, status=404)


def serve_file(request, fieldfile, *, filename: str, as_attachment: bool = True, content_type: str | None = None):
    """The response that sends a stored file, to be returned by a view that has already checked permission.

    `request` (or None outside a request) renders the 404 page when the file is gone from the storage. `filename`
    is the name the user's browser saves (Vietnamese allowed: `Content-Disposition` carries it RFC 6266-encoded).
    `as_attachment=False` shows a PDF, JPEG or PNG in the browser; other types are downloads regardless.
    `content_type` defaults to the one of `filename`'s (then the stored name's) extension.

    With `settings.PROTECTED_MEDIA_REDIRECT` (e.g. "/_protected/"), the response is empty and carries
    `X-Accel-Redirect: <prefix><stored name>`: nginx sends the bytes from its `internal` location.
    """
    if not fieldfile:
        return _missing(request, fieldfile)
    content_type = content_type or _content_type(fieldfile, filename)
    as_attachment = as_attachment or content_type not in INLINE_TYPES
    prefix = getattr(settings, "PROTECTED_MEDIA_REDIRECT", "")
    if prefix:
        if not fieldfile.storage.exists(fieldfile.name):
            return _missing(request, fieldfile)
        response = HttpResponse(content_type=content_type)
        # nginx expects the URI escaped (since 1.5.9); the stored name is relative to MEDIA_ROOT.
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, PurePosixPath(filename).name)
    else:
        try:
            handle = fieldfile.open("rb")
        except FileNotFoundError:
            return _missing(request, fieldfile)
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


class _LinkedFile:
    """A stored file as the admin's file input prints it: its name, linked to `url`."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class ProtectedFileInput(AdminFileWidget):
    """The admin's file input, whose link to the current file goes to the view `view_name` (taking the object's pk),
    which checks permission, instead of the storage's URL under MEDIA_URL, which is not served."""

    def __init__(self, attrs=None, *, view_name: str):
        super().__init__(attrs)
        self.view_name = view_name

    def format_value(self, value):
        if not self.is_initial(value):
            return None
        return _LinkedFile(str(value), reverse(self.view_name, args=[value.instance.pk]))
