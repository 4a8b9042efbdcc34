"""Pages of councils (Hội đồng Thi đua - Khen thưởng) and the secretary's console of a session: the agenda, the
attendance with the quorum, the polls (open, close, publish), the live turnout, paper counts, written opinions and
the results.

Who sees what: the council's secretary and administrators run the console; members, leaders and clerks over the
council's unit read the session (results once published, never the turnout); anybody else gets 404. The council
and its seats are kept on their own pages (`awards.councils.views.members`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.catalogue import services as catalogue_services
from awards.catalogue.models import RuleSet
from awards.councils import minutes, selectors, voting
from awards.councils import rules as award_rules
from awards.councils.enums import Attendance, PollMode, PollState, SessionState
from awards.councils.forms import (
    PAPER_FIELDS,
    AgendaAddForm,
    AttendanceForm,
    PaperCountForm,
    PollForm,
    SessionDecisionForm,
    SessionForm,
    WrittenOpinionForm,
)
from awards.councils.models import MIN_BALLOTS_SHOWN, Council, Poll, Session
from awards.nominations.models import Nomination
from units import rules as unit_rules
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404

# The poll buttons: URL word → (service, message on success).
POLL_MOVES = {
    "open": (voting.poll_open, gettext_lazy("Đã mở cuộc bỏ phiếu “%(poll)s”.")),
    "close": (voting.poll_close, gettext_lazy("Đã đóng cuộc bỏ phiếu “%(poll)s” và tính kết quả.")),
    "publish": (voting.poll_publish, gettext_lazy("Đã công bố kết quả cuộc bỏ phiếu “%(poll)s”.")),
}


def _session(request, pk: int) -> Session:
    return get_visible_or_404(selectors.session_detail, user=request.user, pk=pk)


def _secretary_session(request, pk: int) -> Session:
    """The session for a console action: 404 outside the scope, 403 for those who may only read it."""
    session = _session(request, pk)
    if not award_rules.may_run_session(request.user, session):
        raise PermissionDenied
    return session


def _poll(session: Session, poll_pk: int) -> Poll:
    poll = session.polls.filter(pk=poll_pk).first()
    if poll is None:
        raise Http404
    return poll


def _console_url(session: Session, anchor: str = "") -> str:
    url = reverse("awards:session-detail", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


def _refusal(exc: Exception) -> str:
    """The message of a service's refusal (ValidationError or PermissionDenied), for the user."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")


# -- councils ----------------------------------------------------------------------------------------------


@login_required
def council_list(request):
    councils = selectors.council_list(user=request.user)
    return render(request, "awards/council_list.html", {"councils": councils})


@login_required
def council_detail(request, pk: int):
    council = get_visible_or_404(selectors.council_detail, user=request.user, pk=pk)
    context = {
        "council": council,
        "members": selectors.council_members(council=council),
        "sessions": selectors.council_sessions(council=council),
        "is_secretary": award_rules.is_council_secretary(request.user, council),
        "admin_url": reverse("admin:awards_council_change", args=[council.pk])
        if request.user.is_staff and unit_rules.is_administrator(request.user)
        else "",
    }
    return render(request, "awards/council_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    council: Council = get_visible_or_404(selectors.council_detail, user=request.user, pk=pk)
    if not award_rules.is_council_secretary(request.user, council):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = voting.session_create(council=council, session=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo phiên họp. Hãy đưa các đề nghị vào chương trình."))
            return redirect("awards:session-detail", pk=session.pk)
    return render(request, "awards/session_form.html", {"form": form, "council": council})


# -- the session page ----------------------------------------------------------------------------------------


def _attach_poll_views(polls, *, can_run: bool, paper_forms: dict, conflicts: dict) -> None:
    """What each poll shows: its candidates with their conflicts of interest, its results (to the secretary once
    closed, to everybody once published), the live turnout (of every open poll at once) and the paper count forms
    (to the secretary while open)."""
    denominators = dict(RuleSet.Denominator.choices)
    live = [poll for poll in polls if poll.state == PollState.OPEN and poll.mode != PollMode.PAPER] if can_run else []
    turnouts = voting.turnouts(live) if live else {}
    for poll in polls:
        poll.candidate_list = list(poll.candidates.all())
        for candidate in poll.candidate_list:
            candidate.conflicts = conflicts.get(candidate.pk, [])
        shown = (PollState.CLOSED, PollState.PUBLISHED) if can_run else (PollState.PUBLISHED,)
        poll.shown_results = list(poll.results.all()) if poll.state in shown else None
        for result in poll.shown_results or ():
            result.denominator_label = denominators.get(result.denominator_kind, result.denominator_kind)
        poll.live_turnout = None
        poll.count_rows = []
        if not can_run or poll.state != PollState.OPEN:
            continue
        if poll.mode == PollMode.PAPER:
            recorded = {count.nomination_id: count for count in poll.paper_counts.all()}
            for nomination in poll.candidate_list:
                form = paper_forms.get((poll.pk, nomination.pk))
                if form is None:
                    count = recorded.get(nomination.pk)
                    initial = {name: getattr(count, name) for name in PAPER_FIELDS} if count else None
                    form = PaperCountForm(initial=initial, poll_id=poll.pk, nomination=nomination)
                poll.count_rows.append((form, nomination.pk in recorded))
        else:
            poll.live_turnout = turnouts[poll.pk]


def render_session(
    request, session: Session, *, status=200, poll_form=None, paper_forms=None, decision_form=None, errors=()
):
    """The session's page; a form refused on POST comes back bound, with its errors, in its place."""
    user = request.user
    can_run = award_rules.may_run_session(user, session)
    agenda = list(selectors.session_agenda(session=session))
    nominations = [item.nomination for item in agenda]
    # The seats and the attendance, read once: the quorum, the conflicts and the attendance form all use them.
    members = list(selectors.session_members(session=session))
    recorded = selectors.session_attendance(session=session)
    try:
        ruleset = catalogue_services.ruleset_for_year(session.year)
        quorum = voting.quorum(session, ruleset, seats=members, attendance=recorded)
    except RuleSet.DoesNotExist as exc:
        quorum, errors = None, [*errors, str(exc)]
    conflicts = selectors.member_conflicts(members=members, agenda=agenda)
    for item in agenda:
        item.conflicts = conflicts.get(item.nomination_id, [])
    polls = selectors.session_polls(session=session)
    _attach_poll_views(polls, can_run=can_run, paper_forms=paper_forms or {}, conflicts=conflicts)
    can_record_decision = award_rules.may_record_session_decision(user, session)
    if can_record_decision and decision_form is None:
        # Decisions are numbered in the calendar year they are signed, not by work year.
        unit = session.council.unit
        number = minutes.next_decision_number(unit, cal.today().year, f"QĐ-{minutes.agency_symbol(unit)}")
        decision_form = SessionDecisionForm(session=session, initial={"number": number})
    context = {
        "session": session,
        "council": session.council,
        "can_run": can_run,
        "running": session.state != SessionState.CLOSED,
        "attendance_locked": any(poll.state == PollState.OPEN for poll in polls),
        "min_ballots_shown": MIN_BALLOTS_SHOWN,
        "started": voting.session_started(session),
        "can_record_decision": can_record_decision,
        "can_escalate": award_rules.may_escalate_session(user, session),
        "decision_form": decision_form,
        "agenda": agenda,
        "members": [(member, recorded.get(member.pk)) for member in members],
        "quorum": quorum,
        "polls": polls,
        "errors": errors,
    }
    if can_run:
        written = selectors.session_written_opinions(session=session) if nominations else {}
        context.update(
            {
                "add_count": selectors.agenda_candidates(session=session).count(),
                "attendance_form": AttendanceForm(members=members, recorded=recorded),
                # The form's candidates are the agenda read above: the page writes its check boxes from it
                # rather than from the form's queryset (a second read of the agenda, row by row).
                "poll_form": poll_form or PollForm(agenda=_agenda_nominations(session)),
                "poll_chosen": _chosen_candidates(poll_form),
                "written_forms": [
                    WrittenOpinionForm(member=member, nominations=nominations, recorded=written)
                    for member in members
                    if recorded.get(member.pk) == Attendance.WRITTEN
                ]
                if nominations
                else [],
            }
        )
    return render(request, "awards/session_detail.html", context, status=status)


def _agenda_additions(session: Session) -> dict:
    """The nominations the secretary may still put on the agenda, by award type: each a row of plain text (about a
    hundred rows on a province's session, written as three strings each rather than a dozen look-ups)."""
    groups: dict[int, dict] = {}
    count = 0
    for nomination in selectors.agenda_candidates(session=session):
        award_type = nomination.award_type
        group = groups.setdefault(award_type.pk, {"pk": award_type.pk, "name": award_type.name, "rows": []})
        who = nomination.person.full_name if nomination.person_id else nomination.unit.label_with_parent
        where = _("%(unit)s · tờ trình %(batch)s") % {
            "unit": nomination.nominating_unit.label_with_parent,
            "batch": nomination.batch,
        }
        group["rows"].append((nomination.pk, f"{who} · {award_type.abbreviation}", where))
        count += 1
    return {"add_groups": list(groups.values()), "add_count": count}


def _chosen_candidates(poll_form) -> set[str]:
    """The candidates ticked in a refused poll form, to tick them again; none in a new one."""
    if poll_form is None or not poll_form.is_bound:
        return set()
    return {str(value) for value in poll_form["candidates"].value() or ()}


def _agenda_nominations(session: Session):
    return Nomination.objects.filter(agenda_items__session=session).select_related(
        "award_type", "person", "unit__parent"
    )


@login_required
def session_detail(request, pk: int):
    return render_session(request, _session(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def session_agenda_add(request, pk: int):
    """The nominations the secretary may put on the agenda (a page of its own: the console shows their count), and
    putting the chosen ones on it."""
    session = _secretary_session(request, pk)
    if request.method == "GET":
        if session.state == SessionState.CLOSED:
            return redirect(_console_url(session))
        context = {"session": session, "council": session.council, **_agenda_additions(session)}
        return render(request, "awards/session_agenda_add.html", context)
    form = AgendaAddForm(request.POST, candidates=selectors.agenda_candidates(session=session))
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(_console_url(session, "chuong-trinh"))
    try:
        added = voting.agenda_add(session=session, nominations=form.cleaned_data["nominations"], by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã đưa %(count)d đề nghị vào chương trình phiên họp.") % {"count": added})
    return redirect(_console_url(session, "chuong-trinh"))


@login_required
@require_POST
def session_attendance(request, pk: int):
    session = _secretary_session(request, pk)
    members = list(selectors.session_members(session=session))
    if "all_present" in request.POST:
        statuses = {member.pk: Attendance.PRESENT for member in members}
    else:
        form = AttendanceForm(request.POST, members=members, recorded=selectors.session_attendance(session=session))
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect(_console_url(session, "diem-danh"))
        statuses = form.statuses()
    try:
        voting.attendance_record(session=session, statuses=statuses, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã lưu điểm danh."))
    return redirect(_console_url(session, "diem-danh"))


@login_required
@require_POST
def session_poll_create(request, pk: int):
    session = _secretary_session(request, pk)
    form = PollForm(request.POST, agenda=_agenda_nominations(session))
    if form.is_valid():
        try:
            poll = voting.poll_create(
                session=session,
                title=form.cleaned_data["title"],
                nominations=form.cleaned_data["candidates"],
                mode=form.cleaned_data["mode"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo cuộc bỏ phiếu “%(poll)s”.") % {"poll": poll})
            return redirect(_console_url(session, f"phieu-{poll.pk}"))
    return render_session(request, session, status=400, poll_form=form)


@login_required
@require_POST
def session_poll_move(request, pk: int, poll_pk: int, move: str):
    session = _secretary_session(request, pk)
    poll = _poll(session, poll_pk)
    service, done = POLL_MOVES[move]
    extra = {"reason": request.POST.get("reason", "")} if move == "close" else {}
    try:
        service(poll=poll, by=request.user, **extra)
    except (ValidationError, PermissionDenied) as exc:
        # A refused move (quorum not met, already closed by another tab) is a message, never an error page.
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, str(done) % {"poll": poll})
    return redirect(_console_url(session, f"phieu-{poll.pk}"))


@login_required
@require_POST
def session_close(request, pk: int):
    """End the session (its open polls are counted if the quorum voted, cancelled otherwise)."""
    session = _secretary_session(request, pk)
    try:
        voting.session_close(session=session, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã kết thúc phiên họp."))
    return redirect(_console_url(session))


@login_required
@require_GET
def session_poll_turnout(request, pk: int, poll_pk: int):
    """The live turnout of a poll (who voted, who has not — never what), an HTML fragment the console reloads."""
    session = _secretary_session(request, pk)
    poll = _poll(session, poll_pk)
    turnout = voting.turnout(poll) if poll.state == PollState.OPEN else None
    return render(request, "awards/includes/turnout.html", {"poll": poll, "turnout": turnout})


@login_required
@require_POST
def session_paper_count(request, pk: int, poll_pk: int, nomination_pk: int):
    session = _secretary_session(request, pk)
    poll = _poll(session, poll_pk)
    nomination = poll.candidates.select_related("award_type", "person", "unit__parent").filter(pk=nomination_pk).first()
    if nomination is None:
        raise Http404
    form = PaperCountForm(request.POST, poll_id=poll.pk, nomination=nomination)
    if form.is_valid():
        try:
            voting.paper_count_record(poll=poll, nomination=nomination, by=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, _refusal(exc))
            return redirect(_console_url(session, f"phieu-{poll.pk}"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kết quả kiểm phiếu của %(who)s.") % {"who": nomination})
            return redirect(_console_url(session, f"phieu-{poll.pk}"))
    return render_session(request, session, status=400, paper_forms={(poll.pk, nomination.pk): form})


@login_required
@require_POST
def session_written_opinion(request, pk: int, member_pk: int):
    session = _secretary_session(request, pk)
    member = session.council.members.select_related("person").filter(pk=member_pk).first()
    if member is None:
        raise Http404
    nominations = [item.nomination for item in selectors.session_agenda(session=session)]
    form = WrittenOpinionForm(request.POST, member=member, nominations=nominations, recorded={})
    if not form.is_valid():
        messages.error(request, _("Ý kiến không hợp lệ."))
        return redirect(_console_url(session, "y-kien"))
    try:
        with transaction.atomic():
            for nomination, choice in form.choices():
                voting.written_opinion_record(
                    session=session, member=member, nomination=nomination, choice=choice, by=request.user
                )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã ghi ý kiến bằng văn bản của %(member)s.") % {"member": member.person.full_name})
    return redirect(_console_url(session, "y-kien"))
