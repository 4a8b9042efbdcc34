"""Back up the database and the uploaded files into one archive (units/common/backup.py).

python manage.py backup --output-dir /var/backups/tdkt --keep 14
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from units.common import backup


class Command(BaseCommand):
    help = (
        "Write one archive, tdkt-backup-<date>-<time>.tar.gz (mode 0600), into --output-dir: the database "
        "(PostgreSQL: pg_dump's custom format, the connection taken from settings.DATABASES and the password passed "
        "in PGPASSWORD; SQLite: a consistent copy by the online backup API), every file under MEDIA_ROOT, and a "
        "manifest (application version, applied migrations, database vendor, date, each file's size and SHA-256). "
        "The application may keep running. With --keep N, then deletes all but the N newest archives of the folder. "
        "The archive holds personal data and no BALLOT_KEY (docs/security.md). Exit status 0 when the archive is "
        "written, 1 otherwise (nothing left behind)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, default=Path(), help="Folder of the archives (default: the current one)."
        )
        parser.add_argument("--keep", type=int, default=0, help="Keep only the N newest archives (default: all).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, output_dir: Path, keep: int, database: str, **options):
        if keep < 0:
            raise CommandError(_("--keep phải là số không âm."))
        if not backup.media_is_on_disk():
            self.stderr.write(
                _("Cảnh báo: tệp tải lên không nằm trong MEDIA_ROOT (FILE_STORAGE): bản sao lưu không gồm chúng.")
            )
        try:
            made = backup.backup_create(output_dir=output_dir, using=database)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(_("Sao lưu thất bại: %(error)s") % {"error": exc}) from exc

        database_entry, *media = made.manifest["files"]
        self.stdout.write(
            _("Cơ sở dữ liệu %(vendor)s: %(size)s.")
            % {"vendor": made.manifest["database"]["vendor"], "size": filesizeformat(database_entry["size"])}
        )
        self.stdout.write(
            _("Tệp tải lên: %(count)d tệp, %(size)s.")
            % {"count": len(media), "size": filesizeformat(sum(entry["size"] for entry in media))}
        )
        self.stdout.write(
            _("Đã ghi bản sao lưu %(path)s (%(size)s).") % {"path": made.path, "size": filesizeformat(made.size)}
        )
        if keep:
            for old in backup.backup_prune(output_dir=output_dir, keep=keep):
                self.stdout.write(_("Đã xoá bản sao lưu cũ %(path)s.") % {"path": old})
