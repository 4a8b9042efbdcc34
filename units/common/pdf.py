"""PDF rendering with WeasyPrint in the administrative format (A4, NĐ 30/2020 margins, Liberation Serif).

Templates extend `pdf/base.html`; fonts and the stylesheet come from `static/` (never from the network).
"""

import contextlib
import gc
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from units.common.docx import html_to_docx

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def static_roots() -> list[Path]:
    """The real paths of every folder static files come from: STATIC_ROOT, STATICFILES_DIRS and the finders'
    locations (the apps' static/ folders)."""
    folders = [settings.STATIC_ROOT] if settings.STATIC_ROOT else []
    folders += [entry[1] if isinstance(entry, (list, tuple)) else entry for entry in settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        storages = getattr(finder, "storages", {}).values()
        folders += [storage.location for storage in storages if getattr(storage, "location", None)]
    return list(dict.fromkeys(Path(folder).resolve() for folder in folders))


def static_file(url: str) -> Path | None:
    """The real file a `file:` URL names, if it lies inside a static root; None for any other URL.

    The URL is decoded once, as urllib opens it (`%2e%2e` is `..`; `%252e` stays the name `%2e`), then `..` and
    symlinks are resolved: a path that leaves the static roots by any of them is refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    if any(path.is_relative_to(root) for root in static_roots()):
        return path
    return None


def _static_only_fetcher():
    """A fetcher that loads only files of the static folders: a PDF never reaches the network or the rest of the
    disk, whatever URL a template (or text typed into one) names."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- WeasyPrint loads slowly

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file(url)
            if path is None:
                raise ValueError(f"PDF resources must come from the static folders: {url}")
            # Open the file that was checked, not the URL as given (urllib would decode and walk it again), nor a
            # request object `open()` kept from the caller.
            self._request = None
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols=("file",))


@contextlib.contextmanager
def _collector_paused():
    """WeasyPrint builds many short-lived objects: pausing the cyclic garbage collector while it lays out a
    document saves 10–20% of the time (benchmarks/reports.py); it runs again, and collects, right after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_html(template_name: str, context: dict, *, for_browser: bool = False) -> str:
    """The HTML of a printed document. For WeasyPrint (the default) its fonts are `file:` URLs of the static folder,
    which only the static-only fetcher reads; `for_browser` (a preview shown in a page) links them by their static
    URL instead (`{% static %}`), so that the page neither shows the server's paths nor asks the browser for
    files it may not open."""
    extra = {} if for_browser else {"pdf_static": STATIC_DIR.resolve().as_uri()}
    return render_to_string(template_name, {**context, **extra})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint loads slowly
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- WeasyPrint loads slowly

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=STATIC_DIR.resolve().as_uri() + "/", url_fetcher=_static_only_fetcher())
    with _collector_paused():
        return document.write_pdf(font_config=fonts)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template that extends pdf/base.html into PDF bytes."""
    return html_to_pdf(render_html(template_name, context))


def render_docx(template_name: str, context: dict) -> bytes:
    """The Word copy of the same document: the HTML the PDF is laid out from, turned into a .docx in the same
    administrative layout (`units.common.docx`), for the offices to finish in Word."""
    return html_to_docx(render_html(template_name, context))


def html_to_pdf_with_pages(html: str) -> tuple[bytes, int]:
    """The PDF of `html` and its number of pages (laid out once)."""
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint loads slowly
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- WeasyPrint loads slowly

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=STATIC_DIR.resolve().as_uri() + "/", url_fetcher=_static_only_fetcher())
    with _collector_paused():
        rendered = document.render(font_config=fonts)
        return rendered.write_pdf(), len(rendered.pages)
