"""The `movements` interchange table (django-import-export, through units.resources.InterchangeResource)."""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field

from emulation import services
from emulation.enums import DocumentType, MovementKind
from emulation.models import Movement
from units.resources import (
    ChoiceWidget,
    Column,
    DateWidget,
    InterchangeResource,
    TextWidget,
    UnitCodeWidget,
    cell_text,
    format_date,
    unit_label,
)

# "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"
CITATION = re.compile(
    r"^(?P<type>.+?)\s+số\s+(?P<number>\S+)\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})(?:\s+của\s+(?P<issuer>.+))?$"
)
# Citations are printed in Vietnamese whatever the interface language, so the words are read and written in "vi".
CITATION_LANGUAGE = "vi"
with translation.override(CITATION_LANGUAGE):
    TYPE_OF_WORD = {str(label).lower(): value for value, label in DocumentType.choices if value != DocumentType.OTHER}


def parse_citation(text: str) -> dict:
    """The fields of a launching document cited as printed, or {"document_text": text} when it does not parse."""
    text = " ".join((text or "").split())
    match = CITATION.match(text)
    doc_type = TYPE_OF_WORD.get(match.group("type").lower()) if match else None
    if not match or doc_type is None:
        return {"document_text": text, "doc_type": DocumentType.OTHER, "doc_number": "", "doc_date": None,
                "doc_issuer": ""}  # fmt: skip
    return {
        "document_text": "",
        "doc_type": doc_type,
        "doc_number": match.group("number"),
        "doc_date": DateWidget().clean(match.group("date")),
        "doc_issuer": (match.group("issuer") or "").strip(),
    }


class DocumentField(Field):
    """The `document` column: the citation as printed, split into the document fields on import."""

    def clean(self, row, **kwargs):
        return parse_citation(str(row.get(self.column_name) or ""))

    def save(self, instance, row, is_m2m=False, **kwargs):
        try:
            values = self.clean(row)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        for name, value in values.items():
            setattr(instance, name, value)

    def export(self, instance, **kwargs):
        with translation.override(CITATION_LANGUAGE):
            return instance.citation


class QuotaWidget(widgets.Widget):
    """A thematic movement's cap of awards: a whole number from 1 (Excel's 5.0 too); an empty cell is no cap."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            raise ValueError(gettext_lazy("“%(value)s” không phải là số nguyên dương.") % {"value": text}) from None
        if not 1 <= number <= 32767:
            raise ValueError(gettext_lazy("“%(value)s” phải từ 1 đến 32767.") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


# The columns of what a thematic movement's awards ask and how many it gives: optional, thematic movements only.
THEMATIC_COLUMNS = ("award_criteria", "award_quota_individual", "award_quota_collective")


class MovementResource(InterchangeResource):
    code = Field(attribute="code", column_name="code", widget=TextWidget())
    name = Field(attribute="name", column_name="name", widget=TextWidget())
    kind = Field(attribute="kind", column_name="kind", widget=ChoiceWidget(MovementKind))
    unit_code = Field(
        attribute="launching_unit",
        column_name="unit_code",
        widget=UnitCodeWidget(gettext_lazy("Không tìm thấy đơn vị có mã “%(code)s”.")),
    )
    start_date = Field(attribute="start_date", column_name="start_date", widget=DateWidget())
    end_date = Field(attribute="end_date", column_name="end_date", widget=DateWidget())
    document = DocumentField(attribute="document_text", column_name="document")
    award_criteria = Field(attribute="award_criteria", column_name="award_criteria", widget=TextWidget())
    award_quota_individual = Field(
        attribute="award_quota_individual", column_name="award_quota_individual", widget=QuotaWidget()
    )
    award_quota_collective = Field(
        attribute="award_quota_collective", column_name="award_quota_collective", widget=QuotaWidget()
    )

    required_columns = ("code", "name", "kind", "unit_code", "start_date")
    extra_error_columns = {"doc_date": "document", "doc_number": "document", "launching_unit": "unit_code"}
    file_slug = "phong-trao"
    label_column = "name"
    column_meanings = {
        "code": gettext_lazy("Mã phong trào, không trùng nhau"),
        "name": gettext_lazy("Tên phong trào thi đua"),
        "kind": gettext_lazy("Loại phong trào"),
        "unit_code": gettext_lazy("Mã đơn vị phát động"),
        "start_date": gettext_lazy("Ngày bắt đầu"),
        "end_date": gettext_lazy("Ngày kết thúc"),
        "document": gettext_lazy(
            "Văn bản phát động, ghi như khi trích dẫn (ví dụ Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND "
            "thành phố Huế)"
        ),
        "award_criteria": gettext_lazy("Tiêu chuẩn khen thưởng của phong trào (chỉ phong trào theo đợt, chuyên đề)"),
        "award_quota_individual": gettext_lazy(
            "Số cá nhân được khen thưởng tối đa (chỉ phong trào theo đợt, chuyên đề)"
        ),
        "award_quota_collective": gettext_lazy(
            "Số tập thể được khen thưởng tối đa (chỉ phong trào theo đợt, chuyên đề)"
        ),
    }
    readable_title = gettext_lazy("Phong trào thi đua")
    readable_columns = (
        Column(gettext_lazy("Mã phong trào"), lambda movement: movement.code),
        Column(gettext_lazy("Tên phong trào"), lambda movement: movement.name),
        Column(gettext_lazy("Loại"), lambda movement: movement.get_kind_display()),
        Column(gettext_lazy("Đơn vị phát động"), lambda movement: unit_label(movement.launching_unit)),
        Column(gettext_lazy("Từ ngày"), lambda movement: format_date(movement.start_date)),
        Column(gettext_lazy("Đến ngày"), lambda movement: format_date(movement.end_date)),
        Column(gettext_lazy("Văn bản phát động"), lambda movement: movement.citation),
        Column(gettext_lazy("Tiêu chuẩn khen thưởng"), lambda movement: movement.award_criteria),
        Column(gettext_lazy("Số cá nhân được khen tối đa"), lambda movement: movement.award_quota_individual),
        Column(gettext_lazy("Số tập thể được khen tối đa"), lambda movement: movement.award_quota_collective),
    )
    readable_related = ("launching_unit__parent",)
    export_url_name = "emulation:movement-export"
    export_permission = "emulation.browse"

    class Meta(InterchangeResource.Meta):
        model = Movement
        fields = ("code", "name", "kind", "unit_code", "start_date", "end_date", "document", *THEMATIC_COLUMNS)

    def get_queryset(self):
        return Movement.objects.select_related("launching_unit")

    def check_row(self, instance, row, errors: dict) -> None:
        super().check_row(instance, row, errors)
        if instance.kind != MovementKind.THEMATIC:
            for column in THEMATIC_COLUMNS:
                if column in row and cell_text(row[column]) and column not in errors:
                    errors[column] = [
                        gettext_lazy(
                            "Chỉ phong trào theo đợt, chuyên đề mới có tiêu chuẩn, số lượng khen thưởng riêng."
                        )
                    ]

    def check_scope(self, instance, is_create):
        editable = self.editable_units()
        if not is_create:
            current = Movement.objects.filter(pk=instance.pk).values_list("launching_unit_id", flat=True).first()
            if not editable.filter(pk=current).exists():
                raise ValidationError(
                    {"code": gettext_lazy("Phong trào “%(code)s” do đơn vị ngoài phạm vi quản lý của bạn phát động.")
                     % {"code": instance.code}}
                )  # fmt: skip
        if instance.launching_unit_id and not editable.filter(pk=instance.launching_unit_id).exists():
            raise ValidationError({"launching_unit": self.out_of_scope(instance.launching_unit)})

    def save_through_service(self, instance):
        services.movement_save(movement=instance, by=self.user)
