"""Form fields of the catalogue shared by the forms of other apps."""

from django import forms
from django.utils import timezone

from awards.catalogue.models import AwardType
from awards.catalogue.services import work_year_of


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardType) -> str:
        return obj.name


def year_choices(years=()) -> list[tuple[int, int]]:
    current = work_year_of(timezone.localdate())
    return [(year, year) for year in sorted({*years, *range(current - 5, current + 1)}, reverse=True)]
