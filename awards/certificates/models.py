"""Certificates printed on the official blanks (phôi Bằng khen, Giấy khen): the layout of each blank, the
calibration of each office printer, and the register of the certificates printed (sổ theo dõi cấp phát)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.models import AwardType
from awards.register.models import Award
from units.common.models import ChoiceLabels, Stamped, Versioned


class FieldKey(models.TextChoices):
    RECIPIENT_NAME = "recipient_name", _("Họ tên cá nhân hoặc tên tập thể")
    RECIPIENT_TITLE = "recipient_title", _("Chức vụ")
    RECIPIENT_UNIT = "recipient_unit", _("Đơn vị")
    AWARD_NAME = "award_name", _("Danh hiệu, hình thức")
    ACHIEVEMENT = "achievement", _("Thành tích")
    DECISION_NUMBER = "decision_number", _("Số quyết định")
    DECISION_DATE = "decision_date", _("Ngày quyết định")
    PLACE_DATE = "place_date", _("Địa danh, ngày tháng")
    SIGNER_TITLE = "signer_title", _("Chức vụ người ký")
    SIGNER_NAME = "signer_name", _("Họ tên người ký")
    REGISTER_NUMBER = "register_number", _("Số vào sổ")
    TEXT = "text", _("Chữ cố định")


class Align(models.TextChoices):
    LEFT = "left", _("Trái")
    CENTER = "center", _("Giữa")
    RIGHT = "right", _("Phải")


class CertificateLayout(Stamped, Versioned):
    """Where each field goes on a blank of an award type (of an issuer: each province's Giấy khen blank differs)."""

    name = models.CharField(_("tên mẫu"), max_length=255, help_text=_("Ví dụ: Giấy khen VKSND tỉnh Huế (phôi 2025)"))
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: mẫu dùng chung cho mọi đơn vị (ví dụ Bằng khen VKSTC)."),
    )
    page_width_mm = models.DecimalField(_("khổ giấy rộng (mm)"), max_digits=6, decimal_places=1, default=297)
    page_height_mm = models.DecimalField(_("khổ giấy cao (mm)"), max_digits=6, decimal_places=1, default=210)
    background = models.FileField(_("ảnh chụp phôi (chỉ để xem trước)"), upload_to="certificates/blanks/", blank=True)
    font_family = models.CharField(_("phông chữ"), max_length=60, default="Liberation Serif")
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("mẫu in phôi")
        verbose_name_plural = _("mẫu in phôi")
        ordering = ["award_type__report_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page_width_mm__gt=0, page_height_mm__gt=0), name="awards_layout_page_size_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LayoutField(ChoiceLabels, models.Model):
    """One field of a layout: its box (left, top and width in millimetres from the blank's top-left corner), its
    font and how many lines a long name or unit may wrap to."""

    layout = models.ForeignKey(CertificateLayout, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("trường"), max_length=20, choices=FieldKey.choices)
    text = models.CharField(_("chữ cố định"), max_length=255, blank=True)
    x_mm = models.DecimalField(_("cách lề trái (mm)"), max_digits=6, decimal_places=1)
    y_mm = models.DecimalField(_("cách lề trên (mm)"), max_digits=6, decimal_places=1)
    width_mm = models.DecimalField(_("độ rộng (mm)"), max_digits=6, decimal_places=1)
    font_size = models.DecimalField(_("cỡ chữ (pt)"), max_digits=4, decimal_places=1, default=14)
    bold = models.BooleanField(_("đậm"), default=False)
    italic = models.BooleanField(_("nghiêng"), default=False)
    uppercase = models.BooleanField(_("chữ in hoa"), default=False)
    align = models.CharField(_("căn lề"), max_length=6, choices=Align.choices, default=Align.CENTER)
    max_lines = models.PositiveSmallIntegerField(_("số dòng tối đa"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trường in")
        verbose_name_plural = _("trường in")
        ordering = ["layout", "y_mm", "x_mm"]
        constraints = [
            models.CheckConstraint(
                condition=Q(x_mm__gte=0, y_mm__gte=0, width_mm__gt=0, font_size__gt=0, max_lines__gte=1),
                name="awards_layoutfield_box",
            ),
            models.CheckConstraint(condition=~Q(key="text") | ~Q(text=""), name="awards_layoutfield_text_given"),
        ]

    def __str__(self) -> str:
        return f"{self.layout}: {self.get_key_display()}"


class PrinterCalibration(models.Model):
    """How one office printer shifts and scales a page, measured once on a test sheet: applied to every print."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="printer_calibrations")
    name = models.CharField(_("tên máy in"), max_length=120, help_text=_("Ví dụ: Canon LBP 2900 phòng Văn phòng"))
    offset_x_mm = models.DecimalField(_("dịch ngang (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("dịch dọc (mm)"), max_digits=5, decimal_places=1, default=0)
    scale_x = models.DecimalField(_("tỷ lệ ngang"), max_digits=5, decimal_places=4, default=1)
    scale_y = models.DecimalField(_("tỷ lệ dọc"), max_digits=5, decimal_places=4, default=1)
    is_default = models.BooleanField(_("máy in mặc định"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("căn chỉnh máy in")
        verbose_name_plural = _("căn chỉnh máy in")
        ordering = ["user", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="awards_calibration_name_once"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_default=True), name="awards_calibration_one_default"
            ),
            models.CheckConstraint(condition=Q(scale_x__gt=0, scale_y__gt=0), name="awards_calibration_scale"),
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(Stamped):
    """A certificate printed for an award, with its number in the register of the unit that keeps it (numbers
    restart each year, without gaps). A reprint (cấp lại: lost or damaged) is a new entry naming the one it replaces
    and why."""

    award = models.ForeignKey(
        Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="certificates"
    )
    layout = models.ForeignKey(CertificateLayout, verbose_name=_("mẫu in"), on_delete=models.PROTECT, related_name="+")
    register_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị giữ sổ"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số vào sổ"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("cấp lại thay cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    reason = models.CharField(_("lý do cấp lại"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận đã in")
        verbose_name_plural = _("sổ theo dõi cấp phát")
        ordering = ["register_unit", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register_unit", "year", "number"], name="awards_certificate_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="awards_certificate_number_positive"),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(reason=""), name="awards_certificate_reprint_reason"
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(replaces=F("id")), name="awards_certificate_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"
