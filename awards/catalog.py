"""The award catalogue shipped with the product (a copy of the specification's award-catalog.csv)."""

import csv
from pathlib import Path

CATALOG_CSV = Path(__file__).resolve().parent / "data" / "award-catalog.csv"


def catalog_rows() -> list[dict]:
    with CATALOG_CSV.open(encoding="utf-8", newline="") as fileobj:
        return list(csv.DictReader(fileobj))


def load_catalog(award_type_model) -> int:
    """Create the catalogue's types that are missing (existing ones keep their edited names). Returns the count."""
    existing = set(award_type_model.objects.values_list("code", flat=True))
    missing = [
        award_type_model(
            code=row["code"],
            name=row["name_vi"],
            name_en=row["name_en"],
            category=row["category"],
            recipients=row["recipients"],
            authority=row["authority"],
            frequency=row["frequency"],
            report_order=int(row["report_order"]),
        )
        for row in catalog_rows()
        if row["code"] not in existing
    ]
    award_type_model.objects.bulk_create(missing)
    return len(missing)
