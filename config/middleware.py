"""Project-wide middleware."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """The interface is in Vietnamese unless the user chose English with the language switch (a cookie).

    Django's own middleware follows the browser's Accept-Language, and many office PCs run an English Windows
    and Chrome: their users would get an English interface they never asked for.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class HtmlContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header (`CONTENT_SECURITY_POLICY`) on HTML pages only.

    A policy governs documents. A PDF shown in the browser is drawn by the browser's own viewer, an embedded
    plugin that `object-src 'none'` may block; a download or a JSON answer has nothing for a policy to govern.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
