"""Issue 19: every export a clerk downloads is one he can hand on. An administrator downloads each spreadsheet of the
application on the data of a province (awards of individuals and collectives, a phòng among them, a revoked award, a
movement, an initiative, a cluster with registrations, a five-year report): its header row is Vietnamese (no code
name such as `award_code`, no column name of the import format), its choice columns hold labels ("Nam", "Cá nhân",
"VKSND cấp tỉnh"), not codes (`male`, `individual`, `provincial`), its dates read dd/mm/yyyy, its sheets are named
with their diacritics ("Phụ lục III").

The import format (codes and English column names, spec: import-format.md) stays a separate download, named so:
the import templates (`units:import-template`) and the exports with `?layout=import`, excluded here by name and
checked to import again as before. The list of exports is read from the URLconf, so that a new export is checked too.
"""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.db.models import TextChoices
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from awards.catalogue.enums import Authority, AwardKind, RecipientKind
from awards.catalogue.models import AwardType
from awards.certificates import services as certificate_services
from awards.payouts import services as payout_services
from awards.payouts.models import RewardFund
from awards.register import services as register_services
from awards.register.enums import Discipline, TaskRating
from emulation import enums as emulation_enums
from emulation import services as emulation_services
from emulation.enums import InitiativeLevel, InitiativeStatus, MemberRole, MovementKind
from emulation.models import Initiative, Movement
from reports.models import Report
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.certificates import make_layout
from tests.factories.emulation import make_group
from tests.factories.units import PersonFactory
from units import importing
from units.enums import Gender, UnitLevel
from units.models import Unit

D = datetime.date
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

# The downloads in the import format, for the importers to read back: not for handing on, so not checked here.
IMPORT_FORMAT_DOWNLOADS = {"units:import-template"}
IMPORT_LAYOUT = {"layout": "import"}

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Letters of Vietnamese beyond ASCII: a header holding one is Vietnamese; "TT" (thứ tự) is the one ASCII header.
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | set(
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
ASCII_HEADERS = {"TT"}


def import_format_columns() -> set[str]:
    return {column for kind in importing.RESOURCES for column in importing.get_resource_class(kind).column_names()}


def choice_codes() -> set[str]:
    """The codes of every choice an export could print: a cell holding one printed a code instead of its label."""
    enums = [UnitLevel, Gender, RecipientKind, AwardKind, Authority, TaskRating, Discipline]
    enums += [
        value for value in vars(emulation_enums).values() if isinstance(value, type) and issubclass(value, TextChoices)
    ]
    return {code for enum in enums for code in enum.values if SNAKE_CASE.fullmatch(code)}


def spreadsheet_url_names() -> set[str]:
    """The named routes that download a spreadsheet (their names say export, xlsx or csv), outside the admin."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and re.search(r"export|xlsx|csv|template", pattern.name or ""):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


@pytest.fixture
def province(client, cast, tree, staff):
    """Province T: awards of individuals (one thematic, of VKSTC, one revoked) and of a collective (its Văn phòng, a
    phòng), a movement, an initiative, a cluster of 2026 with registrations, a five-year report; the URL of every
    export."""
    hang, dung = staff["hang"], staff["dung"]
    Unit.objects.filter(pk=tree["office"].pk).update(short_name="")  # a phòng is called by its name
    AwardFactory(code="LDTT", person=hang, year=2023, decision=DecisionFactory(number="88/QĐ-VKS", date=D(2024, 1, 10)))
    thematic = DecisionFactory(number="310/QĐ-VKSTC", date=D(2024, 9, 2), authority=Authority.PROCURATOR_GENERAL)
    AwardFactory(code="BKVKSTC", person=dung, year=2024, decision=thematic, kind=AwardKind.THEMATIC)
    AwardFactory(
        code="TTLDTT", unit=tree["office"], year=2025, decision=DecisionFactory(number="7/QĐ-VKS", date=D(2026, 1, 5))
    )
    revoked = AwardFactory(
        code="LDTT", person=dung, year=2022, decision=DecisionFactory(number="101/QĐ-VKS", date=D(2022, 12, 20))
    )
    register_services.award_revoke(
        award=revoked, on=D(2023, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai đối tượng"
    )
    Movement.objects.create(
        code="PT-48", name="Phong trào thi đua Vì công lý", launching_unit=tree["province"], kind=MovementKind.THEMATIC,
        start_date=D(2022, 1, 10), doc_number="48/KH-VKS", doc_date=D(2022, 1, 10), doc_issuer="VKSND tỉnh T",
    )  # fmt: skip
    Initiative.objects.create(
        title="Sáng kiến số hóa hồ sơ", unit=tree["kv1"], year=2023, level=InitiativeLevel.SECTOR,
        status=InitiativeStatus.RECOGNISED, decision_number="1/QĐ-VKS", decision_date=D(2023, 11, 1),
    )  # fmt: skip
    group = make_group(tree, 2026, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    emulation_services.registrations_bulk(
        year=2026, award_type=AwardType.objects.get(code="LDTT"), persons=[staff["hang"], staff["dung"]]
    )
    client.force_login(cast["clerk"])
    client.post(
        reverse("reports:report-create"),
        {"unit": tree["province"].pk, "kind": "five_year", "start_year": 2020, "end_year": 2024},
    )
    report = Report.objects.get(unit=tree["province"], kind="five_year")
    # A payout list of the province's decision, and its fund of that year.
    bonus = DecisionFactory(number="9/QĐ-VKS", date=D(2025, 12, 22), issuing_unit=tree["province"])
    AwardFactory(code="LDTT", person=hang, year=2025, decision=bonus)
    payout_services.payouts_prepare(decision=bonus, awards=list(bonus.awards.all()), by=cast["clerk"])
    fund = payout_services.fund_save(fund=RewardFund(unit=tree["province"], year=2025), by=cast["clerk"])
    # A Giấy khen printed on the province's blank, numbered in its register (sổ theo dõi cấp phát).
    commended = DecisionFactory(number="10/QĐ-VKS", date=D(2025, 12, 23), issuing_unit=tree["province"])
    AwardFactory(code="GK", person=dung, year=2025, decision=commended)
    certificate_services.certificates_issue(
        awards=list(commended.awards.all()), layout=make_layout(unit=tree["province"]), by=cast["clerk"]
    )
    client.force_login(cast["admin"])
    return {
        "units:unit-export": (reverse("units:unit-export"), {"format": "xlsx"}),
        "units:person-export": (reverse("units:person-export"), {"format": "xlsx"}),
        "awards:award-export": (reverse("awards:award-export"), {}),
        "emulation:movement-export": (reverse("emulation:movement-export"), {}),
        "emulation:group-export": (reverse("emulation:group-export"), {"year": 2026}),
        "emulation:registration-export": (reverse("emulation:registration-export"), {"year": 2026}),
        "emulation:group-registrations-export": (
            reverse("emulation:group-registrations-export", args=[group.pk]),
            {},
        ),
        "emulation:initiative-export": (reverse("emulation:initiative-export"), {"year": 2023}),
        "reports:report-higher-xlsx": (reverse("reports:report-higher-xlsx", args=[report.pk]), {}),
        "awards:payout-list-xlsx": (reverse("awards:payout-list-xlsx", args=[bonus.pk]), {}),
        "awards:fund-xlsx": (reverse("awards:fund-xlsx", args=[fund.pk]), {}),
        "awards:certificate-register-export": (reverse("awards:certificate-register-export"), {}),
        "reports:statistics-form-xlsx": (
            reverse("reports:statistics-form-xlsx", args=["0603"]),
            {"unit": tree["province"].code, "year": 2024},
        ),
    }


def sheets(response) -> dict[str, list[list]]:
    """{sheet name: rows} of a downloaded .xlsx or .csv (a CSV is one sheet without a name)."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        return {"": list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))}
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def header_and_data(rows: list[list]) -> tuple[list[str], list[list]]:
    """The header row (the first with more than one filled cell: a title may come first) and the rows below it."""
    for index, row in enumerate(rows):
        if sum(1 for cell in row if cell not in (None, "")) > 1:
            return [cell for cell in row if cell not in (None, "")], rows[index + 1 :]
    return [], []


def not_vietnamese(header: str, english: set[str]) -> bool:
    return (
        not isinstance(header, str)
        or not any(character.isalpha() for character in header)
        or SNAKE_CASE.fullmatch(header) is not None
        or header in english
        or not (set(header) & VIETNAMESE_LETTERS or header in ASCII_HEADERS)
    )


# -- every export ----------------------------------------------------------------------------------------------


def test_every_spreadsheet_download_is_checked_here_or_is_the_import_format(province):
    assert spreadsheet_url_names() - IMPORT_FORMAT_DOWNLOADS == set(province)


EXPORTS = [
    ("units:unit-export", "xlsx"),
    ("units:unit-export", "csv"),
    ("units:person-export", "xlsx"),
    ("units:person-export", "csv"),
    ("awards:award-export", "xlsx"),
    ("emulation:movement-export", "xlsx"),
    ("emulation:group-export", "xlsx"),
    ("emulation:registration-export", "xlsx"),
    ("emulation:group-registrations-export", "xlsx"),
    ("emulation:initiative-export", "xlsx"),
    ("reports:report-higher-xlsx", "xlsx"),
    ("awards:payout-list-xlsx", "xlsx"),
    ("awards:fund-xlsx", "xlsx"),
    ("awards:certificate-register-export", "xlsx"),
    ("reports:statistics-form-xlsx", "xlsx"),
]


@pytest.mark.parametrize(("name", "fmt"), EXPORTS)
def test_every_export_has_a_vietnamese_header_row_labels_and_dates_as_printed(client, province, name, fmt):
    url, query = province[name]
    english, codes = import_format_columns(), choice_codes()

    downloaded = sheets(client.get(url, {**query, "format": fmt} if "format" in query else query))

    found = {}
    for title, rows in downloaded.items():
        header, data = header_and_data(rows)
        cells = [cell for row in data for cell in row if cell not in (None, "")]
        found[title] = {
            "english headers": [cell for cell in header if not_vietnamese(cell, english)],
            "codes": sorted({cell for cell in cells if cell in codes}),
            "ISO dates": [cell for cell in cells if isinstance(cell, datetime.date) or ISO_DATE.fullmatch(str(cell))],
            "sheet name without diacritics": fmt == "xlsx" and not set(title) & VIETNAMESE_LETTERS,
        }
    clean = {"english headers": [], "codes": [], "ISO dates": [], "sheet name without diacritics": False}
    assert {title: value for title, value in found.items() if value != clean} == {}
    assert header_and_data(next(iter(downloaded.values())))[1] != []  # the data was there to be checked


def test_the_register_export_names_the_recipients_and_their_units_with_labels(client, province):
    url, query = province["awards:award-export"]

    rows = sheets(client.get(url, query))["Sổ khen thưởng"]

    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    dung = next(record for record in records if record["Mã cán bộ"] == "CB-DUNG" and record["Năm thành tích"] == 2024)
    office = next(record for record in records if record["Đối tượng"] == "Tập thể" and record["Năm thành tích"] == 2025)
    revoked = next(record for record in records if record["Tình trạng"])
    assert header == [
        "Năm thành tích", "Đối tượng", "Họ và tên cá nhân, tên tập thể", "Mã cán bộ", "Đơn vị", "Danh hiệu, hình thức",
        "Loại khen thưởng", "Phong trào thi đua", "Số quyết định", "Ngày quyết định", "Cấp quyết định",
        "Cơ quan ban hành", "Ghi chú", "Tình trạng",
    ]  # fmt: skip
    assert (dung["Đối tượng"], dung["Đơn vị"], dung["Loại khen thưởng"]) == (
        "Cá nhân",
        "Văn phòng, VKSND tỉnh T",
        "Theo đợt, chuyên đề",
    )
    assert (dung["Số quyết định"], dung["Ngày quyết định"], dung["Cấp quyết định"]) == (
        "310/QĐ-VKSTC",
        "02/09/2024",
        "Viện trưởng VKSND tối cao",
    )
    assert office["Họ và tên cá nhân, tên tập thể"] == "Văn phòng, Viện kiểm sát nhân dân tỉnh T"
    assert revoked["Tình trạng"] == "Đã hủy ngày 01/03/2023 theo 5/QĐ-VKS: Sai đối tượng"


def test_the_staff_and_unit_lists_print_labels(client, province):
    persons = sheets(client.get(*province["units:person-export"]))["Cán bộ"]
    units = sheets(client.get(*province["units:unit-export"]))["Đơn vị"]

    dung = dict(zip(persons[0], next(row for row in persons if row[0] == "CB-DUNG"), strict=True))
    office = dict(zip(units[0], next(row for row in units if row[0] == "VKS-T-VP"), strict=True))
    assert (dung["Họ và tên"], dung["Giới tính"], dung["Đơn vị"]) == ("Trần Văn Dũng", "Nam", "Văn phòng, VKSND tỉnh T")
    assert (office["Cấp"], office["Đơn vị cấp trên"], office["Vùng sâu, vùng xa, khó khăn"]) == (
        "Phòng, đơn vị trực thuộc",
        "Viện kiểm sát nhân dân tỉnh T",
        "Không",
    )


# -- the import format, a separate download ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("units:unit-export", "units"),
        ("units:person-export", "persons"),
        ("awards:award-export", "awards"),
        ("emulation:movement-export", "movements"),
    ],
)
def test_the_import_format_is_a_separate_download_that_imports_again_unchanged(client, province, name, kind):
    url, _query = province[name]

    response = client.get(url, IMPORT_LAYOUT)

    today = datetime.date(2026, 12, 8).isoformat()
    resource_class = importing.get_resource_class(kind)
    assert response["Content-Disposition"] == (
        f'attachment; filename="{resource_class.file_slug}-de-nhap-lai-{today}.xlsx"'
    )
    dataset = importing.load_dataset(io.BytesIO(response.content), "x.xlsx")
    assert dataset.headers == resource_class.column_names()
    report = importing.run_import(kind=kind, dataset=dataset, dry_run=True)
    assert (report.errors, report.new) == ([], 0)


def test_the_import_page_gives_the_meaning_of_every_column_and_the_two_downloads(client, province):
    response = client.get(reverse("units:import-new"), {"kind": "units"})

    page = response.content.decode()
    kinds = response.context["kinds"]
    assert [column["name"] for kind in kinds for column in kind["columns"] if not column["meaning"]] == []
    assert "<code>provincial</code> = VKSND cấp tỉnh" in page
    assert "<code>individual</code> = Cá nhân" in page
    assert [kind["kind"] for kind in kinds if kind["open"]] == ["units"]
    assert {kind["kind"]: kind["export_url"] for kind in kinds if kind["export_url"]} == {
        "units": reverse("units:unit-export"),
        "persons": reverse("units:person-export"),
        "awards": reverse("awards:award-export"),
        "movements": reverse("emulation:movement-export"),
    }
    assert f"{reverse('awards:award-export')}?layout=import&amp;format=xlsx" in page


# -- file names, the admin site ----------------------------------------------------------------------------------


def test_the_report_downloads_are_named_in_vietnamese(client, province):
    url, _query = province["reports:report-higher-xlsx"]

    response = client.get(url)

    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tong-ket-5-nam-VKS-T-2020-2024-phu-luc-III.xlsx"'
    )
    # The appendix of higher awards is the report's third; the rotation warnings are not sent with it.
    assert list(sheets(response)) == ["Phụ lục III"]


def test_the_admin_site_bears_the_products_name_and_names_the_task_queue_in_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()

    assert ("TĐKT Viện kiểm sát" in page, "Tác vụ nền" in page) == (True, True)
    english = ("Trang quản trị cho Django", "Quản trị website Django", "Tasks Database Backend")
    assert [text for text in english if text in page] == []


def test_the_task_queues_english_names_have_their_vietnamese_in_the_catalogue():
    """django_tasks_db names its model and fields through its own gettext: their Vietnamese is in locale/vi."""
    with translation.override(None):
        names = {str(DBTaskResult._meta.verbose_name), str(DBTaskResult._meta.verbose_name_plural)}
        names |= {str(field.verbose_name) for field in DBTaskResult._meta.fields if field.name != "id"}
    po = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    translated = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po.read_text(encoding="utf-8"), re.MULTILINE))

    assert sorted(name for name in names if not translated.get(name)) == []


# -- reads without N+1 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_the_register_and_staff_exports_cost_the_same_queries_whatever_the_rows(
    client, cast, tree, count, django_assert_num_queries
):
    for number in range(count):
        unit = (tree["office"], tree["kv1_office"], tree["kv2"])[number]
        person = PersonFactory(code=f"CB-{number}", full_name=f"Nguyễn Văn {number}", unit=unit)
        AwardFactory(code="LDTT", person=person, year=2024)
        AwardFactory(code="TTLDTT", unit=unit, year=2024)
    client.force_login(cast["admin"])

    # session, user, roles (scope); the row past EXPORT_INLINE_ROWS (a bigger export runs in the background); the
    # awards with their type, person, units and parents, decision, issuer and movement
    with django_assert_num_queries(5):
        awards = client.get(reverse("awards:award-export"))
    # session, user, roles (scope); the row past EXPORT_INLINE_ROWS; the staff with their unit and its parent
    with django_assert_num_queries(5):
        staff = client.get(reverse("units:person-export"))

    assert len(sheets(awards)["Sổ khen thưởng"]) == 1 + 2 * count
    assert len(sheets(staff)["Cán bộ"]) == 1 + count
