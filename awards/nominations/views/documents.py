"""The printed documents of nominations as PDFs, and their Word copies (`fmt="docx"`, behind the same checks): a
nominee's báo cáo thành tích and a batch's tờ trình with its DANH SÁCH (short: rendered in the request)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from awards.nominations import documents, selectors
from units.common.docx import docx_response
from units.common.text import fold
from units.common.views import get_visible_or_404


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    # ASCII only: browsers disagree on non-ASCII names in the plain `filename` parameter.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def achievement_report_pdf(request, pk: int, fmt: str = "pdf"):
    nomination = get_visible_or_404(selectors.nomination_for_document, user=request.user, pk=pk)
    recipient = nomination.person.full_name if nomination.person_id else nomination.unit.name
    filename = f"bao-cao-thanh-tich-{nomination.year}-{_slug(recipient)}"
    if fmt == "docx":
        return docx_response(documents.achievement_report_docx(nomination), f"{filename}.docx")
    return _pdf_response(documents.achievement_report_pdf(nomination), f"{filename}.pdf")


@login_required
@require_GET
def batch_pdf(request, pk: int, fmt: str = "pdf"):
    batch = get_visible_or_404(selectors.batch_for_document, user=request.user, pk=pk)
    label = _slug(batch.number) if batch.number else f"du-thao-{batch.pk}"
    filename = f"to-trinh-{batch.year}-{label}"
    if fmt == "docx":
        return docx_response(documents.batch_docx(batch), f"{filename}.docx")
    return _pdf_response(documents.batch_pdf(batch), f"{filename}.pdf")
