"""The award catalogue (award types) and the rule sets that judge each year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.enums import Authority, Category, Frequency, Recipients
from units.enums import UnitLevel


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
    def initiative_code_set(self) -> frozenset[str]:
        """The titles whose nominee needs an initiative: read by the eligibility criteria and the dossier."""
        return self.INITIATIVE_TITLES | ({"CSTDCS"} if self.cstdcs_requires_initiative else frozenset())
