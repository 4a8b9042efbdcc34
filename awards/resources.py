"""The `awards` interchange table: columns and export with django-import-export; import in bulk.

Export goes through django-import-export like every table. Import goes through `bulk_import`
(awards.importing.AwardImporter): one query per table for the codes in the file instead of one per row,
every rule checked in Python, the rows written with bulk_create.
"""

from import_export.fields import Field

from awards.enums import AwardKind, RecipientKind
from awards.importing import REQUIRED, AwardImporter
from awards.models import Award
from units.resources import ChoiceWidget, DateWidget, InterchangeResource, TextWidget


class AwardResource(InterchangeResource):
    award_code = Field(attribute="award_type__code", column_name="award_code", widget=TextWidget())
    recipient_kind = Field(attribute="recipient_kind", column_name="recipient_kind", widget=ChoiceWidget(RecipientKind))
    person_code = Field(attribute="person__code", column_name="person_code", widget=TextWidget())
    unit_code = Field(attribute="unit_at_time__code", column_name="unit_code", widget=TextWidget())
    year = Field(attribute="year", column_name="year", widget=TextWidget())
    decision_number = Field(attribute="decision__number", column_name="decision_number", widget=TextWidget())
    decision_date = Field(attribute="decision__date", column_name="decision_date", widget=DateWidget())
    kind = Field(attribute="kind", column_name="kind", widget=ChoiceWidget(AwardKind))
    movement_code = Field(attribute="movement__code", column_name="movement_code", widget=TextWidget())
    note = Field(attribute="note", column_name="note", widget=TextWidget())

    required_columns = REQUIRED
    file_slug = "khen-thuong"
    label_column = "person_code"

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
            "decision_date",
            "kind",
            "movement_code",
            "note",
        )

    def get_queryset(self):
        return Award.objects.select_related("award_type", "person", "unit_at_time", "decision", "movement")

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.select_related("award_type", "person", "unit_at_time", "decision", "movement")
        return super().export(queryset, **kwargs)

    @classmethod
    def bulk_import(cls, *, dataset, dry_run: bool, user=None, progress=None):
        return AwardImporter(user=user, progress=progress).run(dataset, dry_run=dry_run)
