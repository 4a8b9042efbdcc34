"""The award register: decisions, awards, and the facts of a person's year."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import Authority, AwardKind, Frequency, RecipientKind, Recipients
from awards.catalogue.models import AwardType, IssuingBody
from awards.register.enums import Discipline, IncidentKind, SignatureStatus, TaskRating
from units.common.models import ChoiceLabels, Stamped, Versioned
from units.common.uploads import validate_scan


class Decision(ChoiceLabels, Stamped, Versioned):
    """A signed decision (quyết định khen thưởng). Every issuer numbers its own documents and the numbers restart every
    calendar year (Nghị định 30/2020): issuer + number + year identify a decision.

    The issuer is a unit of the tree (`issuing_unit`) or a body outside it (`issuing_body`: Chủ tịch nước, Thủ tướng,
    a People's Committee, a union…), exactly one of the two."""

    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 1234/QĐ-VKSTC"))
    date = models.DateField(_("ngày ký"))
    # The year of `date`, kept as a column so that the database can enforce "issuer + number + year" uniqueness.
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
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("cơ quan ban hành ngoài cây đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
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

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issuing_unit__isnull=False, issuing_body__isnull=True)
                | Q(issuing_unit__isnull=True, issuing_body__isnull=False),
                name="awards_decision_one_issuer",
            ),
            models.UniqueConstraint(
                fields=["issuing_unit", "number", "year"],
                condition=Q(issuing_unit__isnull=False),
                name="awards_decision_number_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["issuing_body", "number", "year"],
                condition=Q(issuing_body__isnull=False),
                name="awards_decision_number_per_body_year",
            ),
        ]
        # The decisions list's keyset order (units.common.paging.keyset_page: date, then id, descending).
        indexes = [models.Index(fields=["date", "id"], name="awards_decision_date_id")]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    @property
    def issuer_name(self) -> str:
        """The issuer as documents name it: "Viện kiểm sát nhân dân tỉnh T", "Tổng Liên đoàn Lao động Việt Nam"."""
        if self.issuing_unit_id:
            return self.issuing_unit.name
        return self.issuing_body.name if self.issuing_body_id else ""

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


class Award(ChoiceLabels, Stamped):
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
            # The register's keyset order (year, then id, descending: units.common.paging.keyset_page), and the
            # same within one award type, its most common filter (tests/test_query_plans.py).
            models.Index(fields=["year", "id"], name="awards_award_year_id"),
            models.Index(fields=["award_type", "year", "id"], name="awards_award_type_year_id"),
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


class PersonYear(ChoiceLabels, models.Model):
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


class UnitIncident(ChoiceLabels, Stamped):
    """A serious incident of a unit in a year (a member disciplined, negative press, a case returned, corruption):
    while the rule set's `incidents_exclude` says so, the unit and its head are not considered for the year's titles
    (the VKSTC guidance on clusters, domain-rules §5; seed 003)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="incidents")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    kind = models.CharField(_("loại vụ việc"), max_length=16, choices=IncidentKind.choices)
    date = models.DateField(_("ngày xảy ra, phát hiện"), null=True, blank=True)
    description = models.TextField(_("nội dung"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vụ việc của đơn vị")
        verbose_name_plural = _("vụ việc của đơn vị")
        ordering = ["-year", "unit__sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="awards_unitincident_year_range"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="awards_unitincident_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_kind_display()}"


# -- digital signatures of signed decisions -------------------------------------------------------------------


class TrustRoot(Stamped):
    """A root (or intermediate) certificate an administrator installed as trusted for signed decisions, e.g. the
    Government CA's roots (Ban Cơ yếu Chính phủ); nothing is fetched from outside."""

    name = models.CharField(_("tên"), max_length=200)
    certificate = models.TextField(_("chứng thư (PEM)"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True, editable=False)
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    not_after = models.DateTimeField(_("hết hạn"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SignatureCheck(ChoiceLabels, models.Model):
    """The check of the digital signatures of a decision's uploaded PDF (`file_sha256`): made when it is uploaded
    and again on request (a root installed later); the newest one shows on the decision page."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="signature_checks")
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(_("kết quả"), max_length=12, choices=SignatureStatus.choices)
    # One entry per signature: signer, organisation, signing time, intact, trusted, covers the whole file, message.
    signatures = models.JSONField(default=list, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=500)
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kiểm tra chữ ký số")
        verbose_name_plural = _("kiểm tra chữ ký số")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["decision", "-checked_at"], name="awards_signature_check_latest")]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.status}"
