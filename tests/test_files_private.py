"""Every stored file leaves the server only through a view that checks permission (issue 15).

The story: KV1 (VKS-T-KV1) keeps one file of every kind the application stores — a dossier file of a nomination,
the scan of a decision, the signed scan of a pledge, the launching document of a movement, an issued report's PDF,
a generated draft PDF, an uploaded import file and a list exported in the background. The regional clerk of KV1
opens each of them; the clerk of the other province (VKS-X) asks for the same addresses and learns nothing; a
visitor who is not logged in is sent to the login page; nobody gets anything at the old public `/media/…` address,
with or without DEBUG. The import file is its uploader's (and the administrators'), the export its creator's (and a
superuser's): the province's own clerk does not get them.
"""

import dataclasses
import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import config.urls
from awards.catalogue.enums import DossierDocument
from awards.nominations.models import NominationDocument
from emulation.enums import MemberRole
from reports.models import RenderState, ReportRender, ReportState
from tests.factories.awards import DecisionFactory
from tests.factories.emulation import MovementFactory, PledgeFactory, make_group
from tests.factories.nominations import NominationFactory
from tests.factories.reports import ReportFactory
from tests.factories.units import UserFactory
from tests.production import production_env, run_manage
from units.common.files import serve_file
from units.enums import ExportState, ImportState
from units.models import ExportJob, ImportJob

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n% a stored PDF\n" + b"0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
CSV = "Mã cán bộ,Họ và tên\nCB-HANG,Nguyễn Thị Thanh Hằng\n".encode()
MISSING = "Không tìm thấy tệp trên máy chủ"


@dataclasses.dataclass(frozen=True)
class Stored:
    """One stored file: the address of its view, who may and who may not open it, and what it holds."""

    url: str
    fieldfile: object
    content: bytes
    insider: str  # a role of the cast who may open it
    outsider: str  # a role of the cast who must not learn it exists
    content_type: str
    disposition: str


def _nomination_document(tree, staff, cast) -> Stored:
    nomination = NominationFactory(person=staff["hang"])
    document = NominationDocument.objects.create(
        nomination=nomination,
        kind=DossierDocument.ACHIEVEMENT_REPORT,
        file=ContentFile(PDF, name="bao-cao.pdf"),
        original_name="Báo cáo thành tích.pdf",
        size=len(PDF),
    )
    return Stored(
        url=reverse("awards:nomination-document", args=[nomination.pk, document.pk]),
        fieldfile=document.file,
        content=PDF,
        insider="regional_clerk",
        outsider="outsider",
        content_type="application/pdf",
        disposition="attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch.pdf",
    )


def _decision_scan(tree, staff, cast) -> Stored:
    decision = DecisionFactory(number="120/QĐ-VKS", issuing_unit=tree["kv1"])
    decision.scan.save("qd-120.pdf", ContentFile(PDF))
    return Stored(
        url=reverse("awards:decision-scan", args=[decision.pk]),
        fieldfile=decision.scan,
        content=PDF,
        insider="regional_clerk",
        outsider="outsider",
        content_type="application/pdf",
        disposition='inline; filename="qd-120.pdf"',
    )


def _pledge_document(tree, staff, cast) -> Stored:
    pledge = PledgeFactory(group=make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD}))
    pledge.document.save("giao-uoc.png", ContentFile(PNG))
    return Stored(
        url=reverse("emulation:pledge-document", args=[pledge.pk]),
        fieldfile=pledge.document,
        content=PNG,
        insider="regional_clerk",
        outsider="outsider",
        content_type="image/png",
        disposition='inline; filename="giao-uoc.png"',
    )


def _movement_document(tree, staff, cast) -> Stored:
    movement = MovementFactory(code="PT-48", launching_unit=tree["kv1"])
    movement.doc_file.save("ke-hoach-48.pdf", ContentFile(PDF))
    return Stored(
        url=reverse("emulation:movement-document", args=[movement.pk]),
        fieldfile=movement.doc_file,
        content=PDF,
        insider="regional_clerk",
        outsider="outsider",
        content_type="application/pdf",
        disposition='inline; filename="ke-hoach-48.pdf"',
    )


def _issued_report(tree, staff, cast) -> Stored:
    report = ReportFactory(
        unit=tree["kv1"],
        state=ReportState.ISSUED,
        issued_at=timezone.now(),
        pdf=ContentFile(PDF, name="bao-cao-1-ban-hanh.pdf"),
    )
    return Stored(
        url=reverse("reports:report-pdf", args=[report.pk]),
        fieldfile=report.pdf,
        content=PDF,
        insider="regional_clerk",
        outsider="outsider",
        content_type="application/pdf",
        disposition='attachment; filename="bao-cao-tong-ket-nam-VKS-T-KV1-2024-ban-hanh-1.pdf"',
    )


def _report_render(tree, staff, cast) -> Stored:
    report = ReportFactory(unit=tree["kv1"])
    render = ReportRender.objects.create(
        report=report, report_version=report.version, state=RenderState.DONE, pdf=ContentFile(PDF, name="du-thao.pdf")
    )
    return Stored(
        url=reverse("reports:render-download", args=[render.pk]),
        fieldfile=render.pdf,
        content=PDF,
        insider="regional_clerk",
        outsider="outsider",
        content_type="application/pdf",
        disposition='attachment; filename="bao-cao-tong-ket-nam-VKS-T-KV1-2024-du-thao.pdf"',
    )


def _import_file(tree, staff, cast) -> Stored:
    job = ImportJob.objects.create(
        kind="persons",
        file=ContentFile(CSV, name="persons-1.csv"),
        original_name="Danh sách cán bộ.csv",
        created_by=cast["regional_clerk"],
        state=ImportState.DONE,
    )
    return Stored(
        url=reverse("units:import-file", args=[job.pk]),
        fieldfile=job.file,
        content=CSV,
        insider="regional_clerk",
        outsider="clerk",  # the province's clerk sees KV1, but an import job is its uploader's
        content_type="text/csv",
        disposition="attachment; filename*=utf-8''Danh%20s%C3%A1ch%20c%C3%A1n%20b%E1%BB%99.csv",
    )


def _export_file(tree, staff, cast) -> Stored:
    job = ExportJob.objects.create(
        kind="persons",
        file=ContentFile(CSV, name="can-bo-1.csv"),
        file_name="can-bo-2026-12-08.csv",
        created_by=cast["regional_clerk"],
        state=ExportState.DONE,
    )
    return Stored(
        url=reverse("units:download-file", args=[job.pk]),
        fieldfile=job.file,
        content=CSV,
        insider="regional_clerk",
        outsider="clerk",  # the province's clerk sees KV1, but an export is its creator's (and a superuser's)
        content_type="text/csv",
        disposition='attachment; filename="can-bo-2026-12-08.csv"',
    )


KINDS: dict[str, Callable[..., Stored]] = {
    "nomination document": _nomination_document,
    "decision scan": _decision_scan,
    "pledge document": _pledge_document,
    "movement document": _movement_document,
    "issued report PDF": _issued_report,
    "report render PDF": _report_render,
    "import file": _import_file,
    "background export": _export_file,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROTECTED_MEDIA_REDIRECT = ""
    return settings.MEDIA_ROOT


@pytest.fixture(params=list(KINDS))
def stored(request, tree, staff, cast) -> Stored:
    return KINDS[request.param](tree, staff, cast)


def body(response) -> bytes:
    """Everything the response sends (a streamed file is read to its end, which also closes it)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def media_url(stored: Stored) -> str:
    return "/media/" + stored.fieldfile.name


# -- who gets the file ------------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page_without_the_file(client, stored):
    response = client.get(stored.url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={stored.url}"
    assert stored.content not in body(response)


def test_a_user_outside_the_scope_is_told_the_file_does_not_exist(client, cast, stored):
    client.force_login(cast[stored.outsider])

    response = client.get(stored.url)

    assert response.status_code == 404
    assert stored.content not in body(response)


def test_a_user_in_scope_gets_the_bytes_with_private_headers(client, cast, stored):
    client.force_login(cast[stored.insider])

    response = client.get(stored.url)

    assert response.status_code == 200
    assert body(response) == stored.content
    assert response["Content-Type"] == stored.content_type
    assert response["Content-Disposition"] == stored.disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"


def test_an_administrator_gets_an_import_file_another_user_uploaded(client, tree, staff, cast):
    stored = _import_file(tree, staff, cast)
    client.force_login(cast["admin"])

    response = client.get(stored.url)

    assert response.status_code == 200
    assert body(response) == stored.content


# -- no public address ------------------------------------------------------------------------------------------


def test_the_old_media_address_serves_nothing(client, cast, stored):
    client.force_login(cast[stored.insider])

    response = client.get(media_url(stored))

    assert response.status_code == 404
    assert stored.content not in body(response)


@pytest.fixture
def urlconf_built_with_debug(settings):
    """The URLconf as `make demo` builds it: imported while DEBUG is on."""
    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(config.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(config.urls)


def test_the_old_media_address_serves_nothing_with_debug_either(client, cast, stored, urlconf_built_with_debug):
    client.force_login(cast[stored.insider])

    response = client.get(media_url(stored))
    client.logout()
    anonymous = client.get(media_url(stored))

    assert (response.status_code, anonymous.status_code) == (404, 404)
    assert stored.content not in body(response)
    assert stored.content not in body(anonymous)


# -- behind nginx: the app checks, nginx sends -----------------------------------------------------------------


def test_behind_nginx_the_app_checks_then_hands_the_file_to_nginx(client, cast, settings, stored):
    settings.PROTECTED_MEDIA_REDIRECT = "/_protected/"
    client.force_login(cast[stored.insider])

    response = client.get(stored.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_protected/" + stored.fieldfile.name
    assert body(response) == b""
    assert response["Content-Type"] == stored.content_type
    assert response["Content-Disposition"] == stored.disposition
    assert response["X-Content-Type-Options"] == "nosniff"


def test_behind_nginx_an_outsider_and_a_visitor_get_no_redirect_to_the_file(client, cast, settings, stored):
    settings.PROTECTED_MEDIA_REDIRECT = "/_protected/"
    anonymous = client.get(stored.url)
    client.force_login(cast[stored.outsider])

    outsider = client.get(stored.url)

    assert (anonymous.status_code, outsider.status_code) == (302, 404)
    assert "X-Accel-Redirect" not in anonymous
    assert "X-Accel-Redirect" not in outsider


def test_behind_nginx_a_vietnamese_stored_name_is_escaped_for_nginx(client, cast, settings, tree, staff):
    settings.PROTECTED_MEDIA_REDIRECT = "/_protected"
    nomination = NominationFactory(person=staff["hang"])
    document = NominationDocument.objects.create(
        nomination=nomination,
        kind=DossierDocument.MINUTES,
        file=ContentFile(PDF, name="biên bản họp.pdf"),
        original_name="biên bản họp.pdf",
    )
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:nomination-document", args=[nomination.pk, document.pk]))

    year, pk = nomination.year, nomination.pk
    assert document.file.name == f"dossiers/{year}/{pk}/biên_bản_họp.pdf"
    assert response["X-Accel-Redirect"] == f"/_protected/dossiers/{year}/{pk}/bi%C3%AAn_b%E1%BA%A3n_h%E1%BB%8Dp.pdf"


# -- a file gone from the disk ----------------------------------------------------------------------------------


@pytest.mark.parametrize("redirect", ["", "/_protected/"], ids=["app sends", "nginx sends"])
def test_a_file_missing_from_the_disk_is_a_vietnamese_404_not_a_500(client, cast, settings, stored, redirect):
    settings.PROTECTED_MEDIA_REDIRECT = redirect
    stored.fieldfile.storage.delete(stored.fieldfile.name)
    client.force_login(cast[stored.insider])

    response = client.get(stored.url)

    assert response.status_code == 404
    assert MISSING in response.content.decode()
    assert "X-Accel-Redirect" not in response


def test_serve_file_without_a_request_answers_a_plain_404(tree, staff, cast):
    stored = _movement_document(tree, staff, cast)
    stored.fieldfile.storage.delete(stored.fieldfile.name)

    response = serve_file(None, stored.fieldfile, filename="ke-hoach-48.pdf")

    assert response.status_code == 404
    assert MISSING in response.content.decode()


# -- what a stored file can never be ----------------------------------------------------------------------------


def test_a_stored_html_file_is_always_downloaded_never_shown_as_a_page(client, cast, tree):
    movement = MovementFactory(code="PT-49", launching_unit=tree["kv1"])
    movement.doc_file.save("ke-hoach.html", ContentFile(b"<script>alert(document.cookie)</script>"))
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("emulation:movement-document", args=[movement.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == b"<script>alert(document.cookie)</script>"


# -- the pages link the checked views, never a media URL ---------------------------------------------------------


def test_the_movement_and_import_pages_link_their_files_through_the_checked_views(client, cast, tree, staff):
    movement = _movement_document(tree, staff, cast)
    job = _import_file(tree, staff, cast)
    client.force_login(cast["regional_clerk"])

    movement_page = client.get(reverse("emulation:movement-detail", args=[movement.fieldfile.instance.pk]))
    import_page = client.get(reverse("units:import-detail", args=[job.fieldfile.instance.pk]))
    movement_page, import_page = movement_page.content.decode(), import_page.content.decode()

    assert f'href="{movement.url}"' in movement_page
    assert f'href="{job.url}"' in import_page
    assert "/media/" not in movement_page + import_page


def test_the_pledge_form_links_the_signed_scan_through_the_checked_view(client, cast, tree, staff):
    stored = _pledge_document(tree, staff, cast)
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("emulation:pledge-update", args=[stored.fieldfile.instance.pk])).content.decode()

    assert f'href="{stored.url}"' in page
    assert "/media/" not in page


@pytest.mark.parametrize(("kind", "admin_page"), [("decision scan", "decision"), ("import file", "importjob")])
def test_the_admin_links_a_stored_file_through_the_checked_view(client, tree, staff, cast, kind, admin_page):
    stored = KINDS[kind](tree, staff, cast)
    obj = stored.fieldfile.instance
    client.force_login(UserFactory(username="superuser", is_staff=True, is_superuser=True))

    page = client.get(reverse(f"admin:{obj._meta.app_label}_{admin_page}_change", args=[obj.pk])).content.decode()

    assert f'href="{stored.url}"' in page
    assert "/media/" not in page


APP_FOLDERS = ("config", "units", "emulation", "awards", "reports", "templates")


def test_no_template_prints_the_url_of_a_stored_file():
    root = Path(config.urls.__file__).resolve().parents[1]
    sources = [path for folder in APP_FOLDERS for path in (root / folder).rglob("*") if path.suffix in {".py", ".html"}]

    printed = sorted(
        str(path.relative_to(root))
        for path in sources
        if any(
            needle in path.read_text(encoding="utf-8")
            for needle in (".file.url", ".scan.url", ".pdf.url", ".doc_file.url", ".document.url")
        )
    )

    assert printed == []


# -- settings that would publish the files ---------------------------------------------------------------------


def test_settings_with_media_inside_the_static_folders_refuse_to_start(tmp_path):
    env = production_env(STATIC_ROOT=str(tmp_path / "staticfiles"), MEDIA_ROOT=str(tmp_path / "staticfiles" / "media"))

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: MEDIA_ROOT must not lie inside STATIC_ROOT" in result.stderr


def test_settings_with_a_relative_redirect_prefix_refuse_to_start():
    result = run_manage("check", env=production_env(PROTECTED_MEDIA_REDIRECT="_protected/"))

    assert result.returncode != 0
    assert "ImproperlyConfigured: PROTECTED_MEDIA_REDIRECT must be a path starting with /" in result.stderr
