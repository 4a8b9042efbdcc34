"""The award catalogue, the rule sets in force by date, decisions and the award register.

The register (`Award`) is the memory of the product: eligibility checks and reports read it. Its invariants
are database constraints; the ones that need the award type (recipient kind, frequency) are enforced on the
denormalised copies `recipient_kind` and `frequency`, which `awards.services` and the importer copy from the
type and which the type never changes once created (see `AwardType.FROZEN_FIELDS`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.enums import (
    Authority,
    AwardKind,
    BatchState,
    Category,
    Discipline,
    DossierDocument,
    Frequency,
    NominationState,
    RecipientKind,
    Recipients,
    TaskRating,
)
from awards.validators import validate_dossier_file, validate_scan

FIRST_YEAR = 1945
LAST_YEAR = 2100


class AwardType(models.Model):
    """A title (danh hiệu thi đua) or form (hình thức khen thưởng) of the catalogue."""

    # The legal nature of a type: fixed at creation, so that the copies on the awards stay true.
    FROZEN_FIELDS = ("code", "category", "recipients", "frequency")

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True, help_text=_("Ví dụ: CSTĐCS"))
    category = models.CharField(_("loại"), max_length=10, choices=Category.choices)
    recipients = models.CharField(_("đối tượng"), max_length=12, choices=Recipients.choices)
    authority = models.CharField(_("cấp quyết định"), max_length=24, choices=Authority.choices)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices)
    report_order = models.PositiveIntegerField(_("thứ tự trong báo cáo"), default=1000)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục danh hiệu, hình thức khen thưởng")
        ordering = ["report_order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

    @property
    def abbreviation(self) -> str:
        return self.short_name or self.code

    def allows(self, kind: str) -> bool:
        return self.recipients in (Recipients.BOTH, kind)


class RuleSet(models.Model):
    """The thresholds, quotas and chain lengths in force from `effective_from` (spec: "Rules as data").

    The defaults are those of the specification; administrators add a new row when a text changes.
    Percentages are whole numbers compared exactly in integers (agree × 100 ≥ percent × denominator).
    """

    class Denominator(models.TextChoices):
        ALL_MEMBERS = "all_members", _("Tổng số thành viên Hội đồng")
        PRESENT = "present", _("Số thành viên có mặt")
        GROUP_UNITS = "group_units", _("Số đơn vị thành viên Cụm, Khối")

    name = models.CharField(_("tên"), max_length=255)
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)

    # Quotas
    cstdcs_quota_percent = models.PositiveSmallIntegerField(_("tỷ lệ CSTĐCS tối đa (phần trăm số LĐTT)"), default=15)
    ttldxs_quota_percent = models.PositiveSmallIntegerField(_("tỷ lệ TTLĐXS tối đa (phần trăm số TTLĐTT)"), default=20)
    ttldxs_quota_minimum = models.PositiveSmallIntegerField(_("số TTLĐXS tối thiểu được xét"), default=1)
    # Titles
    cstdcs_requires_initiative = models.BooleanField(_("CSTĐCS phải có sáng kiến cấp cơ sở"), default=True)
    cstdn_chain_years = models.PositiveSmallIntegerField(_("CSTĐ ngành: số năm CSTĐCS liên tục"), default=3)
    cstdtq_chain_years = models.PositiveSmallIntegerField(_("CSTĐ toàn quốc: số lần CSTĐ ngành liên tục"), default=2)
    bkvkstc_chain_years = models.PositiveSmallIntegerField(_("Bằng khen VKSTC: số năm CSTĐCS liên tục"), default=2)
    bkvkstc_alt_initiatives = models.PositiveSmallIntegerField(
        _("Bằng khen VKSTC: số sáng kiến (phương án hoàn thành xuất sắc 2 năm)"), default=2
    )
    bkttg_years = models.PositiveSmallIntegerField(
        _("Bằng khen Thủ tướng: số năm liên tục sau Bằng khen VKSTC"), default=5
    )
    bkttg_cstdcs = models.PositiveSmallIntegerField(
        _("Bằng khen Thủ tướng: số lần CSTĐCS trong thời gian đó"), default=3
    )
    hcld3_years = models.PositiveSmallIntegerField(
        _("HCLĐ hạng Ba: số năm liên tục sau Bằng khen Thủ tướng"), default=5
    )
    hcld3_cstdcs = models.PositiveSmallIntegerField(_("HCLĐ hạng Ba: số lần CSTĐCS trong thời gian đó"), default=3)
    ttldtt_ldtt_percent = models.PositiveSmallIntegerField(_("TTLĐTT: trên …% thành viên đạt LĐTT"), default=50)
    ttldxs_ldtt_percent = models.PositiveSmallIntegerField(_("TTLĐXS: từ …% thành viên đạt LĐTT"), default=70)
    ttldxs_cstdcs_minimum = models.PositiveSmallIntegerField(_("TTLĐXS: số CSTĐCS tối thiểu"), default=1)
    knc_service_years = models.PositiveSmallIntegerField(_("Kỷ niệm chương: số năm công tác"), default=15)
    ldtt_min_service_months = models.PositiveSmallIntegerField(_("LĐTT: số tháng công tác tối thiểu"), default=6)
    ldtt_absence_months = models.PositiveSmallIntegerField(_("LĐTT: nghỉ từ … tháng thì không xét"), default=3)
    # Councils and votes
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số: tử số"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số: mẫu số"), default=3)
    high_vote_codes = models.CharField(
        _("danh hiệu bỏ phiếu kín, tỷ lệ cao"),
        max_length=255,
        default="CSTDN,CSTDTQ,AHLD",
        help_text=_("Mã danh hiệu, cách nhau bởi dấu phẩy."),
    )
    high_vote_percent = models.PositiveSmallIntegerField(_("tỷ lệ đồng ý (danh hiệu cao)"), default=90)
    high_vote_denominator = models.CharField(
        _("tính trên (danh hiệu cao)"), max_length=12, choices=Denominator.choices, default=Denominator.ALL_MEMBERS
    )
    flag_vote_codes = models.CharField(_("cờ thi đua suy tôn trong Cụm, Khối"), max_length=255, default="CTDN")
    flag_vote_percent = models.PositiveSmallIntegerField(_("tỷ lệ đồng ý (cờ thi đua)"), default=80)
    other_vote_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ đồng ý (các trường hợp khác, phải vượt quá)"), default=50
    )
    other_vote_denominator = models.CharField(
        _("tính trên (các trường hợp khác)"), max_length=12, choices=Denominator.choices, default=Denominator.PRESENT
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc theo thời gian")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator")) & Q(quorum_denominator__gt=0),
                name="awards_ruleset_quorum_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"

    @staticmethod
    def _codes(text: str) -> frozenset[str]:
        return frozenset(code.strip() for code in text.split(",") if code.strip())

    @property
    def high_vote_code_set(self) -> frozenset[str]:
        return self._codes(self.high_vote_codes)

    @property
    def flag_vote_code_set(self) -> frozenset[str]:
        return self._codes(self.flag_vote_codes)


class Decision(models.Model):
    """A signed decision (quyết định khen thưởng). Numbers restart every year: number + year identify it."""

    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 1234/QĐ-VKSTC"))
    date = models.DateField(_("ngày ký"))
    # The year of `date`, kept as a column so that the database can enforce "number + year" uniqueness.
    year = models.PositiveSmallIntegerField(editable=False)
    authority = models.CharField(_("cấp quyết định"), max_length=24, choices=Authority.choices)
    issuing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_decisions",
    )
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=255, blank=True, help_text=_("Ví dụ: Viện kiểm sát nhân dân tối cao")
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=AwardKind.choices, default=AwardKind.REGULAR)
    summary = models.CharField(
        _("trích yếu"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: Về việc tặng danh hiệu Lao động tiên tiến năm 2024"),
    )
    scan = models.FileField(_("bản chụp quyết định"), upload_to="decisions/%Y/", blank=True, validators=[validate_scan])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "year"], name="awards_decision_number_per_year"),
        ]
        indexes = [models.Index(fields=["date"], name="awards_decision_date")]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.year = self.date.year
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "year"}
        super().save(*args, **kwargs)


class AwardQuerySet(models.QuerySet):
    def counting(self):
        """Awards that count in statistics and chains' evidence: not revoked."""
        return self.filter(revoked_on__isnull=True)

    def regular(self):
        """Awards that count in chains: regular (công trạng) and not revoked."""
        return self.counting().filter(kind=AwardKind.REGULAR)


class Award(models.Model):
    """One award to one recipient (one lượt) in the register.

    `person` is set for an individual award, `unit` for a collective one (exactly one of the two);
    `unit_at_time` is the person's unit at the time of the award (for a collective: the unit itself),
    which is what statistics by unit group on.
    """

    award_type = models.ForeignKey(AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT)
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "units.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_awards",
    )
    unit_at_time = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị khi khen"), on_delete=models.PROTECT, related_name="awards_within"
    )
    year = models.PositiveSmallIntegerField(
        _("năm thành tích"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=AwardKind.choices, default=AwardKind.REGULAR)
    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="awards"
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("Phong trào mà khen thưởng gắn với (khen theo đợt, chuyên đề)."),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # Copies of award_type.frequency and .recipients (frozen on the type) for the constraints below; a
    # database trigger (migration 0002) refuses a row whose copies differ from its type.
    frequency = models.CharField(max_length=10, choices=Frequency.choices, editable=False)
    type_recipients = models.CharField(max_length=12, choices=Recipients.choices, editable=False)

    revoked_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    revoking_decision = models.CharField(_("quyết định hủy"), max_length=120, blank=True)
    revocation_reason = models.TextField(_("lý do hủy"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["year", "award_type__report_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recipient_kind=RecipientKind.INDIVIDUAL, person__isnull=False, unit__isnull=True)
                    | Q(recipient_kind=RecipientKind.COLLECTIVE, person__isnull=True, unit__isnull=False)
                ),
                name="awards_award_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(type_recipients=Recipients.BOTH) | Q(type_recipients=F("recipient_kind")),
                name="awards_award_recipient_kind_allowed",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(unit_at_time=F("unit")),
                name="awards_award_collective_unit_at_time",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="awards_award_year_range"
            ),
            models.CheckConstraint(
                condition=(
                    Q(revoked_on__isnull=True, revocation_reason="")
                    | (Q(revoked_on__isnull=False) & ~Q(revocation_reason=""))
                ),
                name="awards_award_revocation_complete",
            ),
            models.UniqueConstraint(
                fields=["award_type", "person", "year"],
                condition=Q(frequency=Frequency.ANNUAL, person__isnull=False, revoked_on__isnull=True),
                name="awards_award_annual_once_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["award_type", "unit", "year"],
                condition=Q(frequency=Frequency.ANNUAL, unit__isnull=False, revoked_on__isnull=True),
                name="awards_award_annual_once_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["award_type", "person"],
                condition=Q(frequency=Frequency.ONCE, person__isnull=False, revoked_on__isnull=True),
                name="awards_award_once_per_person",
            ),
            # One lượt per recipient, type, year and decision: the natural key the importer matches on.
            models.UniqueConstraint(
                fields=["award_type", "person", "year", "decision"],
                condition=Q(person__isnull=False),
                name="awards_award_person_natural_key",
            ),
            models.UniqueConstraint(
                fields=["award_type", "unit", "year", "decision"],
                condition=Q(unit__isnull=False),
                name="awards_award_unit_natural_key",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="awards_award_person_year"),
            models.Index(fields=["unit", "year"], name="awards_award_unit_year"),
            models.Index(fields=["unit_at_time", "year"], name="awards_award_unit_at_time_year"),
            models.Index(fields=["year", "award_type"], name="awards_award_year_type"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code} {self.year}: {self.recipient_name}"

    def copy_type_fields(self) -> None:
        """Copy the frozen fields of the award type that the constraints need."""
        self.frequency = self.award_type.frequency
        self.type_recipients = self.award_type.recipients

    @property
    def recipient_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.unit.name if self.unit_id else ""

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


# -- facts of a person's year that the eligibility rules read -----------------------------------------


class PersonYear(models.Model):
    """What the review of a person's year needs beyond the register: the task rating, months of service, long
    absences and discipline (the LĐTT exclusions of TT 02/2024 Art. 15). Missing facts make a criterion
    "unknown", never "met"."""

    person = models.ForeignKey("units.Person", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    rating = models.CharField(_("xếp loại"), max_length=12, choices=TaskRating.choices, blank=True)
    service_months = models.PositiveSmallIntegerField(
        _("số tháng công tác trong năm"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    absence_months = models.PositiveSmallIntegerField(
        _("số tháng nghỉ việc"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    absence_excused = models.BooleanField(
        _("nghỉ thuộc trường hợp được tính (thai sản, tai nạn khi làm nhiệm vụ…)"), default=False
    )
    discipline = models.CharField(_("kỷ luật trong năm"), max_length=12, choices=Discipline.choices, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá năm của cán bộ")
        verbose_name_plural = _("đánh giá năm của cán bộ")
        ordering = ["person", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="awards_personyear_once")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


# -- nominations, their dossiers and batches -------------------------------------------------------------


class Batch(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)

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


class Nomination(models.Model):
    """A proposal that a person or a unit receive an award type for a year (đề nghị khen thưởng).

    States and their moves live in `awards.workflow`; every move is a `NominationTransition`. The eligibility
    check of the rule set in force is stored with the nomination when it is submitted (`eligibility`), so that the
    council reads what the clerk saw, next to the clerk's `justification` for any criterion not met.
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0, editable=False)

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
                condition=Q(person__isnull=False) & ~Q(state__in=NominationState.INACTIVE),
                name="awards_nomination_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_type", "year"],
                condition=Q(unit__isnull=False) & ~Q(state__in=NominationState.INACTIVE),
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


class NominationDocument(models.Model):
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


class NominationTransition(models.Model):
    """One move of a nomination: who, when, from which state to which, and why. Written only by
    `awards.workflow`; never changed."""

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


# Councils, sessions, polls and ballots live in their own module (imported last: they refer to the models above).
from awards.models.councils import *  # noqa: E402, F403
