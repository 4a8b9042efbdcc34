"""Import of nominee lists (the interchange format)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import AwardKind
from awards.nominations import services
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.resources import (
    AwardTypeCodeWidget,
    IntegerWidget,
    LabelChoiceWidget,
    PersonCodeWidget,
    RowKeyedResource,
)
from units.resources import (
    InterchangeResource,
    TextWidget,
    UnitCodeWidget,
    cell_text,
)


class NominationResource(RowKeyedResource):
    """`nominations`: a nominee list for the annual review; every row becomes a draft nomination.

    A row whose nomination (same recipient, type, year and nominating unit) is already live is unchanged: an
    import never edits a nomination (that is done on its page), so importing a list twice adds nothing.
    A recipient already nominated by another unit is an error from `nomination_save`, naming that unit.
    """

    nominating_unit_code = Field(
        attribute="nominating_unit",
        column_name="nominating_unit_code",
        widget=UnitCodeWidget(gettext_lazy("Không tìm thấy đơn vị đề nghị có mã “%(code)s”.")),
    )
    person_code = Field(attribute="person", column_name="person_code", widget=PersonCodeWidget())
    unit_code = Field(
        attribute="unit",
        column_name="unit_code",
        widget=UnitCodeWidget(gettext_lazy("Không tìm thấy tập thể (đơn vị) có mã “%(code)s”.")),
    )
    award_code = Field(attribute="award_type", column_name="award_code", widget=AwardTypeCodeWidget())
    year = Field(attribute="year", column_name="year", widget=IntegerWidget(FIRST_YEAR, LAST_YEAR))
    kind = Field(attribute="kind", column_name="kind", widget=LabelChoiceWidget(AwardKind), default=AwardKind.REGULAR)
    summary = Field(attribute="summary", column_name="summary", widget=TextWidget())

    required_columns = ("nominating_unit_code", "award_code", "year")
    # nomination_save: a thematic nomination without a movement (the file has no movement column).
    extra_error_columns = {"movement": "kind"}
    key_attribute = "award_type"
    file_slug = "de-nghi-khen-thuong"
    column_meanings = {
        "nominating_unit_code": gettext_lazy("Mã đơn vị đề nghị"),
        "person_code": gettext_lazy("Mã cán bộ được đề nghị (với cá nhân)"),
        "unit_code": gettext_lazy("Mã tập thể được đề nghị (với tập thể)"),
        "award_code": gettext_lazy("Mã danh hiệu, hình thức khen thưởng trong danh mục"),
        "year": gettext_lazy("Năm thành tích"),
        "kind": gettext_lazy("Loại khen thưởng (ghi mã hoặc tên); để trống là regular (thường xuyên)"),
        "summary": gettext_lazy("Tóm tắt thành tích"),
    }

    class Meta(InterchangeResource.Meta):
        model = Nomination
        import_id_fields = ()
        fields = ("nominating_unit_code", "person_code", "unit_code", "award_code", "year", "kind", "summary")

    def get_queryset(self):
        return Nomination.objects.select_related("nominating_unit", "person", "unit", "award_type")

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.select_related("nominating_unit", "person", "unit", "award_type")
        return super().export(queryset, **kwargs)

    def _cleaned(self, row, name: str):
        field = self.fields[name]
        return field.clean(row) if field.column_name in row else None

    def get_instance(self, instance_loader, row):
        """The live nomination the row describes, made by the same nominating unit: the row is already imported."""
        try:
            values = {
                name: self._cleaned(row, name)
                for name in ("nominating_unit_code", "person_code", "unit_code", "award_code", "year")
            }
        except ValueError:
            return None  # reported by import_instance, on its column
        person, unit = values["person_code"], values["unit_code"]
        if None in (values["nominating_unit_code"], values["award_code"], values["year"]) or (person is None) == (
            unit is None
        ):
            return None
        return (
            self.get_queryset()
            .exclude(state__in=NominationState.inactive_states)
            .filter(
                nominating_unit=values["nominating_unit_code"],
                award_type=values["award_code"],
                year=values["year"],
                person=person,
                unit=unit,
            )
            .first()
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return instance.pk is not None and not import_validation_errors

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The recipient kind and the one-live-nomination rule belong to nomination_save, with its own messages.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "recipient_kind", "version"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        person_code, unit_code = cell_text(row.get("person_code")), cell_text(row.get("unit_code"))
        if person_code and unit_code:
            errors.setdefault(
                "unit", [_("Mỗi đề nghị chỉ có một đối tượng: ghi person_code (cá nhân) hoặc unit_code (tập thể).")]
            )
        elif not person_code and not unit_code:
            errors.setdefault("person", [_("Hãy ghi person_code (cá nhân) hoặc unit_code (tập thể).")])
        super().check_row(instance, row, errors)

    def row_key(self, row):
        person_code, unit_code = cell_text(row.get("person_code")), cell_text(row.get("unit_code"))
        award_code, year = cell_text(row.get("award_code")), cell_text(row.get("year"))
        if not (award_code and year) or bool(person_code) == bool(unit_code):
            return None
        return (person_code, unit_code, award_code, year)

    def repeated_key_message(self, row, first):
        person_code, unit_code, award_code, year = self.row_key(row)
        return _("Đề nghị %(type)s năm %(year)s cho “%(who)s” đã có ở dòng %(row)s.") % {
            "type": award_code,
            "year": year,
            "who": person_code or unit_code,
            "row": first,
        }

    def scope_errors(self, instance):
        editable = self.editable_units()
        errors = {}
        if instance.nominating_unit_id and not editable.filter(pk=instance.nominating_unit_id).exists():
            errors["nominating_unit"] = self.out_of_scope(instance.nominating_unit)
        # As in the nomination form: only the staff and units the user may enter data for.
        if instance.person_id and not editable.filter(pk=instance.person.unit_id).exists():
            errors["person"] = self.person_out_of_scope(instance.person)
        if instance.unit_id and not editable.filter(pk=instance.unit_id).exists():
            errors["unit"] = self.out_of_scope(instance.unit)
        return errors

    def label_of(self, instance):
        if instance.person_id:
            return instance.person.full_name
        return instance.unit.name if instance.unit_id else ""

    def save_through_service(self, instance):
        services.nomination_save(nomination=instance, by=self.user)
