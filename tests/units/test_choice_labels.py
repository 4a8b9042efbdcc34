"""A row's `get_FOO_display()` reads its label from a table per field and language (`units.common.models
.ChoiceLabels`): the same labels as Django's, in the active language, and the value itself outside the choices."""

from django.apps import apps
from django.utils import translation

from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from units.common.models import ChoiceLabels


def _models_with_choices():
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if field.choices]
        if fields and issubclass(model, ChoiceLabels):
            yield model, fields


def test_every_row_with_choices_reads_its_labels_from_the_table():
    """Every model of the apps whose fields have choices, but the history copies, has the table."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"units", "awards", "emulation", "reports"}
        and not model.__name__.startswith("Historical")
        and not issubclass(model, ChoiceLabels)
        for field in model._meta.concrete_fields
        if field.choices
    ]
    assert missing == []


def test_the_labels_are_djangos_in_each_language():
    for language in ("vi", "en"):
        with translation.override(language):
            for model, fields in _models_with_choices():
                for field in fields:
                    for value, label in field.flatchoices:
                        row = model(**{field.attname: value})
                        assert getattr(row, f"get_{field.name}_display")() == str(label), (model, field.name, value)


def test_a_nomination_shows_its_state_in_the_active_language():
    nomination = Nomination(state=NominationState.SUBMITTED)
    with translation.override("vi"):
        assert nomination.get_state_display() == "Đã gửi Hội đồng"
    with translation.override("en"):
        assert nomination.get_state_display() == "Sent to the council"


def test_a_value_outside_the_choices_shows_as_it_is():
    assert Nomination(state="archived").get_state_display() == "archived"
    assert Nomination(state=None).get_state_display() is None
