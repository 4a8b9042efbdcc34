"""The printed documents of nominations as PDFs: a nominee's báo cáo thành tích and a batch's tờ trình with its
DANH SÁCH (short: rendered in the request)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from awards import documents
from awards.enums import BatchState
from awards.models import Batch, Nomination
from units import rules as unit_rules
from units.text import fold
from units.views._common import get_visible_or_404


def nomination_for_document(*, user, pk: int) -> Nomination:
    """The nomination if the user may see it (`awards.view_nomination`); Nomination.DoesNotExist otherwise."""
    nomination = Nomination.objects.select_related(
        "award_type",
        "person__unit__parent",
        "unit__parent",
        "nominating_unit__parent",
        "batch__council_unit",
    ).get(pk=pk)
    if not user.has_perm("awards.view_nomination", nomination):
        raise Nomination.DoesNotExist
    return nomination


def batch_visible(*, user, pk: int) -> Batch:
    """The batch if the user holds a viewing role over its unit, or over its council's unit once it was sent
    (the rule of `awards.view_nomination`, for the batch); Batch.DoesNotExist otherwise."""
    batch = Batch.objects.select_related("unit__parent", "council_unit").get(pk=pk)
    if unit_rules.is_administrator(user):
        return batch
    paths = unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    if unit_rules.path_in_scope(batch.unit.path, paths):
        return batch
    if batch.state == BatchState.SUBMITTED and unit_rules.path_in_scope(batch.council_unit.path, paths):
        return batch
    raise Batch.DoesNotExist


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    # ASCII only: browsers disagree on non-ASCII names in the plain `filename` parameter.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def achievement_report_pdf(request, pk: int):
    nomination = get_visible_or_404(nomination_for_document, user=request.user, pk=pk)
    recipient = nomination.person.full_name if nomination.person_id else nomination.unit.name
    filename = f"bao-cao-thanh-tich-{nomination.year}-{_slug(recipient)}.pdf"
    return _pdf_response(documents.achievement_report_pdf(nomination), filename)


@login_required
@require_GET
def batch_pdf(request, pk: int):
    batch = get_visible_or_404(batch_visible, user=request.user, pk=pk)
    label = _slug(batch.number) if batch.number else f"du-thao-{batch.pk}"
    filename = f"to-trinh-{batch.year}-{label}.pdf"
    return _pdf_response(documents.batch_pdf(batch), filename)


urlpatterns = [
    path("de-nghi/<int:pk>/bao-cao-thanh-tich.pdf", achievement_report_pdf, name="achievement-report-pdf"),
    path("to-trinh/<int:pk>/to-trinh.pdf", batch_pdf, name="batch-pdf"),
]
