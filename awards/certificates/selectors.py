"""Reads of the certificates subject, narrowed to what the user may see (awards.certificates.rules)."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from awards.certificates.models import Certificate, CertificateLayout, LayoutField, PrinterCalibration
from awards.certificates.rules import PRINT_ROLES, REGISTER_ROLES
from awards.register import selectors as register_selectors
from awards.register.models import Award, Decision
from units.models import Unit, ancestor_paths
from units.scope import is_administrator, scope_paths, scope_q

# What a certificate prints of its award (`printing.award_values`).
AWARD_PRINTED = (
    "award_type",
    "person__unit",
    "unit__parent",
    "unit_at_time__parent",
    "decision__issuing_unit",
    "decision__issuing_body",
)


# -- layouts ---------------------------------------------------------------------------------------------------------


def layouts_visible_to(*, user) -> QuerySet[CertificateLayout]:
    """Every layout for an administrator; for a clerk the shared ones and those of the units in his scope or above
    them; none for anybody else."""
    qs = CertificateLayout.objects.select_related("award_type", "issuing_unit")
    if is_administrator(user):
        return qs
    paths = scope_paths(user, PRINT_ROLES)
    if not paths:
        return qs.none()
    above = {path for own in paths for path in ancestor_paths(own)}
    return qs.filter(
        Q(issuing_unit__isnull=True)
        | scope_q(user, "issuing_unit__path", PRINT_ROLES)
        | Q(issuing_unit__path__in=above)
    )


def layout_list(*, user) -> QuerySet[CertificateLayout]:
    return layouts_visible_to(user=user).order_by(
        "-is_active", "award_type__report_order", "issuing_unit__sort_key", "name"
    )


def layout_get(*, user, pk: int) -> CertificateLayout:
    """The layout if the user may see it; CertificateLayout.DoesNotExist otherwise (the view answers 404)."""
    return layouts_visible_to(user=user).get(pk=pk)


def layout_fields(*, layout: CertificateLayout) -> list[LayoutField]:
    return list(layout.fields.order_by("y_mm", "x_mm", "id"))


def layouts_for_decision(*, decision: Decision, award_type_ids) -> QuerySet[CertificateLayout]:
    """The active layouts that print the decision's awards of these types: its issuing unit's own, those of the
    units above it, the shared ones; the nearest unit's first."""
    if decision.issuing_unit_id is None:
        return CertificateLayout.objects.none()
    if not isinstance(award_type_ids, QuerySet):
        award_type_ids = list(award_type_ids)
    return (
        CertificateLayout.objects.filter(is_active=True, award_type_id__in=award_type_ids)
        .filter(Q(issuing_unit__isnull=True) | Q(issuing_unit__path__in=ancestor_paths(decision.issuing_unit.path)))
        .select_related("award_type", "issuing_unit")
        .order_by("award_type__report_order", Length("issuing_unit__path").desc(nulls_last=True), "name")
    )


# -- printers --------------------------------------------------------------------------------------------------------


def printers_of(*, user) -> QuerySet[PrinterCalibration]:
    return PrinterCalibration.objects.filter(user=user).order_by("-is_default", "name")


def printer_get(*, user, pk: int) -> PrinterCalibration:
    """One of the user's own printers; PrinterCalibration.DoesNotExist for anybody else's (404)."""
    return printers_of(user=user).get(pk=pk)


def default_printer(*, user) -> PrinterCalibration | None:
    return printers_of(user=user).first()


# -- printing a decision --------------------------------------------------------------------------------------------


def decision_awards_to_print(*, user, decision: Decision) -> QuerySet[Award]:
    """The decision's awards in the user's scope, not revoked, in the decision's order (the type, the unit, the
    name), with what a certificate prints."""
    return (
        register_selectors.decision_awards_visible(user=user, decision=decision)
        .filter(revoked_on__isnull=True)
        .select_related(*AWARD_PRINTED)
    )


def current_certificates(*, award_ids) -> dict[int, Certificate]:
    """{award id: its certificate in force} (the last one printed: not replaced by a reprint)."""
    rows = Certificate.objects.filter(award_id__in=list(award_ids), replaced_by__isnull=True).select_related(
        "register_unit"
    )
    return {certificate.award_id: certificate for certificate in rows}


# -- the register --------------------------------------------------------------------------------------------------


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """The certificates of the registers kept by the units in the user's clerk or leader scope."""
    q = scope_q(user, "register_unit__path", REGISTER_ROLES)
    qs = Certificate.objects.all()
    return qs if q is None else qs.filter(q)


def register_units(*, user):
    """The units whose register the user may read and that have one, for the filter."""
    return Unit.objects.filter(pk__in=certificates_visible_to(user=user).values("register_unit")).order_by("sort_key")


def certificate_register(*, user, year: int | None = None, unit=None) -> QuerySet[Certificate]:
    """The register as kept: by unit, year and number, with what a row prints (a fixed number of queries)."""
    qs = certificates_visible_to(user=user)
    if year:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(register_unit=unit)
    return qs.select_related(
        "register_unit",
        "layout",
        "created_by",
        "replaces",
        "replaced_by",
        *(f"award__{name}" for name in AWARD_PRINTED),
    ).order_by("register_unit__sort_key", "-year", "-number")


def replacement_of(certificate: Certificate) -> Certificate | None:
    """The reprint that replaced the certificate, if any (loaded with it by `certificate_register`)."""
    try:
        return certificate.replaced_by
    except Certificate.DoesNotExist:
        return None


def certificate_get(*, user, pk: int) -> Certificate:
    return certificate_register(user=user).get(pk=pk)


def register_years(*, user) -> list[int]:
    return sorted(set(certificates_visible_to(user=user).values_list("year", flat=True).distinct()), reverse=True)
