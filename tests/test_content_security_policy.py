"""Every HTML page carries the Content-Security-Policy, and none holds code the policy would block: no inline
<script>, no <style> block, no style="…" attribute, no on…= handler, no javascript: link.

The pages: every route of the URLconf that takes no object id, opened by the administrator (who sees everything),
then the pages of one object reached by following the links of those pages, over records of every kind; and the
pages of sign-in (the form, the lockout, the code), of refusal and of a missing page. The browser's own verdict on a
few main pages is in tests/e2e/test_pages_obey_the_policy.py.
"""

import collections
import datetime
import html.parser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from emulation.enums import MemberRole
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.councils import SessionFactory, candidates, poll_on
from tests.factories.emulation import InitiativeFactory, PledgeFactory, RegistrationFactory, make_group, make_movement
from tests.factories.reports import ReportFactory
from units.audit import audit_record
from units.enums import AuditKind

# The records' dates (a council in office, a tờ trình dated today) hold from its term on: pin a day of 2026.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

# What the policy must say (config/settings.py CONTENT_SECURITY_POLICY).
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
}

# Routes that are no page to look at: an action, a file (PDF, spreadsheet, scan), a poll of a job's progress.
NOT_PAGES = ("-pdf", "-export", "-xlsx", "-document", "-file", "-scan", "-download", "-template", "-status", "-turnout")
SKIPPED = {"logout", "set_language", "old-path", "favicon"}  # favicon: a redirect to a static file
# Routes without an object id that answer POST only (405 to a GET).
ACTIONS = {"emulation:group-copy", "units:otp-disable", "units:lockout-unlock", "units:notification-read-all"}


def routes(resolver=None, namespace: str = ""):
    """(name, takes arguments) of every named route of the URLconf but the admin site's."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner != "admin":
                yield from routes(entry, f"{namespace}:{entry.namespace}" if namespace and entry.namespace else inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, bool(entry.pattern.converters) or "(?P<" in str(entry.pattern)


def is_page(name: str) -> bool:
    return name not in SKIPPED and not name.endswith(NOT_PAGES)


PAGES = sorted({name for name, takes_arguments in routes() if not takes_arguments and is_page(name)} - ACTIONS)


class InlineCode(html.parser.HTMLParser):
    """Collects what a strict policy refuses to run or apply: inline scripts (a JSON data block is no script),
    style blocks and attributes, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.found.append(f"inline <script> {self.getpos()}")
        if tag == "style":
            self.found.append(f"<style> block {self.getpos()}")
        for name, value in attrs:
            handler = name.startswith("on")
            script_url = name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            )
            if name == "style" or handler or script_url:
                self.found.append(f'<{tag} {name}="{value}">')
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def read(response) -> InlineCode:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser


def directives(response) -> dict[str, set[str]]:
    header = response.get("Content-Security-Policy", "")
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def assert_obeys_the_policy(response, where: str) -> InlineCode:
    assert is_html(response), f"{where}: not an HTML page ({response.get('Content-Type')})"
    policy = directives(response)
    wrong = {name: policy.get(name) for name, values in REQUIRED.items() if policy.get(name) != values}
    assert not wrong, f"{where}: the policy is missing or differs: {wrong}"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    parser = read(response)
    assert parser.found == [], f"{where} holds code the policy blocks: {parser.found}"
    return parser


@pytest.fixture
def records(tree, cast, staff, provincial_council):
    """One record of most kinds, so that lists have rows and their rows link to the pages of one object."""
    decision = DecisionFactory(number="7/QĐ-VKS", date=datetime.date(2025, 12, 20))
    AwardFactory(code="LDTT", person=staff["hang"], year=2025, decision=decision)
    make_movement(tree["province"])
    group = make_group(tree, 2026, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    PledgeFactory(group=group)
    RegistrationFactory(person=staff["dung"], year=2026)
    InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]])
    nominations = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    session = SessionFactory(council=provincial_council)
    poll_on(session, cast, nominations)
    ReportFactory(unit=tree["province"])
    audit_record(AuditKind.LOGIN_FAILED, username="clerk")
    return tree


@pytest.fixture
def admin_client(client, cast, records):
    client.force_login(cast["admin"])
    return client


@pytest.mark.parametrize("name", PAGES)
def test_page_carries_the_policy_and_no_inline_code(admin_client, name):
    response = admin_client.get(reverse(name), follow=True)

    assert response.status_code == 200, f"{name}: answered {response.status_code}"
    if is_html(response):
        assert_obeys_the_policy(response, name)


# Pages of one object the crawl must reach, or it proves little: the records above give each of them a link.
OBJECT_PAGES = {
    "units:unit-detail", "units:unit-update", "units:unit-close",
    "units:person-detail", "units:person-update", "units:person-transfer",
    "emulation:movement-detail", "emulation:movement-update",
    "emulation:group-detail", "emulation:group-update", "emulation:group-registrations",
    "emulation:membership-not-rated", "emulation:score-sheet",
    "emulation:pledge-create", "emulation:pledge-detail", "emulation:pledge-update",
    "emulation:initiative-detail", "emulation:initiative-update",
    "awards:decision-detail", "awards:decision-update", "awards:award-revoke",
    "awards:nomination-detail", "awards:batch-detail",
    "awards:council-detail", "awards:council-update", "awards:council-history", "awards:council-member-create",
    "awards:session-create", "awards:session-detail",
    "reports:report-detail", "reports:report-edit",
}  # fmt: skip


def test_pages_of_one_object_carry_no_inline_code(admin_client):
    queue = collections.deque(reverse(name) for name in PAGES)
    seen, per_route, checked = set(), collections.Counter(), set()
    while queue and len(seen) < 400:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen:
            continue
        seen.add(url)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        name = match.view_name
        if not is_page(name) or match.namespace == "admin" or per_route[name] >= 2:
            continue
        per_route[name] += 1
        response = admin_client.get(url)
        if response.status_code != 200 or not is_html(response):
            continue
        parser = assert_obeys_the_policy(response, f"{name} ({url})")
        checked.add(name)
        for href in parser.links:
            target = urljoin(url, href)
            if target.startswith("/") and not target.startswith("//"):
                queue.append(target.split("#", 1)[0])

    assert checked >= OBJECT_PAGES, f"the crawl did not reach {sorted(OBJECT_PAGES - checked)}"


def test_the_sign_in_pages_carry_the_policy_and_no_inline_code(client, cast, settings):
    pages = {"sign-in": client.get(reverse("login"))}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        pages["lockout"] = client.post(reverse("login"), {"username": "clerk", "password": "sai"})
    assert pages["lockout"].status_code == 429
    client.force_login(cast["leader"])
    pages["account"] = client.get(reverse("units:account"))
    pages["two-factor set-up"] = client.get(reverse("units:otp-enrol"))
    pages["password"] = client.get(reverse("password_change"))
    pages["refusal (403)"] = client.get(reverse("units:audit-list"))
    settings.DEBUG = False  # Django's own debug page answers a 404 while DEBUG is on
    pages["missing page (404)"] = client.get("/khong-co-trang-nay/")

    for where, response in pages.items():
        assert_obeys_the_policy(response, where)


def test_the_code_page_carries_the_policy_and_no_inline_code(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 -- only this test needs a device

    TOTPDevice.objects.create(user=cast["leader"], name="Điện thoại", confirmed=True)
    browser = Client()
    browser.post(reverse("login"), {"username": "leader", "password": "matkhau-123"})

    response = browser.get(reverse("units:otp-verify"))

    assert_obeys_the_policy(response, "otp-verify")


def test_the_check_finds_every_kind_of_inline_code():
    page = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="d">{}</script><style>p {}</style>'
        '<p style="color: red" onclick="go()"><a href="javascript:go()">x</a></p>'
    )
    parser = InlineCode()

    parser.feed(page)

    assert [found.split(" ")[0] for found in parser.found] == ["inline", "<style>", "<p", "<p", "<a"]


def test_a_pdf_or_a_download_carries_no_policy(admin_client):
    response = admin_client.get(reverse("units:unit-export"), {"format": "csv"})

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
