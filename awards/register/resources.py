"""The `awards`, `person_years` and `nominations` interchange tables (django-import-export).

`awards`: export goes through django-import-export like every table. Import goes through `bulk_import`
(awards.register.importing.AwardImporter): one query per table for the codes in the file instead of one per row,
the rules of the register's services checked in Python (awards.register.validation), the rows and their history
written in bulk.

`person_years` and `nominations` are small yearly lists, imported row by row through their services
(`person_year_save`, `nomination_save`) like the tables of `units` (spec: docs/import-format.md)."""

import functools

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import AwardType
from awards.register import issuers, services
from awards.register.enums import Discipline, TaskRating
from awards.register.importing import REQUIRED, AwardImporter
from awards.register.models import Award, PersonYear
from units.common.text import fold
from units.models import Person
from units.resources import (
    BooleanWidget,
    ChoiceWidget,
    Column,
    DateWidget,
    InterchangeResource,
    TextWidget,
    cell_text,
    format_date,
    unit_full_name,
    unit_label,
)

# The labels accepted for ratings, discipline and kinds are the Vietnamese ones, whatever the interface language.
LABEL_LANGUAGE = "vi"


EXPORT_RELATED = (
    "award_type",
    "person",
    "unit_at_time",
    "decision__issuing_unit",
    "decision__issuing_body",
    "movement",
)


def revocation_text(award) -> str:
    """A revoked award's "Đã hủy ngày 05/03/2025 theo 12/QĐ-VKS: lý do"; empty for one that stands."""
    if not award.is_revoked:
        return ""
    text = _("Đã hủy ngày %(date)s") % {"date": format_date(award.revoked_on)}
    if award.revoking_decision:
        text += " " + _("theo %(decision)s") % {"decision": award.revoking_decision}
    return f"{text}: {award.revocation_reason}" if award.revocation_reason else text


class AwardResource(InterchangeResource):
    award_code = Field(attribute="award_type__code", column_name="award_code", widget=TextWidget())
    recipient_kind = Field(attribute="recipient_kind", column_name="recipient_kind", widget=ChoiceWidget(RecipientKind))
    person_code = Field(attribute="person__code", column_name="person_code", widget=TextWidget())
    unit_code = Field(attribute="unit_at_time__code", column_name="unit_code", widget=TextWidget())
    year = Field(attribute="year", column_name="year", widget=TextWidget())
    decision_number = Field(attribute="decision__number", column_name="decision_number", widget=TextWidget())
    # The issuer's code: a unit's or a body's (`issuers.issuer_code`), so that a file exported and imported again
    # names the same decisions.
    issuer_code = Field(column_name="issuer_code", widget=TextWidget(), dehydrate_method="dehydrate_issuer_code")
    decision_date = Field(attribute="decision__date", column_name="decision_date", widget=DateWidget())
    kind = Field(attribute="kind", column_name="kind", widget=ChoiceWidget(AwardKind))
    movement_code = Field(attribute="movement__code", column_name="movement_code", widget=TextWidget())
    note = Field(attribute="note", column_name="note", widget=TextWidget())

    required_columns = REQUIRED
    file_slug = "khen-thuong"
    label_column = "person_code"
    column_meanings = {
        "award_code": gettext_lazy("Mã danh hiệu, hình thức khen thưởng trong danh mục (ví dụ LDTT, CSTDCS)"),
        "recipient_kind": gettext_lazy("Đối tượng được khen"),
        "person_code": gettext_lazy("Mã cán bộ được khen (với cá nhân)"),
        "unit_code": gettext_lazy("Mã đơn vị: tập thể được khen, hoặc đơn vị của cá nhân khi được khen"),
        "year": gettext_lazy("Năm thành tích"),
        "decision_number": gettext_lazy("Số, ký hiệu quyết định (ví dụ 1234/QĐ-VKSTC)"),
        "issuer_code": gettext_lazy("Mã cơ quan ban hành quyết định; để trống thì hệ thống tự xác định"),
        "decision_date": gettext_lazy("Ngày quyết định"),
        "kind": gettext_lazy("Loại khen thưởng; để trống là regular (thường xuyên)"),
        "movement_code": gettext_lazy("Mã phong trào thi đua gắn với khen thưởng"),
        "note": gettext_lazy("Ghi chú"),
    }
    readable_title = gettext_lazy("Sổ khen thưởng")
    readable_columns = (
        Column(gettext_lazy("Năm thành tích"), lambda award: award.year),
        Column(gettext_lazy("Đối tượng"), lambda award: award.get_recipient_kind_display()),
        Column(
            gettext_lazy("Họ và tên cá nhân, tên tập thể"),
            lambda award: award.person.full_name if award.person_id else unit_full_name(award.unit),
        ),
        Column(gettext_lazy("Mã cán bộ"), lambda award: award.person.code if award.person_id else ""),
        Column(gettext_lazy("Đơn vị"), lambda award: unit_label(award.unit_at_time)),
        Column(gettext_lazy("Danh hiệu, hình thức"), lambda award: award.award_type.name),
        Column(gettext_lazy("Loại khen thưởng"), lambda award: award.get_kind_display()),
        Column(gettext_lazy("Phong trào thi đua"), lambda award: award.movement.name if award.movement_id else ""),
        Column(gettext_lazy("Số quyết định"), lambda award: award.decision.number),
        Column(gettext_lazy("Ngày quyết định"), lambda award: format_date(award.decision.date)),
        Column(gettext_lazy("Cấp quyết định"), lambda award: award.decision.get_authority_display()),
        Column(gettext_lazy("Cơ quan ban hành"), lambda award: award.decision.issuer_name),
        Column(gettext_lazy("Ghi chú"), lambda award: award.note),
        Column(gettext_lazy("Tình trạng"), revocation_text),
    )
    readable_related = (*EXPORT_RELATED, "unit__parent", "unit_at_time__parent")
    export_url_name = "awards:award-export"
    export_permission = "awards.export_register"

    class Meta(InterchangeResource.Meta):
        model = Award
        import_id_fields = ()
        fields = (
            "award_code",
            "recipient_kind",
            "person_code",
            "unit_code",
            "year",
            "decision_number",
            "issuer_code",
            "decision_date",
            "kind",
            "movement_code",
            "note",
        )

    def get_queryset(self):
        return Award.objects.select_related(*EXPORT_RELATED)

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.select_related(*EXPORT_RELATED)
        return super().export(queryset, **kwargs)

    @staticmethod
    def dehydrate_issuer_code(award) -> str:
        return issuers.issuer_code(award.decision)

    @classmethod
    def bulk_import(cls, *, dataset, dry_run: bool, user=None, progress=None):
        return AwardImporter(user=user, progress=progress).run(dataset, dry_run=dry_run)


# -- person_years and nominations: imported row by row through the services ----------------------------


class IntegerWidget(widgets.Widget):
    """A whole number (Excel's 2024.0 too) within [minimum, maximum]; an empty cell is None."""

    def __init__(self, minimum: int, maximum: int, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            raise ValueError(_("“%(value)s” không phải là số nguyên.") % {"value": text}) from None
        if not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("“%(value)s” phải từ %(minimum)s đến %(maximum)s.")
                % {"value": text, "minimum": self.minimum, "maximum": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class LabelChoiceWidget(widgets.Widget):
    """A code of a TextChoices, or for convenience its Vietnamese label, in any case, with or without diacritics
    ("Hoàn thành tốt nhiệm vụ", "hoan thanh tot nhiem vu" and "good" are the same). Rendered as the code."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    @functools.cached_property
    def value_of(self) -> dict[str, str]:
        # Built on first use: the labels are lazy translations, readable only once the apps are loaded.
        with translation.override(LABEL_LANGUAGE):
            values = {fold(str(label)): value for value, label in self.choices.choices}
        values.update({fold(value): value for value in self.choices.values})
        return values

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.value_of[fold(text)]
        except KeyError:
            codes = ", ".join(value for value in self.choices.values if value)
            raise ValueError(
                _("Giá trị “%(value)s” không hợp lệ; hãy ghi một trong các mã %(codes)s (hoặc tên tương ứng).")
                % {"value": text, "codes": codes}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PersonCodeWidget(widgets.Widget):
    """A member of staff referenced by code (case-sensitive)."""

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        person = Person.objects.select_related("unit").filter(code=code).first()
        if person is None:
            raise ValueError(_("Không tìm thấy cán bộ có mã “%(code)s”.") % {"code": code})
        return person

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class AwardTypeCodeWidget(widgets.Widget):
    """An award type of the catalogue in use, referenced by code."""

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        award_type = AwardType.objects.filter(code=code).first()
        if award_type is None:
            raise ValueError(
                _("Không có danh hiệu, hình thức khen thưởng mã “%(code)s” trong danh mục.") % {"code": code}
            )
        if not award_type.is_active:
            raise ValueError(_("Danh hiệu, hình thức “%(code)s” không còn được áp dụng.") % {"code": code})
        return award_type

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class RowKeyedResource(InterchangeResource):
    """A table without a `code` column: rows are identified by `row_key` (a tuple of cell texts).

    The same key twice in one file is an error on the second row (otherwise the second would silently update
    or skip against the first, saved a moment earlier in the same transaction). Scope is checked in `check_row`,
    before an unchanged row could be skipped: a row outside the user's scope is an error even if it changes
    nothing, so that an import cannot be used to probe data the user may not see.
    """

    # The model attribute (hence the column) where a repeated key is reported.
    key_attribute = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first_row_of_key: dict[tuple, int] = {}
        self.row_label = ""

    def row_key(self, row) -> tuple | None:
        raise NotImplementedError

    def repeated_key_message(self, row, first: int) -> str:
        raise NotImplementedError

    def scope_errors(self, instance) -> dict:
        raise NotImplementedError

    def label_of(self, instance) -> str:
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        for number, row in zip(self._sheet_rows(dataset), dataset.dict, strict=True):
            key = self.row_key(row)
            if key is not None:
                self.first_row_of_key.setdefault(key, number)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self.row_label = ""

    def check_row(self, instance, row, errors):
        super().check_row(instance, row, errors)
        key = self.row_key(row)
        number = self.sheet_row(row, 0)
        first = self.first_row_of_key.get(key)
        if key is not None and first is not None and number and first != number:
            errors[self.key_attribute] = [self.repeated_key_message(row, first)]
        if not self.is_admin:
            for attribute, message in self.scope_errors(instance).items():
                errors.setdefault(attribute, [message])
        self.row_label = self.label_of(instance)

    def check_scope(self, instance, is_create):
        """Already done by `check_row` (see the class docstring)."""

    def after_row(self, row, row_result):
        key = self.row_key(row)
        row_result.code = " · ".join(part for part in key if part) if key is not None else ""
        row_result.label = self.row_label if row_result.is_new() else ""

    @staticmethod
    def person_out_of_scope(person) -> str:
        # The person's unit is not named: the user may not see it.
        return _("Cán bộ “%(code)s” thuộc đơn vị nằm ngoài phạm vi quản lý của bạn.") % {"code": person.code}


class PersonYearResource(RowKeyedResource):
    """`person_years`: the facts of a person's year that the eligibility rules read; one row per person and year."""

    person_code = Field(attribute="person", column_name="person_code", widget=PersonCodeWidget())
    year = Field(attribute="year", column_name="year", widget=IntegerWidget(FIRST_YEAR, LAST_YEAR))
    rating = Field(attribute="rating", column_name="rating", widget=LabelChoiceWidget(TaskRating))
    service_months = Field(attribute="service_months", column_name="service_months", widget=IntegerWidget(0, 12))
    absence_months = Field(attribute="absence_months", column_name="absence_months", widget=IntegerWidget(0, 12))
    absence_excused = Field(
        attribute="absence_excused", column_name="absence_excused", widget=BooleanWidget(), default=False
    )
    discipline = Field(attribute="discipline", column_name="discipline", widget=LabelChoiceWidget(Discipline))
    note = Field(attribute="note", column_name="note", widget=TextWidget())

    required_columns = ("person_code", "year")
    key_attribute = "person"
    file_slug = "danh-gia-nam"
    column_meanings = {
        "person_code": gettext_lazy("Mã cán bộ"),
        "year": gettext_lazy("Năm được đánh giá"),
        "rating": gettext_lazy("Xếp loại hoàn thành nhiệm vụ (ghi mã hoặc tên)"),
        "service_months": gettext_lazy("Số tháng công tác trong năm (0 đến 12)"),
        "absence_months": gettext_lazy("Số tháng nghỉ việc (0 đến 12)"),
        "absence_excused": gettext_lazy(
            "Nghỉ thuộc trường hợp được tính (thai sản, tai nạn khi làm nhiệm vụ…): 1 (có) hoặc 0 (không)"
        ),
        "discipline": gettext_lazy("Kỷ luật trong năm (ghi mã hoặc tên)"),
        "note": gettext_lazy("Ghi chú"),
    }

    class Meta(InterchangeResource.Meta):
        model = PersonYear
        import_id_fields = ("person_code", "year")
        fields = (
            "person_code",
            "year",
            "rating",
            "service_months",
            "absence_months",
            "absence_excused",
            "discipline",
            "note",
        )

    def get_queryset(self):
        return PersonYear.objects.select_related("person")

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.select_related("person")
        return super().export(queryset, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unknown person or a bad year: reported by import_instance, on its column

    def row_key(self, row):
        person_code, year = cell_text(row.get("person_code")), cell_text(row.get("year"))
        return (person_code, year) if person_code and year else None

    def repeated_key_message(self, row, first):
        return _("Cán bộ “%(code)s” năm %(year)s đã có ở dòng %(row)s.") % {
            "code": cell_text(row.get("person_code")),
            "year": cell_text(row.get("year")),
            "row": first,
        }

    def scope_errors(self, instance):
        person = instance.person if instance.person_id else None
        if person is not None and not self.editable_units().filter(pk=person.unit_id).exists():
            return {"person": self.person_out_of_scope(person)}
        return {}

    def label_of(self, instance):
        return instance.person.full_name if instance.person_id else ""

    def save_through_service(self, instance):
        services.person_year_save(record=instance, by=self.user)
