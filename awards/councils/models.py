"""Councils (Hội đồng Thi đua - Khen thưởng), their sessions, polls and ballots.

The secret ballot keeps two tables apart: `Participation` says that a member took part in a poll (one row per
member and poll, enforced by the database: a second submission fails and counts nothing), `Ballot` holds the
choices with a random id, no member, no timestamp and no sequence, and is read by aggregation only. Nothing
else — history tables, logs, audit rows — records a secret choice: `Participation`, `Ballot` and `Abstention`
have no history table, while every other change here (attendance, polls opened, closed and published, paper
counts, written opinions) is recorded with who and when. Named polls keep the member on the ballot.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.councils.enums import Attendance, Choice, CouncilRole, PollMode, PollState, SessionState
from units.common.models import ChoiceLabels, Stamped

# The fewest ballots whose counts are shown or printed (issue 14: with one or two, the count names the voter).
MIN_BALLOTS_SHOWN = 3


class Council(models.Model):
    """The council of a unit for a term."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="councils")
    name = models.CharField(_("tên Hội đồng"), max_length=255)
    term_start = models.DateField(_("nhiệm kỳ từ ngày"))
    term_end = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(
        _("quyết định thành lập"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 12/QĐ-VKS ngày 05/01/2026"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua - Khen thưởng")
        ordering = ["unit__sort_key", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")), name="awards_council_term"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def seats_on(self, date):
        """The seats whose period covers `date` (empty ends are open; a seat ends the day before `left_on`)."""
        return self.members.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=date), Q(left_on__isnull=True) | Q(left_on__gt=date)
        )


class CouncilMember(ChoiceLabels, models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("units.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_seats",
        help_text=_("Tài khoản dùng để bỏ phiếu trên điện thoại, máy tính."),
    )
    role = models.CharField(_("chức danh trong Hội đồng"), max_length=20, choices=CouncilRole.choices)
    votes = models.BooleanField(_("có quyền biểu quyết"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # The seat's period within the term: empty ends mean the whole term. A replacement names whom it replaces.
    joined_on = models.DateField(_("tham gia từ ngày"), null=True, blank=True)
    left_on = models.DateField(_("thôi tham gia từ ngày"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    note = models.CharField(
        _("căn cứ, ghi chú"), max_length=255, blank=True, help_text=_("Ví dụ: Quyết định số 30/QĐ-VKS ngày 01/6/2026")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="awards_councilmember_once"),
            models.UniqueConstraint(
                fields=["council", "user"], condition=Q(user__isnull=False), name="awards_councilmember_one_seat"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="awards_councilmember_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.get_role_display()})"


class Session(ChoiceLabels, Stamped):
    """A meeting of a council: its agenda of nominations, who attended, the polls."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("nội dung"), max_length=255, default=_("Họp xét thi đua, khen thưởng"))
    date = models.DateField(_("ngày họp"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=SessionState.choices, default=SessionState.PLANNED)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    nominations = models.ManyToManyField("awards.Nomination", through="AgendaItem", related_name="sessions")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.council} {self.date:%d/%m/%Y}"


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="awards_agenda_once")]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.nomination_id}"


class SessionAttendance(ChoiceLabels, models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("có mặt"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="awards_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.status}"


class WrittenOpinion(ChoiceLabels, models.Model):
    """The written opinion of an absent member on one candidate (counted where the rule counts all members)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="written_opinions")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("ý kiến"), max_length=10, choices=Choice.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member", "nomination"], name="awards_written_opinion_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.nomination_id}"


class Poll(ChoiceLabels, models.Model):
    """One vote of a session on one or more candidates (one ballot paper listing them, agree or disagree each)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="polls")
    title = models.CharField(_("nội dung"), max_length=255)
    mode = models.CharField(_("hình thức"), max_length=10, choices=PollMode.choices, default=PollMode.SECRET)
    state = models.CharField(_("trạng thái"), max_length=10, choices=PollState.choices, default=PollState.CREATED)
    candidates = models.ManyToManyField("awards.Nomination", related_name="polls")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The electorate when the poll opened: voting members present (and those absent, for the denominators);
    # who may vote is stored too (`PollVoter`), and none of it changes while the poll is open.
    members_total = models.PositiveSmallIntegerField(default=0)
    members_present = models.PositiveSmallIntegerField(default=0)
    voters = models.ManyToManyField("CouncilMember", through="PollVoter", related_name="+")
    # How many members took part, stored at close (tallies of fewer than three ballots are never shown).
    ballots_cast = models.PositiveSmallIntegerField(_("số người đã bỏ phiếu"), default=0)
    reason = models.TextField(
        _("lý do bỏ phiếu lại"), blank=True, help_text=_("Bắt buộc khi đề nghị đã được đưa ra bỏ phiếu trước đó.")
    )
    close_reason = models.TextField(_("lý do kết thúc sớm"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc bỏ phiếu")
        verbose_name_plural = _("cuộc bỏ phiếu")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def shows_tally(self) -> bool:
        """Whether the counts may be shown and printed: a secret poll of fewer than `MIN_BALLOTS_SHOWN` ballots
        would tell who chose what, so only its verdict is (a named vote is public anyway)."""
        return self.mode == PollMode.NAMED or self.ballots_cast >= MIN_BALLOTS_SHOWN


class PollVoter(ChoiceLabels, models.Model):
    """A member who may take part in a poll, fixed when it opens: present with a voting seat (`status` present),
    or absent with a written opinion (`status` written) where the rule counts all members."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voter_rows")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Attendance.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="awards_pollvoter_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.member_id} ({self.status})"


class Participation(models.Model):
    """That a member took part in a poll — never what he chose. One per member and poll. A random id, like the
    ballots: no sequence says in which order the members voted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="awards_participation_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.member_id}"


class Ballot(models.Model):
    """One choice on one candidate, sealed (`awards.councils.ballot_box`): a random id, no time, no voter (except
    in a named poll), the choice encrypted with a key that is not in the database. Read only by the count at close,
    which then deletes the rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()
    # Only in a named (open) vote; always empty in a secret one.
    member = models.ForeignKey(CouncilMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "member", "nomination"],
                condition=Q(member__isnull=False),
                name="awards_named_ballot_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.id}"  # never the choice next to anything that names the voter


class Abstention(models.Model):
    """A member in a conflict of interest with a candidate (the candidate himself, or of the nominated unit) who
    declared on his ballot that he does not vote on that candidate. Named on purpose: the minutes record it."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="abstentions")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member", "nomination"], name="awards_abstention_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.member_id} / {self.nomination_id}"


class PaperCount(models.Model):
    """The count of a paper ballot for one candidate, entered by the secretary."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_counts")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="+")
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"))
    returned = models.PositiveSmallIntegerField(_("số phiếu thu về"))
    valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"))
    invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ"))
    agree = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))
    disagree = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"))

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "nomination"], name="awards_papercount_once"),
            models.CheckConstraint(condition=Q(returned__lte=F("issued")), name="awards_papercount_returned"),
            models.CheckConstraint(
                condition=Q(returned=F("valid") + F("invalid")), name="awards_papercount_valid_invalid"
            ),
            models.CheckConstraint(condition=Q(valid=F("agree") + F("disagree")), name="awards_papercount_choices"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.nomination_id}"


class PollResult(models.Model):
    """The result of a candidate in a poll, computed by `awards.councils.voting.poll_close` and stored."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="results")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="poll_results")
    agree = models.PositiveSmallIntegerField(_("đồng ý"))
    disagree = models.PositiveSmallIntegerField(_("không đồng ý"))
    written_agree = models.PositiveSmallIntegerField(_("đồng ý bằng văn bản"), default=0)
    invalid = models.PositiveSmallIntegerField(_("không hợp lệ"), default=0)
    denominator_kind = models.CharField(max_length=12)
    denominator = models.PositiveSmallIntegerField(_("tính trên"))
    threshold_percent = models.PositiveSmallIntegerField(_("tỷ lệ yêu cầu"))
    strict = models.BooleanField(default=False, help_text=_("Phải vượt quá tỷ lệ (không chỉ bằng)."))
    passed = models.BooleanField(_("đạt"))

    class Meta:
        ordering = ["poll", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "nomination"], name="awards_pollresult_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.nomination_id} {self.agree}/{self.denominator}"

    @property
    def percent(self) -> float:
        return 100 * (self.agree + self.written_agree) / self.denominator if self.denominator else 0.0


__all__ = [
    "Abstention",
    "AgendaItem",
    "Ballot",
    "Council",
    "CouncilMember",
    "PaperCount",
    "Participation",
    "Poll",
    "PollResult",
    "PollVoter",
    "Session",
    "SessionAttendance",
    "WrittenOpinion",
]
