"""The site's icon: every page links it, and a browser asking for /favicon.ico (as each does on its first visit,
whatever the page links) is sent to it instead of getting a 404."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.integration


def test_a_browser_asking_for_favicon_ico_is_sent_to_the_icon(client, db):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (302, static("favicon.svg"))
    assert finders.find("favicon.svg") is not None


def test_the_pages_link_the_icon(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html
