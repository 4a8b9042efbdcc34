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
# unit; "council": the secretary and clerks of the unit whose council decides; "leader": its leaders), and
# whether a written reason is required. Nothing else changes a nomination's state.
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
    "recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.RECOMMENDED, "council",
                      gettext_lazy("Hội đồng đề nghị khen thưởng")),
    "not_recommend": Move(frozenset({NominationState.UNDER_REVIEW}), NominationState.NOT_RECOMMENDED, "council",
                          gettext_lazy("Hội đồng không đề nghị"), needs_comment=True),
    "escalate": Move(frozenset({NominationState.RECOMMENDED}), NominationState.ESCALATED, "council_or_leader",
                     gettext_lazy("Trình cấp trên")),
    "decide": Move(frozenset({NominationState.RECOMMENDED}), NominationState.DECIDED, "leader",
                   gettext_lazy("Ghi quyết định khen thưởng")),
    "reject": Move(frozenset({NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED}),
                   NominationState.REJECTED, "leader", gettext_lazy("Không khen thưởng"), needs_comment=True),
}  # fmt: skip


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
    from, to and why. Submitting stores the eligibility check; a criterion not met needs a justification."""
    move = MOVES.get(name)
    if move is None:
        raise ValidationError(_("Thao tác không hợp lệ."))
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award_type", "person", "unit", "nominating_unit", "batch", "batch__council_unit")
        .get(pk=nomination.pk)
    )
    if nomination.state not in move.sources:
        raise ValidationError(
            _("Không thể “%(move)s” khi đề nghị đang ở trạng thái “%(state)s”.")
            % {"move": move.label, "state": nomination.get_state_display()}
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
    """Store the check of the rule set in force (`check` when the caller evaluated a whole batch at once)."""
    if nomination.batch_id is None:
        raise ValidationError(_("Đề nghị phải thuộc một tờ trình trước khi gửi Hội đồng."))
    if check is None:
        check = eligibility.evaluate([nomination])[nomination.pk]
    nomination.eligibility = check.as_json()
    nomination.checked_at = timezone.now()
    if not check.passed and not nomination.justification.strip():
        failed = "; ".join(str(criterion.label) for criterion in check.failed)
        raise ValidationError(
            {
                "justification": _(
                    "%(who)s: chưa đạt hoặc chưa rõ tiêu chí (%(failed)s). Hãy ghi giải trình trước khi gửi."
                )
                % {"who": nomination, "failed": failed}
            }
        )
