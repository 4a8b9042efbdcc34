"""The award catalogue shipped with the product (a copy of the specification's award-catalog.csv)."""

import csv
import datetime
from pathlib import Path

CATALOG_CSV = Path(__file__).resolve().parent / "data" / "award-catalog.csv"
# The bodies outside the unit tree that sign award decisions (a province's People's Committee is added by its office).
ISSUING_BODIES_CSV = Path(__file__).resolve().parent / "data" / "issuing-bodies.csv"

# The abbreviations used in documents and reports ("CSTĐCS 3 năm liên tục 2022–2024").
SHORT_NAMES = {
    "CSTDTQ": "CSTĐ toàn quốc",
    "CSTDN": "CSTĐ ngành",
    "CSTDCS": "CSTĐCS",
    "LDTT": "LĐTT",
    "CTDCP": "Cờ thi đua Chính phủ",
    "CTDN": "Cờ thi đua ngành",
    "CTDUBND": "Cờ thi đua UBND tỉnh",
    "TTLDXS": "TTLĐXS",
    "TTLDTT": "TTLĐTT",
    "AHLD": "Anh hùng Lao động",
    "HCDL1": "HCĐL hạng Nhất",
    "HCDL2": "HCĐL hạng Nhì",
    "HCDL3": "HCĐL hạng Ba",
    "HCLD1": "HCLĐ hạng Nhất",
    "HCLD2": "HCLĐ hạng Nhì",
    "HCLD3": "HCLĐ hạng Ba",
    "BKTTG": "Bằng khen Thủ tướng",
    "BKVKSTC": "Bằng khen VKSTC",
    "KNCVSNKS": "KNC Vì sự nghiệp Kiểm sát",
    "KNCBVPC": "KNC Bảo vệ pháp chế",
    "BKUBND": "Bằng khen UBND tỉnh",
    "BKKHAC": "Bằng khen khác",
    "GK": "Giấy khen",
}


def catalog_rows() -> list[dict]:
    with CATALOG_CSV.open(encoding="utf-8", newline="") as fileobj:
        return list(csv.DictReader(fileobj))


def load_catalog(award_type_model) -> int:
    """Create the catalogue's types that are missing (existing ones keep their edited names). Returns the count."""
    existing = set(award_type_model.objects.values_list("code", flat=True))
    # Migrations pass historical models, which may not have every field yet.
    fields = {field.name for field in award_type_model._meta.get_fields()}
    missing = [
        award_type_model(
            code=row["code"],
            name=row["name_vi"],
            name_en=row["name_en"],
            **({"short_name": SHORT_NAMES.get(row["code"], "")} if "short_name" in fields else {}),
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


def load_issuing_bodies(body_model) -> int:
    """Create the shipped issuing bodies that are missing (existing ones keep their edits). Returns the count."""
    with ISSUING_BODIES_CSV.open(encoding="utf-8", newline="") as fileobj:
        rows = list(csv.DictReader(fileobj))
    existing = set(body_model.objects.values_list("code", flat=True))
    missing = [body_model(**row) for row in rows if row["code"] not in existing]
    body_model.objects.bulk_create(missing)
    return len(missing)


def ensure_defaults(award_type_model, ruleset_model) -> None:
    """The catalogue and the default rule set, created when missing (migrations; tests after a flush)."""
    load_catalog(award_type_model)
    if not ruleset_model.objects.exists():
        ruleset_model.objects.create(
            name="Quy tắc mặc định",
            effective_from=datetime.date(2000, 1, 1),
            legal_basis=(
                "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 02/2024/TT-VKSTC. "
                "Các giá trị chưa được xác nhận trong văn bản là giá trị mặc định, có thể sửa."
            ),
        )
