"""The award catalogue (award types) and the rule sets that judge each year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.enums import Authority, Category, Frequency, IssuerKind, Recipients
from units.common.models import ChoiceLabels
from units.enums import UnitLevel
from units.validators import code_validator


class AwardType(ChoiceLabels, models.Model):
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


class IssuingBody(ChoiceLabels, models.Model):
    """A body that signs award decisions and is not a unit of the tree: Chủ tịch nước, Thủ tướng Chính phủ, a
    province's People's Committee, Tổng Liên đoàn Lao động, Hội Luật gia, and a procuracy that this installation does
    not hold as a unit (VKSND tối cao for a province's installation). A procuracy unit of the tree issues its own
    decisions (`Decision.issuing_unit`); a decision has one issuer, either a unit or a body.

    `code` shares the interchange format's `issuer_code` column with the unit codes (`awards.register.issuers`)."""

    code = models.CharField(_("mã"), max_length=50, unique=True, validators=[code_validator])
    name = models.CharField(_("tên cơ quan"), max_length=255, help_text=_("Ví dụ: Tổng Liên đoàn Lao động Việt Nam"))
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=IssuerKind.choices)
    authority = models.CharField(
        _("cấp quyết định"),
        max_length=24,
        choices=Authority.choices,
        help_text=_("Thẩm quyền của quyết định do cơ quan này ban hành."),
    )
    level = models.CharField(
        _("cấp Viện kiểm sát"),
        max_length=20,
        choices=UnitLevel.choices,
        blank=True,
        help_text=_("Với Viện kiểm sát ngoài cây đơn vị: cấp của Viện kiểm sát đó."),
    )
    province_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Viện kiểm sát cấp tỉnh cùng địa phương"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Với Ủy ban nhân dân tỉnh: VKSND cấp tỉnh của tỉnh đó, để xác định cơ quan ban hành khi nhập."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành ngoài ngành, ngoài cây đơn vị")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=IssuerKind.PROCURACY) | Q(level=""), name="awards_issuingbody_level_of_procuracy"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BonusCombination(models.TextChoices):
    HIGHEST = "highest", _("Chỉ nhận mức tiền thưởng cao nhất")
    EACH = "each", _("Nhận tiền thưởng của từng danh hiệu, hình thức")


class RuleSet(ChoiceLabels, models.Model):
    """The thresholds, quotas and chain lengths in force from `effective_from` (spec: "Rules as data").

    The defaults are those of the specification; administrators add a new row when a text changes.
    Percentages are whole numbers compared exactly in integers (`awards.catalogue.thresholds.reaches`).
    """

    class Denominator(models.TextChoices):
        ALL_MEMBERS = "all_members", _("Tổng số thành viên Hội đồng")
        PRESENT = "present", _("Số thành viên có mặt")
        GROUP_UNITS = "group_units", _("Số đơn vị thành viên Cụm, Khối")

    class CollectiveConflict(models.TextChoices):
        """Who of a council does not vote on a collective candidate (the candidate himself never votes on himself)."""

        HEAD = "head", _("Người đứng đầu tập thể được đề nghị")
        MEMBERS = "members", _("Mọi thành viên Hội đồng thuộc tập thể được đề nghị (trừ tập thể là đơn vị có Hội đồng)")

    # Titles whose standard names an initiative recognised at their level in every year (Law 2022 Art. 21, 22;
    # dossier item (d) of Art. 84); CSTĐCS joins them while `cstdcs_requires_initiative` says so.
    INITIATIVE_TITLES = frozenset({"CSTDN", "CSTDTQ"})

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
    bkvkstc_alt_years = models.PositiveSmallIntegerField(
        _("Bằng khen VKSTC: số năm liên tục hoàn thành xuất sắc nhiệm vụ (phương án có sáng kiến)"), default=2
    )
    bkvkstc_collective_years = models.PositiveSmallIntegerField(
        _("Bằng khen VKSTC tập thể: số năm TTLĐXS liên tục"), default=2
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
    collective_excellent_years = models.PositiveSmallIntegerField(
        _("Bằng khen Thủ tướng, HCLĐ hạng Ba tập thể: số năm TTLĐXS liên tục sau hình thức trước"), default=5
    )
    collective_flags = models.PositiveSmallIntegerField(
        _("… trong thời gian đó: số lần Cờ thi đua (hoặc gấp đôi số Bằng khen VKSTC)"), default=1
    )
    dedication_head_years = models.PositiveSmallIntegerField(
        _("HCLĐ hạng Ba (quá trình cống hiến): số năm giữ chức vụ cấp trưởng"),
        default=6,
        help_text=_("Chưa được xác nhận trong văn bản: sửa theo Nghị định hiện hành."),
    )
    dedication_deputy_years = models.PositiveSmallIntegerField(
        _("HCLĐ hạng Ba (quá trình cống hiến): số năm giữ chức vụ cấp phó"),
        default=10,
        help_text=_("Chưa được xác nhận trong văn bản: sửa theo Nghị định hiện hành."),
    )
    head_caps = models.CharField(
        _("danh hiệu của người đứng đầu theo kết quả của đơn vị"),
        max_length=255,
        default="CSTDCS:TTLDXS,LDTT:TTLDTT",
        blank=True,
        help_text=_(
            "Danh hiệu cá nhân:danh hiệu tập thể mà đơn vị phải đạt cùng năm thì người đứng đầu mới được xét, "
            "cách nhau bởi dấu phẩy; danh hiệu cao hơn đòi hỏi kết quả của đơn vị cao nhất."
        ),
    )
    incidents_exclude = models.BooleanField(
        _("đơn vị có vụ việc nghiêm trọng trong năm không được xét danh hiệu"), default=True
    )
    consultation_codes = models.CharField(
        _("danh hiệu, hình thức phải lấy ý kiến nhân dân"),
        max_length=255,
        default="CSTDTQ,AHLD,HCLD1,HCLD2,HCLD3,HCDL1,HCDL2,HCDL3",
        blank=True,
        help_text=_("Mã danh hiệu, cách nhau bởi dấu phẩy."),
    )
    consultation_days = models.PositiveSmallIntegerField(_("số ngày lấy ý kiến nhân dân"), default=10)
    consultation_where = models.CharField(
        _("nơi công khai danh sách lấy ý kiến"),
        max_length=255,
        default="Cổng thông tin điện tử và trụ sở của đơn vị",
        blank=True,
    )
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

    collective_conflict = models.CharField(
        _("xung đột lợi ích khi xét tập thể"),
        max_length=10,
        choices=CollectiveConflict.choices,
        default=CollectiveConflict.HEAD,
        help_text=_(
            "Cá nhân được đề nghị luôn không biểu quyết cho chính mình; không bao giờ cả Hội đồng không biểu quyết "
            "cho tập thể là đơn vị của mình."
        ),
    )
    review_levels = models.CharField(
        _("cấp có Hội đồng TĐKT xét đề nghị"),
        max_length=120,
        default="supreme,high,provincial",
        help_text=_(
            "Cấp đơn vị (supreme, high, provincial, regional…) mà Hội đồng TĐKT được nhận tờ trình của đơn vị trực "
            "thuộc; cách nhau bởi dấu phẩy."
        ),
    )

    # Bonus money (tiền thưởng, Nghị định 98/2023 Art. 55–56; Nghị định 152/2025): the multipliers are this set's
    # `bonus_rates`, the base salary the `BaseSalary` in force on the decision's date.
    bonus_rounding = models.PositiveIntegerField(
        _("làm tròn tiền thưởng lên đến (đồng)"),
        default=10000,
        help_text=_("Tiền thưởng sau khi nhân hệ số với mức lương cơ sở được làm tròn lên hàng chục nghìn đồng."),
    )
    bonus_titles_rule = models.CharField(
        _("nhiều danh hiệu thi đua cùng lúc"),
        max_length=10,
        choices=BonusCombination.choices,
        default=BonusCombination.HIGHEST,
        help_text=_("Cùng thời điểm, cùng thành tích đạt nhiều danh hiệu thi đua: nhận mức cao nhất hay từng mức."),
    )
    bonus_forms_rule = models.CharField(
        _("nhiều hình thức khen thưởng cùng lúc"),
        max_length=10,
        choices=BonusCombination.choices,
        default=BonusCombination.HIGHEST,
        help_text=_(
            "Cùng thời điểm, cùng thành tích được nhiều hình thức khen thưởng: nhận mức cao nhất hay từng mức. Danh "
            "hiệu thi đua và hình thức khen thưởng cùng lúc thì nhận cả hai."
        ),
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

    def clean(self) -> None:
        # A council's poll counts its members; the member units of a cluster count only in the flag vote
        # (awards.catalogue.thresholds.flag_vote_rule).
        council = (self.Denominator.ALL_MEMBERS, self.Denominator.PRESENT)
        errors = {
            field: _("Hội đồng biểu quyết tính trên tổng số thành viên hoặc số thành viên có mặt.")
            for field in ("high_vote_denominator", "other_vote_denominator")
            if getattr(self, field) not in council
        }
        levels = set(UnitLevel.values)
        unknown = sorted(self.review_level_set - levels)
        if unknown:
            errors["review_levels"] = _("Cấp đơn vị không có: %(codes)s.") % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _codes(text: str) -> frozenset[str]:
        return frozenset(code.strip() for code in text.split(",") if code.strip())

    @property
    def high_vote_code_set(self) -> frozenset[str]:
        return self._codes(self.high_vote_codes)

    @property
    def flag_vote_code_set(self) -> frozenset[str]:
        return self._codes(self.flag_vote_codes)

    @property
    def review_level_set(self) -> frozenset[str]:
        """The unit levels whose council receives the tờ trình of the units under them."""
        return self._codes(self.review_levels)

    @property
    def consultation_code_set(self) -> frozenset[str]:
        return self._codes(self.consultation_codes)

    @property
    def head_cap_map(self) -> dict[str, str]:
        """{person title: the unit title the head's unit needs the same year}."""
        pairs = (item.split(":", 1) for item in self._codes(self.head_caps) if ":" in item)
        return {title.strip(): unit_title.strip() for title, unit_title in pairs}

    @property
    def legal_basis_lines(self) -> list[str]:
        """The "Căn cứ" texts of the set, one per line, as documents print them."""
        return [line.strip().rstrip(";.") for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def initiative_code_set(self) -> frozenset[str]:
        """The titles whose nominee needs an initiative: read by the eligibility criteria and the dossier."""
        return self.INITIATIVE_TITLES | ({"CSTDCS"} if self.cstdcs_requires_initiative else frozenset())


class AuthorityRule(ChoiceLabels, models.Model):
    """Who confers an award type in a rule set: the head of the nearest unit of `level` at or above the recipient's
    unit (strictly above for a collective, and for the leadership of that very unit), for `recipients`.

    The matrix of TT 02/2024/TT-VKSTC and the practice of domain-rules §1.1, as data: a new text is a new rule set
    with its own rows. Read by `awards.register.issuers` (which unit issues a decision) and the register's
    validation (a decision of a unit that may not confer the award is refused)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="authorities")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("cấp đơn vị quyết định"), max_length=20, choices=UnitLevel.choices)
    recipients = models.CharField(_("đối tượng"), max_length=12, choices=Recipients.choices, default=Recipients.BOTH)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thẩm quyền quyết định")
        verbose_name_plural = _("thẩm quyền quyết định")
        ordering = ["rule_set", "award_type__report_order", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_type", "level", "recipients"], name="awards_authorityrule_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code}: {self.get_level_display()} ({self.get_recipients_display()})"


class BonusRate(models.Model):
    """The bonus of an award type under a rule set: a multiplier of the base salary (hệ số × mức lương cơ sở) for an
    individual and for a collective. A multiplier the texts leave unconfirmed is marked so and stays editable."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="bonus_rates")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="bonus_rates"
    )
    individual = models.DecimalField(
        _("hệ số cho cá nhân"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("Để trống: không có")
    )
    collective = models.DecimalField(
        _("hệ số cho tập thể"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("Để trống: không có")
    )
    confirmed = models.BooleanField(_("đã đối chiếu văn bản"), default=True)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        ordering = ["rule_set", "award_type__report_order", "award_type__code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "award_type"], name="awards_bonusrate_once_per_set"),
            models.CheckConstraint(
                condition=(Q(individual__isnull=True) | Q(individual__gte=0))
                & (Q(collective__isnull=True) | Q(collective__gte=0)),
                name="awards_bonusrate_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.individual} / {self.collective}"


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date: the bonus of a decision uses the rate in force on its date."""

    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    legal_basis = models.CharField(
        _("căn cứ"), max_length=255, blank=True, help_text=_("Ví dụ: Nghị định 73/2024/NĐ-CP")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="awards_basesalary_positive")]

    def __str__(self) -> str:
        return f"{self.amount} ({self.effective_from:%d/%m/%Y})"
