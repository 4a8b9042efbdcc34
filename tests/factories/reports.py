"""Factories of the reports app. `ReportFactory` writes the row directly: `reports.services.report_create` checks
the author's rights and drafts the narrative from the records, which the tests of that service exercise."""

import factory

from reports.models import Report, ReportKind
from tests.factories.units import UnitFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft annual report of 2024 (a five-year one: kind=ReportKind.FIVE_YEAR, start_year=…, end_year=…)."""

    class Meta:
        model = Report

    unit = factory.SubFactory(UnitFactory)
    kind = ReportKind.ANNUAL
    start_year = 2024
    end_year = factory.LazyAttribute(lambda o: o.start_year)
