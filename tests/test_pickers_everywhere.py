"""No page renders a drop-down of all units or all staff (issue 20): every unit field and filter is a unit picker,
every person field a person picker (units.forms, static/js/picker.js), whose page carries only what is chosen.

An administrator of a sector of 130 units and 300 staff walks every page with a form: no `<select>` there has more
than 40 options. A unit or a person outside the user's scope, typed or sent by hand, is refused on its field with a
sentence in Vietnamese. And the look-up behind each unit picker offers exactly the units its field accepts: what the
picker lists, the form takes, and nothing else.
"""

import datetime
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django import forms
from django.urls import URLResolver, get_resolver, reverse

from awards.councils.enums import CouncilRole
from tests.factories.awards import DecisionFactory, award_type
from tests.factories.councils import CouncilFactory, CouncilMemberFactory
from tests.factories.emulation import InitiativeFactory, MovementFactory
from tests.factories.nominations import BatchFactory, NominationFactory
from tests.factories.units import PersonFactory, UnitFactory
from units.common.text import fold
from units.enums import UnitLevel
from units.forms import UnitPicker
from units.models import Person, Unit

# The year selects offer the work years up to the one under review: pinned, so that the walk sees the same pages.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

MAX_OPTIONS = 40
NAMESPACES = {"units", "emulation", "awards", "reports"}
SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]*)\"[^>]*>(.*?)</select>", re.DOTALL)
PICKER = re.compile(r"<input\b[^>]*\bdata-picker-url=[^>]*>", re.DOTALL)


def pages_without_arguments(resolver=None, prefix: str = "", namespace: str = ""):
    """The names of the product's pages that take no argument (every list, filter and create form)."""
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


def select_sizes(html: str) -> dict[str, int]:
    return {name: body.count("<option") for name, body in SELECT.findall(html)}


def pickers(html: str) -> dict[str, dict]:
    """{field name: {"url": the look-up with its query, "items": the chosen items the page carries}}."""
    found = {}
    for tag in PICKER.findall(html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        found[attrs["name"]] = {
            "url": unescape(attrs["data-picker-url"]),
            "items": json.loads(unescape(attrs["data-picker-items"])),
        }
    return found


# -- a sector of 130 units and 300 staff ------------------------------------------------------------------------


@pytest.fixture
def records(tree, cast):
    """One object of each kind a form with a unit or a person edits."""
    person = PersonFactory(code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"])
    council = CouncilFactory(unit=tree["province"])
    return {
        "person": person,
        "decision": DecisionFactory(
            number="101/QĐ-VKS", date=datetime.date(2025, 12, 20), issuing_unit=tree["province"]
        ),
        "council": council,
        "seat": CouncilMemberFactory(council=council, person=person, role=CouncilRole.MEMBER),
        "movement": MovementFactory(code="PT-2026", launching_unit=tree["province"], participating_units=[tree["kv1"]]),
        "initiative": InitiativeFactory(unit=tree["kv1"], authors=[person]),
        "nomination": NominationFactory(person=person, nominating_unit=tree["kv1"]),
        "batch": BatchFactory(unit=tree["kv1"], council_unit=tree["province"]),
    }


@pytest.fixture
def sector(tree, records):
    """Three more provinces, each with five regional procuracies of seven phòng (126 units more than `tree`), and
    300 staff spread over them."""
    phong = ("Hình sự", "Dân sự", "Hành chính", "Kinh tế", "Tổ chức cán bộ", "Văn phòng", "Thanh tra")
    units = []
    for p in range(1, 4):
        province = UnitFactory(code=f"VKS-P{p}", name=f"Viện kiểm sát nhân dân tỉnh P{p}", short_name=f"VKSND P{p}")
        for r in range(1, 6):
            region = UnitFactory(
                code=f"VKS-P{p}-KV{r}",
                name=f"Viện kiểm sát nhân dân khu vực {r} tỉnh P{p}",
                short_name=f"VKSND khu vực {r} P{p}",
                level=UnitLevel.REGIONAL,
                parent=province,
            )
            for n, name in enumerate(phong, start=1):
                units.append(
                    UnitFactory(
                        code=f"VKS-P{p}-KV{r}-{n}",
                        name=f"Phòng {name}",
                        short_name="",
                        level=UnitLevel.DEPARTMENT,
                        parent=region,
                    )
                )
    Person.objects.bulk_create(
        Person(
            code=f"CB-{n:04d}",
            full_name=f"Nguyễn Văn Số {n}",
            gender="male",
            unit=units[n % len(units)],
            search_text=fold(f"Nguyễn Văn Số {n} CB-{n:04d}"),
        )
        for n in range(300)
    )
    return records


def pages_with_forms(tree, sector) -> list[str]:
    urls = [reverse(name) for name in sorted(set(pages_without_arguments()))]
    urls += [
        reverse("units:person-update", args=[sector["person"].pk]),
        reverse("units:person-transfer", args=[sector["person"].pk]),
        reverse("units:unit-update", args=[tree["kv1"].pk]),
        reverse("awards:decision-detail", args=[sector["decision"].pk]),  # its form to add an award
        reverse("awards:decision-update", args=[sector["decision"].pk]),
        reverse("awards:nomination-update", args=[sector["nomination"].pk]),
        reverse("awards:batch-update", args=[sector["batch"].pk]),
        reverse("awards:council-update", args=[sector["council"].pk]),
        reverse("awards:council-member-create", args=[sector["council"].pk]),
        reverse("awards:council-member-replace", args=[sector["seat"].pk]),
        reverse("emulation:movement-update", args=[sector["movement"].pk]),
        reverse("emulation:initiative-update", args=[sector["initiative"].pk]),
    ]
    # The forms chosen by a unit, with one chosen: they open the staff of that unit.
    ldtt = award_type("LDTT").pk
    urls += [
        f"{reverse('awards:nomination-bulk')}?unit=VKS-T-KV1&year=2026&award_type={ldtt}",
        f"{reverse('emulation:registration-bulk')}?unit=VKS-T-KV1&year=2026&award_type={ldtt}",
        f"{reverse('awards:person-years')}?unit=VKS-T-KV1&year=2026",
        f"{reverse('awards:award-list')}?unit=VKS-P1-KV1",
    ]
    return urls


def test_no_page_offers_a_drop_down_of_all_units_or_staff(client, cast, tree, sector):
    client.force_login(cast["admin"])

    rendered = {url: html_of(client, url) for url in pages_with_forms(tree, sector)}

    too_long = {
        url: {name: size for name, size in select_sizes(html).items() if size > MAX_OPTIONS}
        for url, html in rendered.items()
    }
    assert {url: sizes for url, sizes in too_long.items() if sizes} == {}
    # The walk did render the forms, and their unit and person fields are pickers.
    fields = {url: set(pickers(html)) for url, html in rendered.items()}
    assert fields[reverse("awards:award-list")] == {"unit"}
    assert fields[reverse("awards:decision-detail", args=[sector["decision"].pk])] == {"person", "unit"}
    assert fields[reverse("awards:nomination-create")] == {"nominating_unit", "person_text", "unit"}
    assert fields[reverse("emulation:initiative-create")] == {"unit", "main_author", "coauthors"}
    assert fields[reverse("emulation:movement-create")] == {"launching_unit", "participating_units"}
    assert fields[reverse("units:unit-update", args=[tree["kv1"].pk])] == {"parent", "predecessors"}
    assert fields[reverse("reports:report-create")] == {"unit"}
    assert fields[reverse("awards:council-create")] == {"unit"}


def test_a_picker_carries_only_the_chosen_unit(client, cast, tree, sector):
    client.force_login(cast["admin"])

    html = html_of(client, f"{reverse('awards:award-list')}?unit=VKS-P1-KV1-2")

    assert pickers(html)["unit"]["items"] == [
        {
            "value": "VKS-P1-KV1-2",
            "id": Unit.objects.get(code="VKS-P1-KV1-2").pk,
            "name": "Phòng Dân sự, VKSND khu vực 1 P1",
            "detail": "VKS-P1-KV1-2",
            "label": "Phòng Dân sự, VKSND khu vực 1 P1 (VKS-P1-KV1-2)",
        }
    ]
    assert set(re.findall(r"VKS-P\d-KV\d-\d", html)) == {"VKS-P1-KV1-2"}  # no other of the 105 phòng


def test_a_link_that_names_a_unit_by_its_id_still_filters_and_shows_it(client, cast, tree):
    """The unit pages link their register and staff by the unit's id (`?unit=12`), as the drop-downs sent."""
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-list"), {"unit": tree["kv1"].pk})

    assert response.context["form"].cleaned_data["unit"] == tree["kv1"]
    assert [item["value"] for item in pickers(response.content.decode())["unit"]["items"]] == ["VKS-T-KV1"]


# -- outside the scope: refused on the field, in Vietnamese --------------------------------------------------------

OUTSIDE_UNIT = "Không tìm thấy đơn vị “VKS-X” trong các đơn vị bạn được chọn ở đây."
LDTT = object()  # the award type's id, known once the database is there


@pytest.mark.parametrize(
    ("page", "data", "form", "field", "message"),
    [
        pytest.param(
            ("units:person-create", None),
            {"unit": "VKS-X", "code": "CB-NEW", "full_name": "Lê Văn Mới"},
            "form",
            "unit",
            OUTSIDE_UNIT,
            id="new member of staff",
        ),
        pytest.param(
            ("units:person-transfer", "person"),
            {"to_unit": "VKS-X", "on_date": "01/12/2026"},
            "form",
            "to_unit",
            OUTSIDE_UNIT,
            id="transfer",
        ),
        pytest.param(
            ("awards:nomination-create", None),
            {"nominating_unit": "VKS-X", "person_text": "CB-HANG"},
            "form",
            "nominating_unit",
            OUTSIDE_UNIT,
            id="nomination",
        ),
        pytest.param(
            ("awards:award-create", "decision"),
            {"unit": "Viện kiểm sát nhân dân tỉnh X", "award_type": LDTT, "year": "2025", "kind": "regular"},
            "award_form",
            "unit",
            "Không tìm thấy đơn vị “Viện kiểm sát nhân dân tỉnh X” trong các đơn vị bạn được chọn ở đây.",
            id="award to a collective, typed by name",
        ),
        pytest.param(
            ("emulation:movement-create", None),
            {
                "code": "PT-X",
                "name": "Phong trào",
                "launching_unit": "VKS-T",
                "participating_units": "VKS-T-KV1, VKS-X",
            },
            "form",
            "participating_units",
            OUTSIDE_UNIT,
            id="movement's participants",
        ),
        pytest.param(
            ("emulation:initiative-create", None),
            {"title": "Sáng kiến", "unit": "VKS-T-KV1", "main_author": "CB-X"},
            "form",
            "main_author",
            "Không tìm thấy cán bộ “CB-X” trong phạm vi đơn vị của bạn.",
            id="initiative's author",
        ),
        pytest.param(
            ("reports:report-create", None),
            {"unit": "VKS-X", "kind": "annual", "year": "2026"},
            "form",
            "unit",
            OUTSIDE_UNIT,
            id="report",
        ),
    ],
)
def test_a_unit_or_person_outside_the_scope_is_refused_on_its_field(
    client, cast, tree, records, page, data, form, field, message
):
    PersonFactory(code="CB-X", full_name="Lê Văn Đức", unit=tree["other"])
    name, obj = page
    url = reverse(name, args=[records[obj].pk] if obj else [])
    data = {key: award_type("LDTT").pk if value is LDTT else value for key, value in data.items()}
    client.force_login(cast["clerk"])

    response = client.post(url, data)

    assert response.status_code == 200  # the form again, not a redirect
    assert response.context[form].errors[field] == [message]


def test_a_filter_with_a_unit_outside_the_scope_says_so_and_filters_nothing_away(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:award-list"), {"unit": "VKS-T-KV2"})

    assert response.context["form"].errors["unit"] == [
        "Không tìm thấy đơn vị “VKS-T-KV2” trong các đơn vị bạn được chọn ở đây."
    ]


def test_a_name_shared_by_several_units_asks_for_the_code_and_a_full_label_is_enough(client, cast, tree, sector):
    """Typed without JavaScript: "phòng hình sự" is a phòng of every khu vực; its label with its parent is one."""
    client.force_login(cast["admin"])

    shared = client.get(reverse("units:person-list"), {"unit": "phong hinh su"})
    labelled = client.get(reverse("units:person-list"), {"unit": "Phòng Hình sự, VKSND khu vực 1 P2"})

    [message] = shared.context["form"].errors["unit"]
    first = "Phòng Hình sự, VKSND khu vực 1 P1 (VKS-P1-KV1-1)"
    assert message.startswith(f"Có nhiều đơn vị khớp với “phong hinh su”: {first}; ")
    assert message.endswith("Hãy chọn trong danh sách hoặc nhập mã đơn vị.")
    assert labelled.context["form"].cleaned_data["unit"].code == "VKS-P2-KV1-1"


# -- what the picker lists is what the field takes ---------------------------------------------------------------


def unit_fields(response) -> dict[str, forms.Field]:
    """{field name: field} of the unit pickers of the forms the page was rendered with."""
    found = {}
    values = [value for context in response.context for value in context.flatten().values()]
    for value in values:
        if isinstance(value, forms.BaseForm):
            for name, field in value.fields.items():
                if isinstance(field.widget, UnitPicker) and not field.disabled:
                    found[value.add_prefix(name)] = field
    return found


def offered(client, url: str) -> set[str]:
    path = urlsplit(url)
    answer = client.get(path.path, dict(parse_qsl(path.query))).json()
    assert answer["more"] is False  # the small tree: the whole answer fits in one
    return {row["value"] for row in answer["results"]}


@pytest.mark.parametrize("who", ["clerk", "regional_clerk", "leader", "council_secretary", "admin"])
def test_each_unit_picker_offers_exactly_the_units_its_field_takes(client, cast, tree, who):
    # Closed: the filters take it, the forms of new records do not.
    UnitFactory(
        code="VKS-T-KV3",
        name="Viện kiểm sát nhân dân khu vực 3 (cũ)",
        level=UnitLevel.REGIONAL,
        parent=tree["province"],
        valid_to=datetime.date(2025, 6, 30),
    )
    person = PersonFactory(code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"])
    decision = DecisionFactory(number="7/QĐ-VKS", date=datetime.date(2025, 12, 20), issuing_unit=tree["province"])
    council = CouncilFactory(unit=tree["province"])
    user = cast[who]
    client.force_login(user)
    urls = [reverse(name) for name in sorted(set(pages_without_arguments()))]
    urls += [
        reverse("units:person-transfer", args=[person.pk]),
        reverse("units:unit-update", args=[tree["kv1"].pk]),
        reverse("awards:decision-detail", args=[decision.pk]),
        reverse("awards:decision-update", args=[decision.pk]),
        reverse("awards:council-update", args=[council.pk]),
    ]
    checked = set()

    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        on_page = pickers(response.content.decode())
        for name, field in unit_fields(response).items():
            takes = set(field.queryset.values_list("code", flat=True))
            assert (url, name, offered(client, on_page[name]["url"])) == (url, name, takes)
            checked.add((response.resolver_match.view_name, name))

    assert {("awards:award-list", "unit"), ("units:person-list", "unit")} <= checked
    if who in ("clerk", "admin"):
        assert {
            ("units:unit-update", "parent"),
            ("units:unit-update", "predecessors"),
            ("units:person-transfer", "to_unit"),
            ("awards:nomination-create", "nominating_unit"),
            ("awards:decision-detail", "unit"),
            ("emulation:movement-create", "participating_units"),
            ("reports:report-create", "unit"),
        } <= checked
    if who in ("council_secretary", "admin"):
        assert ("awards:council-create", "unit") in checked
