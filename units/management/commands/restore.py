"""Put back an archive of `manage.py backup`: the whole database and the uploaded files (units/common/backup.py).

python manage.py restore /var/backups/tdkt/tdkt-backup-20260105-023000.tar.gz --yes
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.common import backup

# Restored, but the archive is of an older version: `manage.py migrate` must run before the application starts.
EXIT_NEEDS_MIGRATE = 3


class Command(BaseCommand):
    help = (
        "Replace the whole database and write the uploaded files of an archive made by `manage.py backup`. Stop "
        "the application, the workers and the timers first. Checks before changing anything: every member of the "
        "archive against the manifest (size and SHA-256), the database vendor (a PostgreSQL archive goes back into "
        "PostgreSQL only, a SQLite one into SQLite only), and that the archive was made by this version of the code "
        "or an older one. PostgreSQL: pg_restore --clean --if-exists in one transaction, the connection taken from "
        "settings.DATABASES and the password passed in PGPASSWORD; SQLite: the online backup API. Files under "
        "MEDIA_ROOT that the archive does not hold are left in place. Refuses to run without --yes; --check only "
        "checks the archive. Exit status: 0 restored (or, with --check, the archive is sound); 1 refused or failed "
        "(with a refusal nothing has changed); 3 restored, but the archive is of an older version and "
        "`manage.py migrate` must run before the application starts."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Confirm: the database and files are overwritten.")
        parser.add_argument("--check", action="store_true", help="Only check the archive; change nothing.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, archive: Path, yes: bool, check: bool, database: str, **options):
        if not yes and not check:
            raise CommandError(
                _(
                    "Khôi phục sẽ ghi đè toàn bộ cơ sở dữ liệu và các tệp tải lên. Dừng ứng dụng rồi chạy lại với "
                    "--yes để xác nhận (hoặc --check để chỉ kiểm tra bản sao lưu). Chưa có gì thay đổi."
                )
            )
        if not archive.is_file():
            raise CommandError(_("Không có tệp %(path)s.") % {"path": archive})
        try:
            with backup.archive_open(archive) as opened:
                manifest = opened.manifest
                self.stdout.write(
                    _("Bản sao lưu hợp lệ: phiên bản %(version)s, tạo lúc %(date)s, %(vendor)s, %(count)d tệp tải lên.")
                    % {
                        "version": manifest.get("version", "?"),
                        "date": manifest.get("created_at", "?"),
                        "vendor": opened.vendor,
                        "count": len(opened.media),
                    }
                )
                backup.restore_check(opened, using=database)
                if check:
                    self.stdout.write(_("Kiểm tra xong; chưa khôi phục gì."))
                    return
                restored = backup.restore_apply(opened, using=database)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(_("Không khôi phục: %(error)s") % {"error": exc}) from exc

        self.stdout.write(_("Đã khôi phục cơ sở dữ liệu %(vendor)s.") % {"vendor": restored.database})
        self.stdout.write(_("Đã khôi phục %(count)d tệp tải lên.") % {"count": restored.files})
        if restored.kept:
            self.stdout.write(
                _("%(count)d tệp trong MEDIA_ROOT không có trong bản sao lưu: để nguyên.") % {"count": restored.kept}
            )
        if restored.pending:
            raise CommandError(
                _(
                    "Đã khôi phục, nhưng cơ sở dữ liệu thiếu %(count)d migration (bản sao lưu của phiên bản cũ hơn): "
                    "chạy `manage.py migrate` trước khi mở lại ứng dụng."
                )
                % {"count": len(restored.pending)},
                returncode=EXIT_NEEDS_MIGRATE,
            )
        self.stdout.write(_("Các migration đã đủ: có thể mở lại ứng dụng."))
