from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units import importing


class Command(BaseCommand):
    help = (
        "Import an interchange file (.xlsx or UTF-8 .csv) of the given kind, atomically: when any row is bad "
        "nothing is saved, every bad row is printed to stderr as `row N: column: reason` and the exit status "
        "is non-zero. Importing the same file twice changes nothing. Without --user the import is unrestricted; "
        "with --user only rows within that user's scope are accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importing.RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")
        parser.add_argument("--user", help="Username whose edit scope limits the rows (default: unrestricted).")

    def handle(self, *args, kind, file, dry_run, user, **options):
        importer = self._user(user) if user else None
        try:
            with file.open("rb") as fileobj:
                dataset = importing.load_dataset(fileobj, file.name)
        except OSError as exc:
            raise CommandError(_("Không mở được tệp %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except importing.DatasetError as exc:
            raise CommandError(str(exc.as_row_error())) from exc

        report = importing.run_import(kind=kind, dataset=dataset, dry_run=dry_run, user=importer)

        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d lỗi trong tệp %(file)s; không có dữ liệu nào được lưu.")
                % {"count": len(report.errors), "file": file.name}
            )
        summary = _("%(new)d mới, %(update)d cập nhật, %(skip)d không thay đổi.") % {
            "new": report.new,
            "update": report.update,
            "skip": report.skip,
        }
        if dry_run:
            summary = _("Kiểm tra (không lưu): %(summary)s") % {"summary": summary}
        self.stdout.write(summary)

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Không có tài khoản “%(username)s”.") % {"username": username}) from None
