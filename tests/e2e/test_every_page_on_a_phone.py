"""Every page of every role on a phone: over the seeded demo (Huế), each role signs in on a 390 px wide screen and
opens, from the home page, one page of every kind its links reach (one URL per URL name: the same template with
other rows adds time, not pages), plus the sign-in page and the 404 page. No page is wider than the screen (no
sideways scrolling), none logs an error to the console (a failed script or resource, a refusal of the
Content-Security-Policy), none answers an error status.

The pages opened by each role are written to test-results/every-page-on-a-phone.txt."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.e2e.conftest import RESULTS_DIR, TIMEOUT_MS, login
from units.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

WIDTH = 390
# Not `is_mobile`: Chromium's mobile emulation widens the layout viewport to fit a page wider than the screen (it
# zooms out), so window.innerWidth would grow with the very overflow the test looks for. A narrow desktop window
# keeps innerWidth at 390 and applies the same media queries.
PHONE = {
    "viewport": {"width": WIDTH, "height": 844},
    "has_touch": True,
    "locale": "vi-VN",
    "timezone_id": "Asia/Ho_Chi_Minh",
}
ROLES = {  # the demo's accounts (units/demo/organisation.py, awards/demo/councils.py)
    "administrator": "admin",
    "provincial clerk": "vanthu",
    "regional clerk": "vanthu_kv1",
    "leader": "lanhdao",
    "council secretary": "thuky",
    "council member": "hoidong",
}
# Not pages: files (exports, PDFs, Word copies, scans, uploads, import templates, certificate proofs and test
# sheets), the forms that only POST, Django's admin site (its own layout, not the product's).
NOT_A_PAGE = re.compile(
    r"(export|pdf|docx|xlsx|document|scan|file|template|download|proof|sheet)$|^(logout|set_language)$"
)
MISSING = "/khong-co-trang-nay/"

# The elements that stick out of the screen, outside any box that scrolls or clips them: what a failure names.
CULPRITS_JS = """() => {
  const width = window.innerWidth, found = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0 || box.height === 0) continue;
    let parent = element.parentElement, clipped = false;
    while (parent && !clipped) {
      clipped = ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX);
      parent = parent.parentElement;
    }
    const name = [element.tagName.toLowerCase(), ...element.classList].join('.');
    if (!clipped) found.push(`${name} → ${Math.round(box.right)} px`);
  }
  return found.slice(-3);
}"""


def _kind(url: str) -> str | None:
    """The URL name of an internal page worth opening, or None."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return parts.path  # followed, so that the dead link shows as an error status
    if match.namespace == "admin" or NOT_A_PAGE.search(match.url_name or ""):
        return None
    return match.view_name


class Phone:
    """One role's phone: opens a page and says what is wrong with it."""

    def __init__(self, browser, live_server):
        self.context = browser.new_context(**PHONE)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.live_server = live_server
        self.console: list[tuple[str, str]] = []  # (text, URL of the resource it is about)
        self.page.on("console", self._listen)
        self.page.on("pageerror", lambda error: self.console.append((f"JavaScript: {error}", "")))

    def _listen(self, message) -> None:
        if message.type == "error":  # a failed resource or script, a refusal of the policy
            self.console.append((message.text, message.location.get("url", "")))

    def problems(self, path: str, *, status: int = 200) -> list[str]:
        self.console.clear()
        url = f"{self.live_server.url}{path}"
        response = self.page.goto(url)
        found = [] if response.status == status else [f"HTTP {response.status}"]
        scroll_width, inner_width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width or inner_width != WIDTH:
            found.append(f"{scroll_width} px wide: " + "; ".join(self.page.evaluate(CULPRITS_JS)))
        # Chromium logs the status of the page itself when it is an error: expected for the 404 page.
        return found + [f"console: {text}" for text, about in self.console if status == 200 or about != url]

    def links(self) -> list[str]:
        return self.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")


def walk(phone: Phone, origin: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Breadth first from the home page, one URL per kind: ({kind: url opened}, {url: problems})."""
    opened: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        kind = _kind(path)
        if kind is None or kind in opened:
            continue
        opened[kind] = path
        if found := phone.problems(path):
            problems[path] = found
        for href in phone.links():
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == origin and "page=" not in parts.query:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    if found := phone.problems(MISSING, status=404):
        problems[MISSING] = found
    return opened, problems


def test_every_page_of_every_role_fits_a_phone_without_an_error(live_server, browser):
    call_command("seed_demo", "--force", stdout=StringIO())
    opened: dict[str, dict[str, str]] = {}
    problems: dict[str, dict[str, list[str]]] = {}

    for role, username in ROLES.items():
        phone = Phone(browser, live_server)
        if found := phone.problems("/accounts/login/"):
            problems.setdefault(role, {})["/accounts/login/"] = found
        login(phone.page, live_server, username, DEMO_PASSWORD)
        opened[role], found = walk(phone, live_server.url)
        if found:
            problems.setdefault(role, {}).update(found)
        phone.context.close()

    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "every-page-on-a-phone.txt").write_text(
        "\n\n".join(
            f"{role} ({len(pages)} pages):\n" + "\n".join(f"  {kind}  {url}" for kind, url in sorted(pages.items()))
            for role, pages in opened.items()
        )
        + "\n",
        encoding="utf-8",
    )
    assert problems == {}
    # Every role reached the pages of its work, not only its home page.
    assert {role: len(pages) >= 30 for role, pages in opened.items()} == dict.fromkeys(ROLES, True)
