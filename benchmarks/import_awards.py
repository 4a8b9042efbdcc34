"""Benchmark: import 100,000 award rows into the register on the national data set.

    PYTHONPATH=. .venv/bin/python benchmarks/import_awards.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench PYTHONPATH=. .venv/bin/python benchmarks/import_awards.py

Uses its own database (by default a SQLite file under benchmarks/out/, recreated on every run; with
DATABASE_URL, that database is flushed first: never point it at real data). Seeds the national units and staff
(`units.demo.seed_demo(scale="nation")`), writes a CSV of valid award rows, then measures:

  raw      read the CSV, look the codes up in dicts, bulk_create the Decision and Award rows and their history
           rows (rolled back): the floor. Every award written by the product has its history row (who, when), an
           audit requirement, so the least any import can write is both;
  dry run  our import, checking every row and saving nothing;
  import   our import, for real.

Prints seconds, rows per second, the ratio to the raw floor and the peak memory, and exits non-zero when a
target of the specification is missed: the whole file in < 30 s, < 1 GB, at most 2x the raw floor.
"""

import argparse
import csv
import datetime
import io
import os
import random
import resource
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
TARGET_SECONDS = 30.0
TARGET_MEMORY_MB = 1024
TARGET_RATIO = 2.0


def setup_django() -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        database = OUT / "import_awards.sqlite3"
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

    # Measure what production runs: no SQL logging by the debug cursor (DEBUG only spares a SECRET_KEY here).
    settings.DEBUG = False
    return os.environ["DATABASE_URL"]


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare_database() -> None:
    from django.apps import apps  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415
    from units.demo import organisation as demo  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    # flush empties the catalogue and the rule set that a data migration loaded: load them again.
    ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))
    started = time.perf_counter()
    demo.seed_demo(scale="nation")
    print(f"seed: national units and staff in {time.perf_counter() - started:.1f} s")


def generate_rows(count: int) -> bytes:
    """Valid rows: per year, LĐTT for most staff, CSTĐCS for some, TTLĐTT for units, a few Bằng khen."""
    from units.models import Person, Unit  # noqa: PLC0415

    rng = random.Random(20261122)
    persons = list(Person.objects.order_by("code").values_list("code", "unit__code"))
    units = list(Unit.objects.filter(valid_to__isnull=True).order_by("code").values_list("code", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["award_code", "recipient_kind", "person_code", "unit_code", "year", "decision_number", "decision_date",
         "kind", "movement_code", "note"]
    )  # fmt: skip
    written = 0
    year = 2020
    while written < count:
        year += 1
        date = datetime.date(year, 12, 20).strftime("%d/%m/%Y")
        plan = [("LDTT", 0.85), ("CSTDCS", 0.12), ("BKVKSTC", 0.02)]
        for code, share in plan:
            for person_code, unit_code in persons:
                if written >= count:
                    break
                if rng.random() < share:
                    # ~130 decisions per type and year (~2,000 over 5 years): one per group of units.
                    number = f"{100 + zlib.crc32(unit_code.encode()) % 130}/QĐ-{code}"
                    writer.writerow([code, "individual", person_code, unit_code, year, number, date, "", "", ""])
                    written += 1
        for unit_code in units:
            if written >= count:
                break
            if rng.random() < 0.6:
                writer.writerow(["TTLDTT", "collective", "", unit_code, year, f"9{year % 100}/QĐ-TT", date, "", "", ""])
                written += 1
    return out.getvalue().encode("utf-8")


def write_xlsx(data: bytes) -> Path:
    """The same rows as an .xlsx (decision dates as real Excel date cells), for the record and a timed check."""
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("khen-thuong")
    reader = csv.reader(io.StringIO(data.decode("utf-8")))
    sheet.append(next(reader))
    for row in reader:
        row[4] = int(row[4])
        row[6] = datetime.datetime.strptime(row[6], "%d/%m/%Y")
        sheet.append(row)
    path = OUT / "awards-100k.xlsx"
    workbook.save(path)
    return path


def raw_floor(data: bytes) -> float:
    """Read the CSV, resolve codes with dicts, bulk_create the decisions, the awards and their history rows (built
    directly from the saved rows, the cheapest way Django writes them); rolled back."""
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from awards.catalogue.models import AwardType  # noqa: PLC0415
    from awards.register.models import Award, Decision  # noqa: PLC0415
    from units.models import Person, Unit  # noqa: PLC0415

    started = time.perf_counter()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    types = {t.code: t for t in AwardType.objects.all()}
    persons = dict(Person.objects.values_list("code", "pk"))
    units = dict(Unit.objects.values_list("code", "pk"))

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            decisions = {}
            for row in rows:
                key = (row["decision_number"], row["decision_date"])
                if key not in decisions:
                    day = datetime.datetime.strptime(row["decision_date"], "%d/%m/%Y").date()
                    # An issuer (a decision has one): the unit of its first row, the cheapest stand-in.
                    decisions[key] = Decision(
                        number=key[0], date=day, year=day.year, authority="unit_head",
                        issuing_unit_id=units[row["unit_code"]],
                    )  # fmt: skip
            Decision.objects.bulk_create(decisions.values(), batch_size=2000)
            awards = []
            for row in rows:
                award_type = types[row["award_code"]]
                person = persons.get(row["person_code"])
                unit = units[row["unit_code"]]
                award = Award(
                    award_type=award_type,
                    recipient_kind=row["recipient_kind"],
                    person_id=person,
                    unit_id=None if person else unit,
                    unit_at_time_id=unit,
                    year=int(row["year"]),
                    kind="regular",
                    decision=decisions[(row["decision_number"], row["decision_date"])],
                )
                award.copy_type_fields()
                awards.append(award)
            Award.objects.bulk_create(awards, batch_size=2000)
            now = timezone.now()
            for model, rows_written in ((Decision, decisions.values()), (Award, awards)):
                historical = model.history.model
                kept = {field.attname for field in historical._meta.concrete_fields}
                names = [field.attname for field in model._meta.concrete_fields if field.attname in kept]
                historical.objects.bulk_create(
                    [
                        historical(**{name: getattr(row, name) for name in names}, history_date=now, history_type="+")
                        for row in rows_written
                    ],
                    batch_size=2000,
                )
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - started


def our_import(data: bytes, *, dry_run: bool, name: str = "awards.csv"):
    from units import importing  # noqa: PLC0415

    started = time.perf_counter()
    dataset = importing.load_dataset(io.BytesIO(data), name)
    report = importing.run_import(kind="awards", dataset=dataset, dry_run=dry_run)
    return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-xlsx", action="store_true", help="skip writing and checking the .xlsx copy")
    args = parser.parse_args()
    url = setup_django()
    print(f"database: {url.split('@')[-1]}")
    prepare_database()
    data = generate_rows(args.rows)
    (OUT / "awards-100k.csv").write_bytes(data)
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB (benchmarks/out/awards-100k.csv)")

    raw = raw_floor(data)
    dry, dry_report = our_import(data, dry_run=True)
    real, report = our_import(data, dry_run=False)
    again, again_report = our_import(data, dry_run=True)
    timings = [("raw", raw), ("dry run", dry), ("import", real), ("re-check", again)]
    if not args.no_xlsx:
        xlsx = write_xlsx(data)
        xlsx_seconds, xlsx_report = our_import(xlsx.read_bytes(), dry_run=True, name=xlsx.name)
        timings.append(("xlsx check", xlsx_seconds))
        if xlsx_report.errors or xlsx_report.skip != args.rows:
            print("the .xlsx copy does not check like the csv:", [str(e) for e in xlsx_report.errors[:5]])
            return 1
    if dry_report.errors or report.errors:
        print("the generated file has errors:", [str(e) for e in (dry_report.errors or report.errors)[:5]])
        return 1
    memory = peak_memory_mb()
    print(f"{'':10} {'seconds':>8} {'rows/s':>9} {'x raw':>6}")
    for name, seconds in timings:
        print(f"{name:10} {seconds:8.2f} {args.rows / seconds:9,.0f} {seconds / raw:6.2f}")
    from awards.register.models import Decision  # noqa: PLC0415

    print(f"decisions: {Decision.objects.count():,}")
    print(f"imported: {report.new:,} new; second check: {again_report.skip:,} unchanged, {again_report.new} new")
    print(f"peak memory: {memory:,.0f} MB")
    failures = []
    if real > TARGET_SECONDS:
        failures.append(f"import took {real:.1f} s (target < {TARGET_SECONDS:.0f} s)")
    if real > TARGET_RATIO * raw:
        failures.append(f"import is {real / raw:.2f}x the raw floor (target <= {TARGET_RATIO}x)")
    if memory > TARGET_MEMORY_MB:
        failures.append(f"peak memory {memory:.0f} MB (target < {TARGET_MEMORY_MB} MB)")
    for failure in failures:
        print("MISSED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
