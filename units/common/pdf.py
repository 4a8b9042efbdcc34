"""PDF rendering with WeasyPrint in the administrative format (A4, NĐ 30/2020 margins, Liberation Serif).

Templates extend `pdf/base.html`; fonts and the stylesheet come from `static/` (never from the network).
"""

import contextlib
import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _static_only_fetcher():
    """A fetcher that loads only files of the project's static folder: a PDF never reaches the network."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- WeasyPrint loads slowly

    prefix = STATIC_DIR.resolve().as_uri() + "/"

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(prefix):
                raise ValueError(f"PDF resources must come from static/: {url}")
            return super().fetch(url, headers)

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


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {**context, "pdf_static": STATIC_DIR.resolve().as_uri()})


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


def html_to_pdf_with_pages(html: str) -> tuple[bytes, int]:
    """The PDF of `html` and its number of pages (laid out once)."""
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint loads slowly
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- WeasyPrint loads slowly

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=STATIC_DIR.resolve().as_uri() + "/", url_fetcher=_static_only_fetcher())
    with _collector_paused():
        rendered = document.render(font_config=fonts)
        return rendered.write_pdf(), len(rendered.pages)
