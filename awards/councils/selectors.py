"""Read paths of councils, sessions, polls and ballots, scoped to what the user may see."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from awards.catalogue.models import RuleSet
from awards.councils.conflicts import conflicted_members, ruleset_of
from awards.councils.enums import Attendance, PollMode, PollState, SessionState
from awards.councils.models import (
    AgendaItem,
    Council,
    CouncilMember,
    Participation,
    Poll,
    PollResult,
    PollVoter,
    Session,
    WrittenOpinion,
)
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Nomination
from units.scope import scope_q

# -- councils ----------------------------------------------------------------------------------------------------


# The parents: a phòng is shown with its unit ("Phòng Hình sự, VKSND khu vực 1", `Unit.label_with_parent`).
AGENDA_RELATED = (
    "nomination__award_type",
    "nomination__person__unit__parent",
    "nomination__unit__parent",
    "nomination__nominating_unit__parent",
)


def councils_visible_to(*, user) -> QuerySet[Council]:
    """Councils of units in the user's view scope, and those the user holds a seat on."""
    q = scope_q(user, "unit__path")
    if q is None:
        return Council.objects.all()
    return Council.objects.filter(q | Q(pk__in=CouncilMember.objects.filter(user=user).values("council")))


def council_list(*, user) -> QuerySet[Council]:
    return (
        councils_visible_to(user=user)
        .select_related("unit")
        .annotate(member_count=Count("members", distinct=True), session_count=Count("sessions", distinct=True))
        .order_by("unit__sort_key", "-term_start", "id")
    )


def council_detail(*, user, pk: int) -> Council:
    return councils_visible_to(user=user).select_related("unit").get(pk=pk)


def council_members(*, council: Council) -> QuerySet[CouncilMember]:
    return council.members.select_related("person__unit__parent", "user", "replaces__person").order_by("order", "id")


def session_members(*, session: Session) -> QuerySet[CouncilMember]:
    """The seats of the council on the session's date, in their order (a seat ended or not begun is left out)."""
    return session.council.seats_on(session.date).select_related("person__unit", "user").order_by("order", "id")


def council_sessions(*, council: Council) -> QuerySet[Session]:
    return council.sessions.annotate(agenda_count=Count("agenda")).order_by("-date", "-id")


def session_detail(*, user, pk: int) -> Session:
    return (
        Session.objects.filter(council__in=councils_visible_to(user=user))
        .select_related("council__unit", "created_by")
        .get(pk=pk)
    )


def session_agenda(*, session: Session) -> QuerySet[AgendaItem]:
    return session.agenda.select_related(*AGENDA_RELATED).order_by("order", "id")


def agenda_candidates(*, session: Session) -> QuerySet[Nomination]:
    """Nominations the secretary may put on the agenda: sent (in a submitted batch) to this council's unit for the
    session's year, and not yet under review — or left under review by a session that ended without a verdict."""
    carried_over = Q(state=NominationState.UNDER_REVIEW) & ~Q(
        pk__in=AgendaItem.objects.exclude(session__state=SessionState.CLOSED).values("nomination")
    )
    return (
        Nomination.objects.filter(
            Q(state=NominationState.SUBMITTED) | carried_over,
            batch__council_unit=session.council.unit,
            batch__state=BatchState.SUBMITTED,
            year=session.year,
        )
        # The award types, units and tờ trình repeat down the list (a hundred nominations of a few types from a
        # few units): prefetched, each is one object shared by its rows instead of one per row.
        .select_related("person")
        .prefetch_related("award_type", "unit__parent", "nominating_unit__parent", "batch")
        .order_by("award_type__report_order", "nominating_unit__sort_key", "person__full_name", "id")
    )


def session_attendance(*, session: Session) -> dict[int, str]:
    """{member id: Attendance} as recorded; a member not yet marked is missing."""
    return dict(session.attendance.values_list("member_id", "status"))


def session_written_opinions(*, session: Session) -> dict[tuple[int, int], str]:
    """{(member id, nomination id): choice} of the absent members' written opinions."""
    return {
        (member_id, nomination_id): choice
        for member_id, nomination_id, choice in WrittenOpinion.objects.filter(session=session).values_list(
            "member_id", "nomination_id", "choice"
        )
    }


# What the session page prints of a candidate: who (a person's name, a collective's name with its parent) and the
# award type. Its polls read only these columns of the ~130 that the joined rows have.
CANDIDATE_COLUMNS = (
    "id",
    "state",
    "year",
    "person",
    "person__full_name",
    "unit",
    "unit__name",
    "unit__short_name",
    "unit__level",
    "unit__parent",
    "unit__parent__name",
    "unit__parent__short_name",
    "unit__parent__level",
    "award_type",
    "award_type__name",
    "award_type__short_name",
    "award_type__code",
    "award_type__category",
)


def session_polls(*, session: Session) -> list[Poll]:
    """The session's polls with their candidates, stored results and paper counts, in three more queries."""
    candidates = (
        Nomination.objects.select_related("award_type", "person", "unit__parent")
        .only(*CANDIDATE_COLUMNS)
        .order_by("award_type__report_order", "person__full_name", "id")
    )
    results = (
        PollResult.objects.select_related("nomination__award_type", "nomination__person", "nomination__unit__parent")
        .only(
            *(field.name for field in PollResult._meta.concrete_fields),
            *(f"nomination__{column}" for column in CANDIDATE_COLUMNS),
        )
        .order_by("id")
    )
    return list(
        session.polls.prefetch_related(
            Prefetch("candidates", queryset=candidates), Prefetch("results", queryset=results), "paper_counts"
        ).order_by("id")
    )


def member_conflicts(*, members, agenda) -> dict[int, list[CouncilMember]]:
    """{nomination id: members in a conflict of interest} by the rule set of the nominations' year
    (`awards.councils.conflicts`); the rule set is read once per year, and only for collective candidates."""
    rulesets: dict[int, RuleSet | None] = {}
    conflicts: dict[int, list[CouncilMember]] = {}
    for item in agenda:
        found = conflicted_members(members, item.nomination, ruleset_of(item.nomination, rulesets))
        if found:
            conflicts[item.nomination.pk] = found
    return conflicts


# -- the council member's ballot ----------------------------------------------------------------------------

# With the units' parents: the ballot names a phòng with its unit (`Unit.label_with_parent`).
BALLOT_CANDIDATE_RELATED = ("award_type", "person__unit__parent", "unit__parent", "nominating_unit__parent")


def _voted_by(user) -> Exists:
    return Exists(Participation.objects.filter(poll=OuterRef("pk"), member__user=user))


def _open_to(user) -> QuerySet[Poll]:
    """Open polls the user may vote in: among the voters present fixed when the poll opened; paper polls are cast
    on paper."""
    present = PollVoter.objects.filter(poll=OuterRef("pk"), member__user=user, status=Attendance.PRESENT)
    return Poll.objects.filter(Exists(present), state=PollState.OPEN).exclude(mode=PollMode.PAPER)


def ballot_polls_open(*, user) -> QuerySet[Poll]:
    """Open polls the user may vote in, each with `voted` (his participation is recorded: no second ballot) and
    `candidate_count`, the latest opened first; one query however many."""
    return (
        _open_to(user)
        .annotate(voted=_voted_by(user), candidate_count=Count("candidates", distinct=True))
        .select_related("session__council")
        .order_by("-opened_at", "-pk")
    )


def ballot_polls_waiting_count(*, user) -> int:
    """How many open polls still wait for the user's ballot (the menu's badge)."""
    return _open_to(user).exclude(_voted_by(user)).count()


# -- the council member's home page ----------------------------------------------------------------------------

MEMBER_SESSIONS = 5


def member_seats(*, user, on) -> list[CouncilMember]:
    """The seats the user holds on `on`, with their councils and units."""
    seats = CouncilMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=on), Q(left_on__isnull=True) | Q(left_on__gt=on), user=user
    )
    return list(seats.select_related("council__unit").order_by("council__unit__sort_key", "council_id"))


def member_sessions(*, seats, limit: int = MEMBER_SESSIONS) -> list[Session]:
    """The latest sessions of the seats' councils (the one to come first), with their agenda count."""
    return list(
        Session.objects.filter(council__in=[seat.council_id for seat in seats])
        .select_related("council")
        .annotate(agenda_count=Count("agenda"))
        .order_by("-date", "-id")[:limit]
    )


def ballot_polls_past(*, user) -> QuerySet[Poll]:
    """Closed and published polls of the councils where the user holds a seat. `results` are prefetched for
    published polls only: a closed poll's count stays with the secretary until it is published."""
    published = PollResult.objects.filter(poll__state=PollState.PUBLISHED).select_related(
        "nomination__award_type", "nomination__person", "nomination__unit__parent"
    )
    return (
        Poll.objects.filter(
            state__in=[PollState.CLOSED, PollState.PUBLISHED, PollState.CANCELLED], session__council__members__user=user
        )  # one seat per council and user (awards_councilmember_one_seat): no duplicates
        .annotate(voted=_voted_by(user))
        .select_related("session__council")
        .prefetch_related(Prefetch("results", queryset=published.order_by("pk")))
        .order_by("-closed_at", "-pk")
    )


def ballot_poll_get(*, user, pk: int) -> Poll:
    """A poll of a council the user may see (a seat on it, or its unit in his scope); `Poll.DoesNotExist`
    otherwise: a poll of another council is not to be known."""
    return (
        Poll.objects.filter(session__council__in=councils_visible_to(user=user))
        .select_related("session__council")
        .get(pk=pk)
    )


def ballot_candidates(*, poll: Poll) -> QuerySet[Nomination]:
    """The candidates of a poll in the order of the session's agenda."""
    order = AgendaItem.objects.filter(session=poll.session_id, nomination=OuterRef("pk")).values("order")[:1]
    return (
        poll.candidates.select_related(*BALLOT_CANDIDATE_RELATED)
        .annotate(agenda_order=Subquery(order))
        .order_by("agenda_order", "pk")
    )


def poll_voted_by(*, poll: Poll, user) -> bool:
    """Whether the user took part in the poll (never what he chose)."""
    return Participation.objects.filter(poll=poll, member__user=user).exists()
