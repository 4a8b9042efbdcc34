"""The council member's ballot, made for a phone: the polls waiting for the member, the ballot of one poll
(agree or disagree on every candidate), the confirmation.

The choices go to `awards.councils.voting.ballot_cast` and nowhere else: no log line, no messages text, no session key;
the POST parameters are hidden from error reports. A second submission — double tap, second tab, second device —
is refused by the database inside the service and shown as "already voted", never a 500, never counted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from awards.councils import selectors
from awards.councils import voting as services
from awards.councils.conflicts import conflicting_candidates
from awards.councils.enums import PollMode, PollState
from awards.councils.forms import BallotForm
from awards.councils.models import Poll
from awards.nominations import eligibility
from units.common.views import get_visible_or_404

# The list shows the recent past only: older results are in the minutes.
PAST_POLLS = 20


@login_required
@require_GET
def ballot_list(request):
    context = {
        "open_polls": selectors.ballot_polls_open(user=request.user),
        "past_polls": selectors.ballot_polls_past(user=request.user)[:PAST_POLLS],
    }
    return render(request, "awards/ballot_list.html", context)


def _poll_for_voter(request, poll_pk: int) -> Poll:
    """404 for a poll of a council the user does not know; 403 for one he may see but not vote in."""
    poll = get_visible_or_404(selectors.ballot_poll_get, user=request.user, pk=poll_pk)
    if services.eligible_voter(poll, request.user) is None:
        raise PermissionDenied(_("Bạn không phải thành viên có mặt, có quyền biểu quyết trong phiên họp này."))
    return poll


def _not_votable(poll: Poll) -> str:
    """Why no ballot can be cast on this page now, or "" when it can."""
    if poll.mode == PollMode.PAPER:
        return _("Cuộc bỏ phiếu này dùng phiếu giấy: hãy điền phiếu do thư ký Hội đồng phát.")
    if poll.state == PollState.CREATED:
        return _("Cuộc bỏ phiếu chưa mở. Khi thư ký Hội đồng mở phiếu, hãy tải lại trang này.")
    if poll.state != PollState.OPEN:
        return _("Cuộc bỏ phiếu đã kết thúc; không nhận thêm phiếu.")
    return ""


def _already_voted(request, poll: Poll):
    messages.warning(request, _("Bạn đã bỏ phiếu trong cuộc bỏ phiếu này; phiếu thứ hai không được tính."))
    return redirect("awards:ballot-done", poll_pk=poll.pk)


@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def ballot_form(request, poll_pk: int):
    poll = _poll_for_voter(request, poll_pk)
    voted = selectors.poll_voted_by(poll=poll, user=request.user)
    closed = _not_votable(poll)
    candidates = list(selectors.ballot_candidates(poll=poll))
    seat = services.eligible_voter(poll, request.user)
    conflicts = conflicting_candidates(seat, candidates)
    form = None
    if not closed and request.method == "POST":
        form = BallotForm(request.POST, candidates=candidates, conflicts=conflicts)
        if form.is_valid():
            # No check of `voted` first: the service's transaction decides, also between two requests at once.
            try:
                services.ballot_cast(poll=poll, user=request.user, choices=form.choices())
            except services.AlreadyVoted:
                return _already_voted(request, poll)
            except ValidationError as exc:
                # The secretary closed the poll between the page and the tap.
                form.add_error(None, exc)
            else:
                return redirect("awards:ballot-done", poll_pk=poll.pk)
        elif voted:
            return _already_voted(request, poll)
    elif not closed and not voted:
        form = BallotForm(candidates=candidates, conflicts=conflicts)
    context = {
        "poll": poll,
        "form": form,
        "cards": _cards(form, candidates),
        "closed": closed,
        "voted": voted,
        "secret": poll.mode == PollMode.SECRET,
    }
    return render(request, "awards/ballot_form.html", context)


def _cards(form: BallotForm | None, candidates) -> list[dict]:
    fields = {nomination: (field, conflict) for nomination, field, conflict in form.cards()} if form else {}
    return [
        {
            "nomination": nomination,
            "field": fields.get(nomination, (None, False))[0],
            "conflict": fields.get(nomination, (None, False))[1],
            "check": eligibility.Check.from_json(nomination.eligibility),
        }
        for nomination in candidates
    ]


@login_required
@require_GET
def ballot_done(request, poll_pk: int):
    poll = _poll_for_voter(request, poll_pk)
    if not selectors.poll_voted_by(poll=poll, user=request.user):
        return redirect("awards:ballot-form", poll_pk=poll.pk)
    return render(request, "awards/ballot_done.html", {"poll": poll, "secret": poll.mode == PollMode.SECRET})
