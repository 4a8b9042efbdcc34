"""Benchmark: a council of 50 members votes at the same instant on one ballot of 100 candidates, through gunicorn.

    PYTHONPATH=. .venv/bin/python benchmarks/voting.py [--members 50] [--candidates 100] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench PYTHONPATH=. .venv/bin/python benchmarks/voting.py

Needs PostgreSQL (SQLite has one writer): the database named by DATABASE_URL (by default tdkt_bench on the local
server, created when missing) is migrated and FLUSHED first: never point it at real data. Seeds a council of
50 members with accounts, a session with all present, one open secret poll on 100 nominations (bulk-created),
then starts `gunicorn config.wsgi -w 2` on a free port. 50 clients, one thread and one cookie jar each, log in
through /accounts/login/ (with the CSRF token), open the ballot page, wait for each other, and post their
ballots at once. Prints ballots per second and p50/p95 of the POSTs, then checks the box: 50 participations,
5,000 sealed ballot rows, each candidate's "agree" count (every ballot unsealed by `ballot_box.count`, as the close
does) equal to the agree choices sent; then empties the box as the close does (DELETE, then VACUUM after the
commit) and prints how long the count and the emptying took. Exits non-zero when a check fails. Not part of the
test suite (pytest collects tests/ only).

gunicorn runs with DEBUG=1: it only spares the SECRET_KEY, the HTTPS-only cookies and the collectstatic that
production settings require; the debug cursor's bounded query list is the only extra work.
"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tdkt_bench"
PASSWORD = "matkhau-bench-123"
YEAR = 2026
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def setup_django() -> str:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("voting benchmark: DATABASE_URL must name a PostgreSQL database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    create_database(url)
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    settings.DEBUG = False  # no SQL logging in this process
    return url


def create_database(url: str) -> None:
    """Create the benchmark database on its server when it does not exist yet."""
    import psycopg2  # noqa: PLC0415 -- only this benchmark talks to the server directly

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare_database() -> None:
    from django.apps import apps  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    # flush empties the catalogue and the rule set that a data migration loaded: load them again.
    ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))


def seed(members: int, candidates: int):
    """The council, its members with accounts, all present, and an open secret poll on the candidates."""
    import datetime  # noqa: PLC0415

    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from awards.catalogue.enums import RecipientKind  # noqa: PLC0415
    from awards.catalogue.models import AwardType  # noqa: PLC0415
    from awards.councils.enums import Attendance, PollMode, PollState  # noqa: PLC0415
    from awards.councils.models import (  # noqa: PLC0415
        AgendaItem,
        Council,
        CouncilMember,
        Poll,
        PollVoter,
        Session,
        SessionAttendance,
    )
    from awards.nominations.enums import NominationState  # noqa: PLC0415
    from awards.nominations.models import Nomination  # noqa: PLC0415
    from units import services as unit_services  # noqa: PLC0415
    from units.enums import UnitLevel  # noqa: PLC0415
    from units.models import Person, Unit  # noqa: PLC0415

    province = unit_services.unit_save(
        unit=Unit(code="VKS-B", name="Viện kiểm sát nhân dân tỉnh B", short_name="VKSND tỉnh B",
                  level=UnitLevel.PROVINCIAL, place_name="B")
    )  # fmt: skip
    council = Council.objects.create(
        unit=province, name="Hội đồng Thi đua - Khen thưởng VKSND tỉnh B", term_start=datetime.date(YEAR, 1, 5)
    )
    password = make_password(PASSWORD)  # one hash for all: the seed is not what is measured
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"hd{n:02d}", password=password) for n in range(members)]
    )
    people = [Person(code=f"HD-{n:02d}", full_name=f"Thành viên {n:02d}", unit=province) for n in range(members)]
    people += [Person(code=f"CB-{n:03d}", full_name=f"Cán bộ {n:03d}", unit=province) for n in range(candidates)]
    for person in people:
        person.save()
    seats = CouncilMember.objects.bulk_create(
        [
            CouncilMember(council=council, person=person, user=user, role="member", order=n)
            for n, (person, user) in enumerate(zip(people[:members], users, strict=True))
        ]
    )
    session = Session.objects.create(council=council, date=datetime.date(YEAR, 12, 2), year=YEAR)
    SessionAttendance.objects.bulk_create(
        [SessionAttendance(session=session, member=seat, status=Attendance.PRESENT) for seat in seats]
    )
    ldtt = AwardType.objects.get(code="LDTT")
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                nominating_unit=province,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person=person,
                award_type=ldtt,
                year=YEAR,
                summary="Hoàn thành xuất sắc nhiệm vụ được giao.",
                state=NominationState.UNDER_REVIEW,
            )
            for person in people[members:]
        ]
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, nomination=n, order=i) for i, n in enumerate(nominations, 1)]
    )
    poll = Poll.objects.create(
        session=session,
        title="Bỏ phiếu LĐTT",
        mode=PollMode.SECRET,
        state=PollState.OPEN,
        opened_at=timezone.now(),
        members_total=members,
        members_present=members,
    )
    poll.candidates.set(nominations)
    # Who may vote is fixed when a poll opens (voting.poll_open); this poll is written open directly.
    PollVoter.objects.bulk_create([PollVoter(poll=poll, member=seat, status=Attendance.PRESENT) for seat in seats])
    return poll, [user.username for user in users], [n.pk for n in nominations]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 30 s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Member:
    """One phone: its own cookie jar, its login, its ballot page, its POST."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.username = username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:  # 3xx (redirects are not followed) and 4xx/5xx
            return error.code, error.read().decode(errors="replace"), error.headers.get("Location", "")

    def csrf(self, page: str) -> str:
        match = CSRF_INPUT.search(page)
        if match is None:
            raise RuntimeError(f"{self.username}: no CSRF token on the page")
        return match.group(1)

    def login(self) -> None:
        status, page, _ = self.request("/accounts/login/")
        status, _, _ = self.request(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf(page)},
        )
        if status != 302:
            raise RuntimeError(f"{self.username}: login answered {status}")

    def open_ballot(self, poll_pk: int) -> str:
        status, page, _ = self.request(f"/khen-thuong/bo-phieu/{poll_pk}/")
        if status != 200 or 'id="ballot-form"' not in page:
            raise RuntimeError(f"{self.username}: ballot page answered {status}")
        return self.csrf(page)


def vote_all(base: str, poll_pk: int, usernames: list[str], candidates: list[int]):
    rng = random.Random(20261202)
    plans = {name: {pk: rng.choice(["agree", "disagree"]) for pk in candidates} for name in usernames}
    ready = threading.Barrier(len(usernames) + 1)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run(username: str) -> None:
        member = Member(base, username)
        try:
            member.login()
            token = member.open_ballot(poll_pk)
        except Exception as exc:
            failures.append(str(exc))
            ready.wait()
            return
        data = {f"c{pk}": choice for pk, choice in plans[username].items()}
        data["csrfmiddlewaretoken"] = token
        ready.wait()
        started = time.perf_counter()
        status, _, location = member.request(f"/khen-thuong/bo-phieu/{poll_pk}/", data)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if status != 302 or not location.endswith("/da-ghi-nhan/"):
                failures.append(f"{username}: ballot answered {status} {location}")

    threads = [threading.Thread(target=run, args=(name,)) for name in usernames]
    for thread in threads:
        thread.start()
    ready.wait()  # every member logged in with the ballot open: go
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return plans, latencies, wall, failures


def check(poll_pk: int, plans: dict, members: int, candidates: int) -> list[str]:
    from django.db import transaction  # noqa: PLC0415

    from awards.councils import ballot_box  # noqa: PLC0415
    from awards.councils.models import Ballot, Participation, Poll  # noqa: PLC0415

    problems = []
    participations = Participation.objects.filter(poll_id=poll_pk).count()
    ballots = Ballot.objects.filter(poll_id=poll_pk).count()
    if participations != members:
        problems.append(f"participations: {participations}, expected {members}")
    if ballots != members * candidates:
        problems.append(f"ballot rows: {ballots}, expected {members * candidates}")
    sent: dict[int, int] = {}
    for plan in plans.values():
        for pk, choice in plan.items():
            sent[pk] = sent.get(pk, 0) + (choice == "agree")
    # What poll_close does with the box, in one transaction: unseal and count, then delete (VACUUM after commit).
    poll = Poll.objects.get(pk=poll_pk)
    started = time.perf_counter()
    with transaction.atomic():
        tallies = {pk: agree for pk, (agree, _disagree) in ballot_box.count(poll).items()}
        counted = time.perf_counter()
        ballot_box.empty(poll)
    emptied = time.perf_counter()
    print(
        f"close: {ballots:,} ballots unsealed and counted in {(counted - started) * 1000:.0f} ms; "
        f"box emptied (DELETE + VACUUM) in {(emptied - counted) * 1000:.0f} ms"
    )
    wrong = [pk for pk in sent if tallies.get(pk, 0) != sent[pk]]
    if wrong:
        problems.append(f"{len(wrong)} candidates' agree counts differ from the choices sent (e.g. #{wrong[0]})")
    left = Ballot.objects.filter(poll_id=poll_pk).count()
    if left:
        problems.append(f"{left} ballot rows left after the box was emptied")
    return problems


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = setup_django()
    print(f"database: {url.split('@')[-1]}")
    prepare_database()
    poll, usernames, candidates = seed(args.members, args.candidates)
    print(f"seed: council of {args.members} members, all present; open poll on {args.candidates} candidates")
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        plans, latencies, wall, failures = vote_all(f"http://127.0.0.1:{port}", poll.pk, usernames, candidates)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for failure in failures[:10]:
        print("FAILED:", failure)
    if latencies:
        print(f"gunicorn: {args.workers} sync workers; {len(latencies)} ballots posted at once in {wall:.2f} s")
        print(f"ballots/s: {len(latencies) / wall:.1f} ({len(latencies) * args.candidates / wall:,.0f} choices/s)")
        print(
            f"POST latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
    problems = check(poll.pk, plans, args.members, args.candidates)
    for problem in problems:
        print("WRONG:", problem)
    if not problems and not failures:
        print(
            f"box: {args.members} participations, {args.members * args.candidates:,} sealed ballots, every tally "
            "right, none left after the close"
        )
    return 1 if problems or failures else 0


if __name__ == "__main__":
    sys.exit(main())
