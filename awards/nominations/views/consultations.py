"""Pages of the public consultation (lấy ý kiến nhân dân): the list, opening one (the council's office), its
office page (the nominees, every opinion with its author, the answers, closing it), and the public page the staff
of the council unit's subtree read and send their opinions from (nothing private on it)."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.nominations import consultation as consultations
from awards.nominations import rules as award_rules
from awards.nominations.forms import ConsultationOpenForm, OpinionAnswerForm, OpinionForm
from awards.nominations.models import Consultation
from units.common.forms import add_service_errors
from units.common.paging import paginate
from units.common.views import get_visible_or_404, require_perm


def _consultation(request, pk: int) -> Consultation:
    return get_visible_or_404(consultations.consultation_get, user=request.user, pk=pk)


@login_required
def consultation_list(request):
    """The consultations the user sees; for the council's office, also what waits for one."""
    require_perm(request.user, "awards.view_register")
    page = paginate(request, consultations.consultation_list(user=request.user))
    # Whether the user runs each council, asked once per council on the page, never once per row.
    runs = {}
    for item in page:
        unit = item.council_unit
        if unit.pk not in runs:
            runs[unit.pk] = award_rules.runs_consultations(request.user, unit)
        item.run_by_user = runs[unit.pk]
    councils = list(consultations.council_units_run_by(user=request.user))
    counts = consultations.candidate_counts(units=councils) if councils else {}
    waiting = [(unit, counts[unit.pk]) for unit in councils if counts[unit.pk]]
    context = {"page": page, "waiting": waiting, "may_open": bool(councils), "today": cal.today()}
    return render(request, "awards/consultation/consultation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    """Open a consultation of a council the user's office runs, over the nominations it recommended that need one."""
    units = list(consultations.council_units_run_by(user=request.user))
    if not units:
        raise PermissionDenied
    wanted = request.POST.get("council") or request.GET.get("council")
    council_unit = next((unit for unit in units if str(unit.pk) == wanted), None)
    if council_unit is None:
        counts = consultations.candidate_counts(units=units)
        council_unit = next((unit for unit in units if counts[unit.pk]), units[0])
    candidates = consultations.consultation_candidates(council_unit=council_unit)
    window = consultations.window_for(candidates, cal.today())
    form = ConsultationOpenForm(request.POST or None, candidates=candidates, window=window)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = consultations.consultation_open(
                council_unit=council_unit,
                nominations=list(data["nominations"]),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                published_where=data["published_where"],
                title=data["title"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã mở đợt lấy ý kiến nhân dân từ ngày %(start)s đến hết ngày %(end)s với %(count)s đề nghị.")
                % {
                    "start": consultation.opens_on.strftime("%d/%m/%Y"),
                    "end": consultation.closes_on.strftime("%d/%m/%Y"),
                    "count": len(data["nominations"]),
                },
            )
            return redirect("awards:consultation-detail", pk=consultation.pk)
    context = {"form": form, "units": units, "council_unit": council_unit, "candidates": candidates}
    return render(request, "awards/consultation/consultation_form.html", context, status=400 if form.errors else 200)


def _render_office(request, consultation: Consultation, *, letter_form=None, status: int = 200):
    nominees = consultations.consultation_nominees(consultation)
    opinions = consultations.consultation_opinions(consultation)
    by_nomination = defaultdict(list)
    for opinion in opinions:
        by_nomination[opinion.nomination_id].append(opinion)
    for nominee in nominees:
        nominee.opinion_rows = by_nomination.get(nominee.pk, [])
    is_open = consultations.is_open(consultation)
    context = {
        "consultation": consultation,
        "nominees": nominees,
        "opinions": opinions,
        "objections": sum(1 for opinion in opinions if opinion.is_objection),
        "unanswered": sum(1 for opinion in opinions if opinion.is_objection and opinion.answered_at is None),
        "is_open": is_open,
        "may_close": consultations.may_close(consultation),
        "letter_form": letter_form or (OpinionForm(nominees=nominees, with_author=True) if is_open else None),
        "today": cal.today(),
    }
    return render(request, "awards/consultation/consultation_detail.html", context, status=status)


@login_required
def consultation_detail(request, pk: int):
    """The office's page: every opinion with its author, the answers, the close."""
    consultation = _consultation(request, pk)
    require_perm(request.user, "awards.run_consultation", consultation)
    return _render_office(request, consultation)


def _render_public(request, consultation: Consultation, *, form=None, status: int = 200):
    nominees = consultations.consultation_nominees(consultation)
    is_open = consultations.is_open(consultation)
    context = {
        "consultation": consultation,
        "nominees": nominees,
        "is_open": is_open,
        "form": form or (OpinionForm(nominees=nominees) if is_open else None),
        "may_run": request.user.has_perm("awards.run_consultation", consultation),
        "today": cal.today(),
    }
    return render(request, "awards/consultation/consultation_public.html", context, status=status)


@login_required
def consultation_public(request, pk: int):
    """The public list of the window: the nominees and their achievements, and the form to send an opinion."""
    consultation = _consultation(request, pk)
    require_perm(request.user, "awards.view_consultation", consultation)
    return _render_public(request, consultation)


@login_required
@require_POST
def opinion_create(request, pk: int):
    """An opinion sent from the public page, or one received by letter recorded by the office (with its author)."""
    consultation = _consultation(request, pk)
    office = request.user.has_perm("awards.run_consultation", consultation)
    letter = office and "author_name" in request.POST
    if not letter:
        require_perm(request.user, "awards.view_consultation", consultation)
    nominees = consultations.consultation_nominees(consultation)
    form = OpinionForm(request.POST, nominees=nominees, with_author=letter)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consultations.opinion_add(
                consultation=consultation,
                nomination=data["nomination"],
                text=data["text"],
                is_objection=data["is_objection"],
                author_name=data.get("author_name", ""),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if letter:
                messages.success(request, _("Đã ghi ý kiến nhận bằng văn bản."))
                return redirect("awards:consultation-detail", pk=consultation.pk)
            messages.success(request, _("Đã gửi ý kiến của bạn tới Văn phòng Hội đồng Thi đua - Khen thưởng."))
            return redirect("awards:consultation-public", pk=consultation.pk)
    if letter:
        return _render_office(request, consultation, letter_form=form, status=400)
    return _render_public(request, consultation, form=form, status=400)


@login_required
@require_POST
def opinion_answer(request, pk: int, opinion_pk: int):
    consultation = _consultation(request, pk)
    require_perm(request.user, "awards.run_consultation", consultation)
    opinion = consultation.opinions.filter(pk=opinion_pk).first()
    if opinion is None:
        raise Http404
    form = OpinionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi nội dung trả lời, xử lý."))
    else:
        try:
            consultations.opinion_answer(opinion=opinion, answer=form.cleaned_data["answer"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi trả lời ý kiến."))
    return redirect(reverse("awards:consultation-detail", args=[consultation.pk]) + f"#y-kien-{opinion.pk}")


@login_required
@require_POST
def consultation_close(request, pk: int):
    consultation = _consultation(request, pk)
    require_perm(request.user, "awards.run_consultation", consultation)
    try:
        consultation = consultations.consultation_close(consultation=consultation, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã kết thúc lấy ý kiến nhân dân: %(result)s. Các đề nghị đã có thể trình cấp trên.")
            % {"result": consultation.result},
        )
    return redirect("awards:consultation-detail", pk=consultation.pk)
