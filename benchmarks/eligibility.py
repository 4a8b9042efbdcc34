"""Benchmark: the eligibility check of 30,000 nominations on the national data set.

    PYTHONPATH=. .venv/bin/python benchmarks/eligibility.py [--nominations 30000] [--batch 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench PYTHONPATH=. .venv/bin/python benchmarks/eligibility.py

Own database as in import_awards.py (a SQLite file under benchmarks/out/, or DATABASE_URL, flushed first: never
point it at real data). Seeds the national demo data (`seed_demo --scale nation`: units, staff, five years of
awards 2021–2025, registrations, initiatives), the facts of the year under review (2026) for every person, and
bulk-creates draft nominations for 2026: LĐTT for most staff, CSTĐCS, Bằng khen VKSTC, CSTĐ ngành, Kỷ niệm chương
and TTLĐTT for units. Then measures `awards.nominations.eligibility.evaluate`:

  batches   every nomination, 300 at a time (what a batch page or a submission of a tờ trình costs);
  one go    all of them in one call;

and prints seconds, nominations per second, queries per call and the peak memory (the process's, after each
phase), then the quota table of the provinces and the suggestions of one province. Informative: no target of the
specification applies, so it never fails on figures.
"""

import argparse
import io
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_awards import OUT, ROOT, peak_memory_mb

YEAR = 2026


def setup_django() -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        database = OUT / "eligibility.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    settings.DEBUG = False
    return os.environ["DATABASE_URL"]


def prepare() -> None:
    from django.apps import apps  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    # flush empties the catalogue and the rule set that a data migration loaded: load them again.
    ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))
    started = time.perf_counter()
    call_command("seed_demo", scale="nation", force=True, stdout=io.StringIO())
    print(f"seed: national demo data in {time.perf_counter() - started:.1f} s")


def create_facts_and_nominations(count: int) -> Counter:
    """The facts of YEAR for every person and `count` draft nominations of YEAR, in bulk."""
    from awards.catalogue.enums import RecipientKind  # noqa: PLC0415
    from awards.catalogue.models import AwardType  # noqa: PLC0415
    from awards.nominations.models import Nomination  # noqa: PLC0415
    from awards.register.models import Award, PersonYear  # noqa: PLC0415
    from units.models import Person, Unit  # noqa: PLC0415

    rng = random.Random(30_000)
    started = time.perf_counter()
    persons = list(Person.objects.order_by("pk").values_list("pk", "unit_id"))
    PersonYear.objects.bulk_create(
        (
            PersonYear(
                person_id=pk,
                year=YEAR,
                rating=rng.choices(["excellent", "good", "done", ""], [20, 70, 8, 2])[0],
                service_months=12,
                absence_months=rng.choices([0, 1, 4], [90, 8, 2])[0],
            )
            for pk, _unit in persons
        ),
        batch_size=2000,
        # The demo's own nominations already gave part of one province the facts of YEAR.
        ignore_conflicts=True,
    )
    types = {t.code: t for t in AwardType.objects.all()}
    taken = set(Nomination.objects.filter(year=YEAR).values_list("award_type__code", "person_id", "unit_id"))
    last_cstdcs = set(
        Award.objects.filter(award_type__code="CSTDCS", year=YEAR - 1).values_list("person_id", flat=True)
    )
    units = list(Unit.objects.filter(valid_to__isnull=True).order_by("pk").values_list("pk", flat=True))
    # Shares of the nominations per type; individuals are drawn without repeats within a type.
    plan = [("LDTT", 0.56), ("CSTDCS", 0.2), ("BKVKSTC", 0.12), ("CSTDN", 0.05), ("KNCVSNKS", 0.04)]
    rows, made = [], Counter()
    for code, share in plan:
        wanted = int(count * share)
        pool = [p for p in persons if p[0] in last_cstdcs] if code in ("BKVKSTC", "CSTDN") else persons
        pool = pool if len(pool) >= wanted else persons
        for pk, unit_id in rng.sample(pool, min(wanted, len(pool))):
            if (code, pk, None) not in taken:
                rows.append((code, pk, None, unit_id))
                made[code] += 1
    for unit_id in rng.sample(units, min(len(units), count - len(rows))):
        if ("TTLDTT", None, unit_id) not in taken:
            rows.append(("TTLDTT", None, unit_id, unit_id))
            made["TTLDTT"] += 1
    Nomination.objects.bulk_create(
        (
            Nomination(
                nominating_unit_id=nominating,
                recipient_kind=RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE,
                person_id=person,
                unit_id=unit,
                award_type=types[code],
                year=YEAR,
            )
            for code, person, unit, nominating in rows
        ),
        batch_size=2000,
    )
    print(
        f"seed: facts of {YEAR} for {len(persons):,} staff and {len(rows):,} nominations "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return made


def timed(function, *args):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function(*args)
        seconds = time.perf_counter() - started
    return result, seconds, len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nominations", type=int, default=30_000)
    parser.add_argument("--batch", type=int, default=300)
    args = parser.parse_args()
    url = setup_django()
    print(f"database: {url.split('@')[-1]}")
    prepare()
    made = create_facts_and_nominations(args.nominations)
    print("mix:", ", ".join(f"{code} {n:,}" for code, n in made.most_common()))

    from awards.nominations import eligibility  # noqa: PLC0415
    from awards.nominations.eligibility import MET, NOT_MET, UNKNOWN  # noqa: PLC0415
    from awards.nominations.models import Nomination  # noqa: PLC0415
    from awards.register.models import Award  # noqa: PLC0415
    from units.enums import UnitLevel  # noqa: PLC0415
    from units.models import Unit  # noqa: PLC0415

    print(f"register: {Award.objects.count():,} awards")
    nominations = list(Nomination.objects.filter(year=YEAR).order_by("pk"))
    total = len(nominations)
    print(f"nominations of {YEAR}: {total:,} (the demo's own and the benchmark's)")

    started, queries, seconds_per_batch = time.perf_counter(), [], []
    for start in range(0, total, args.batch):
        _checks, seconds, n = timed(eligibility.evaluate, nominations[start : start + args.batch])
        queries.append(n)
        seconds_per_batch.append(seconds)
    batches = time.perf_counter() - started
    memory_batches = peak_memory_mb()

    checks, one_go, one_go_queries = timed(eligibility.evaluate, nominations)
    memory_one_go = peak_memory_mb()

    print(f"{'':10} {'seconds':>8} {'nominations/s':>14} {'queries/call':>13} {'peak MB':>8}")
    print(
        f"{'batches':10} {batches:8.2f} {total / batches:14,.0f} "
        f"{f'{min(queries)}–{max(queries)}':>13} {memory_batches:8,.0f}"
    )
    print(f"{'one go':10} {one_go:8.2f} {total / one_go:14,.0f} {one_go_queries:>13} {memory_one_go:8,.0f}")
    print(
        f"batches of {args.batch}: {len(queries)} calls, median {sorted(seconds_per_batch)[len(queries) // 2]:.3f} s, "
        f"worst {max(seconds_per_batch):.3f} s"
    )
    outcome = Counter(
        "passed" if check.passed else ("unknown" if any(c.status == UNKNOWN for c in check.failed) else "not met")
        for check in checks.values()
    )
    statuses = Counter(c.status for check in checks.values() for c in check.criteria)
    print(
        f"outcome: {outcome['passed']:,} passed, {outcome['not met']:,} with a criterion not met, "
        f"{outcome['unknown']:,} with only unknowns; criteria: {statuses[MET]:,} met, {statuses[NOT_MET]:,} not met, "
        f"{statuses[UNKNOWN]:,} unknown"
    )

    provinces = list(Unit.objects.filter(level=UnitLevel.PROVINCIAL, valid_to__isnull=True).order_by("sort_key"))
    table, seconds, n = timed(eligibility.quota_table, provinces, YEAR)
    over = sum(1 for row in table if row["cstdcs"]["over"])
    print(f"quota table: {len(table)} provinces in {seconds:.2f} s, {n} queries; {over} over the CSTĐCS quota")
    busiest = max(table, key=lambda row: row["ldtt"]["total"])["unit"]
    found, seconds, n = timed(eligibility.suggestions, busiest, YEAR - 1)
    print(
        f"suggestions {busiest.code} {YEAR - 1}: {len(found)} in {seconds:.2f} s, {n} queries "
        f"({', '.join(f'{c} {k}' for c, k in Counter(s.award_type.code for s in found).most_common())})"
    )
    print(f"peak memory: {peak_memory_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
