"""Benchmark: the 5-year summary report (2021–2025) as PDF, of one province and of the whole sector.

    PYTHONPATH=. .venv/bin/python benchmarks/reports.py [--runs 5] [--reuse] [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench_reports PYTHONPATH=. \\
        .venv/bin/python benchmarks/reports.py

Own database as in import_awards.py (a SQLite file under benchmarks/out/, or DATABASE_URL, flushed first: never
point it at real data), seeded with the national demo data (`seed_demo --scale nation`: units, staff, five years
of awards 2021–2025, movements, initiatives); PostgreSQL is ANALYZEd after the seed, as autovacuum would.
`--reuse` keeps a database this script seeded before.

For the province with the most awards and for the root unit (the whole sector) it measures, per run:

  queries  `documents.compute_figures` + `documents.report_context` (figures, header, signature, chart),
           with the number of SQL queries;
  HTML     `pdf.render_html("pdf/report.html", context)`;
  PDF      `pdf.html_to_pdf(html)`;
  total    the three together, what a request for the PDF costs;

twice: "computed", the figures computed from the register (the cache of figures emptied first: the first PDF
after a change of the records), and "cached", the figures read back from the cache (`units.common.versions`: a
preview refreshed, or the PDF made, with nothing changed since the last look). Each is paired with the
"WeasyPrint floor" laid out right after it, `html_to_pdf` alone on the same final HTML (from the same function:
see `one_run`), and the verdict is the median of total / floor over the pairs. It prints the best and the median
run (the machine has 2 cores and other processes may run: look at both), the pages, the HTML size and the rows
of the appendix tables, then the time of each statistics function, and what-ifs on the final HTML: the data
tables laid out by their content (`table-layout: auto`, as before issue 20; pdf/base.html fixes their layout),
the garbage collector paused during the PDF, and the recipients appendix (phụ lục 03) cut at a few sizes (the
report prints at most `documents.HIGHER_PDF_LIMIT`).

The targets of the issues are printed next to the figures: a province in under 2 s, total / floor at most 1.3
computed and, for the province, at most 1.15 cached (issue 20); the exit status is 1 when one is missed (timings
on a busy machine vary: run it on a quiet one).
"""

import argparse
import gc
import io
import os
import re
import statistics as stats
import subprocess
import sys
import time
from pathlib import Path

# This script is named like the app: setup_django() puts the project root first on sys.path, so that
# `import reports` below finds the app, not this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_awards import OUT, ROOT, peak_memory_mb

START, END = 2021, 2025
TARGET_PROVINCE_SECONDS = 2.0
TARGET_RATIO = 1.3
# The province's report with its figures cached (issue 20: the preview refresh, the PDF with nothing changed).
TARGET_CACHED_RATIO = 1.15
# The issue's estimate of WeasyPrint's speed on table rows, printed next to ours.
ISSUE_ROWS_PER_SECOND = 170
CUTS = (0, 100, 300, 1000)
AUTO_LAYOUT = "<style>table.data { table-layout: auto; }</style></head>"


def setup_django(*, reuse: bool) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        database = OUT / "reports.sqlite3"
        if not reuse:
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


def prepare(*, reuse: bool) -> None:
    from django.apps import apps  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from awards.catalogue.loading import ensure_defaults  # noqa: PLC0415
    from awards.register.models import Award  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    if reuse and Award.objects.exists():
        print("seed: reusing the national demo data already in the database")
    else:
        call_command("flush", interactive=False, verbosity=0)
        # flush empties the catalogue and the rule set that a data migration loaded: load them again.
        ensure_defaults(apps.get_model("awards", "AwardType"), apps.get_model("awards", "RuleSet"))
        started = time.perf_counter()
        call_command("seed_demo", scale="nation", force=True, stdout=io.StringIO())
        print(f"seed: national demo data in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # Plans without statistics (right after a bulk load) are not those of a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def pdf_pages(data: bytes) -> int:
    path = OUT / "reports-pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def html_rows(html: str) -> int:
    return html.count("<tr")


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def pdf_without_gc(html: str) -> bytes:
    """html_to_pdf with the cyclic garbage collector paused: what a gc.disable()/enable() around it would save."""
    from units.common import pdf  # noqa: PLC0415

    gc.disable()
    try:
        return pdf.html_to_pdf(html)
    finally:
        gc.enable()


def one_run(unit, *, fresh: bool = False) -> dict:
    """One report as a request makes it, timed phase by phase, then WeasyPrint alone on its final HTML (the floor).
    The figures are `fresh`, computed from the register (the cache of figures emptied first), or as the cache holds
    them: a preview refreshed, or the PDF made again, with nothing changed since the last look.

    The floor is laid out from here, right after the report's PDF, so that both start at the same depth of the
    interpreter's stack: CPython 3.11 grows its frame stack by chunks, allocated and freed as a deep recursion
    crosses their ends, and WeasyPrint's time for the same HTML varies by up to a quarter with the depth it is
    called at (6,000 to 50,000 page faults measured). A floor laid out from another function would measure that,
    not our own time."""
    from django.core.cache import caches  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from reports import documents  # noqa: PLC0415
    from units.common import pdf, versions  # noqa: PLC0415

    if fresh:
        caches[versions.CACHE].clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        figures = documents.compute_figures(kind=documents.FIVE_YEAR, unit=unit, start=START, end=END)
        computed = time.perf_counter()
        context = documents.report_context(figures, unit=unit)
        queried = time.perf_counter()
    html = pdf.render_html("pdf/report.html", context)
    rendered = time.perf_counter()
    data = pdf.html_to_pdf(html)
    done = time.perf_counter()
    pdf.html_to_pdf(html)
    floor = time.perf_counter() - done
    return {
        "context": context,
        "html": html,
        "pdf": data,
        "figures_s": computed - started,
        "queries": queried - started,
        "html_s": rendered - queried,
        "pdf_s": done - rendered,
        "total": done - started,
        "floor": floor,
        "sql": len(queries.captured_queries),
    }


def measure(label: str, unit, runs: int) -> dict:
    """`runs` times the report with its figures computed, then with them cached (interleaved, so that the load of
    other processes falls on both alike), each paired with its floor."""
    results, cached = [], []
    for _ in range(runs):
        results.append(one_run(unit, fresh=True))
        cached.append(one_run(unit))
    floors = [r["floor"] for r in results]
    cached_floors = [r["floor"] for r in cached]
    assert cached[-1]["html"] == results[-1]["html"], "the cached figures print another report"
    last = results[-1]
    floor = min(floors)
    context = last["context"]
    rows = html_rows(last["html"])
    pages = pdf_pages(last["pdf"])

    def figure(key: str, of: list[dict] = results) -> str:
        values = [r[key] for r in of]
        return f"{min(values):7.2f} {stats.median(values):7.2f}"

    best_total = min(r["total"] for r in results)
    median_total = stats.median(r["total"] for r in results)
    print(f"\n== {label}: {unit.code} ({unit.name}), {context['totals']['total']:,} lượt in {START}–{END}")
    print(f"{'':22} {'best':>7} {'median':>7}   (seconds, {runs} runs)")
    print(f"{'queries':22} {figure('queries')}   {last['sql']} SQL queries")
    print(f"{'  of which figures':22} {figure('figures_s')}   compute_figures (the rest: header, signature, chart)")
    print(f"{'HTML (template)':22} {figure('html_s')}   {len(last['html']) / 1024:,.0f} KB, {rows:,} table rows")
    print(f"{'PDF (WeasyPrint)':22} {figure('pdf_s')}   {pages} pages")
    print(f"{'total':22} {figure('total')}")
    print(f"{'WeasyPrint floor':22} {floor:7.2f} {stats.median(floors):7.2f}   html_to_pdf alone on the final HTML")
    # Each report is paired with the WeasyPrint-only run right after it (same load): the median of those ratios
    # is the verdict; best / best and median / median mix runs made under different loads.
    paired = stats.median(r["total"] / f for r, f in zip(results, floors, strict=True))
    print(
        f"total / floor: {paired:.2f} (median of the paired runs; {best_total / floor:.2f} best / best, "
        f"{median_total / stats.median(floors):.2f} median / median); target ≤ {TARGET_RATIO}: "
        f"{'met' if paired <= TARGET_RATIO else 'MISSED'}"
    )
    print(f"\n-- cached figures (a preview refreshed, the PDF made again, with nothing changed) {'-' * 24}")
    print(f"{'queries':22} {figure('queries', cached)}   {cached[-1]['sql']} SQL queries")
    print(f"{'  of which figures':22} {figure('figures_s', cached)}   compute_figures from the cache")
    print(f"{'HTML (template)':22} {figure('html_s', cached)}")
    print(f"{'PDF (WeasyPrint)':22} {figure('pdf_s', cached)}")
    print(f"{'total':22} {figure('total', cached)}")
    print(
        f"{'WeasyPrint floor':22} {min(cached_floors):7.2f} {stats.median(cached_floors):7.2f}   html_to_pdf alone "
        "on the final HTML"
    )
    cached_paired = stats.median(r["total"] / r["floor"] for r in cached)
    own = stats.median((r["total"] - r["pdf_s"]) / r["floor"] for r in cached)
    print(
        f"total / floor, cached: {cached_paired:.2f} (median of the paired runs; the time beyond WeasyPrint's own is "
        f"{own:.1%} of the floor); target ≤ {TARGET_CACHED_RATIO} for the province"
    )
    print(
        f"WeasyPrint: {rows / floor:,.0f} table rows per second overall (the issue says about {ISSUE_ROWS_PER_SECOND})"
    )
    print(
        f"appendix rows: PL01 năm × danh hiệu {len(context['year_type_rows'])}, PL02 đơn vị {len(context['units'])}, "
        f"PL03 khen cấp trên {len(context['higher_shown']):,} of {context['higher_total']:,}, "
        f"PL04 năm {len(context['per_year'])}; rotation warnings {len(context['indicators']['rotating'])}"
    )
    return {
        "last": last,
        "floor": floor,
        "best_total": best_total,
        "median_total": median_total,
        "paired": paired,
        "cached_paired": cached_paired,
    }


def statistics_split(unit) -> list[tuple[str, float, int]]:
    """Seconds (best of 3) and queries of each statistics function, on the same awards as compute_figures."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from reports import statistics  # noqa: PLC0415

    years = (START, END)
    qs = statistics.awards_in_period(unit=unit, years=years)
    dates = (statistics.datetime.date(START, 1, 1), statistics.datetime.date(END, 12, 31))
    calls = [
        ("by_type", lambda: statistics.by_type(qs)),
        ("by_authority", lambda: statistics.by_authority(qs)),
        ("subsets", lambda: statistics.subsets(qs)),
        ("initiatives", lambda: statistics.initiatives(unit=unit, years=years)),
        ("by_year_and_type", lambda: statistics.by_year_and_type(qs, years=years)),
        ("by_unit", lambda: statistics.by_unit(qs, unit=unit)),
        ("indicators", lambda: statistics.indicators(qs)),
        ("higher_recipients", lambda: statistics.higher_recipients(qs)),
        ("movements_in_period", lambda: statistics.movements_in_period(unit=unit, start=dates[0], end=dates[1])),
        ("flags_per_year", lambda: statistics.flags_per_year(qs)),
        ("per_year", lambda: statistics.per_year(qs, years=years)),
    ]
    split = []
    for name, call in calls:
        times = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                times.append(timed(call))
        split.append((name, min(times), len(queries.captured_queries)))
    return split


def what_ifs(label: str, html: str, runs: int) -> None:
    """WeasyPrint on variants of the final HTML, interleaved run by run."""
    from units.common import pdf  # noqa: PLC0415

    auto = html.replace("</head>", AUTO_LAYOUT, 1)
    variants = {
        "as rendered": lambda: pdf.html_to_pdf(html),
        "table-layout: auto": lambda: pdf.html_to_pdf(auto),
        "GC paused": lambda: pdf_without_gc(html),
        "auto + GC paused": lambda: pdf_without_gc(auto),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, call in variants.items():
            times[name].append(timed(call))
    print(f"\nWeasyPrint what-ifs on the final HTML ({label}; seconds, {runs} runs interleaved):")
    base = stats.median(times["as rendered"])
    for name, values in times.items():
        median = stats.median(values)
        print(f"  {name:22} best {min(values):5.2f}  median {median:5.2f}  ({median / base - 1:+.0%} on the median)")


def cut_recipients(unit, runs: int) -> None:
    """The PDF with the recipients appendix cut at N rows: how its length drives WeasyPrint's time."""
    from reports import documents  # noqa: PLC0415
    from units.common import pdf  # noqa: PLC0415

    figures = documents.compute_figures(kind=documents.FIVE_YEAR, unit=unit, start=START, end=END)
    context = documents.report_context(figures, unit=unit)
    higher = figures["higher"]
    limit = documents.HIGHER_PDF_LIMIT
    print(
        f"\nPDF with phụ lục 03 cut at N rows ({unit.code}: {len(higher):,} rows in full, the report prints "
        f"{min(limit, len(higher))}; best of {runs}; s/100 = seconds per 100 more rows than the row above):"
    )
    print(f"{'N':>7} {'HTML KB':>8} {'table rows':>11} {'pages':>6} {'PDF s':>7} {'s/100':>6} {'auto s':>8}")
    previous = None
    for cut in sorted({*[c for c in CUTS if c < len(higher)], min(limit, len(higher))}):
        html = pdf.render_html("pdf/report.html", {**context, "higher_shown": higher[:cut]})
        seconds = min(timed(pdf.html_to_pdf, html) for _ in range(runs))
        auto = min(timed(pdf.html_to_pdf, html.replace("</head>", AUTO_LAYOUT, 1)) for _ in range(runs))
        pages = pdf_pages(pdf.html_to_pdf(html))
        slope = f"{100 * (seconds - previous[1]) / (cut - previous[0]):6.2f}" if previous else f"{'':6}"
        print(f"{cut:7,} {len(html) / 1024:8,.0f} {html_rows(html):11,} {pages:6} {seconds:7.2f} {slope} {auto:8.2f}")
        previous = (cut, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database seeded by an earlier run (with the same migrations)"
    )
    parser.add_argument("--quick", action="store_true", help="only the two reports, no what-ifs")
    args = parser.parse_args()
    url = setup_django(reuse=args.reuse)
    print(f"database: {url.split('@')[-1]}")
    prepare(reuse=args.reuse)

    from awards.register.models import Award  # noqa: PLC0415
    from units.enums import UnitLevel  # noqa: PLC0415
    from units.models import Unit  # noqa: PLC0415

    counted = Award.objects.counting().filter(year__range=(START, END))
    print(f"register: {Award.objects.count():,} awards, {counted.count():,} counted in {START}–{END}")
    provinces = Unit.objects.filter(level=UnitLevel.PROVINCIAL)
    # One query per province (about 35): the subtree is a path prefix, not a foreign key to group on.
    sizes = {p: counted.filter(unit_at_time__path__startswith=p.path).count() for p in provinces}
    province = max(sizes, key=sizes.get)
    roots = list(Unit.objects.filter(parent__isnull=True))
    root = roots[0] if len(roots) == 1 else None
    print(f"province with the most awards: {province.code} ({province.name}), {sizes[province]:,} lượt")
    print(f"CPUs: {os.cpu_count()}, load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if root is None:
        print(f"{len(roots)} root units: the sector report is skipped")

    # WeasyPrint's first document imports its modules and loads the fonts: keep that out of the figures.
    print(f"warm-up: a first province report in {one_run(province)['total']:.2f} s (not counted)")

    measured = {"province": (province, measure("province", province, args.runs))}
    if root is not None:
        measured["sector"] = (root, measure("sector", root, args.runs))

    print("\nstatistics, best of 3 (seconds, queries):")
    splits = {label: statistics_split(unit) for label, (unit, _figures) in measured.items()}
    print(f"  {'':20}" + "".join(f"{label:>14}" for label in splits))
    for index, (name, *_rest) in enumerate(splits["province"]):
        print(f"  {name:20}" + "".join(f"{split[index][1]:9.3f} s {split[index][2]:2}" for split in splits.values()))

    if not args.quick:
        for label, (_unit, figures) in measured.items():
            what_ifs(label, figures["last"]["html"], args.runs)
        cut_recipients(province, 2)
        if root is not None:
            cut_recipients(root, 1)

    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("targets:")
    figures = measured["province"][1]
    missed = figures["median_total"] >= TARGET_PROVINCE_SECONDS
    print(
        f"  a province in under {TARGET_PROVINCE_SECONDS:.0f} s on 2 cores: "
        f"{'met' if figures['median_total'] < TARGET_PROVINCE_SECONDS else 'MISSED'} "
        f"(best {figures['best_total']:.2f} s, median {figures['median_total']:.2f} s)"
    )
    for label, (_unit, figures) in measured.items():
        ratio = figures["paired"]
        missed = missed or ratio > TARGET_RATIO
        print(
            f"  {label}, figures computed: total ≤ {TARGET_RATIO}× WeasyPrint alone: "
            f"{'met' if ratio <= TARGET_RATIO else 'MISSED'} ({ratio:.2f}×)"
        )
    ratio = measured["province"][1]["cached_paired"]
    missed = missed or ratio > TARGET_CACHED_RATIO
    print(
        f"  province, figures cached: total ≤ {TARGET_CACHED_RATIO}× WeasyPrint alone: "
        f"{'met' if ratio <= TARGET_CACHED_RATIO else 'MISSED'} ({ratio:.2f}×)"
    )
    print(f"peak memory: {peak_memory_mb():,.0f} MB")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
