"""How emulation is organised before anyone is nominated: movements, clusters and blocs, pledges,
registrations, scoring and initiatives (spec: domain-rules.md §2.3, §3.4, §5).

Rules that need more than one row (head rotation, "not rated last year", initiative reuse) live in
`emulation.services`; what a single table can say is a database constraint here.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from emulation.enums import (
    CriterionKind,
    DocumentType,
    GroupKind,
    GroupLevel,
    InitiativeLevel,
    InitiativeStatus,
    MemberRole,
    MovementKind,
)
from units.common import formatting
from units.common.models import ChoiceLabels, Stamped, Versioned
from units.validators import code_validator

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def _year_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": FIRST_YEAR}) & Q(**{f"{field}__lte": LAST_YEAR}), name=name
    )


# -- movements -------------------------------------------------------------------------------------


class Movement(ChoiceLabels, Stamped, Versioned):
    """An emulation movement (phong trào thi đua), launched by a document of a unit."""

    code = models.CharField(_("mã"), max_length=50, unique=True, validators=[code_validator])
    name = models.CharField(_("tên phong trào"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR)
    launching_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="launched_movements"
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    doc_type = models.CharField(
        _("loại văn bản phát động"), max_length=10, choices=DocumentType.choices, default=DocumentType.PLAN
    )
    doc_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 48/KH-VKS"))
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    doc_issuer = models.CharField(
        _("cơ quan ban hành"), max_length=255, blank=True, help_text=_("Ví dụ: VKSND thành phố Huế")
    )
    doc_title = models.CharField(_("trích yếu văn bản"), max_length=500, blank=True)
    doc_file = models.FileField(_("tệp văn bản"), upload_to="movements/%Y/", blank=True)
    # The citation exactly as imported when it could not be split into the fields above.
    document_text = models.CharField(_("văn bản phát động (nguyên văn)"), max_length=500, blank=True)
    # What a thematic movement's awards ask and how many it gives (its plan or review decision says).
    award_criteria = models.TextField(
        _("tiêu chuẩn khen thưởng của phong trào"),
        blank=True,
        help_text=_("Theo kế hoạch phát động hoặc hướng dẫn sơ kết, tổng kết phong trào."),
    )
    award_quota_individual = models.PositiveSmallIntegerField(
        _("số cá nhân được khen thưởng tối đa"), null=True, blank=True
    )
    award_quota_collective = models.PositiveSmallIntegerField(
        _("số tập thể được khen thưởng tối đa"), null=True, blank=True
    )
    participating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("đơn vị tham gia"), blank=True, related_name="movements"
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="emulation_movement_valid_period",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    @property
    def citation(self) -> str:
        """The launching document as reports cite it, e.g.
        "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"."""
        if not self.doc_number:
            return self.document_text
        # Documents are cited in Vietnamese whatever the interface language (reports, exports).
        with translation.override("vi"):
            doc_type = str(self.get_doc_type_display())
        parts = [f"{doc_type} số {formatting.decision_number(self.doc_number)}"]
        if self.doc_date:
            parts.append(f"ngày {formatting.short_date(self.doc_date)}")
        if self.doc_issuer:
            parts.append(f"của {self.doc_issuer}")
        return " ".join(parts)


class MovementReview(Stamped):
    """A dated review of a movement's results (sơ kết, tổng kết)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("ngày"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("kết quả"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả phong trào")
        verbose_name_plural = _("kết quả phong trào")
        ordering = ["movement", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


# -- clusters and blocs ------------------------------------------------------------------------------


class EmulationGroup(ChoiceLabels, Stamped, Versioned):
    """A cluster (Cụm) or bloc (Khối) of units for one year. `previous` links the same group's last year."""

    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("loại"), max_length=10, choices=GroupKind.choices, default=GroupKind.CLUSTER)
    level = models.CharField(_("cấp"), max_length=12, choices=GroupLevel.choices, default=GroupLevel.PROVINCIAL)
    name = models.CharField(_("tên"), max_length=255, help_text=_("Ví dụ: Cụm thi đua số 1"))
    organiser = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_groups",
        help_text=_("VKSND cấp tỉnh (Cụm, Khối trong tỉnh) hoặc VKSND tối cao (Cụm, Khối do ngành tổ chức)."),
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next", editable=False
    )
    members = models.ManyToManyField("units.Unit", through="GroupMembership", related_name="emulation_groups")

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("Cụm, Khối thi đua")
        verbose_name_plural = _("Cụm, Khối thi đua")
        ordering = ["-year", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year", "name"], name="emulation_group_unique_name"),
            _year_check("year", "emulation_group_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class GroupMembership(ChoiceLabels, models.Model):
    """A unit's membership of a group in the group's year, with its role (head, deputy, member).

    `year` and `level` copy the group's, so that the database can refuse a unit in two groups of a level.
    `is_rated` is False when the unit was not considered for emulation that year (it then may not be
    head or deputy the next year).
    """

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    year = models.PositiveSmallIntegerField(editable=False)
    level = models.CharField(max_length=12, choices=GroupLevel.choices, editable=False)
    is_rated = models.BooleanField(_("được xét thi đua"), default=True)
    not_rated_reason = models.CharField(_("lý do không xét"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Cụm, Khối")
        verbose_name_plural = _("thành viên Cụm, Khối")
        ordering = ["group", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["group", "unit"], name="emulation_membership_once_per_group"),
            models.UniqueConstraint(
                fields=["unit", "year", "level"], name="emulation_membership_one_group_per_level_year"
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role=MemberRole.HEAD), name="emulation_membership_one_head"
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role=MemberRole.DEPUTY), name="emulation_membership_one_deputy"
            ),
            models.CheckConstraint(
                condition=Q(is_rated=True, not_rated_reason="") | (Q(is_rated=False) & ~Q(not_rated_reason="")),
                name="emulation_membership_not_rated_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.group}"


# -- pledges -----------------------------------------------------------------------------------------


class Pledge(Stamped, Versioned):
    """The group's signed emulation pledge (giao ước thi đua) with its targets."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.PROTECT, related_name="pledges")
    signed_on = models.DateField(_("ngày ký"))
    place = models.CharField(_("địa điểm"), max_length=255)
    theme = models.CharField(
        _("chủ đề"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: Đoàn kết, đổi mới – Trách nhiệm, kỷ cương – Thực chất, hiệu quả"),
    )
    signing_units = models.ManyToManyField("units.Unit", verbose_name=_("đơn vị ký kết"), related_name="+")
    document = models.FileField(_("tệp giao ước đã ký"), upload_to="pledges/%Y/", blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"Giao ước thi đua {self.group}"


class PledgeTarget(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    indicator = models.CharField(_("chỉ tiêu"), max_length=500)
    target_value = models.CharField(_("mức phấn đấu"), max_length=120, help_text=_("Ví dụ: ≥ 90%, 100%, 2 sáng kiến"))
    # What the group achieved against the target, written at the review (the cluster's report prints it).
    result = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu giao ước")
        verbose_name_plural = _("chỉ tiêu giao ước")
        ordering = ["pledge", "order", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_value}"


# -- registrations -----------------------------------------------------------------------------------


class Registration(Stamped):
    """A person or a unit registering for a title of the catalogue in a year (đăng ký thi đua)."""

    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "units.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # The registering unit: the person's unit when registering, or the collective itself.
    registering_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-year", "registering_unit__sort_key", "award_type__report_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="emulation_registration_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["year", "award_type", "person"],
                condition=Q(person__isnull=False),
                name="emulation_registration_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["year", "award_type", "unit"],
                condition=Q(unit__isnull=False),
                name="emulation_registration_once_per_unit",
            ),
            _year_check("year", "emulation_registration_year_range"),
        ]
        indexes = [models.Index(fields=["registering_unit", "year"], name="emul_registration_unit_year")]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else str(self.unit)
        return f"{who}: {self.award_type.abbreviation} {self.year}"


# -- scoring -----------------------------------------------------------------------------------------


class ScoreTemplate(Stamped):
    """A scoring table (bảng chấm điểm) for a year; a new version is a new row."""

    name = models.CharField(_("tên bảng điểm"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    basis = models.CharField(_("căn cứ"), max_length=500, blank=True, help_text=_("Ví dụ: QĐ 424/QĐ-VKSTC"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("bảng chấm điểm")
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year", "version"], name="emulation_scoretemplate_version"),
            _year_check("year", "emulation_scoretemplate_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year} (v{self.version})"


class ScoreCriterion(ChoiceLabels, models.Model):
    template = models.ForeignKey(ScoreTemplate, on_delete=models.CASCADE, related_name="criteria")
    section = models.CharField(_("nhóm tiêu chí"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.CRITERION)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["template", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="emulation_criterion_positive_max"),
        ]

    def __str__(self) -> str:
        return self.text


class ScoreSheet(Stamped, Versioned):
    """A member unit's scores in a group for a year: self-assessment, then the group's agreed score."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="score_sheets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ScoreTemplate, verbose_name=_("bảng điểm"), on_delete=models.PROTECT)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["group", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["group", "unit"], name="emulation_scoresheet_once")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.group}"


class ScoreEntry(models.Model):
    """Points of one criterion on one sheet. Penalty points are entered as positive numbers and subtracted."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(ScoreCriterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True)
    agreed_score = models.DecimalField(_("Cụm, Khối thống nhất"), max_digits=7, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sheet", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="emulation_scoreentry_once"),
            models.CheckConstraint(
                condition=(Q(self_score__isnull=True) | Q(self_score__gte=0))
                & (Q(agreed_score__isnull=True) | Q(agreed_score__gte=0)),
                name="emulation_scoreentry_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.agreed_score if self.agreed_score is not None else self.self_score}"


class FlagVote(Stamped):
    """The group's vote, at its year-end review, on proposing a member unit for a flag (`award_type`, one of the
    rule set's `flag_vote_codes`: by default the sector flag).

    `agree` member units out of `total` agreed; `proposed` is computed by emulation.services against the
    rule set's threshold (default ≥ 80% of member units). A proposal, not a decision.
    """

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="flag_votes")
    candidate = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị được suy tôn"), on_delete=models.PROTECT, related_name="+"
    )
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("cờ thi đua"), on_delete=models.PROTECT, related_name="+"
    )
    agree = models.PositiveSmallIntegerField(_("số đơn vị đồng ý"))
    total = models.PositiveSmallIntegerField(_("tổng số đơn vị thành viên"))
    threshold_percent = models.PositiveSmallIntegerField(editable=False)
    proposed = models.BooleanField(_("đề nghị tặng Cờ thi đua"), editable=False, default=False)
    voted_on = models.DateField(_("ngày họp"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả suy tôn")
        verbose_name_plural = _("kết quả suy tôn")
        ordering = ["group", "-agree"]
        constraints = [
            models.UniqueConstraint(fields=["group", "candidate"], name="emulation_flagvote_once"),
            models.CheckConstraint(
                condition=Q(agree__lte=F("total")) & Q(total__gt=0), name="emulation_flagvote_counts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.agree}/{self.total}"


# -- initiatives -------------------------------------------------------------------------------------


class Initiative(ChoiceLabels, Stamped, Versioned):
    """A recognised improvement (sáng kiến): evidence that one title may consume."""

    title = models.CharField(_("tên sáng kiến"), max_length=500)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    level = models.CharField(
        _("cấp công nhận"), max_length=12, choices=InitiativeLevel.choices, default=InitiativeLevel.GRASSROOTS
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.SUBMITTED
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan công nhận"), max_length=255, blank=True)
    authors = models.ManyToManyField("units.Person", through="InitiativeAuthor", related_name="initiatives")

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]
        constraints = [
            _year_check("year", "emulation_initiative_year_range"),
            # A recognised initiative names its recognition decision.
            models.CheckConstraint(
                condition=~Q(status=InitiativeStatus.RECOGNISED)
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="emulation_initiative_recognised_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InitiativeAuthor(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey("units.Person", on_delete=models.PROTECT, related_name="+")
    is_main = models.BooleanField(_("tác giả chính"), default=True)

    class Meta:
        ordering = ["initiative", "-is_main", "id"]
        constraints = [models.UniqueConstraint(fields=["initiative", "person"], name="emulation_author_once")]

    def __str__(self) -> str:
        return str(self.person)


class InitiativeUse(Stamped):
    """The title an initiative was used for. One initiative backs one title: the database refuses a second."""

    initiative = models.OneToOneField(Initiative, on_delete=models.PROTECT, related_name="use")
    person = models.ForeignKey("units.Person", on_delete=models.PROTECT, related_name="+")
    award_type = models.ForeignKey("awards.AwardType", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    award = models.ForeignKey("awards.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sử dụng sáng kiến")
        verbose_name_plural = _("sử dụng sáng kiến")

    def __str__(self) -> str:
        return f"{self.initiative} → {self.award_type.abbreviation} {self.year}"


# -- exemplars ---------------------------------------------------------------------------------------


class Exemplar(Stamped, Versioned):
    """An exemplary collective or individual (điển hình tiên tiến) of a year: found in a movement by a unit,
    fostered and spread (phát hiện, bồi dưỡng, nhân rộng), and the award it led to. The reports list them in their
    section on exemplars. Exactly one of `person` and `unit` is the exemplar."""

    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    person = models.ForeignKey(
        "units.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    found_by = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị phát hiện"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị phát hiện, bồi dưỡng điển hình; điển hình thuộc phạm vi của đơn vị này."),
    )
    achievement = models.TextField(_("thành tích nổi bật"))
    fostering = models.TextField(
        _("bồi dưỡng, nhân rộng"), blank=True, help_text=_("Cách bồi dưỡng, tuyên truyền, nhân rộng điển hình.")
    )
    award = models.ForeignKey(
        "awards.Award",
        verbose_name=_("khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Khen thưởng mà điển hình được đề nghị và nhận."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "id"]
        constraints = [
            _year_check("year", "emulation_exemplar_year_range"),
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="emulation_exemplar_person_or_unit",
            ),
        ]
        indexes = [models.Index(fields=["found_by", "year"], name="emulation_exemplar_unit_year")]

    def __str__(self) -> str:
        return f"{self.person or self.unit} ({self.year})"
