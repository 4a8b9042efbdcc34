"""No form of the product offers Django's "---------" as its empty choice: the blank choice of every model choice
field and every model field with choices reads "— Chọn —" (templates/django/forms/widgets/select_option.html,
rendered through the project's templates by FORM_RENDERER), the filters keep their own "Tất cả…"."""

import datetime

import pytest
from django import forms
from django.urls import URLResolver, get_resolver, reverse

from tests.factories.awards import DecisionFactory
from tests.factories.units import PersonFactory
from units.models import Unit

pytestmark = pytest.mark.integration

DASHES = "---------"
CHOOSE = "— Chọn —"
NAMESPACES = {"units", "emulation", "awards", "reports"}


def pages_without_arguments(resolver=None, prefix: str = "", namespace: str = ""):
    """The names of the project's pages that take no argument (every list, filter and create form)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from pages_without_arguments(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif namespace in NAMESPACES and entry.name and "<" not in prefix + str(entry.pattern):
            yield f"{namespace}:{entry.name}"


def html_of(client, url: str) -> str:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode()


def test_a_model_choice_and_a_model_field_with_choices_read_choose():
    class Form(forms.ModelForm):
        parent = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)

        class Meta:
            model = Unit
            fields = ["level"]  # a model field with choices and no default: Django adds its blank choice

    html = str(Form())

    assert DASHES not in html
    assert html.count(f'<option value="" selected>{CHOOSE}</option>') == 2


def test_no_page_of_the_forms_offers_dashes(client, cast, tree):
    person = PersonFactory(code="CB-TEST", full_name="Lê Văn Tâm", unit=tree["kv1"])
    decision = DecisionFactory(number="101/QĐ-VKS", date=datetime.date(2025, 12, 20))
    client.force_login(cast["admin"])
    urls = [reverse(name) for name in sorted(set(pages_without_arguments()))]
    urls += [
        reverse("units:person-update", args=[person.pk]),
        reverse("units:person-transfer", args=[person.pk]),
        reverse("units:unit-update", args=[tree["kv1"].pk]),
        reverse("awards:decision-detail", args=[decision.pk]),  # its form to add an award
        reverse("awards:decision-update", args=[decision.pk]),
    ]

    rendered = {url: html_of(client, url) for url in urls}

    with_dashes = sorted(url for url, html in rendered.items() if DASHES in html)
    assert with_dashes == []
    # The walk did render the forms: the unit, staff, nomination and decision forms have a blank choice.
    choosing = {url for url, html in rendered.items() if CHOOSE in html}
    for name in ("units:unit-create", "units:person-create", "awards:nomination-create", "awards:decision-create"):
        assert reverse(name) in choosing
