"""The workflow of a nomination: the one table of moves (who may move it from which state to which) and the one
service that makes a move."""

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.nominations import eligibility
from awards.nominations import rules as award_rules
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination, NominationTransition
from awards.register.models import Award
from units.common.history import attach_user


# The moves of a nomination: from which states, to which, by whom ("nominator": the clerks of the nominating
# unit; "council": the secretary of the council that decides, never a clerk (`rules.is_council_office`);
# "leader": the leaders of its unit; "council_or_leader": both, and the clerks of the council's unit, who write
# the tờ trình upward; "council_vote": nobody, only the published result of the council's vote,
# `nomination_record_verdict`), and whether a written reason is required. Nothing else changes a nomination's
# state.
@dataclasses.dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    actor: str
    label: str
    needs_comment: bool = False


MOVES = {
    "submit": Move(frozenset(NominationState.editable_states), NominationState.SUBMITTED,
                   "nominator", gettext_lazy("Gửi Hội đồng")),
    "withdraw": Move(frozenset({*NominationState.editable_states, NominationState.SUBMITTED}),
                     NominationState.WITHDRAWN, "nominator", gettext_lazy("Rút đề nghị"), needs_comment=True),
    "return": Move(frozenset({NominationState.SUBMITTED}), NominationState.RETURNED, "council",
                   gettext_lazy("Trả lại đơn vị"), needs_comment=True),
    "review": Move(frozenset({NominationState.SUBMITTED}), NominationState.UNDER_REVIEW, "council",
                   gettext_lazy("Đưa ra Hội đồng xét")),
    "recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.RECOMMENDED, "council_vote",
                      gettext_lazy("Hội đồng đề nghị khen thưởng")),
    "not_recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.NOT_RECOMMENDED, "council_vote",
                          gettext_lazy("Hội đồng không đề nghị"), needs_comment=True),
    "escalate": Move(frozenset({NominationState.RECOMMENDED}), NominationState.ESCALATED, "council_or_leader",
                     gettext_lazy("Trình cấp trên")),
    "decide": Move(frozenset({NominationState.RECOMMENDED}), NominationState.DECIDED, "leader",
                   gettext_lazy("Ghi quyết định khen thưởng")),
    "reject": Move(frozenset({NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED}),
                   NominationState.REJECTED, "leader", gettext_lazy("Không khen thưởng"), needs_comment=True),
}  # fmt: skip
# The council's verdict: made only from the published result of its vote, never by hand (issue 14).
VERDICT_MOVES = frozenset({"recommend", "not_recommend"})


def council_unit_of(nomination: Nomination):
    """The unit whose council decides: the batch's, or failing a batch the nominating unit's own."""
    return nomination.batch.council_unit if nomination.batch_id else nomination.nominating_unit


def may_move(user, nomination: Nomination, name: str) -> bool:
    """Whether the user may make this move now (state and role); what the forms offer."""
    move = MOVES[name]
    return nomination.state in move.sources and award_rules.may_act_as(user, nomination, move.actor)


def moves_for(user, nomination: Nomination) -> list[tuple[str, Move]]:
    return [(name, move) for name, move in MOVES.items() if may_move(user, nomination, name)]


@transaction.atomic
def nomination_move(
    *, nomination: Nomination, name: str, by, comment: str = "", award: Award | None = None, check=None
):
    """Make one move: lock the row, refuse a move the state or the user's role does not allow, record who, when,
    from, to and why. Submitting stores the eligibility check; a criterion not met needs a justification. The
    council's verdict (recommend, not recommend) is never a move a user makes: see `nomination_record_verdict`."""
    move = MOVES.get(name)
    if move is None:
        raise ValidationError(_("Thao tác không hợp lệ."))
    nomination = _locked(nomination)
    _check_source(nomination, move)
    if name in VERDICT_MOVES:
        raise PermissionDenied(
            _("Chỉ kết quả biểu quyết của Hội đồng mới đưa đề nghị sang “%(state)s”.")
            % {"state": NominationState(move.target).label}
        )
    if not may_move(by, nomination, name):
        raise PermissionDenied(_("Bạn không có quyền “%(move)s” đề nghị này.") % {"move": move.label})
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Hãy ghi lý do.")})
    if name == "submit":
        _prepare_submission(nomination, check)
    if name == "decide":
        if award is None:
            raise ValidationError(_("Hãy ghi quyết định khen thưởng trước."))
        nomination.award = award
    return _record(nomination, move, by=by, comment=comment)


@transaction.atomic
def nomination_record_verdict(*, nomination: Nomination, passed: bool, council_unit, by, comment: str):
    """The council of `council_unit` has published its vote on the nomination: recommended if it passed, not
    recommended otherwise. Called by the council's services only (`awards.councils.voting.poll_publish`), which
    check that `by` runs the session; the nomination must be under review and sent to that very council."""
    name = "recommend" if passed else "not_recommend"
    move = MOVES[name]
    nomination = _locked(nomination)
    _check_source(nomination, move)
    if council_unit_of(nomination).pk != council_unit.pk:
        raise ValidationError(
            _("%(who)s không được gửi tới Hội đồng của %(unit)s.") % {"who": nomination, "unit": council_unit}
        )
    return _record(nomination, move, by=by, comment=comment.strip())


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award_type", "person", "unit", "nominating_unit", "batch", "batch__council_unit")
        .get(pk=nomination.pk)
    )


def _check_source(nomination: Nomination, move: Move) -> None:
    if nomination.state not in move.sources:
        raise ValidationError(
            _("Không thể “%(move)s” khi đề nghị đang ở trạng thái “%(state)s”.")
            % {"move": move.label, "state": nomination.get_state_display()}
        )


def _record(nomination: Nomination, move: Move, *, by, comment: str) -> Nomination:
    """Move the locked nomination to the move's target and record who, when, from, to and why."""
    source = nomination.state
    nomination.state = move.target
    attach_user(nomination, by)
    nomination.save()
    NominationTransition.objects.create(
        nomination=nomination,
        from_state=source,
        to_state=move.target,
        by=by if getattr(by, "is_authenticated", False) else None,
        comment=comment,
    )
    return nomination


def _prepare_submission(nomination: Nomination, check=None) -> None:
    """Store the check of the rule set in force (`check` when the caller evaluated a whole batch at once). A
    criterion not met or unknown needs a justification: one line per such criterion says which. A criterion that
    waits for a prerequisite nominated in the same round (`eligibility.PENDING`) needs none."""
    if nomination.batch_id is None:
        raise ValidationError(_("Đề nghị phải thuộc một tờ trình trước khi gửi Hội đồng."))
    if check is None:
        check = eligibility.evaluate([nomination])[nomination.pk]
    nomination.eligibility = check.as_json()
    nomination.checked_at = timezone.now()
    if check.failed and not nomination.justification.strip():
        raise ValidationError({"justification": [_unmet_line(nomination, criterion) for criterion in check.failed]})


def _unmet_line(nomination: Nomination, criterion) -> str:
    """ "Lê Thị Hằng: CSTĐCS 2025 — chưa đạt “Đăng ký thi đua…”: Không có đăng ký…. Hãy ghi giải trình trước khi
    gửi." """
    text = (
        _("%(who)s — chưa đạt “%(criterion)s”")
        if criterion.status == eligibility.NOT_MET
        else _("%(who)s — chưa rõ “%(criterion)s”")
    ) % {"who": nomination, "criterion": criterion.label}
    if criterion.reason:
        text += f": {criterion.reason.rstrip('.')}"
    return text + ". " + _("Hãy ghi giải trình trước khi gửi.")
