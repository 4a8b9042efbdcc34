"""Benchmark: server time of the award register pages on the national data set with 300,000 awards.

    PYTHONPATH=. .venv/bin/python benchmarks/register_pages.py [--awards 300000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench PYTHONPATH=. \
        .venv/bin/python benchmarks/register_pages.py

Own database as in import_awards.py (a SQLite file under benchmarks/out/, or DATABASE_URL, flushed first).
Seeds the national units and staff, bulk-creates the awards (five years: LĐTT for most staff, CSTĐCS, TTLĐTT,
Bằng khen), then times each page through Django's test client (the whole view: middleware, queries,
templates; no network) for an administrator (the whole sector) and a provincial clerk, and prints the median
and the worst of several runs. Fails when a page's median is not "well under a second" (> 500 ms).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_awards import setup_django

RUNS = 7
TARGET_MS = 500


def prepare(count: int) -> None:
    from django.apps import apps  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415
    from units.demo import organisation as demo  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))
    started = time.perf_counter()
    demo.seed_demo(scale="nation")
    print(f"seed: national units and staff in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    create_awards(count)
    print(f"seed: {count:,} awards in {time.perf_counter() - started:.1f} s")


def create_awards(count: int) -> None:
    from awards.catalogue.models import AwardType  # noqa: PLC0415
    from awards.register.models import Award, Decision  # noqa: PLC0415
    from units.models import Person, Unit  # noqa: PLC0415

    rng = random.Random(300_000)
    types = {t.code: t for t in AwardType.objects.all()}
    persons = list(Person.objects.values_list("pk", "unit_id"))
    units = list(Unit.objects.filter(valid_to__isnull=True).values_list("pk", flat=True))
    made = 0
    year = 2019
    while made < count:
        year += 1
        decisions = Decision.objects.bulk_create(
            [
                Decision(
                    number=f"{n}/QĐ-BENCH",
                    date=datetime.date(year, 12, 20),
                    year=year,
                    authority="unit_head",
                    issuing_unit_id=units[0],
                )
                for n in range(1, 401)
            ]
        )
        batch = []
        plan = [("LDTT", 0.9), ("CSTDCS", 0.13), ("BKVKSTC", 0.02), ("GK", 0.05)]
        for code, share in plan:
            for person_id, unit_id in persons:
                if made + len(batch) >= count:
                    break
                if rng.random() < share:
                    award = Award(
                        award_type=types[code], recipient_kind="individual", person_id=person_id,
                        unit_at_time_id=unit_id, year=year, kind="regular" if code != "GK" else "ad_hoc",
                        decision=decisions[unit_id % 400],
                    )  # fmt: skip
                    award.copy_type_fields()
                    batch.append(award)
        for unit_id in units:
            if made + len(batch) >= count:
                break
            award = Award(
                award_type=types["TTLDTT"], recipient_kind="collective", unit_id=unit_id, unit_at_time_id=unit_id,
                year=year, decision=decisions[unit_id % 400],
            )  # fmt: skip
            award.copy_type_fields()
            batch.append(award)
        Award.objects.bulk_create(batch, batch_size=5000)
        made += len(batch)


def time_page(client, url: str) -> tuple[float, float, int]:
    timings = []
    status = 0
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(timings), max(timings), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--awards", type=int, default=300_000)
    args = parser.parse_args()
    url = setup_django()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db.models import Count  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from awards.register.models import Award  # noqa: PLC0415
    from units.enums import Role  # noqa: PLC0415
    from units.models import RoleAssignment, Unit  # noqa: PLC0415

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    print(f"database: {url.split('@')[-1]}")
    prepare(args.awards)

    busiest = (
        Award.objects.filter(person__isnull=False)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["person_id"]
    )
    province = Unit.objects.filter(level="provincial").order_by("code").first()
    users = get_user_model()
    admin, _ = users.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    clerk, _ = users.objects.get_or_create(username="bench-clerk")
    RoleAssignment.objects.get_or_create(user=clerk, role=Role.CLERK, unit=province)
    clerk_person = Award.objects.filter(unit_at_time__path__startswith=province.path, person__isnull=False).first()

    pages = [
        ("register, first page", "/khen-thuong/"),
        ("register, name search", "/khen-thuong/?q=nguyen+thi+hang"),
        ("register, type and years", f"/khen-thuong/?award_type={Award.objects.first().award_type_id}"
                                      "&year_from=2021&year_to=2023"),
        ("decision list", "/khen-thuong/quyet-dinh/"),
    ]  # fmt: skip
    failures = []
    print(f"{'page':34} {'user':6} {'median ms':>10} {'max ms':>8}")
    for who, user, person_id in (("admin", admin, busiest), ("clerk", clerk, clerk_person.person_id)):
        client = Client()
        client.force_login(user)
        for name, path in [*pages, ("person page", f"/can-bo/{person_id}/")]:
            median, worst, status = time_page(client, path)
            print(f"{name:34} {who:6} {median:10.1f} {worst:8.1f}" + ("" if status == 200 else f"  HTTP {status}"))
            if status != 200 or median > TARGET_MS:
                failures.append(f"{name} ({who}): {median:.0f} ms, HTTP {status}")
    for failure in failures:
        print("MISSED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
