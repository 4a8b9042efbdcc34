"""Browser tests: Playwright (Python, sync API) driving Debian's Chromium against pytest-django's live server.

`make test` installs Chromium (`apt-get install chromium`); Playwright's own browser download is never used.
A missing /usr/bin/chromium makes these tests fail, not skip, so that a green run always includes them.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the test thread, and Django then refuses ORM calls
# there (SynchronousOnlyOperation) although they are synchronous: fixtures and assertions use the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium tries to reach Google's hosts at start; the machine has no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 15_000
# Screenshots for humans to look at after a run (gitignored).
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    """A live-server test flushes the database when it ends, data migrations included: put back the award
    catalogue and the default rule set that every page expects."""
    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415
    from awards.catalogue.models import AwardType, RuleSet  # noqa: PLC0415

    ensure_defaults(AwardType, RuleSet)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make test` (it installs it) or `apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- only browser tests need Playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Call at the end of a journey: saves test-results/<test name>.png."""

    def take(name: str | None = None) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{name or request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the login page, as a person would, and wait until we have left it."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Login as {username!r} failed; the page says: {page.inner_text('body')!r}")


def pick(page, label: str, text: str) -> None:
    """Choose in a picker (static/js/picker.js) as a person would: type `text` into the field named `label` and take
    the answer that shows it."""
    page.get_by_role("combobox", name=label).press_sequentially(text)
    page.locator(".ts-dropdown:visible .option", has_text=text).first.click()  # the open one: a page has several
