"""Nominations, their dossiers, their recorded moves, and tờ trình (batches)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import AwardKind, DossierDocument, RecipientKind
from awards.catalogue.models import AwardType
from awards.nominations.enums import BatchState, NominationState
from awards.register.models import Award
from units.common.models import ChoiceLabels, Stamped, Versioned
from units.common.uploads import validate_dossier_file

# -- nominations, their dossiers and batches -------------------------------------------------------------


class Batch(ChoiceLabels, Stamped, Versioned):
    """A tờ trình: the nominations a unit sends to the council that decides them, with its DANH SÁCH."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="nomination_batches"
    )
    council_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Hội đồng TĐKT của đơn vị"),
        on_delete=models.PROTECT,
        related_name="received_batches",
        help_text=_("Đơn vị có Hội đồng Thi đua - Khen thưởng xét tờ trình này."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm thành tích"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    number = models.CharField(_("số, ký hiệu tờ trình"), max_length=60, blank=True, help_text=_("Ví dụ: 25/TTr-VKS"))
    date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    title = models.CharField(
        _("trích yếu"), max_length=500, help_text=_("Ví dụ: Về việc đề nghị tặng danh hiệu thi đua năm 2025")
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=BatchState.choices, default=BatchState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="awards_batch_year_range"
            ),
            models.CheckConstraint(
                condition=Q(state=BatchState.DRAFT) | (~Q(number="") & Q(date__isnull=False)),
                name="awards_batch_submitted_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class Nomination(ChoiceLabels, Stamped, Versioned):
    """A proposal that a person or a unit receive an award type for a year (đề nghị khen thưởng).

    States and their moves live in `awards.nominations.workflow`; every move is a `NominationTransition`. The
    eligibility check of the rule set in force is stored with the nomination when it is submitted (`eligibility`), so
    that the council reads what the clerk saw, next to the clerk's `justification` for any criterion not met.
    """

    nominating_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="nominations_made"
    )
    recipient_kind = models.CharField(max_length=12, choices=RecipientKind.choices, editable=False)
    person = models.ForeignKey(
        "units.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(
        _("năm thành tích"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=AwardKind.choices, default=AwardKind.REGULAR)
    movement = models.ForeignKey(
        "emulation.Movement",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # An ad hoc (đột xuất) award is for one exceptional act: its date, described in `summary`.
    act_date = models.DateField(_("ngày lập thành tích đột xuất"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    figures = models.TextField(
        _("số liệu thành tích"),
        blank=True,
        help_text=_("Mỗi dòng một chỉ tiêu và kết quả, ví dụ: Truy tố đúng hạn: 100%"),
    )
    justification = models.TextField(
        _("giải trình"), blank=True, help_text=_("Lý do vẫn đề nghị khi có tiêu chí chưa đạt hoặc chưa rõ.")
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=NominationState.choices, default=NominationState.DRAFT
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("tờ trình"), null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    eligibility = models.JSONField(_("kết quả kiểm tra tiêu chuẩn"), default=dict, blank=True, editable=False)
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    award = models.OneToOneField(
        Award, null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination", editable=False
    )
    # The public consultation (lấy ý kiến) it went through, for the awards whose rule set requires one.
    consultation = models.ForeignKey(
        "Consultation", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "eligibility", "checked_at", "updated_at"])

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "nominating_unit__sort_key", "award_type__report_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient_kind=RecipientKind.INDIVIDUAL, person__isnull=False, unit__isnull=True))
                | (Q(recipient_kind=RecipientKind.COLLECTIVE, person__isnull=True, unit__isnull=False)),
                name="awards_nomination_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="awards_nomination_year_range"
            ),
            # One live nomination per recipient, type and year: a withdrawn one may be entered again, and one sent
            # on to the council above leaves its place to the nomination of the unit that sends it.
            models.UniqueConstraint(
                fields=["person", "award_type", "year"],
                condition=Q(person__isnull=False) & ~Q(state__in=NominationState.inactive_states),
                name="awards_nomination_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_type", "year"],
                condition=Q(unit__isnull=False) & ~Q(state__in=NominationState.inactive_states),
                name="awards_nomination_once_per_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["nominating_unit", "year"], name="awards_nomination_unit_year"),
            models.Index(fields=["state", "year"], name="awards_nomination_state_year"),
        ]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else str(self.unit)
        return f"{who}: {self.award_type.abbreviation} {self.year}"

    @property
    def recipient(self):
        return self.person if self.person_id else self.unit


def dossier_path(instance, filename: str) -> str:
    return f"dossiers/{instance.nomination.year}/{instance.nomination_id}/{filename}"


class NominationDocument(ChoiceLabels, models.Model):
    """One file of a nomination's dossier, of a kind of the checklist."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=24, choices=DossierDocument.choices)
    file = models.FileField(_("tệp"), upload_to=dossier_path, validators=[validate_dossier_file])
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["nomination", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class NominationTransition(ChoiceLabels, models.Model):
    """One move of a nomination: who, when, from which state to which, and why. Written only by
    `awards.nominations.workflow`; never changed."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=NominationState.choices)
    to_state = models.CharField(max_length=16, choices=NominationState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("chuyển trạng thái")
        ordering = ["nomination", "at", "id"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


# -- public consultation (lấy ý kiến nhân dân) -------------------------------------------------------------


class Consultation(Stamped, Versioned):
    """The public consultation on the nominees of awards whose rule set requires one (NĐ 152/2025 Art. 44(2)):
    their list and summaries published for the window `opens_on`–`closes_on`, the opinions received, and the
    result that goes into the dossier and the tờ trình. Run by the office of the council of `council_unit`."""

    council_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Hội đồng TĐKT của đơn vị"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    opens_on = models.DateField(_("từ ngày"))
    closes_on = models.DateField(_("đến hết ngày"))
    published_where = models.CharField(_("nơi công khai"), max_length=255, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.TextField(_("kết quả lấy ý kiến"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="awards_consultation_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationOpinion(Stamped):
    """An opinion on one nominee received during the window, with its author (seen by the council's office only);
    an objection must be answered before the consultation can close."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="opinions")
    author_name = models.CharField(
        _("người góp ý"),
        max_length=160,
        blank=True,
        help_text=_("Ghi khi ý kiến nhận bằng văn bản, thư điện tử; để trống khi người dùng tự gửi."),
    )
    is_objection = models.BooleanField(_("phản ánh, không đồng ý"), default=False)
    text = models.TextField(_("nội dung ý kiến"))
    answer = models.TextField(_("trả lời, xử lý"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["consultation", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="awards_opinion_answer_has_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.text[:40]}"
