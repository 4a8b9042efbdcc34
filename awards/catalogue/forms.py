"""Form fields of the catalogue shared by the forms of other apps."""

from django import forms

from awards.catalogue.models import AwardType


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardType) -> str:
        return obj.name
