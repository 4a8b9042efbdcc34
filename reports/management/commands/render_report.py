"""Render a summary report (báo cáo sơ kết / tổng kết) of a unit to a PDF file.

python manage.py render_report --kind five_year --unit VKS-HUE --start 2020 --end 2024 --output bc.pdf
python manage.py render_report --kind annual --unit VKS-HUE --year 2024 --output bc.pdf
python manage.py render_report --kind six_month --unit VKS-HUE --year 2025 --output bc.pdf
python manage.py render_report --kind six_month --unit VKS-HUE --year 2025 --from 01/01/2025 --to 30/06/2025 \\
    --output bc.pdf

The 6-month report counts the awards decided from 01/12 of the year before to 31/05 (the procuracy's statistics
half-year) unless --from and --to give another window. A unit counts with its predecessors (the units it absorbed,
e.g. in 2025) unless `--lineage as_it_was` asks for the tree on the dates of the awards.
"""

import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import documents
from reports.models import Lineage
from units.models import Unit


def _date(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"Ngày không hợp lệ: {text!r} (dạng dd/mm/yyyy).") from None


class Command(BaseCommand):
    help = "Xuất báo cáo sơ kết, tổng kết công tác thi đua, khen thưởng của một đơn vị ra tệp PDF."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=documents.KINDS, help="Loại báo cáo.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị.")
        parser.add_argument("--start", type=int, help="Năm bắt đầu (báo cáo 5 năm).")
        parser.add_argument("--end", type=int, help="Năm kết thúc (báo cáo 5 năm).")
        parser.add_argument("--year", type=int, help="Năm báo cáo (báo cáo năm, 6 tháng).")
        parser.add_argument("--from", dest="window_from", type=_date, help="Ngày đầu kỳ 6 tháng (dd/mm/yyyy).")
        parser.add_argument("--to", dest="window_to", type=_date, help="Ngày cuối kỳ 6 tháng (dd/mm/yyyy).")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp PDF cần ghi.")
        parser.add_argument(
            "--lineage",
            choices=Lineage.values,
            default=Lineage.WITH_PREDECESSORS,
            help=(
                "Phạm vi đơn vị: gồm cả các đơn vị tiền thân (mặc định) hoặc theo cây đơn vị tại thời điểm khen thưởng."
            ),
        )

    def handle(
        self,
        *args,
        kind,
        unit,
        start,
        end,
        year,
        output,
        window_from=None,
        window_to=None,
        lineage=Lineage.WITH_PREDECESSORS,
        **options,
    ):
        try:
            documents.check_period(kind=kind, start=start, end=end, year=year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        window = None
        if window_from or window_to:
            if kind != documents.SIX_MONTH or not (window_from and window_to):
                raise CommandError("--from và --to dùng cùng nhau, chỉ cho báo cáo 6 tháng.")
            if window_to < window_from:
                raise CommandError("Ngày cuối kỳ không được trước ngày đầu kỳ.")
            window = (window_from, window_to)
        try:
            unit_obj = Unit.objects.get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"Không tìm thấy đơn vị có mã {unit!r}.") from None
        try:
            data = documents.report_pdf(
                kind=kind, unit=unit_obj, start=start, end=end, year=year, window=window, lineage=lineage
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error}") from None
        self.stdout.write(f"Đã ghi báo cáo ({len(data)} byte) vào {path}.")
