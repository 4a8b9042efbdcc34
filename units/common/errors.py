"""The product's own error pages (templates/403.html, 404.html, 500.html), whatever DEBUG says.

With DEBUG off, Django's handlers already render them. With DEBUG on (development, `make demo`) Django answers a
404 with its technical page instead: in English, with the URL patterns of the site and the model a look-up missed.
`ProductErrorPagesMiddleware` puts the product's page in its place, with the same status, so that what a tester
sees is what a user will see. `DEBUG_TECHNICAL_ERRORS=1` (settings) keeps Django's pages for a developer who wants
them. A 403 (`PermissionDenied`) goes through Django's handler403, the product's page, with DEBUG on as well; a
500 keeps Django's technical page while DEBUG is on, for the traceback.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

NOT_FOUND_TEMPLATE = "404.html"


def _technical_pages_wanted() -> bool:
    return not settings.DEBUG or getattr(settings, "DEBUG_TECHNICAL_ERRORS", False)


def not_found(request):
    """The product's 404 page: the message only, never the path looked up nor the exception's text (which names
    the model of a failed look-up)."""
    return render(request, NOT_FOUND_TEMPLATE, status=404)


class ProductErrorPagesMiddleware:
    """With DEBUG on, the product's 404 page instead of Django's technical one, for an `Http404` raised by a view
    (`process_exception`) and for a path no URL pattern matches (the resolver fails before any view, so the
    response arrives here with no `request.resolver_match`). A 404 a view renders itself (a stored file gone,
    `units.common.files`) is already the product's page and passes unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None and not _technical_pages_wanted():
            return not_found(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and not _technical_pages_wanted():
            return not_found(request)
        return None


def csrf_failure(request, reason=""):
    """`CSRF_FAILURE_VIEW`: the product's 403 page, saying what to do (a form left open past the session, or sent
    from another site), never Django's English page nor the technical reason."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)
