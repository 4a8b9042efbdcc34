"""The PDF renderer reads only the static folders (issue 15): a URL in a template, or in text a user typed into
one, cannot make WeasyPrint read another file of the server into a PDF, however it is spelled."""

import os

import pytest

from tests.pdf import pdf_text
from units.common import pdf

pytestmark = pytest.mark.unit

FONT = "fonts/LiberationSerif-Regular.ttf"


@pytest.fixture
def fetcher():
    return pdf._static_only_fetcher()


def static_uri() -> str:
    return pdf.STATIC_DIR.resolve().as_uri()


def test_a_font_of_the_static_folder_is_read(fetcher):
    response = fetcher.fetch(f"{static_uri()}/{FONT}")

    try:
        assert response.read(4) == (pdf.STATIC_DIR / FONT).read_bytes()[:4]
    finally:
        response.close()


@pytest.mark.parametrize(
    "tail",
    [
        "/../../../../../../etc/hostname",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
        "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/hostname",
        "/fonts/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/hostname",
    ],
    ids=["dot-dot", "escaped dot-dot", "upper-case escapes", "escaped slashes"],
)
def test_a_path_climbing_out_of_static_is_refused(fetcher, tail):
    url = static_uri() + tail

    with pytest.raises(ValueError, match="static folders"):
        fetcher.fetch(url)
    assert pdf.static_file(url) is None


def test_a_doubly_escaped_dot_dot_stays_a_name_inside_static(fetcher):
    url = static_uri() + "/%252e%252e/%252e%252e/etc/hostname"

    # Decoded once, as urllib opens it, `%252e` is the literal name `%2e`: a file that does not exist in static/,
    # never the parent folder.
    assert pdf.static_file(url) == pdf.STATIC_DIR.resolve() / "%2e%2e" / "%2e%2e" / "etc" / "hostname"
    with pytest.raises(OSError):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "file://localhost/etc/passwd", "file://evil.example/etc/passwd", "http://127.0.0.1/"],
)
def test_a_file_outside_static_or_another_scheme_is_refused(fetcher, url):
    with pytest.raises(ValueError, match="static folders"):
        fetcher.fetch(url)
    assert pdf.static_file(url) is None


@pytest.fixture
def static_dir(settings, tmp_path):
    """A static folder of its own, holding a stylesheet and a symlink that leads out of it."""
    folder = tmp_path / "static"
    (folder / "reports").mkdir(parents=True)
    (folder / "reports" / "pdf.css").write_text("body { margin: 0 }")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not for a PDF")
    os.symlink(secret, folder / "reports" / "logo.png")
    os.symlink(secret.parent, folder / "shared")
    settings.STATICFILES_DIRS = [folder]
    return folder


def test_a_file_of_any_static_folder_is_read(fetcher, static_dir):
    response = fetcher.fetch((static_dir / "reports" / "pdf.css").as_uri())

    try:
        assert response.read() == b"body { margin: 0 }"
    finally:
        response.close()


@pytest.mark.parametrize("inside", ["reports/logo.png", "shared/secret.txt"], ids=["file symlink", "folder symlink"])
def test_a_symlink_inside_static_that_points_outside_is_refused(fetcher, static_dir, inside):
    url = (static_dir / inside).as_uri()

    with pytest.raises(ValueError, match="static folders"):
        fetcher.fetch(url)


def test_the_static_roots_follow_the_settings(static_dir, settings):
    roots = pdf.static_roots()

    assert static_dir.resolve() in roots
    assert pdf.STATIC_DIR.resolve() not in roots  # replaced by the test's STATICFILES_DIRS
    assert settings.STATIC_ROOT.resolve() in roots


def test_a_document_that_names_a_file_outside_static_renders_without_it(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('p::after { content: " BÍ MẬT" }')
    html = (
        f'<html><head><link rel="stylesheet" href="{static_uri()}/../../../../../..{secret}"></head>'
        "<body><p>Báo cáo</p></body></html>"
    )

    text = pdf_text(pdf.html_to_pdf(html), tmp_path)

    assert text == "Báo cáo"  # the outside stylesheet's text was never read
