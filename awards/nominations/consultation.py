"""The public consultation (lấy ý kiến nhân dân; NĐ 152/2025 Art. 44(2), domain-rules §4.4) on the nominees of the
award types the rule set of their year submits to it (`RuleSet.consultation_code_set`).

The council's office opens a window over nominations its council recommended; the staff of the council unit's
subtree (and above it) read the public list and send opinions; the office also records the opinions received by
letter, answers the objections and, once the window has passed, closes it. The result goes into the nominee's
dossier and the tờ trình upward. The window is a state of the nominations (`workflow`: "consult",
"end_consultation"): until it closed with every objection answered, they are neither sent up nor decided.

Writes: `consultation_open`, `opinion_add`, `opinion_answer`, `consultation_close`. Reads of the pages:
`consultations_visible_to`, `consultation_list`, `consultation_candidates`, … Who may do what:
`awards.nominations.rules` (`runs_consultations`, `sees_consultations_of`)."""

import dataclasses
import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.nominations import notices, workflow
from awards.nominations import rules as award_rules
from awards.nominations.enums import NominationState
from awards.nominations.models import Consultation, ConsultationOpinion, Nomination
from awards.nominations.receiving import council_in_office_q, units_with_council
from units import scope
from units.common.history import attach_user
from units.models import Unit, ancestor_paths
from units.notifications.enums import NotificationKind
from units.notifications.services import notify

# What the nominees' list prints of each of them: never a birth date, a staff code or anything else of the record.
NOMINEE_RELATED = ("award_type", "person__unit__parent", "unit__parent", "nominating_unit")


def _recipient(nomination: Nomination) -> str:
    return nomination.person.full_name if nomination.person_id else str(nomination.unit)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# -- who runs them --------------------------------------------------------------------------------------------


def _seat_q(user, today: datetime.date, prefix: str) -> Q:
    """The secretary's seat of `user` in a council in office on `today` (`Council.seats_on`'s period), through
    `prefix` (the council's relation, e.g. "councils__"). One `filter()` call, so that seat and council match."""
    return (
        council_in_office_q(today, prefix)
        & Q(**{f"{prefix}members__user": user, f"{prefix}members__role": "secretary"})
        & (Q(**{f"{prefix}members__joined_on__isnull": True}) | Q(**{f"{prefix}members__joined_on__lte": today}))
        & (Q(**{f"{prefix}members__left_on__isnull": True}) | Q(**{f"{prefix}members__left_on__gt": today}))
    )


def council_units_run_by(*, user) -> QuerySet[Unit]:
    """The units whose council (in office today) the user's office runs: by the council secretary role over them,
    or by a secretary's seat; every one for an administrator. What the form that opens a consultation offers."""
    today = cal.today()
    units = units_with_council(today)
    if scope.is_administrator(user):
        return units.order_by("sort_key")
    q = scope.scope_q(user, "path", award_rules.COUNCIL_OFFICE_ROLES)
    seats = Unit.objects.filter(_seat_q(user, today, "councils__")).values("pk")
    return units.filter(q | Q(pk__in=seats)).distinct().order_by("sort_key")


# -- reads ------------------------------------------------------------------------------------------------------


def consultations_visible_to(*, user) -> QuerySet[Consultation]:
    """The consultations whose public page the user may read (`rules.sees_consultations_of`: a role on a unit
    inside the council's unit or above it) and those his office runs (`council_units_run_by`'s rule)."""
    if scope.is_administrator(user):
        return Consultation.objects.all()
    paths = scope.scope_paths(user)
    above = {path for own in paths for path in ancestor_paths(own)}
    q = Q(council_unit__path__in=above) | (scope.scope_q(user, "council_unit__path") or Q())
    seats = Unit.objects.filter(_seat_q(user, cal.today(), "councils__")).values("pk")
    return Consultation.objects.filter(q | Q(council_unit__in=seats))


def consultation_list(*, user) -> QuerySet[Consultation]:
    """The consultations the user sees, newest first, with their counts of nominees, opinions and objections still
    unanswered (the office's columns)."""
    return (
        consultations_visible_to(user=user)
        .select_related("council_unit")
        .annotate(
            nominee_count=Count("nominations", distinct=True),
            opinion_count=Count("opinions", distinct=True),
            unanswered_count=Count(
                "opinions",
                filter=Q(opinions__is_objection=True, opinions__answered_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-opens_on", "-id")
    )


def consultation_get(*, user, pk: int) -> Consultation:
    """The consultation if the user may see it (its public page or its office); Consultation.DoesNotExist
    otherwise."""
    return consultations_visible_to(user=user).select_related("council_unit", "closed_by").get(pk=pk)


def consultation_nominees(consultation: Consultation) -> list[Nomination]:
    """The nominations of the consultation with what the public list prints, in the order of the tờ trình."""
    return list(
        consultation.nominations.select_related(*NOMINEE_RELATED).order_by(
            "award_type__report_order", "recipient_kind", "person__full_name", "unit__sort_key", "id"
        )
    )


def consultation_opinions(consultation: Consultation) -> list[ConsultationOpinion]:
    """Every opinion with its author and answer: for the council's office only."""
    return list(
        consultation.opinions.select_related(
            "nomination__person", "nomination__unit", "created_by", "answered_by"
        ).order_by("created_at", "id")
    )


def is_open(consultation: Consultation, today: datetime.date | None = None) -> bool:
    """Whether opinions are received today: the window runs and the office has not closed it."""
    today = today or cal.today()
    return consultation.closed_at is None and consultation.opens_on <= today <= consultation.closes_on


def may_close(consultation: Consultation, today: datetime.date | None = None) -> bool:
    """Whether the window has passed (closing is refused on its last day and before)."""
    return consultation.closed_at is None and (today or cal.today()) > consultation.closes_on


def _rulesets(nominations) -> dict[int, RuleSet]:
    try:
        return {year: ruleset_for_year(year) for year in sorted({n.year for n in nominations})}
    except RuleSet.DoesNotExist as exc:
        raise ValidationError(str(exc)) from exc


def consultation_candidates(*, council_unit: Unit) -> list[Nomination]:
    """The nominations the council of `council_unit` recommended whose award type the rule set of their year
    submits to the consultation and that have not been through one: what a new consultation may take."""
    nominations = list(
        Nomination.objects.filter(state=NominationState.RECOMMENDED, consultation__isnull=True)
        .filter(Q(batch__council_unit=council_unit) | Q(batch__isnull=True, nominating_unit=council_unit))
        .select_related(*NOMINEE_RELATED)
        .order_by("year", "award_type__report_order", "person__full_name", "unit__sort_key", "id")
    )
    rulesets = _rulesets(nominations)
    return [n for n in nominations if workflow.needs_consultation(n, rulesets[n.year])]


def candidate_counts(*, units) -> dict[int, int]:
    """{unit id: how many nominations its council recommended wait for a consultation} (`consultation_candidates`
    of each of `units`, counted together in two queries whatever their number)."""
    ids = [unit.pk for unit in units]
    nominations = list(
        Nomination.objects.filter(state=NominationState.RECOMMENDED, consultation__isnull=True)
        .filter(Q(batch__council_unit__in=ids) | Q(batch__isnull=True, nominating_unit__in=ids))
        .select_related("award_type", "batch")
    )
    rulesets = _rulesets(nominations)
    counts = dict.fromkeys(ids, 0)
    for nomination in nominations:
        if workflow.needs_consultation(nomination, rulesets[nomination.year]):
            counts[workflow.council_unit_of(nomination).pk] += 1
    return counts


@dataclasses.dataclass(frozen=True)
class Window:
    """The window a new consultation proposes: from `opens_on`, `days` days (the last included), published at
    `where`; from the rule sets of the nominations' years."""

    opens_on: datetime.date
    closes_on: datetime.date
    where: str
    days: int


def window_for(nominations, opens_on: datetime.date) -> Window:
    """The longest window the rule sets of the nominations' years ask (`RuleSet.consultation_days`, counted from
    `opens_on` included: 10 days from 03/07 end on 12/07) and the place of the latest year's set
    (`consultation_where`)."""
    nominations = list(nominations)
    rulesets = _rulesets(nominations) if nominations else {}
    if not rulesets:
        rulesets = {0: ruleset_for_year(cal.year_under_review())}
    days = max(1, *(ruleset.consultation_days for ruleset in rulesets.values()))
    where = rulesets[max(rulesets)].consultation_where
    return Window(opens_on=opens_on, closes_on=opens_on + datetime.timedelta(days=days - 1), where=where, days=days)


@dataclasses.dataclass(frozen=True)
class NominationConsultation:
    """The consultation as a nomination's page and dossier show it."""

    needed: bool
    consultation: Consultation | None
    result: str  # the nominee's own result once closed, "" before
    is_open: bool
    may_run: bool  # the user runs the consultations of the nomination's council (its office)


def nomination_consultation(nomination: Nomination, *, user=None) -> NominationConsultation:
    """Whether the nomination needs the consultation, the one it went through, its own result, and whether `user`
    is the office that runs it (or would open it)."""
    try:
        needed = workflow.needs_consultation(nomination)
    except ValidationError:
        needed = False
    consultation = nomination.consultation
    result = ""
    if consultation is not None and consultation.closed_at is not None:
        result = nominee_results([nomination])[nomination.pk]
    council_unit = consultation.council_unit if consultation is not None else workflow.council_unit_of(nomination)
    return NominationConsultation(
        needed=needed,
        consultation=consultation,
        result=result,
        is_open=consultation is not None and is_open(consultation),
        may_run=(needed or consultation is not None) and award_rules.runs_consultations(user, council_unit),
    )


# -- the result -----------------------------------------------------------------------------------------------


def result_text(objections, *, named: bool) -> str:
    """ "Không có ý kiến phản ánh" or "Có 2 ý kiến phản ánh, đã được xem xét, trả lời: …" (the answers, each
    after its nominee's name when `named`, for the whole consultation)."""
    objections = list(objections)
    if not objections:
        return _("Không có ý kiến phản ánh")
    answers = "; ".join(
        f"{_recipient(opinion.nomination)}: {_clause(opinion.answer)}" if named else _clause(opinion.answer)
        for opinion in objections
    )
    return _("Có %(count)s ý kiến phản ánh, đã được xem xét, trả lời: %(answers)s") % {
        "count": len(objections),
        "answers": answers,
    }


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip(".;")


def nominee_results(nominations) -> dict[int, str]:
    """{nomination id: its own result} for nominations whose consultation is closed. The objections are matched
    on the consultation and the recipient, so that the nomination the council sent up (a copy carrying the
    consultation, `awards.councils.decisions.batch_above_authority`) reads the result of the one consulted. One
    query."""
    nominations = [n for n in nominations if n.consultation_id is not None]
    if not nominations:
        return {}
    by_key = defaultdict(list)
    objections = (
        ConsultationOpinion.objects.filter(consultation__in={n.consultation_id for n in nominations}, is_objection=True)
        .select_related("nomination__person", "nomination__unit")
        .order_by("created_at", "id")
    )
    for opinion in objections:
        key = (opinion.consultation_id, opinion.nomination.person_id, opinion.nomination.unit_id)
        by_key[key].append(opinion)
    return {n.pk: result_text(by_key[(n.consultation_id, n.person_id, n.unit_id)], named=False) for n in nominations}


def document_lines(nominations, *, sending_unit: Unit) -> dict[int, str]:
    """{nomination id: "Kết quả lấy ý kiến nhân dân (…): …"} for the tờ trình of `sending_unit`: the nominations
    whose consultation, closed, was run by the council of that very unit (the tờ trình it sends up after it, not
    the one that brought the nominations to its council). One query when there are any, none otherwise."""
    concerned = [
        n
        for n in nominations
        if n.consultation_id is not None
        and n.consultation.closed_at is not None
        and n.consultation.council_unit_id == sending_unit.pk
    ]
    results = nominee_results(concerned)
    lines = {}
    for nomination in concerned:
        consultation = nomination.consultation
        window = _("từ ngày %(start)s đến hết ngày %(end)s") % {
            "start": _day(consultation.opens_on),
            "end": _day(consultation.closes_on),
        }
        if consultation.published_where:
            window += f", {consultation.published_where}"
        lines[nomination.pk] = _("Kết quả lấy ý kiến nhân dân (%(window)s): %(result)s.") % {
            "window": window,
            "result": results[nomination.pk],
        }
    return lines


# -- writes -----------------------------------------------------------------------------------------------------


def _require_office(by, council_unit: Unit) -> None:
    if not award_rules.runs_consultations(by, council_unit):
        raise PermissionDenied(
            _("Chỉ Văn phòng (thư ký) Hội đồng Thi đua - Khen thưởng của %(unit)s lấy ý kiến nhân dân.")
            % {"unit": council_unit}
        )


def _default_title(nominations) -> str:
    types = sorted(
        {n.award_type.pk: n.award_type for n in nominations}.values(), key=lambda t: (t.report_order, t.code)
    )
    years = sorted({n.year for n in nominations})
    title = _("Lấy ý kiến nhân dân đối với cá nhân, tập thể được đề nghị tặng %(awards)s năm %(years)s") % {
        "awards": ", ".join(t.name for t in types),
        "years": ", ".join(str(year) for year in years),
    }
    return Truncator(title).chars(255)


@transaction.atomic
def consultation_open(
    *,
    council_unit: Unit,
    nominations,
    opens_on: datetime.date,
    by,
    title: str | None = None,
    closes_on: datetime.date | None = None,
    published_where: str | None = None,
) -> Consultation:
    """Open the consultation of the council of `council_unit` on `nominations` (recommended by that council,
    needing one, not yet consulted: `consultation_candidates`), from `opens_on` for the rule set's number of days
    (`window_for`; a later `closes_on` may lengthen it, never shorten it), published where the rule set says
    unless `published_where` is given. Each nomination moves to "consulting" (recorded). The council's office
    only."""
    _require_office(by, council_unit)
    nominations = list(nominations)
    if not nominations:
        raise ValidationError({"nominations": _("Hãy chọn ít nhất một đề nghị cần lấy ý kiến nhân dân.")})
    offered = {n.pk for n in consultation_candidates(council_unit=council_unit)}
    wrong = [n for n in nominations if n.pk not in offered]
    if wrong:
        raise ValidationError(
            {
                "nominations": _(
                    "%(names)s không phải đề nghị được Hội đồng đề nghị khen thưởng đang chờ lấy ý kiến nhân dân."
                )
                % {"names": ", ".join(str(n) for n in wrong)}
            }
        )
    window = window_for(nominations, opens_on)
    if closes_on is None:
        closes_on = window.closes_on
    elif closes_on < window.closes_on:
        raise ValidationError(
            {
                "closes_on": _("Thời gian lấy ý kiến ít nhất %(days)s ngày: đến hết ngày %(day)s trở đi.")
                % {"days": window.days, "day": _day(window.closes_on)}
            }
        )
    if closes_on < cal.today():
        raise ValidationError({"opens_on": _("Thời gian lấy ý kiến đã qua: không còn nhận được ý kiến nào.")})
    consultation = Consultation(
        council_unit=council_unit,
        title=(title or "").strip() or _default_title(nominations),
        opens_on=opens_on,
        closes_on=closes_on,
        published_where=window.where if published_where is None else published_where.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    consultation.full_clean(exclude=["version"])
    attach_user(consultation, by)
    consultation.save()
    for nomination in nominations:
        workflow.nomination_consult(nomination=nomination, consultation=consultation, by=by)
    return consultation


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update(of=("self",)).select_related("council_unit").get(pk=consultation.pk)


@transaction.atomic
def opinion_add(
    *, consultation: Consultation, nomination: Nomination, text: str, is_objection: bool, by, author_name: str = ""
) -> ConsultationOpinion:
    """An opinion on one nominee, while the window is open (from `opens_on` to the end of `closes_on`, by the
    calendar's today, and not closed): sent by a member of staff who may read the public page (its author is
    `created_by`), or recorded by the council's office for an opinion received by letter (`author_name`). The
    office hears of it (`NotificationKind.CONSULTATION`)."""
    consultation = _locked(consultation)
    council_unit = consultation.council_unit
    office = award_rules.runs_consultations(by, council_unit)
    if not (office or award_rules.sees_consultations_of(by, council_unit)):
        raise PermissionDenied(_("Bạn không thuộc đơn vị được lấy ý kiến."))
    author_name = author_name.strip()
    if author_name and not office:
        raise PermissionDenied(_("Chỉ Văn phòng Hội đồng ghi ý kiến nhận bằng văn bản, thư điện tử."))
    if consultation.closed_at is not None:
        raise ValidationError(_("Đợt lấy ý kiến đã kết thúc: không nhận thêm ý kiến."))
    if not is_open(consultation):
        raise ValidationError(
            _("Chỉ nhận ý kiến từ ngày %(start)s đến hết ngày %(end)s.")
            % {"start": _day(consultation.opens_on), "end": _day(consultation.closes_on)}
        )
    nomination = (
        Nomination.objects.filter(pk=nomination.pk, consultation=consultation, state=NominationState.CONSULTING)
        .select_related("person", "unit")
        .first()
    )
    if nomination is None:
        raise ValidationError({"nomination": _("Đề nghị này không có trong danh sách lấy ý kiến.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Hãy ghi nội dung ý kiến.")})
    opinion = ConsultationOpinion(
        consultation=consultation,
        nomination=nomination,
        author_name=author_name,
        is_objection=bool(is_objection),
        text=text,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    opinion.full_clean()
    attach_user(opinion, by)
    opinion.save()
    _notify_office(opinion, by=by)
    return opinion


def _notify_office(opinion: ConsultationOpinion, *, by) -> None:
    consultation = opinion.consultation
    who = _recipient(opinion.nomination)
    title = (
        _("Ý kiến phản ánh về %(who)s (lấy ý kiến nhân dân)")
        if opinion.is_objection
        else _("Ý kiến góp ý về %(who)s (lấy ý kiến nhân dân)")
    ) % {"who": who}
    notify(
        users=[
            user
            for user in notices.council_office(consultation.council_unit, clerks=False)
            if user.pk != getattr(by, "pk", None)
        ],
        kind=NotificationKind.CONSULTATION,
        key=f"opinion:{opinion.pk}",
        title=title,
        body=Truncator(opinion.text).chars(300),
        url=reverse("awards:consultation-detail", args=[consultation.pk]) + f"#y-kien-{opinion.pk}",
    )


@transaction.atomic
def opinion_answer(*, opinion: ConsultationOpinion, answer: str, by) -> ConsultationOpinion:
    """The office's answer to an opinion (what was checked, what was decided); it may be changed until the
    consultation closes. The council's office only."""
    consultation = _locked(opinion.consultation)
    _require_office(by, consultation.council_unit)
    opinion = ConsultationOpinion.objects.select_for_update().get(pk=opinion.pk, consultation=consultation)
    if consultation.closed_at is not None:
        raise ValidationError(_("Đợt lấy ý kiến đã kết thúc: không sửa trả lời được nữa."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Hãy ghi nội dung trả lời, xử lý.")})
    opinion.answer = answer
    opinion.answered_by = by if getattr(by, "is_authenticated", False) else None
    opinion.answered_at = timezone.now()
    opinion.full_clean()
    attach_user(opinion, by)
    opinion.save()
    return opinion


@transaction.atomic
def consultation_close(*, consultation: Consultation, by) -> Consultation:
    """Close the consultation once its window has passed (from the day after `closes_on`) and every objection is
    answered: its `result` is written ("Không có ý kiến phản ánh" or "Có N ý kiến phản ánh, đã được xem xét, trả
    lời: …") and its nominations are recommended again (“end_consultation”, with the nominee's own result), free to
    be sent up or decided. The council's office only."""
    consultation = _locked(consultation)
    _require_office(by, consultation.council_unit)
    if consultation.closed_at is not None:
        raise ValidationError(_("Đợt lấy ý kiến này đã kết thúc."))
    if not may_close(consultation):
        raise ValidationError(
            _("Thời gian lấy ý kiến đến hết ngày %(end)s: chỉ kết thúc được từ ngày %(next)s.")
            % {"end": _day(consultation.closes_on), "next": _day(consultation.closes_on + datetime.timedelta(days=1))}
        )
    objections = [
        opinion
        for opinion in consultation.opinions.select_related("nomination__person", "nomination__unit").order_by(
            "created_at", "id"
        )
        if opinion.is_objection
    ]
    unanswered = [opinion for opinion in objections if opinion.answered_at is None]
    if unanswered:
        raise ValidationError(
            _("Còn %(count)s ý kiến phản ánh chưa được trả lời (%(names)s): hãy trả lời trước khi kết thúc.")
            % {
                "count": len(unanswered),
                "names": ", ".join(dict.fromkeys(_recipient(o.nomination) for o in unanswered)),
            }
        )
    consultation.result = result_text(objections, named=True)
    consultation.closed_at = timezone.now()
    consultation.closed_by = by if getattr(by, "is_authenticated", False) else None
    consultation.full_clean(exclude=["version"])
    attach_user(consultation, by)
    consultation.save()
    nominations = list(consultation.nominations.filter(state=NominationState.CONSULTING).order_by("id"))
    results = nominee_results(nominations)
    for nomination in nominations:
        workflow.nomination_end_consultation(
            nomination=nomination,
            by=by,
            comment=_("Kết quả lấy ý kiến nhân dân: %(result)s.") % {"result": results[nomination.pk]},
        )
    return consultation
