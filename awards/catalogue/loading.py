"""The award catalogue shipped with the product (a copy of the specification's award-catalog.csv), the issuing
bodies, and the rule-set versions with their authority matrix (`awards.catalogue.versions`)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from awards.catalogue.enums import Recipients
from awards.catalogue.versions import BASE_SALARIES, VERSIONS, Version

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


# The history note of the shipped versions.
SHIPPED = "Bộ quy tắc kèm theo phần mềm"
# Fields of a rule set that a new version does not copy from the one before it.
OWN_FIELDS = ("id", "name", "effective_from", "legal_basis")


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def version_values(version: Version, ruleset_model) -> dict:
    """The name, legal basis and values of a shipped version, for the fields `ruleset_model` has (migrations pass
    historical models)."""
    values = {"name": version.name, "legal_basis": version.legal_basis_text, **version.values}
    known = _field_names(ruleset_model)
    return {name: value for name, value in values.items() if name in known}


def _history_row(ruleset_model, ruleset, *, changed: bool = False) -> None:
    """The history row of a shipped set written with historical models (they write none): its first row, or with
    `changed` a row of the migration's change, so that the next change an administrator makes shows only his."""
    history_model = ruleset_model._meta.apps.get_model("awards", "HistoricalRuleSet")
    has_rows = history_model.objects.filter(id=ruleset.pk).exists()
    if has_rows and not changed:
        return
    history_model.objects.create(
        **{field.attname: getattr(ruleset, field.attname) for field in ruleset_model._meta.concrete_fields},
        history_date=timezone.now(),
        history_type="~" if has_rows else "+",
        history_change_reason=SHIPPED,
    )


def install_versions(award_type_model, ruleset_model, authority_model) -> int:
    """Create the shipped rule-set versions that are missing, each a copy of the set in force the day before it
    (an administrator's changes carry on) with the version's name, legal basis and values; give a shipped version
    without authority rows the version's matrix. A version already present keeps its values. Idempotent; the
    models may be historical ones. Returns the number of versions created."""
    types = dict(award_type_model.objects.values_list("code", "pk"))
    copied = [field for field in ruleset_model._meta.concrete_fields if field.name not in OWN_FIELDS]
    created = 0
    for version in VERSIONS:
        ruleset = ruleset_model.objects.filter(effective_from=version.effective_from).first()
        if ruleset is None:
            before = (
                ruleset_model.objects.filter(effective_from__lt=version.effective_from)
                .order_by("-effective_from")
                .first()
            )
            base = {field.attname: getattr(before, field.attname) for field in copied} if before else {}
            ruleset = ruleset_model(
                effective_from=version.effective_from, **{**base, **version_values(version, ruleset_model)}
            )
            ruleset._change_reason = SHIPPED  # the real model's history row says where the set came from
            ruleset.save()
            created += 1
        _history_row(ruleset_model, ruleset)
        if not authority_model.objects.filter(rule_set=ruleset).exists():
            authority_model.objects.bulk_create(
                authority_model(rule_set=ruleset, award_type_id=types[code], level=level, recipients=Recipients.BOTH)
                for code, level in version.authority_rows()
                if code in types
            )
    return created


def adopt_versions(award_type_model, ruleset_model, authority_model) -> None:
    """Migration 0016: the rule set of the first version's date (until then the only, default set) becomes the
    first version (its name, legal basis and the values the versions state; its other values stay as an
    administrator left them), then the missing versions are created (`install_versions`)."""
    first = VERSIONS[0]
    ruleset = ruleset_model.objects.filter(effective_from=first.effective_from).first()
    if ruleset is not None:
        for name, value in version_values(first, ruleset_model).items():
            setattr(ruleset, name, value)
        ruleset.save()
        _history_row(ruleset_model, ruleset, changed=True)
    install_versions(award_type_model, ruleset_model, authority_model)
    load_issuing_bodies(ruleset_model._meta.apps.get_model("awards", "IssuingBody"))


def install_bonus(award_type_model, ruleset_model, rate_model, salary_model) -> int:
    """The bonus multipliers of the shipped versions (`Version.bonus_rates`), given to a shipped version's rule set
    that has none yet (one whose rates an administrator edited keeps them), and the shipped base salaries missing
    by date. Idempotent; the models may be historical ones (migration 0020). Returns the number of rows created."""
    types = dict(award_type_model.objects.values_list("code", "pk"))
    created = 0
    for version in VERSIONS:
        ruleset = ruleset_model.objects.filter(effective_from=version.effective_from).first()
        if ruleset is None or rate_model.objects.filter(rule_set=ruleset).exists():
            continue
        rows = [
            rate_model(
                rule_set=ruleset,
                award_type_id=types[rate.code],
                individual=Decimal(rate.individual) if rate.individual is not None else None,
                collective=Decimal(rate.collective) if rate.collective is not None else None,
                confirmed=rate.confirmed,
                note=rate.note,
            )
            for rate in version.bonus_rates
            if rate.code in types
        ]
        rate_model.objects.bulk_create(rows)
        created += len(rows)
    existing = set(salary_model.objects.values_list("effective_from", flat=True))
    salaries = [
        salary_model(effective_from=day, amount=amount, legal_basis=basis)
        for day, amount, basis in BASE_SALARIES
        if day not in existing
    ]
    salary_model.objects.bulk_create(salaries)
    return created + len(salaries)


def ensure_defaults(award_type_model, ruleset_model) -> None:
    """The catalogue, the shipped rule-set versions with their authority matrix, bonus multipliers and base
    salaries, and the shipped issuing bodies, created when missing (migrations; tests after a flush)."""
    load_catalog(award_type_model)
    try:
        authority_model = ruleset_model._meta.apps.get_model("awards", "AuthorityRule")
    except LookupError:
        # Migration 0002, before the authority matrix existed: the first version only, with the fields of that
        # time; migration 0016 completes it and adds the others.
        if not ruleset_model.objects.exists():
            first = VERSIONS[0]
            ruleset_model.objects.create(effective_from=first.effective_from, **version_values(first, ruleset_model))
        return
    install_versions(award_type_model, ruleset_model, authority_model)
    try:
        rate_model = ruleset_model._meta.apps.get_model("awards", "BonusRate")
        salary_model = ruleset_model._meta.apps.get_model("awards", "BaseSalary")
    except LookupError:  # a migration before 0019: migration 0020 installs them
        return
    install_bonus(award_type_model, ruleset_model, rate_model, salary_model)
