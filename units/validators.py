import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (không có khoảng trắng)."),
)

EARLIEST_DATE = datetime.date(1900, 1, 1)


def validate_birth_date(value: datetime.date) -> None:
    today = timezone.localdate()
    if value < EARLIEST_DATE or value > today:
        raise ValidationError(_("Ngày sinh %(value)s không hợp lệ."), params={"value": value.strftime("%d/%m/%Y")})
