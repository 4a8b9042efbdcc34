"""The printed documents of a council session (minutes, vote-counting minutes, draft decision) and the two steps
that follow the vote: recording the head's signed decision, and the tờ trình to the parent unit.

Who: everybody who may open the session (a role over the council's unit or a seat on the council) reads the
documents; results of a poll closed but not yet published only the secretary. The head's decision is recorded
by the leaders of the council's unit; the tờ trình to the parent is drafted by its leaders or clerks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.councils import decisions as decisions_from_votes
from awards.councils import minutes, selectors
from awards.councils import rules as award_rules
from awards.councils.enums import PollState
from awards.councils.forms import SessionDecisionForm
from awards.councils.models import Poll, Session
from awards.councils.views.councils import render_session
from units.common.docx import docx_response
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404


def sees_unpublished_results(user, session: Session) -> bool:
    return award_rules.is_council_secretary(user, session.council)


# -- helpers --------------------------------------------------------------------------------------------------


def _session(request, pk: int) -> Session:
    """The session if the user may open it (its council's unit in view scope, or a seat on it); 404 otherwise."""
    return get_visible_or_404(selectors.session_detail, user=request.user, pk=pk)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _back(session: Session) -> str:
    return reverse("awards:session-detail", args=[session.pk])


# -- documents ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def session_minutes_pdf(request, pk: int, fmt: str = "pdf"):
    session = _session(request, pk)
    published_only = not sees_unpublished_results(request.user, session)
    filename = f"bien-ban-hop-{session.date:%Y-%m-%d}-{session.pk}"
    if fmt == "docx":
        return docx_response(minutes.session_minutes_docx(session, published_only=published_only), f"{filename}.docx")
    data = minutes.session_minutes_pdf(session, published_only=published_only)
    return _pdf_response(data, f"{filename}.pdf")


@login_required
@require_GET
def ballot_minutes_pdf(request, pk: int, poll_pk: int, fmt: str = "pdf"):
    session = _session(request, pk)
    poll = Poll.objects.filter(session=session, pk=poll_pk).select_related("session__council__unit").first()
    if poll is None:
        raise Http404
    if sees_unpublished_results(request.user, session):
        shown = (PollState.CLOSED, PollState.PUBLISHED)
    else:
        shown = (PollState.PUBLISHED,)
    if poll.state not in shown:
        raise Http404(_("Cuộc bỏ phiếu chưa kết thúc hoặc chưa công bố kết quả."))
    filename = f"bien-ban-kiem-phieu-{session.date:%Y-%m-%d}-{poll.pk}"
    if fmt == "docx":
        return docx_response(minutes.ballot_count_minutes_docx(poll), f"{filename}.docx")
    return _pdf_response(minutes.ballot_count_minutes_pdf(poll), f"{filename}.pdf")


@login_required
@require_GET
def decision_draft_pdf(request, pk: int, fmt: str = "pdf"):
    session = _session(request, pk)
    filename = f"du-thao-quyet-dinh-{session.year}-{session.pk}"
    if fmt == "docx":
        return docx_response(minutes.decision_draft_docx(session), f"{filename}.docx")
    return _pdf_response(minutes.decision_draft_pdf(session), f"{filename}.pdf")


# -- after the vote ------------------------------------------------------------------------------------------


@login_required
@require_POST
def session_decision_record(request, pk: int):
    session = _session(request, pk)
    if not award_rules.may_record_session_decision(request.user, session):
        raise PermissionDenied
    form = SessionDecisionForm(request.POST, session=session)
    if not form.is_valid():
        return render_session(request, session, status=400, decision_form=form)
    try:
        decision = decisions_from_votes.decision_record_from_session(
            session=session, by=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render_session(request, session, status=400, decision_form=form)
    messages.success(
        request,
        _("Đã ghi quyết định %(decision)s với %(count)s lượt khen thưởng vào sổ.")
        % {"decision": decision, "count": decision.awards.count()},
    )
    return redirect("awards:decision-detail", pk=decision.pk)


@login_required
@require_POST
def session_escalate(request, pk: int):
    session = _session(request, pk)
    if not award_rules.may_escalate_session(request.user, session):
        raise PermissionDenied
    try:
        batch = decisions_from_votes.batch_above_authority(session=session, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_back(session))
    if batch is None:
        messages.info(request, _("Không có đề nghị nào thuộc thẩm quyền cấp trên để trình."))
        return redirect(_back(session))
    messages.success(
        request,
        _("Đã lập tờ trình dự thảo gửi Hội đồng Thi đua - Khen thưởng %(unit)s; hãy ghi số, ngày rồi gửi.")
        % {"unit": batch.council_unit},
    )
    return redirect("awards:batch-detail", pk=batch.pk)
