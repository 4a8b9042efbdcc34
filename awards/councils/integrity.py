"""Data that breaks the council rules of issue 14, kept from before they were enforced or written past the
services: read by `manage.py check_councils`. Each function returns one sentence per problem, in Vietnamese,
naming the rows by id and name; none of them writes.

- a sent tờ trình whose council may not receive it (`awards.nominations.receiving`, the rule the services
  enforce): not the unit itself or one above it, no council in office on its date, or not a review level;
- a nomination with the council's verdict (recommended, not recommended, and what follows: escalated, decided)
  but no published vote of the council it was sent to: neither a result of a published poll (`PollResult`) nor
  a paper count of one. Award history arrives as awards (`awards.register`), never as nominations, so no
  nomination is exempt; one without a tờ trình is judged by its own unit's council (`workflow.council_unit_of`);
- a session dated outside its council's term.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from awards.councils.enums import PollState
from awards.councils.models import PaperCount, PollResult, Session
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination
from awards.nominations.receiving import receiving_problem
from units.models import Unit

# The states that only a council's published vote leads to (and those that follow it).
VERDICT_STATES = (
    NominationState.RECOMMENDED,
    NominationState.CONSULTING,
    NominationState.NOT_RECOMMENDED,
    NominationState.ESCALATED,
    NominationState.DECIDED,
)


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


def misdirected_batches() -> list[str]:
    """Sent tờ trình whose council may not receive them on their date."""
    found = []
    batches = Batch.objects.filter(state=BatchState.SUBMITTED).select_related("unit", "council_unit").order_by("pk")
    for batch in batches:
        try:
            problem = receiving_problem(
                unit=batch.unit, council_unit=batch.council_unit, year=batch.year, on=batch.date
            )
        except ValidationError as exc:  # no rule set for the year
            problem = " ".join(exc.messages)
        if problem is not None:
            text = _("Tờ trình #%(pk)s “%(batch)s” của %(unit)s, ngày %(date)s, gửi Hội đồng TĐKT của %(council)s:")
            values = {
                "pk": batch.pk,
                "batch": batch,
                "unit": batch.unit,
                "date": _date(batch.date),
                "council": batch.council_unit,
            }
            found.append(f"{text % values} {problem}")
    return found


def verdicts_without_vote() -> list[str]:
    """Nominations in a verdict state without a published vote of the council they were sent to."""
    receiving = Coalesce(F("batch__council_unit"), F("nominating_unit"))
    of_council = {
        "nomination": OuterRef("pk"),
        "poll__state": PollState.PUBLISHED,
        "poll__session__council__unit": OuterRef("receiving_unit"),
    }
    nominations = (
        Nomination.objects.filter(state__in=VERDICT_STATES)
        .annotate(receiving_unit=receiving)
        .annotate(
            voted=Exists(PollResult.objects.filter(**of_council)),
            counted=Exists(PaperCount.objects.filter(**of_council)),
        )
        .filter(voted=False, counted=False)
        .select_related("award_type", "person", "unit", "nominating_unit", "batch")
        .order_by("pk")
    )
    nominations = list(nominations)
    units = Unit.objects.in_bulk({nomination.receiving_unit for nomination in nominations})
    return [
        _(
            "Đề nghị #%(pk)s (%(nomination)s) của %(unit)s ở trạng thái “%(state)s”%(batch)s, nhưng Hội đồng TĐKT "
            "của %(council)s không có kết quả biểu quyết đã công bố nào về đề nghị này."
        )
        % {
            "pk": nomination.pk,
            "nomination": nomination,
            "unit": nomination.nominating_unit,
            "state": nomination.get_state_display(),
            "batch": (
                _(" (tờ trình #%(pk)s “%(batch)s”)") % {"pk": nomination.batch_id, "batch": nomination.batch}
                if nomination.batch_id
                else _(" (không thuộc tờ trình nào)")
            ),
            "council": units[nomination.receiving_unit],
        }
        for nomination in nominations
    ]


def sessions_outside_term() -> list[str]:
    """Sessions dated before their council's term starts or after it ends."""
    sessions = (
        Session.objects.filter(
            Q(date__lt=F("council__term_start")) | Q(council__term_end__isnull=False, date__gt=F("council__term_end"))
        )
        .select_related("council__unit")
        .order_by("pk")
    )
    return [
        _(
            "Phiên họp #%(pk)s ngày %(date)s của Hội đồng #%(council_pk)s “%(council)s” (%(unit)s) nằm ngoài nhiệm "
            "kỳ %(start)s–%(end)s."
        )
        % {
            "pk": session.pk,
            "date": _date(session.date),
            "council_pk": session.council_id,
            "council": session.council,
            "unit": session.council.unit,
            "start": _date(session.council.term_start),
            "end": _date(session.council.term_end) if session.council.term_end else "…",
        }
        for session in sessions
    ]


def council_problems() -> list[str]:
    """Every problem of the three kinds, tờ trình first."""
    return [*misdirected_batches(), *verdicts_without_vote(), *sessions_outside_term()]


__all__ = ["council_problems", "misdirected_batches", "sessions_outside_term", "verdicts_without_vote"]
