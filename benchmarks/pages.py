"""Benchmark: every page each role opens, on the national data, against a bare view, through gunicorn with DEBUG=0.

    PYTHONPATH=. .venv/bin/python benchmarks/pages.py [--runs 3] [--requests 20] [--limit 15] [--reuse]
        [--only register] [--roles admin,vanthu] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench_pages PYTHONPATH=. .venv/bin/python benchmarks/pages.py

Needs PostgreSQL: the database named by DATABASE_URL (by default tdkt_bench_pages on the local server, created when
missing) is migrated, FLUSHED and seeded: never point it at real data. `--reuse` keeps the data of an earlier run
(new migrations are applied), sparing the ~10 minutes of the seed. The seed is the national demo (`seed_demo --scale
nation`: 1,020 units, 20,000 staff, ~100,000 awards 2021–2025, the demo accounts, Huế's movements, groups,
registrations, initiatives, nominations, council, session and reports), then `benchmarks/pages_data.py` gives every
other province the same kinds of records (34 councils with their sessions, 42,000 registrations, 20,000
nominations in 660 tờ trình, 670 initiatives, 270 movements, 36 reports...) and opens a secret poll in Huế's
session; PostgreSQL is VACUUMed and ANALYZEd on every run, as autovacuum keeps a live database (the visibility map
that lets a count or a DISTINCT read an index only, the planner's statistics).

The server: `gunicorn config.wsgi -w 2` (sync workers) with DEBUG=0 and the settings module
`benchmarks.pages_settings` (the product's settings over plain HTTP, plus the bare view `/bench/bare/` and an
`X-Query-Count` header; see that module), after a `collectstatic` into benchmarks/out/pages-static/ (WhiteNoise's
manifest, as in production). SECRET_KEY and BALLOT_KEY are random per run. Its log (the refusals met by the walk
below, any error) goes to benchmarks/out/pages-server.log.

The roles are the demo accounts: administrator (admin), provincial clerk (vanthu, Huế), regional clerk
(vanthu_kv1, khu vực 1 of Huế), council secretary (thuky), council member (hoidong). Each signs in through the
sign-in form with its own cookie jar, then finds its pages:
  - the pages of the issue's table, by name: dashboard; register first page, a deep page (the cursor link of the
    first page, moved to the middle year of the register: ~40,000 rows deep for the administrator), the name
    search "nguyen van"; the decision with the most awards the role sees; the registration, nomination, movement
    and person lists; Huế's 5-year report preview and the sector's; Huế's session console; the ballot page of the
    open poll; the initiative form, new and edit;
  - every other page its links reach: breadth first from the home page, one URL per URL name (a URL name already
    named above is not opened twice), leaving out files (exports, PDFs, Word copies, scans, templates, certificate
    proofs and test sheets), the admin site, paging links and POST-only URLs.
A page that answers a refusal (403, 404, 405) or a redirect is skipped and listed; a server error (5xx) is listed
and fails the run.

Measuring: `--runs` runs (default 3) over all the pages of all roles; in each, per page, 2 warm-ups, then
`--requests` requests (default 20; 5 for a page whose warm-up took over `--slow` seconds), each followed by a
request to the bare view with the same cookies (paired, so that both see the same load). Per page and run the p95
of the page and of the bare view; the table shows the median over the runs of the p50, of the p95, of the bare
p95 and of the paired ratio p95 / bare p95, the page's SQL queries (the most frequent count of `X-Query-Count`)
and its size. The machine's load average and cores are printed at the start and at the end: other processes skew
the figures, look at both. Exit status 1 when any page is over `--limit` times the bare view (default 15), listing
them, or answered an error.

Query counts must stay flat: a list shows as many queries with 3× the rows as with 1× (the column above is the count
at the national scale; tests/test_query_counts_flat.py checks each list page and role on 1× and 3× data).
"""

import argparse
import base64
import dataclasses
import html
import html.parser
import http.cookiejar
import io
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from voting import CSRF_INPUT, NoRedirect, create_database, free_port, percentile

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
STATIC_ROOT = OUT / "pages-static"
SERVER_LOG = OUT / "pages-server.log"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tdkt_bench_pages"
ROLES = {  # the demo's accounts (units/demo/organisation.py)
    "admin": "administrator",
    "vanthu": "provincial clerk",
    "vanthu_kv1": "regional clerk",
    "thuky": "council secretary",
    "hoidong": "council member",
}
BARE = "/bench/bare/"
WARM_UPS = 2
# Not pages: files (exports, PDFs, scans, uploads, import templates) and the URLs that only take a POST.
NOT_A_PAGE = re.compile(
    r"(export|pdf|docx|xlsx|document|scan|file|template|download|proof|sheet|background)$"
    r"|^(logout|set_language|bench-bare)$"
)
CURSOR = re.compile(r"(^|&)(after|before|page)=")
LINK = re.compile(r'href="([^"#]*)"')
NEXT_LINK = re.compile(r'href="([^"]*)"[^>]*rel="next"')


def setup_django() -> str:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("pages benchmark: DATABASE_URL must name a PostgreSQL database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # this process seeds (seed_demo refuses DEBUG=0); the server runs DEBUG=0
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # First on the path: the apps, not this folder's scripts named like them (benchmarks/reports.py).
    sys.path.insert(0, str(ROOT))
    create_database(url)
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    settings.DEBUG = False  # no SQL logging in this process
    return url


def prepare(*, reuse: bool) -> None:
    import pages_data  # noqa: PLC0415 -- imports the apps: after django.setup()
    from django.apps import apps  # noqa: PLC0415
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    if reuse and pages_data.seeded():
        print("seed: reusing the national data already in the database")
    else:
        call_command("flush", interactive=False, verbosity=0)
        # flush empties the catalogue and the rule set that a data migration loaded: load them again.
        ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))
        started = time.perf_counter()
        call_command("seed_demo", scale="nation", force=True, stdout=io.StringIO())
        print(f"seed: national demo data in {time.perf_counter() - started:.1f} s")
        users = get_user_model().objects
        pages_data.seed_national(admin=users.get(username="admin"), secretary=users.get(username="thuky"))
    if connection.vendor == "postgresql":
        # Plans without statistics, and tables without a visibility map (right after a bulk load), are not those of a
        # live database, which autovacuum keeps (PostgreSQL 13+ vacuums the tables that only grow, too).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def data_summary() -> str:
    from awards.nominations.models import Nomination  # noqa: PLC0415
    from awards.register.models import Award, Decision  # noqa: PLC0415
    from emulation.models import Registration  # noqa: PLC0415
    from units.models import Person, Unit  # noqa: PLC0415

    counts = {
        "units": Unit.objects.count(),
        "staff": Person.objects.count(),
        "awards": Award.objects.count(),
        "decisions": Decision.objects.count(),
        "registrations": Registration.objects.count(),
        "nominations": Nomination.objects.count(),
    }
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


# -- the server ---------------------------------------------------------------------------------------------


def server_environment() -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "benchmarks.pages_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BALLOT_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
    }


def collect_static(environment: dict) -> None:
    """WhiteNoise's manifest and compressed files, as production serves them; skipped while the last ones are newer
    than every file of static/."""
    manifest = STATIC_ROOT / "staticfiles.json"
    sources = (ROOT / "static").rglob("*")
    if manifest.exists() and all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources):
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )


def start_gunicorn(port: int, workers: int, environment: dict) -> subprocess.Popen:
    """gunicorn on `port`, its log (the refusals the walk meets, any error) in SERVER_LOG."""
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        stdout=SERVER_LOG.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return server
        except OSError:  # not listening yet, or still loading the application
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


# -- a signed-in browser ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Response:
    status: int
    body: str
    size: int
    queries: int | None
    location: str
    seconds: float


class Client:
    """One role's browser: its cookie jar, no redirect followed."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.username = username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def get(self, path: str, data: dict | list | None = None) -> Response:
        """GET `path`, or POST `data` (a dict or a list of pairs) to it."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=600) as answer:
                raw, status, headers = answer.read(), answer.status, answer.headers
        except urllib.error.HTTPError as error:  # 3xx (redirects are not followed) and 4xx/5xx
            raw, status, headers = error.read(), error.code, error.headers
        seconds = time.perf_counter() - started
        count = headers.get("X-Query-Count")
        return Response(
            status=status,
            body=raw.decode(errors="replace"),
            size=len(raw),
            queries=int(count) if count else None,
            location=headers.get("Location", ""),
            seconds=seconds,
        )

    def login(self, password: str) -> None:
        page = self.get("/accounts/login/")
        match = CSRF_INPUT.search(page.body)
        if match is None:
            raise RuntimeError(f"{self.username}: no CSRF token on the sign-in page")
        answer = self.get(
            "/accounts/login/",
            {"username": self.username, "password": password, "csrfmiddlewaretoken": match.group(1)},
        )
        if answer.status != 302:
            raise RuntimeError(f"{self.username}: sign-in answered {answer.status}")
        if self.get(BARE).status != 200:
            raise RuntimeError(f"{self.username}: the bare view does not answer 200 after sign-in")


# -- the pages ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Page:
    name: str
    path: str
    kind: str  # the URL name
    data: list | None = None  # the form posted, for a page that answers a POST (the report's live preview)


class FormFields(html.parser.HTMLParser):
    """The fields of the form with the given id, as a browser would post them untouched."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: list | None = None
        self.select: str | None = None  # the name of the <select> being read
        self.first_option: tuple[str, str] | None = None
        self.chosen = False  # an option of the <select> is selected
        self.multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (tag != "option" and not attrs.get("name")):
            return
        if tag == "input" and attrs.get("type", "text") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.fields.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.first_option, self.chosen = attrs["name"], None, False
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            option = (self.select, attrs.get("value") or "")
            self.first_option = self.first_option or option
            if "selected" in attrs:
                self.fields.append(option)
                self.chosen = True

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select:
            # Nothing selected: a browser posts the first option of a single choice, nothing of a multiple one.
            if not self.chosen and not self.multiple and self.first_option:
                self.fields.append(self.first_option)
            self.select = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


def url_name(path: str) -> str | None:
    """The URL name of an internal page worth opening, or None."""
    from django.urls import Resolver404, resolve  # noqa: PLC0415

    try:
        match = resolve(urllib.parse.urlsplit(path).path)
    except Resolver404:
        return None
    if match.namespace == "admin" or NOT_A_PAGE.search(match.url_name or ""):
        return None
    return match.view_name


def named_pages(client: Client, user) -> list[Page]:
    """The pages of the issue's table (and the heaviest of their kind the role may open)."""
    from django.db.models import Count  # noqa: PLC0415

    from awards.councils.enums import PollState  # noqa: PLC0415
    from awards.councils.models import Poll, Session  # noqa: PLC0415
    from awards.register.selectors import decisions_visible_to  # noqa: PLC0415
    from emulation.selectors import initiatives_visible_to  # noqa: PLC0415
    from reports.models import Report, ReportKind  # noqa: PLC0415

    hue = "VKS-HUE"
    pages = [
        ("dashboard", "/"),
        ("register, first page", "/khen-thuong/"),
        ("register, deep page", deep_register_path(client)),
        ("register, name “nguyen van”", "/khen-thuong/?q=nguyen+van"),
        ("registration list", "/thi-dua/dang-ky/"),
        ("nomination list", "/khen-thuong/de-nghi/"),
        ("movement list", "/thi-dua/phong-trao/"),
        ("person list", "/can-bo/"),
        ("initiative form, new", "/thi-dua/sang-kien/them/"),
    ]
    decision = decisions_visible_to(user=user).annotate(n=Count("awards")).order_by("-n", "pk").first()
    if decision is not None:
        pages.append(("decision detail, most awards", f"/khen-thuong/quyet-dinh/{decision.pk}/"))
    initiative = initiatives_visible_to(user=user).order_by("-year", "pk").first()
    if initiative is not None:
        pages.append(("initiative form, edit", f"/thi-dua/sang-kien/{initiative.pk}/sua/"))
    reports = Report.objects.filter(kind=ReportKind.FIVE_YEAR, end_year=2025)
    previews = []
    for label, report in (
        ("report preview, Huế", reports.filter(unit__code=hue).order_by("pk").first()),
        ("report preview, sector", reports.filter(unit__parent__isnull=True).order_by("pk").first()),
    ):
        if report is not None:
            # The edit page posts its form to the preview as the text is typed: the same form, untouched.
            # A role that may not open the edit page is listed with the edit page's refusal.
            edit = f"/bao-cao/{report.pk}/sua/"
            page = client.get(edit)
            if page.status == 200:
                fields = form_fields(page.body, "report-edit-form")
                previews.append(Page(label, f"/bao-cao/{report.pk}/xem-truoc/", "reports:report-preview", fields))
            else:
                previews.append(Page(label, edit, "reports:report-edit"))
    session = Session.objects.filter(council__unit__code=hue).order_by("pk").first()
    if session is not None:
        pages.append(("session console", f"/khen-thuong/phien-hop/{session.pk}/"))
        poll = Poll.objects.filter(session=session, state=PollState.OPEN).first()
        if poll is not None:
            pages.append(("ballot page", f"/khen-thuong/bo-phieu/{poll.pk}/"))
    return [Page(name, path, url_name(path) or name) for name, path in pages if path] + previews


def deep_register_path(client: Client) -> str:
    """The register's page that starts at the middle year: the first page's cursor link ("after=<year>_<id>")
    moved to that year, or, if the cursor reads otherwise, the 20th page by following the links."""
    from awards.register.models import Award  # noqa: PLC0415

    years = sorted(Award.objects.values_list("year", flat=True).distinct())
    path = "/khen-thuong/"
    for _ in range(20):
        match = NEXT_LINK.search(client.get(path).body)
        if match is None:
            return path
        query = html.unescape(match.group(1)).lstrip("?")
        cursor = urllib.parse.parse_qs(query).get("after", [""])[0]
        if re.fullmatch(r"\d{4}_\d+", cursor) and years:
            return f"/khen-thuong/?after={years[len(years) // 2]}_{2**62}"
        path = f"/khen-thuong/?{query}"
    return path


def crawl(client: Client, known: set[str]) -> tuple[list[Page], list[tuple[str, str, int]]]:
    """Breadth first from the home page, one URL per URL name: (the pages of the URL names not in `known`,
    [(URL name, path, status)] of their links that did not answer 200)."""
    origin = urllib.parse.urlsplit(client.base)
    pages, refused, seen = [], [], set()
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        kind = url_name(path)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        answer = client.get(path)
        if kind not in known:
            if answer.status != 200:
                refused.append((kind, path, answer.status))
                continue
            pages.append(Page(kind, path, kind))
        for href in LINK.findall(answer.body):
            parts = urllib.parse.urlsplit(html.unescape(href))
            if parts.netloc and parts.netloc != origin.netloc:
                continue
            if not parts.path.startswith("/") or CURSOR.search(parts.query):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, refused


# -- measuring ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Measure:
    role: str
    page: Page
    p50: list[float] = dataclasses.field(default_factory=list)
    p95: list[float] = dataclasses.field(default_factory=list)
    bare_p95: list[float] = dataclasses.field(default_factory=list)
    ratios: list[float] = dataclasses.field(default_factory=list)
    queries: Counter = dataclasses.field(default_factory=Counter)
    size: int = 0
    requests: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0


def measure_once(client: Client, measure: Measure, requests: int, slow: float, slow_requests: int) -> None:
    """One run of a page: the warm-ups, then `requests` pairs (page, bare view)."""
    page = measure.page
    # The last warm-up decides: the first may fill what the page caches.
    warm = [client.get(page.path, page.data).seconds for _ in range(WARM_UPS)][-1]
    client.get(BARE)
    count = slow_requests if warm > slow else requests
    pages, bares = [], []
    for _ in range(count):
        answer = client.get(page.path, page.data)
        if answer.status != 200:
            measure.errors.append(f"HTTP {answer.status}")
            return
        pages.append(answer.seconds)
        measure.queries[answer.queries] += 1
        measure.size = answer.size
        bares.append(client.get(BARE).seconds)
    measure.requests = count
    page_p95, bare_p95 = percentile(pages, 0.95), percentile(bares, 0.95)
    measure.p50.append(statistics.median(pages))
    measure.p95.append(page_p95)
    measure.bare_p95.append(bare_p95)
    measure.ratios.append(page_p95 / bare_p95)


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1, 5, 15 min; {os.cpu_count()} cores)"


def print_table(measures: list[Measure], limit: float) -> None:
    print(
        f"\n{'role':17} {'page':40} {'p50 ms':>7} {'p95 ms':>7} {'bare p95':>8} {'ratio':>6} {'queries':>7} "
        f"{'KB':>6} {'n':>3}"
    )
    for m in measures:
        if m.errors or not m.p95:
            print(f"{ROLES[m.role]:17} {m.page.name[:40]:40} ERROR {'; '.join(sorted(set(m.errors)))}")
            continue
        queries = m.queries.most_common(1)[0][0]
        flag = "  OVER" if m.ratio > limit else ""
        print(
            f"{ROLES[m.role]:17} {m.page.name[:40]:40} {statistics.median(m.p50) * 1000:7.1f} "
            f"{statistics.median(m.p95) * 1000:7.1f} {statistics.median(m.bare_p95) * 1000:8.1f} {m.ratio:5.1f}× "
            f"{queries if queries is not None else '?':>7} {m.size / 1024:6.0f} {m.requests:3}{flag}"
        )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20, help="requests per page and run, after 2 warm-ups")
    parser.add_argument("--limit", type=float, default=15.0, help="the largest ratio p95 / bare p95 that passes")
    parser.add_argument("--slow", type=float, default=1.0, help="a page whose warm-up takes longer (seconds) ...")
    parser.add_argument("--slow-requests", type=int, default=5, help="... is measured with this many requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="only the pages whose name or path contains this text")
    parser.add_argument("--roles", default="", help=f"comma-separated usernames among {', '.join(ROLES)}")
    parser.add_argument("--reuse", action="store_true", help="keep the data seeded by an earlier run")
    args = parser.parse_args()
    args.roles = [name.strip() for name in args.roles.split(",") if name.strip()] or list(ROLES)
    unknown = [name for name in args.roles if name not in ROLES]
    if unknown:
        parser.error(f"unknown roles {', '.join(unknown)}: choose among {', '.join(ROLES)}")
    return args


def discover(base: str, args) -> tuple[dict[str, Client], list[Measure], list[str]]:
    """Each role signs in and finds its pages: ({username: client}, the pages to measure, the pages refused)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from units.demo.organisation import DEMO_PASSWORD  # noqa: PLC0415

    clients, measures, refusals = {}, [], []  # refusals: (role, page, path, status)
    only = args.only.lower()
    for username in args.roles:
        client = clients[username] = Client(base, username)
        client.login(DEMO_PASSWORD)
        named = []
        for page in named_pages(client, get_user_model().objects.get(username=username)):
            status = client.get(page.path, page.data).status
            if status == 200:
                named.append(page)
            else:
                refusals.append((username, page.name, page.path, status))
        crawled, refused = crawl(client, {page.kind for page in named})
        refusals += [(username, kind, path, status) for kind, path, status in refused]
        print(f"{ROLES[username]} ({username}): {len(named)} named pages, {len(crawled)} more by the links")
        measures += [
            Measure(username, page)
            for page in [*named, *crawled]
            if only in page.name.lower() or only in page.path.lower()
        ]
    return clients, measures, refusals


def report(measures: list[Measure], refusals: list[tuple], limit: float) -> int:
    """The table and the verdict: 1 when a page is over the limit or failed."""
    print_table(measures, limit)
    over = [m for m in measures if m.p95 and m.ratio > limit]
    failed = [m for m in measures if m.errors or not m.p95]
    broken = [refusal for refusal in refusals if refusal[3] >= 500]
    print(f"\nload average at the end: {load()}; the server's log: {SERVER_LOG.relative_to(ROOT)}")
    if refusals:
        print(f"\nnot opened (refused, missing for the role, redirected or broken): {len(refusals)}")
        for username, name, path, status in refusals:
            print(f"  {ROLES[username]}: {name} ({path}) HTTP {status}")
    print(f"\n{len(measures) - len(over) - len(failed)} of {len(measures)} page × role pairs within {limit:g}×")
    for m in over:
        print(f"OVER {limit:g}×: {ROLES[m.role]}: {m.page.name} {m.page.path} ({m.ratio:.1f}×)")
    for m in failed:
        print(f"FAILED: {ROLES[m.role]}: {m.page.name} {m.page.path}: {'; '.join(sorted(set(m.errors)))}")
    for username, name, path, status in broken:
        print(f"FAILED: {ROLES[username]}: {name} {path}: HTTP {status}")
    print("query counts must stay flat with the data: tests/test_query_counts_flat.py")
    return 1 if over or failed or broken else 0


def main() -> int:
    args = arguments()
    url = setup_django()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"database: {url.split('@')[-1]}")
    print(f"load average at the start: {load()}")
    prepare(reuse=args.reuse)
    print(f"data: {data_summary()}")
    environment = server_environment()
    collect_static(environment)
    server = start_gunicorn(port := free_port(), args.workers, environment)
    try:
        clients, measures, refusals = discover(f"http://127.0.0.1:{port}", args)
        print(f"gunicorn: {args.workers} sync workers, DEBUG=0; {len(measures)} page × role pairs, {args.runs} runs")
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            for measure in measures:
                measure_once(clients[measure.role], measure, args.requests, args.slow, args.slow_requests)
            print(f"run {run}: {time.perf_counter() - started:.0f} s; load average {load()}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    return report(measures, refusals, args.limit)


if __name__ == "__main__":
    sys.exit(main())
