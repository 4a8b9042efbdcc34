"""A regional clerk follows every link of the product, from the home page, over the seeded demo (Huế), and none
leads to a page he cannot open: the parent and predecessors of his unit, the fellow members of his cluster, the
cluster's previous year, a person moved to another unit are shown by name, without a link (`{% unit_link %}`,
`{% person_link %}`, units/templatetags/tdkt.py).

On the way, the names of the users who acted are read in Vietnamese order: the provincial clerk Lê Thanh Tú
(first_name "Tú", last_name "Lê Thanh") edits the regional unit, registers one of its staff and drafts a
nomination for him, and no page reads "Tú Lê Thanh" (units.common.text.display_name)."""

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from awards.catalogue import calendar
from awards.catalogue.models import AwardType
from awards.nominations import services as nominations
from awards.nominations.models import Nomination
from units import services as units
from units.models import Person, Unit

pytestmark = pytest.mark.integration

REGIONAL_CLERK = "vanthu_kv1"  # the demo's TĐKT clerk of VKS-HUE-KV1 (units/demo/organisation.py)
ACTOR = "vanthu"  # the provincial clerk, Lê Thanh Tú
CAP = 400  # pages; the walk over the demo ends well before (about 300)
LAST_PAGE_FOLLOWED = 3  # ?page=4 and beyond: more rows of a list already walked
# Not pages: files (exports, PDFs, scans, uploads, templates), and the forms that only POST (sign-out, language).
NOT_A_PAGE = re.compile(r"(export|pdf|xlsx|document|scan|file|template|download)$|^(logout|set_language)$")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            self.hrefs.append(href)


def _followed(url: str) -> str | None:
    """The path and query of an internal page link worth a GET, or None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return parts.path  # an address nothing answers: followed, so that its 404 is reported
    if match.namespace == "admin" or NOT_A_PAGE.search(match.url_name or ""):
        return None
    page = parse_qs(parts.query).get("page", ["1"])[0]
    if page.isdigit() and int(page) > LAST_PAGE_FOLLOWED:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str = "/") -> dict[str, tuple[int, str, str]]:
    """Every page reachable from `start` by links, breadth first, up to CAP: {url: (status, linked from, html)}."""
    found: dict[str, tuple[int, str, str]] = {}
    queue = [(start, "")]
    while queue and len(found) < CAP:
        url, source = queue.pop(0)
        if url in found:
            continue
        response = client.get(url)
        html = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        found[url] = (response.status_code, source, html)
        targets = [response["Location"]] if response.status_code in (301, 302) else []
        if response.status_code == 200 and html:
            parser = _Links()
            parser.feed(html)
            targets += parser.hrefs
        for href in targets:
            target = _followed(urljoin(url, href))
            if target is not None and target not in found:
                queue.append((target, url))
    return found


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """Huế seeded through the command; the provincial clerk acts in the regional unit; the regional clerk then
    walks every page. Rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--force", stdout=StringIO())
        users = get_user_model().objects
        actor = users.get(username=ACTOR)
        assert (actor.first_name, actor.last_name) == ("Tú", "Lê Thanh")
        region = Unit.objects.get(code="VKS-HUE-KV1")
        region.place_name = "Thành phố Huế"
        units.unit_save(unit=region, by=actor)
        newcomer = units.person_save(
            person=Person(code="CB-HUE-KV1-MOI", full_name="Hồ Văn Mới", gender="male", unit=region), by=actor
        )
        draft = nominations.nomination_save(
            nomination=Nomination(
                person=newcomer,
                award_type=AwardType.objects.get(code="LDTT"),
                year=calendar.default_year_for_nominations(),
                nominating_unit=region,
            ),
            by=actor,
        )
        client = Client()
        client.force_login(users.get(username=REGIONAL_CLERK))
        pages = crawl(client)
        print(
            f"\n{REGIONAL_CLERK}: {len(pages)} pages walked from the home page"
        )  # the number of pages, for the run log
        yield {"pages": pages, "region": region, "newcomer": newcomer, "draft": draft}
        transaction.set_rollback(True)


def test_every_link_of_the_regional_clerk_opens(db, walked):
    dead = {url: (status, source) for url, (status, source, _html) in walked["pages"].items() if status in (403, 404)}

    assert dead == {}
    assert len(walked["pages"]) >= 200  # the walk went everywhere, not just round the home page


def test_the_walk_reached_his_unit_his_cluster_and_the_new_draft(db, walked):
    reached = set(walked["pages"])

    assert reverse("units:unit-detail", args=[walked["region"].pk]) in reached
    assert reverse("awards:nomination-detail", args=[walked["draft"].pk]) in reached
    assert any(url.startswith("/thi-dua/cum-khoi/") and url.count("/") == 4 for url in reached)  # a cluster's page


def test_the_unit_page_names_the_parent_and_predecessors_without_a_dead_link(db, walked):
    status, _source, html = walked["pages"][reverse("units:unit-detail", args=[walked["region"].pk])]
    parent = walked["region"].parent

    assert status == 200
    assert parent.name in html
    assert reverse("units:unit-detail", args=[parent.pk]) not in html
    for predecessor in walked["region"].predecessors.all():
        assert predecessor.name in html
        assert reverse("units:unit-detail", args=[predecessor.pk]) not in html


def test_no_page_prints_a_name_in_western_order(db, walked):
    pages = {url: html for url, (_status, _source, html) in walked["pages"].items()}

    assert [url for url, html in pages.items() if "Tú Lê Thanh" in html] == []
    assert [url for url, html in pages.items() if "Lê Thanh Tú" in html] != []  # his acts are shown, by name
