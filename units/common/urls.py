"""Helpers for the URLconfs."""

from django.urls import URLPattern, path
from django.views.generic import RedirectView

# The one name of every old-path redirect: the pages are reversed by their own names, never through these.
OLD_PATH = "old-path"


def moved(old_route: str, pattern_name: str) -> URLPattern:
    """A permanent redirect (301) from a page's old path to its page `pattern_name`, keeping the captured
    arguments (the pk, …) and the query string, so that bookmarks and links in old mails keep working."""
    view = RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)
    return path(old_route, view, name=OLD_PATH)
