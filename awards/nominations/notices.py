"""Who hears of a tờ trình (`units.notifications`): the council's office when it arrives, the sending unit's clerks
when the council returns a nomination of it, and again when every nomination of it has its outcome.

Called by `services.batch_submit` and by the workflow's moves (`workflow.nomination_move`,
`workflow.nomination_record_verdict`), in their transaction: a move rolled back takes its notification with it.
Whoever made the move is not told of it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination, NominationTransition
from awards.nominations.receiving import council_in_office_q
from units.enums import Role
from units.notifications.enums import NotificationKind
from units.notifications.recipients import role_holders
from units.notifications.services import notify

# A nomination still before the council or its unit's leaders: while one is, its tờ trình has no outcome yet.
AWAITING = frozenset(
    {
        NominationState.SUBMITTED,
        NominationState.UNDER_REVIEW,
        NominationState.RECOMMENDED,
        NominationState.CONSULTING,
    }
)
# The outcomes the council and the leaders give; a tờ trình whose nominations were all returned or withdrawn got none.
OUTCOMES = (
    NominationState.DECIDED,
    NominationState.REJECTED,
    NominationState.NOT_RECOMMENDED,
    NominationState.ESCALATED,
)
SECRETARY_SEAT = "secretary"  # awards.councils.enums.CouncilRole.SECRETARY: councils are a higher layer


def council_office(council_unit, *, clerks: bool = True) -> list:
    """The council's office of `council_unit`, as `rules.is_council_office` reads it: the council secretary role on
    the unit (or the nearest above) and the secretary's seat in its council in office today; with `clerks`, the
    unit's clerks too (or the nearest above), who keep its records (a tờ trình received), never for what is the
    office's alone (the opinions of a consultation and their authors)."""
    today = cal.today()
    seated = get_user_model().objects.filter(
        Q(council_seats__joined_on__isnull=True) | Q(council_seats__joined_on__lte=today),
        Q(council_seats__left_on__isnull=True) | Q(council_seats__left_on__gt=today),
        council_in_office_q(today, "council_seats__council__"),
        is_active=True,
        council_seats__role=SECRETARY_SEAT,
        council_seats__council__unit=council_unit,
    )
    users = [
        *role_holders(council_unit, {Role.COUNCIL_SECRETARY}),
        *seated,
        *(role_holders(council_unit, {Role.CLERK}) if clerks else ()),
    ]
    return list({user.pk: user for user in users}.values())


def _others(users, by) -> list:
    return [user for user in users if by is None or user.pk != by.pk]


def batch_received(batch: Batch, *, by, count: int) -> None:
    """A tờ trình was sent: its council's office hears of it."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Nhận tờ trình %(number)s của %(unit)s") % {
            "number": batch.number,
            "unit": batch.unit.label_with_parent,
        }
        body = f"{batch.title}\n" + _("%(count)s đề nghị khen thưởng, năm %(year)s.") % {
            "count": count,
            "year": batch.year,
        }
    notify(
        users=_others(council_office(batch.council_unit), by),
        kind=NotificationKind.BATCH_RECEIVED,
        key=f"batch:{batch.pk}:received",
        title=title,
        body=body,
        url=reverse("awards:batch-detail", args=[batch.pk]),
    )


def nomination_moved(nomination: Nomination, name: str, *, by, comment: str = "") -> None:
    """After a move of a nomination sent in a tờ trình: a return is told to the sending unit's clerks with its
    reason; a move that leaves no nomination of the tờ trình awaiting tells them it has its outcome."""
    if not nomination.batch_id or nomination.state in AWAITING:
        return
    batch = nomination.batch
    if name == "return":
        _returned(batch, nomination, by=by, reason=comment)
    _settled(batch, by=by)


def _returned(batch: Batch, nomination: Nomination, *, by, reason: str) -> None:
    # Returned, sent again, returned again: each return is its own event, named by its transition.
    move = (
        NominationTransition.objects.filter(nomination=nomination, to_state=NominationState.RETURNED)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Đề nghị bị trả lại: %(nomination)s") % {"nomination": nomination}
        body = _("Hội đồng trả lại đề nghị trong tờ trình %(number)s. Lý do: %(reason)s") % {
            "number": batch.number,
            "reason": reason,
        }
    notify(
        users=_others(role_holders(batch.unit, {Role.CLERK}), by),
        kind=NotificationKind.BATCH_RETURNED,
        key=f"batch:{batch.pk}:returned:{move}",
        title=title,
        body=body,
        url=reverse("awards:nomination-detail", args=[nomination.pk]),
    )


def _settled(batch: Batch, *, by) -> None:
    counts = dict(batch.nominations.values_list("state").annotate(n=Count("id")).order_by())
    if any(state in AWAITING for state in counts) or not any(state in OUTCOMES for state in counts):
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Tờ trình %(number)s đã có kết quả xét") % {"number": batch.number}
        body = "; ".join(
            f"{NominationState(state).label}: {counts[state]}"
            for state in (*OUTCOMES, NominationState.RETURNED, NominationState.WITHDRAWN)
            if counts.get(state)
        )
    notify(
        users=_others(role_holders(batch.unit, {Role.CLERK}), by),
        kind=NotificationKind.BATCH_DECIDED,
        key=f"batch:{batch.pk}:decided",
        title=title,
        body=body,
        url=reverse("awards:batch-detail", args=[batch.pk]),
    )
