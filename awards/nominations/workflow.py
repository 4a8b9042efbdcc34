"""The workflow of a nomination: the one table of moves (who may move it from which state to which) and the one
service that makes a move."""

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.catalogue import dossier
from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.nominations import eligibility, notices
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
# state. The public consultation (lấy ý kiến nhân dân) is a state: its two moves are the council office's, made
# only by the consultation's services (`awards.nominations.consultation`), never by hand.
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
    "consult": Move(frozenset({NominationState.RECOMMENDED}), NominationState.CONSULTING, "council",
                    gettext_lazy("Lấy ý kiến nhân dân")),
    "end_consultation": Move(frozenset({NominationState.CONSULTING}), NominationState.RECOMMENDED, "council",
                             gettext_lazy("Kết thúc lấy ý kiến nhân dân")),
}  # fmt: skip
# The council's verdict: made only from the published result of its vote, never by hand (issue 14).
VERDICT_MOVES = frozenset({"recommend", "not_recommend"})
# The consultation's window: opened and closed only by `awards.nominations.consultation` (issue 21).
CONSULTATION_MOVES = frozenset({"consult", "end_consultation"})
# The moves that take a nomination away from its council: refused to a nomination whose award type the rule set of
# its year submits to the public consultation (`RuleSet.consultation_code_set`) until it went through a closed one
# whose objections were all answered (NĐ 152/2025 Art. 44(2); `consultation_refusal`).
AFTER_CONSULTATION = frozenset({"escalate", "decide"})


def council_unit_of(nomination: Nomination):
    """The unit whose council decides: the batch's, or failing a batch the nominating unit's own."""
    return nomination.batch.council_unit if nomination.batch_id else nomination.nominating_unit


def may_move(user, nomination: Nomination, name: str) -> bool:
    """Whether the user may make this move now (state and role); what the forms offer."""
    move = MOVES[name]
    return nomination.state in move.sources and award_rules.may_act_as(user, nomination, move.actor)


def moves_for(user, nomination: Nomination) -> list[tuple[str, Move]]:
    """The moves a user makes by hand on the nomination's page (never the consultation's: its own pages make them)."""
    return [
        (name, move)
        for name, move in MOVES.items()
        if name not in CONSULTATION_MOVES and may_move(user, nomination, name)
    ]


def needs_consultation(nomination: Nomination, ruleset: RuleSet | None = None) -> bool:
    """Whether the nomination's award type goes through the public consultation: the rule set of its year
    (`ruleset`, when the caller has it) names it (`awards.catalogue.dossier.needs_consultation`)."""
    if ruleset is None:
        try:
            ruleset = ruleset_for_year(nomination.year)
        except RuleSet.DoesNotExist as exc:
            raise ValidationError(str(exc)) from exc
    return dossier.needs_consultation(nomination.award_type, ruleset)


def consultation_refusal(nomination: Nomination) -> str | None:
    """Why the nomination may not leave its council yet (sent up, decided), or None: its award type needs the
    public consultation and it has not been through a closed one whose objections are all answered."""
    if not needs_consultation(nomination):
        return None
    values = {"who": nomination, "type": nomination.award_type.abbreviation}
    consultation = nomination.consultation
    if consultation is None:
        return (
            _(
                "%(who)s: đề nghị %(type)s phải lấy ý kiến nhân dân trước khi trình cấp trên hoặc quyết định khen "
                "thưởng."
            )
            % values
        )
    if consultation.closed_at is None:
        return _("%(who)s: đợt lấy ý kiến nhân dân “%(consultation)s” chưa kết thúc.") % {
            **values,
            "consultation": consultation,
        }
    if consultation.opinions.filter(is_objection=True, answered_at__isnull=True).exists():
        return _("%(who)s: còn ý kiến phản ánh chưa được trả lời.") % values
    return None


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
    if name in CONSULTATION_MOVES:
        raise PermissionDenied(
            _("Chỉ việc mở, kết thúc đợt lấy ý kiến nhân dân mới đưa đề nghị sang “%(state)s”.")
            % {"state": NominationState(move.target).label}
        )
    if not may_move(by, nomination, name):
        raise PermissionDenied(_("Bạn không có quyền “%(move)s” đề nghị này.") % {"move": move.label})
    if name in AFTER_CONSULTATION and (refusal := consultation_refusal(nomination)):
        raise ValidationError(refusal)
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Hãy ghi lý do.")})
    if name == "submit":
        _prepare_submission(nomination, check)
    if name == "decide":
        if award is None:
            raise ValidationError(_("Hãy ghi quyết định khen thưởng trước."))
        nomination.award = award
    nomination = _record(nomination, move, by=by, comment=comment)
    notices.nomination_moved(nomination, name, by=by, comment=comment)
    return nomination


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
    nomination = _record(nomination, move, by=by, comment=comment.strip())
    notices.nomination_moved(nomination, name, by=by)
    return nomination


@transaction.atomic
def nomination_consult(*, nomination: Nomination, consultation, by) -> Nomination:
    """Put a recommended nomination into the consultation's window (“consult”). Called by
    `awards.nominations.consultation.consultation_open` only, which chose the nominations needing one; the council
    of `consultation` must be the one the nomination was sent to, and `by` its office."""
    move = MOVES["consult"]
    nomination = _locked(nomination)
    _check_source(nomination, move)
    if council_unit_of(nomination).pk != consultation.council_unit_id:
        raise ValidationError(
            _("%(who)s không được gửi tới Hội đồng của %(unit)s.")
            % {"who": nomination, "unit": consultation.council_unit}
        )
    if not may_move(by, nomination, "consult"):
        raise PermissionDenied(_("Chỉ Văn phòng (thư ký) Hội đồng lấy ý kiến nhân dân."))
    nomination.consultation = consultation
    comment = _("Lấy ý kiến nhân dân từ ngày %(start)s đến hết ngày %(end)s.") % {
        "start": f"{consultation.opens_on:%d/%m/%Y}",
        "end": f"{consultation.closes_on:%d/%m/%Y}",
    }
    return _record(nomination, move, by=by, comment=comment)


@transaction.atomic
def nomination_end_consultation(*, nomination: Nomination, by, comment: str) -> Nomination:
    """The consultation's window closed (“end_consultation”): the nomination is recommended again, and may now be
    sent up or decided. Called by `awards.nominations.consultation.consultation_close` only."""
    move = MOVES["end_consultation"]
    nomination = _locked(nomination)
    _check_source(nomination, move)
    if not may_move(by, nomination, "end_consultation"):
        raise PermissionDenied(_("Chỉ Văn phòng (thư ký) Hội đồng kết thúc lấy ý kiến nhân dân."))
    return _record(nomination, move, by=by, comment=comment.strip())


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related(
            "award_type", "person", "unit", "nominating_unit", "batch", "batch__council_unit", "consultation"
        )
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
