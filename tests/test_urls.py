"""One set of URL conventions for the project's apps (issue 13): names with dashes, paths in Vietnamese, and the old
English paths answered with a permanent redirect to their new place, so that bookmarks keep working."""

import re

import pytest
from django.urls import URLResolver, get_resolver, resolve

from units.common.urls import OLD_PATH

pytestmark = pytest.mark.integration

PROJECT_NAMESPACES = {"units", "emulation", "awards", "reports"}
PROJECT_ROOT_NAMES = {"home"}  # the project's own pages outside an app namespace
# Django's own pages keep Django's names and paths: login, logout, password_change(_done), set_language, admin.
FRAMEWORK_ROUTES = ("accounts/", "admin/", "i18n/")

# The English words of the first versions' paths, and a few more a new page might bring back.
ENGLISH = {
    "units", "unit", "persons", "person", "imports", "import", "new", "edit", "close", "transfer", "export", "tree",
    "template", "status", "confirm", "revoke", "decisions", "decision", "create", "update", "scan", "awards",
    "award", "list", "detail", "delete", "add", "remove", "submit", "download",
}  # fmt: skip

DASHED = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
CONVERTER = re.compile(r"<[^>]*>")


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(namespace, name, full route) of every pattern of the URLconf; included URLconfs without a namespace of
    their own (the awards sub-packages) stay in their parent's."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route, entry.namespace or namespace)
        else:
            yield namespace, entry.name, route


def project_patterns():
    return [
        (namespace, name, route)
        for namespace, name, route in url_patterns()
        if (namespace in PROJECT_NAMESPACES or (not namespace and name in PROJECT_ROOT_NAMES))
        and not route.startswith(FRAMEWORK_ROUTES)
    ]


def words(route: str) -> set[str]:
    """The words of a route's literal segments (the converters left out), split at slashes, dashes and dots."""
    return {word for word in re.split(r"[/.\-]", CONVERTER.sub("", route).lower()) if word}


# Old path (as routed) -> (an old URL with a pk and a query string where it has them, the URL it must move to).
MOVES = {
    "units/": ("/units/?closed=1&page=2", "/don-vi/?closed=1&page=2"),
    "units/tree/": ("/units/tree/?closed=1", "/don-vi/cay/?closed=1"),
    "units/new/": ("/units/new/?parent=4", "/don-vi/them/?parent=4"),
    "units/export/": ("/units/export/?format=csv", "/don-vi/xuat/?format=csv"),
    "units/<int:pk>/": ("/units/7/?tab=awards", "/don-vi/7/?tab=awards"),
    "units/<int:pk>/edit/": ("/units/7/edit/", "/don-vi/7/sua/"),
    "units/<int:pk>/close/": ("/units/7/close/", "/don-vi/7/ngung-hoat-dong/"),
    "persons/": ("/persons/?q=h%C3%A0ng&unit=4", "/can-bo/?q=h%C3%A0ng&unit=4"),
    "persons/new/": ("/persons/new/?unit=4", "/can-bo/them/?unit=4"),
    "persons/export/": ("/persons/export/?format=xlsx", "/can-bo/xuat/?format=xlsx"),
    "persons/<int:pk>/": ("/persons/12/", "/can-bo/12/"),
    "persons/<int:pk>/edit/": ("/persons/12/edit/", "/can-bo/12/sua/"),
    "persons/<int:pk>/transfer/": ("/persons/12/transfer/", "/can-bo/12/dieu-chuyen/"),
    "imports/": ("/imports/?page=3", "/nhap-du-lieu/?page=3"),
    "imports/new/": ("/imports/new/", "/nhap-du-lieu/them/"),
    "imports/template/<str:kind>.<str:fmt>": ("/imports/template/persons.xlsx", "/nhap-du-lieu/mau/persons.xlsx"),
    "imports/<int:pk>/": ("/imports/5/", "/nhap-du-lieu/5/"),
    "imports/<int:pk>/status/": ("/imports/5/status/", "/nhap-du-lieu/5/trang-thai/"),
    "imports/<int:pk>/confirm/": ("/imports/5/confirm/", "/nhap-du-lieu/5/xac-nhan/"),
    "khen-thuong/export/": ("/khen-thuong/export/?q=hang&year_from=2020", "/khen-thuong/xuat/?q=hang&year_from=2020"),
    "khen-thuong/<int:pk>/revoke/": (
        "/khen-thuong/31/revoke/?next=/can-bo/12/%23awards",
        "/khen-thuong/31/thu-hoi/?next=/can-bo/12/%23awards",
    ),
    "khen-thuong/decisions/": ("/khen-thuong/decisions/?year=2025", "/khen-thuong/quyet-dinh/?year=2025"),
    "khen-thuong/decisions/create/": ("/khen-thuong/decisions/create/", "/khen-thuong/quyet-dinh/them/"),
    "khen-thuong/decisions/<int:pk>/": ("/khen-thuong/decisions/9/", "/khen-thuong/quyet-dinh/9/"),
    "khen-thuong/decisions/<int:pk>/update/": ("/khen-thuong/decisions/9/update/", "/khen-thuong/quyet-dinh/9/sua/"),
    "khen-thuong/decisions/<int:pk>/scan/": ("/khen-thuong/decisions/9/scan/", "/khen-thuong/quyet-dinh/9/ban-chup/"),
    "khen-thuong/decisions/<int:pk>/awards/create/": (
        "/khen-thuong/decisions/9/awards/create/",
        "/khen-thuong/quyet-dinh/9/them-khen-thuong/",
    ),
    "bao-cao/tao-moi/": ("/bao-cao/tao-moi/?kind=annual&year=2025", "/bao-cao/them/?kind=annual&year=2025"),
}


def test_url_names_of_the_project_use_dashes():
    names = [f"{namespace}:{name}" if namespace else name for namespace, name, _ in project_patterns()]

    undashed = sorted(name for name in names if not DASHED.fullmatch(name.rsplit(":", 1)[-1] or ""))

    assert len(names) > 100  # the walk reached every app
    assert undashed == []


def test_url_paths_of_the_project_are_vietnamese():
    pages = [(name, route) for _, name, route in project_patterns() if name != OLD_PATH]

    english = sorted(
        f"{route} ({name}): {sorted(words(route) & ENGLISH)}" for name, route in pages if words(route) & ENGLISH
    )

    assert len(pages) > 100
    assert english == []


def test_the_english_words_are_caught_in_the_old_paths():
    assert words("units/<int:pk>/edit/") & ENGLISH == {"units", "edit"}
    assert words("imports/template/<str:kind>.<str:fmt>") & ENGLISH == {"imports", "template"}


def test_every_old_path_is_a_tested_redirect():
    old_routes = {route for _, name, route in url_patterns() if name == OLD_PATH}

    assert old_routes == set(MOVES)


@pytest.mark.parametrize(("old", "new"), list(MOVES.values()), ids=list(MOVES))
def test_old_path_moves_permanently_keeping_pk_and_query(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new
    assert resolve(new.split("?", 1)[0]).url_name != OLD_PATH  # a page, not another redirect


@pytest.mark.parametrize(("old", "new"), list(MOVES.values())[:1], ids=list(MOVES)[:1])
def test_old_path_moves_a_head_request_too(client, old, new):
    response = client.head(old)

    assert response.status_code == 301
    assert response["Location"] == new
