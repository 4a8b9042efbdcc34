"""The product's error pages: a user who follows a wrong address, opens a unit outside his scope or a page of
another role, or meets a server error, gets a Vietnamese page in the product's layout with a way home, with DEBUG on
(`make demo`) as with DEBUG off (production), and learns nothing of the server (no traceback, no URL patterns, no
model, no file path). `DEBUG_TECHNICAL_ERRORS=1` gives a developer Django's technical 404 back."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.integration

NOT_FOUND = "Không tìm thấy trang hoặc dữ liệu yêu cầu."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."
# What Django's technical pages show and the product's must not: the URL patterns, the missed look-up and its model,
# a traceback, the server's files.
LEAKS = ("URLconf", "urlpatterns", "Page not found", "Raised by", "matches the given query", "Traceback", "DEBUG")


def _broken(request):
    raise RuntimeError("the database said no")


# The site's routes, and one page that fails, for the 500 (the test below points ROOT_URLCONF here).
urlpatterns = [path("loi-thu/", _broken), path("", include("config.urls"))]


@pytest.fixture
def regional_clerk(client, cast):
    user = cast["regional_clerk"]
    user.first_name, user.last_name = "Tú", "Lê Thanh"
    user.save()
    client.force_login(user)
    return user


@pytest.fixture(params=[True, False], ids=["debug-on", "debug-off"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def _page(response) -> str:
    return response.content.decode()


def assert_products_page(response, *, status: int, heading: str, signed_in: bool) -> None:
    page = _page(response)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="vi">' in page
    assert heading in page
    assert f'href="{reverse("home")}"' in page and "Về trang chủ" in page
    assert ('id="mainnav"' in page) is signed_in  # the menu of base.html, for a signed-in user only
    assert [leak for leak in (*LEAKS, str(settings.BASE_DIR)) if leak in page] == []


def test_a_wrong_address_shows_the_products_404(client, regional_clerk, debug):
    response = client.get("/khong-co-trang-nay/")

    assert_products_page(response, status=404, heading=NOT_FOUND, signed_in=True)
    assert "Lê Thanh Tú" in _page(response)  # the menu names him, in Vietnamese order


def test_a_unit_outside_his_scope_shows_the_products_404_without_naming_the_model(client, regional_clerk, tree, debug):
    response = client.get(reverse("units:unit-detail", args=[tree["other"].pk]))

    assert_products_page(response, status=404, heading=NOT_FOUND, signed_in=True)
    assert tree["other"].name not in _page(response)


def test_a_page_of_another_role_shows_the_products_403(client, regional_clerk, debug):
    response = client.get(reverse("units:audit-list"))  # the security log: administrators only

    assert_products_page(response, status=403, heading=FORBIDDEN, signed_in=True)


def test_a_visitor_who_is_not_signed_in_gets_the_404_without_the_menu(client, db, debug):
    response = client.get("/khong-co-trang-nay/")

    assert_products_page(response, status=404, heading=NOT_FOUND, signed_in=False)


def test_a_developer_may_ask_for_djangos_technical_404(client, regional_clerk, tree, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_ERRORS = True

    wrong_address = client.get("/khong-co-trang-nay/")
    out_of_scope = client.get(reverse("units:unit-detail", args=[tree["other"].pk]))

    assert (wrong_address.status_code, out_of_scope.status_code) == (404, 404)
    assert "urlpatterns" in _page(wrong_address) or "URLconf" in _page(wrong_address)
    assert "Raised by" in _page(out_of_scope)


def test_without_debug_the_setting_changes_nothing(client, regional_clerk, settings):
    settings.DEBUG = False
    settings.DEBUG_TECHNICAL_ERRORS = True

    response = client.get("/khong-co-trang-nay/")

    assert_products_page(response, status=404, heading=NOT_FOUND, signed_in=True)


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_shows_the_products_500(regional_clerk, settings):
    settings.DEBUG = False
    browser = Client(raise_request_exception=False)
    browser.force_login(regional_clerk)

    response = browser.get("/loi-thu/")

    page = _page(response)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố khi xử lý yêu cầu." in page
    assert f'href="{reverse("home")}"' in page and "Về trang chủ" in page
    assert "the database said no" not in page and "RuntimeError" not in page
    assert "Lê Thanh Tú" not in page  # rendered without the request: nobody's name, nobody's menu
    assert [leak for leak in (*LEAKS, str(settings.BASE_DIR)) if leak in page] == []


def test_the_500_page_needs_neither_the_database_nor_a_request_context():
    """Without the `db` fixture any query fails the test: the page renders when the database is what broke."""
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Hệ thống gặp sự cố khi xử lý yêu cầu." in _page(response)


def test_a_form_sent_after_its_session_changed_gets_the_products_page(regional_clerk):
    """The CSRF check refuses a form left open while the clerk signed in again: the product's page in Vietnamese
    says what to do, never Django's English page nor the technical reason."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(regional_clerk)
    response = strict.post(reverse("awards:nomination-create"), {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn, chưa được gửi." in page
    assert "CSRF" not in page
