"""Who hears of a council's vote (`units.notifications`): when the secretary opens a poll, each member fixed as
present to vote in it (`PollVoter`) who has an account, so that he finds his ballot from his phone. Called by
`voting.poll_open`, in its transaction."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from awards.councils.enums import Attendance
from awards.councils.models import CouncilMember, Poll, PollVoter
from units.notifications.enums import NotificationKind
from units.notifications.services import notify


def poll_opened(poll: Poll, *, by) -> None:
    """The voters present (not those absent with a written opinion, who have no ballot here), but the secretary
    who opened it."""
    seats = CouncilMember.objects.filter(
        pk__in=PollVoter.objects.filter(poll=poll, status=Attendance.PRESENT).values("member"),
        user__isnull=False,
    ).select_related("user")
    session = poll.session
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Mời bỏ phiếu: %(poll)s") % {"poll": poll.title}
        body = _("%(council)s, phiên họp ngày %(date)s.") % {
            "council": session.council.name,
            "date": f"{session.date:%d/%m/%Y}",
        }
    notify(
        users=[seat.user for seat in seats if by is None or seat.user_id != by.pk],
        kind=NotificationKind.POLL_OPENED,
        key=f"poll:{poll.pk}:opened",
        title=title,
        body=body,
        url=reverse("awards:ballot-form", args=[poll.pk]),
    )
