"""The dossier a nomination needs (Law 2022 Art. 84): the documents of its category, the initiative's certificate
for the titles whose standard names one in the rule set of its year (the same titles the eligibility criteria ask an
initiative of), the special certificate of an ad hoc award; the nomination page's checklist shows exactly these."""

import datetime

import pytest
from django.urls import reverse

from awards.catalogue.dossier import dossier_requirements
from awards.catalogue.enums import AwardKind, DossierDocument
from awards.catalogue.models import AwardType, RuleSet
from awards.nominations import eligibility
from tests.factories.nominations import NominationFactory

D = DossierDocument
BASE = [D.PROPOSAL, D.ACHIEVEMENT_REPORT, D.MINUTES]
DEFAULTS = RuleSet(name="Quy tắc mặc định")
WITHOUT_CSTDCS_INITIATIVE = RuleSet(name="Luật sửa đổi", cstdcs_requires_initiative=False)


def title(code: str) -> AwardType:
    return AwardType(code=code, name=code, category="title")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "ruleset", "wanted"),
    [
        ("LDTT", DEFAULTS, BASE),
        ("CSTDCS", DEFAULTS, [*BASE, D.INITIATIVE_CERTIFICATE]),
        ("CSTDN", DEFAULTS, [*BASE, D.INITIATIVE_CERTIFICATE]),
        ("CSTDTQ", DEFAULTS, [*BASE, D.INITIATIVE_CERTIFICATE]),
        ("CSTDCS", WITHOUT_CSTDCS_INITIATIVE, BASE),
        ("CSTDN", WITHOUT_CSTDCS_INITIATIVE, [*BASE, D.INITIATIVE_CERTIFICATE]),
    ],
)
def test_a_title_needs_the_initiatives_certificate_where_the_rule_set_asks_an_initiative(code, ruleset, wanted):
    assert dossier_requirements(title(code), ruleset) == wanted


@pytest.mark.unit
def test_a_form_needs_the_three_documents_of_its_category():
    form = AwardType(code="BKVKSTC", name="Bằng khen VKSTC", category="form")

    assert dossier_requirements(form, DEFAULTS) == BASE


@pytest.mark.unit
def test_an_ad_hoc_award_needs_the_certificate_of_its_special_achievement():
    form = AwardType(code="GK", name="Giấy khen", category="form")

    assert dossier_requirements(form, DEFAULTS, kind=AwardKind.AD_HOC) == [*BASE, D.SPECIAL_CERTIFICATE]


@pytest.mark.unit
@pytest.mark.parametrize("ruleset", [DEFAULTS, WITHOUT_CSTDCS_INITIATIVE])
def test_the_dossier_and_the_criteria_ask_an_initiative_of_the_same_titles(ruleset):
    asked = {code for code in ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ", "BKVKSTC") if code in ruleset.initiative_code_set}

    certified = {
        code
        for code in ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ", "BKVKSTC")
        if D.INITIATIVE_CERTIFICATE in dossier_requirements(title(code), ruleset)
    }

    assert certified == asked


@pytest.mark.integration
def test_the_checklist_drops_the_certificate_when_the_rule_set_drops_cstdcs_initiative(client, tree, staff, cast):
    RuleSet.objects.filter(effective_from=datetime.date(2026, 10, 1)).update(cstdcs_requires_initiative=False)
    before = NominationFactory(person=staff["hang"], code="CSTDCS", year=2025)
    after = NominationFactory(person=staff["hang"], code="CSTDCS", year=2026)
    client.force_login(cast["regional_clerk"])

    pages = [client.get(reverse("awards:nomination-detail", args=[n.pk])) for n in (before, after)]

    kinds = [[item["kind"] for item in page.context["checklist"]] for page in pages]
    assert kinds == [[*BASE, D.INITIATIVE_CERTIFICATE], BASE]
    checks = eligibility.evaluate([before, after])
    assert [checks[n.pk].get("initiative") is not None for n in (before, after)] == [True, False]
