"""Issue 15: an edit posted without the version it started from is refused like a concurrent edit.

A crafted client overwrote a nomination by leaving the hidden `version` out of its POST: the optimistic lock took
"no version" for "don't check". Now every edit page of a versioned record (unit, person, nomination, tờ trình,
decision, movement, cluster, pledge, score sheet, initiative, report) is sent back as the browser would send it,
with one text changed, but without its version (or with a version that is not a number): nothing changes and
the page answers with the message of a concurrent edit. The same form with its version is saved, so the
refusal is the version's and nothing else's. The services refuse `expected_version=None` too.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from awards.nominations import services as nomination_services
from awards.register import services as register_services
from emulation import services as emulation_services
from emulation.enums import CriterionKind, MemberRole
from emulation.models import ScoreCriterion, ScoreSheet, ScoreTemplate
from reports import services as report_services
from tests.factories.awards import DecisionFactory
from tests.factories.emulation import InitiativeFactory, MovementFactory, PledgeFactory, make_group
from tests.factories.nominations import BatchFactory, NominationFactory
from tests.factories.reports import ReportFactory
from units import services as unit_services
from units.services import StaleEdit

pytestmark = [
    pytest.mark.integration,
    pytest.mark.today("2026-12-08"),
    pytest.mark.usefixtures("provincial_council"),
]

STALE = "vừa được"  # "… vừa được <ai> sửa lúc <khi nào>, sau khi bạn mở trang. Thay đổi của bạn chưa được lưu …"


class EditForm(HTMLParser):
    """The fields of the page's form that carries `version`, as a browser would post them: text inputs and hidden
    ones with their value, checked boxes, the selected options (the first one of a plain select with none
    selected), text areas; files and buttons left out."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] | None = None
        self.select: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.fields = []
            self.forms.append(self.fields)
        elif self.fields is None or "name" not in attrs:
            if tag == "option" and self.select is not None:
                self._option(attrs)
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"file", "submit", "button", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ("on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "textarea":
            self.textarea = {"name": attrs["name"], "text": []}

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self.select["first"] is None:
            self.select["first"] = value
        if "selected" in attrs:
            self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or ([] if self.select["multiple"] else [self.select["first"] or ""])
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea["name"], "".join(self.textarea["text"]).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.fields = None

    @classmethod
    def of(cls, html: str) -> dict[str, list[str]]:
        parser = cls()
        parser.feed(html)
        form = next(fields for fields in parser.forms if any(name == "version" for name, _value in fields))
        data: dict[str, list[str]] = {}
        for name, value in form:
            data.setdefault(name, []).append(value)
        return data


# -- what each edit page edits --------------------------------------------------------------------------------


def unit(tree, staff, cast):
    record = tree["kv2"]
    return cast["clerk"], reverse("units:unit-update", args=[record.pk]), record, "name", "name"


def person(tree, staff, cast):
    record = staff["hang"]
    return cast["clerk"], reverse("units:person-update", args=[record.pk]), record, "full_name", "full_name"


def nomination(tree, staff, cast):
    record = NominationFactory(person=staff["hang"], nominating_unit=tree["kv1"], year=2026)
    return cast["regional_clerk"], reverse("awards:nomination-update", args=[record.pk]), record, "summary", "summary"


def batch(tree, staff, cast):
    record = BatchFactory(unit=tree["kv1"], council_unit=tree["province"], year=2026, title="Đề nghị khen thưởng")
    return cast["regional_clerk"], reverse("awards:batch-update", args=[record.pk]), record, "title", "title"


def decision(tree, staff, cast):
    record = DecisionFactory(number="5/QĐ-VKS-T", date=datetime.date(2026, 1, 5), issuing_unit=tree["province"])
    return cast["clerk"], reverse("awards:decision-update", args=[record.pk]), record, "summary", "summary"


def movement(tree, staff, cast):
    record = MovementFactory(launching_unit=tree["province"], name="Phong trào thi đua Vì công lý")
    return cast["clerk"], reverse("emulation:movement-update", args=[record.pk]), record, "name", "name"


def group(tree, staff, cast):
    record = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    return cast["clerk"], reverse("emulation:group-update", args=[record.pk]), record, "name", "name"


def pledge(tree, staff, cast):
    cluster = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    record = PledgeFactory(group=cluster, signing_units=[tree["kv1"]], targets=[("Tỷ lệ giải quyết tin báo", "90%")])
    return cast["regional_clerk"], reverse("emulation:pledge-update", args=[record.pk]), record, "place", "place"


def score_sheet(tree, staff, cast):
    cluster = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    template = ScoreTemplate.objects.create(name="Bảng chấm điểm", year=2025)
    criterion = ScoreCriterion.objects.create(
        template=template, section="I", order=1, text="Công tác công tố", kind=CriterionKind.CRITERION, max_points=60
    )
    record = emulation_services.score_sheet_save(
        sheet=ScoreSheet(group=cluster, unit=tree["kv1"], template=template), scores={criterion.pk: (50, 50)}
    )
    url = reverse("emulation:score-sheet", args=[cluster.pk, tree["kv1"].pk])
    return cast["clerk"], url, record, f"agreed_{criterion.pk}", "agreed"


def initiative(tree, staff, cast):
    record = InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]])
    return cast["clerk"], reverse("emulation:initiative-update", args=[record.pk]), record, "title", "title"


def report(tree, staff, cast):
    record = ReportFactory(unit=tree["province"])
    return cast["clerk"], reverse("reports:report-edit", args=[record.pk]), record, "direction", "direction"


EDIT_PAGES = [unit, person, nomination, batch, decision, movement, group, pledge, score_sheet, initiative, report]
NEW_TEXT = {"agreed": "41"}  # a score; every other field takes a text


def stored(record, attribute: str):
    record.refresh_from_db()
    if attribute == "agreed":
        return str(int(record.entries.get().agreed_score))
    return getattr(record, attribute)


def page_form(client, user, url) -> dict[str, list[str]]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return EditForm.of(response.content.decode())


@pytest.mark.parametrize("version", [None, "", "abc"], ids=["left-out", "empty", "not-a-number"])
@pytest.mark.parametrize("edit_page", EDIT_PAGES, ids=[page.__name__ for page in EDIT_PAGES])
def test_an_edit_without_its_version_changes_nothing(client, tree, staff, cast, edit_page, version):
    user, url, record, field, attribute = edit_page(tree, staff, cast)
    data = page_form(client, user, url)
    before = (stored(record, attribute), record.version)
    data[field] = [NEW_TEXT.get(attribute, "Bản sửa của máy khách giả mạo")]
    if version is None:
        del data["version"]
    else:
        data["version"] = [version]

    response = client.post(url, data)

    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert (stored(record, attribute), record.version) == before


@pytest.mark.parametrize("edit_page", EDIT_PAGES, ids=[page.__name__ for page in EDIT_PAGES])
def test_the_same_edit_with_its_version_is_saved(client, tree, staff, cast, edit_page):
    user, url, record, field, attribute = edit_page(tree, staff, cast)
    data = page_form(client, user, url)
    new = NEW_TEXT.get(attribute, "Bản sửa hợp lệ")
    data[field] = [new]

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(record, attribute) == new


# -- the services -----------------------------------------------------------------------------------------------


def test_the_services_refuse_an_update_that_names_no_version(tree, staff, cast):
    record = NominationFactory(person=staff["hang"], nominating_unit=tree["kv1"], year=2026)
    calls = [
        lambda: unit_services.unit_save(unit=tree["kv2"], expected_version=None),
        lambda: unit_services.person_save(person=staff["hang"], expected_version=None),
        lambda: nomination_services.nomination_save(nomination=record, expected_version=None),
        lambda: register_services.decision_save(
            decision=DecisionFactory(issuing_unit=tree["province"]), expected_version=None
        ),
        lambda: report_services.report_update(
            report=ReportFactory(unit=tree["province"]),
            data={"direction": "x"},
            by=cast["admin"],
            expected_version=None,
        ),
    ]

    refused = []
    for call in calls:
        with pytest.raises(StaleEdit) as caught:
            call()
        refused.append(STALE in caught.value.messages[0])

    assert refused == [True] * len(calls)


def test_imports_and_other_services_still_write_without_a_version(tree):
    unit = tree["kv2"]
    unit.short_name = "VKSND khu vực 2"

    unit_services.unit_save(unit=unit)

    unit.refresh_from_db()
    assert (unit.short_name, unit.version) == ("VKSND khu vực 2", 1)
