"""One archive holding the database and the uploaded files, and putting it back (`manage.py backup`, `restore`).

The archive is a gzipped tar, readable with `tar -tzf`:

    database/postgresql.dump   pg_dump's custom format (PostgreSQL), or
    database/sqlite3.db        a consistent copy by SQLite's online backup API
    media/<path>               every file under MEDIA_ROOT
    manifest.json              written last: the application and its version, the date, the database vendor, the
                               applied migrations, and every other member with its size and SHA-256

A restore accepts only an archive whose members are exactly those of its manifest, with the same sizes and
checksums, of the same database vendor, and made by this version of the code or an older one (every migration it
had applied exists here); it replaces the whole database, writes the archive's files under MEDIA_ROOT, and then
reports the migrations the restored database still needs. The archive holds personal data and the state of the
council's ballots (sealed, or cleared once a poll is closed) but never `BALLOT_KEY`: see docs/security.md.
"""

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
APP = "tdkt"
MANIFEST = "manifest.json"
ARCHIVE_PREFIX = "tdkt-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
DATABASE_MEMBER = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}
MEDIA_DIR = "media"
CHUNK = 1024 * 1024
# Scans and PDFs are already compressed: a lighter level saves minutes on a large media folder for ~1% of size.
COMPRESS_LEVEL = 6


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclasses.dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict
    size: int


@dataclasses.dataclass
class Restored:
    database: str
    files: int
    kept: int  # files under MEDIA_ROOT that the archive does not hold, left in place
    pending: list[str]  # migrations the restored database still needs (an archive of an older version)


# -- creating an archive -------------------------------------------------------------------------------------


def backup_create(*, output_dir: Path, using: str = "default") -> Backup:
    """Write `tdkt-backup-<local date-time>.tar.gz` into `output_dir` (created if missing), readable by its owner
    only; a failed run leaves no archive behind."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(
            _("Không sao lưu được cơ sở dữ liệu %(vendor)s: chỉ hỗ trợ PostgreSQL và SQLite.") % {"vendor": vendor}
        )
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output_dir.resolve().is_relative_to(media_root):
        # Each archive would hold the ones before it.
        raise BackupError(
            _("Thư mục lưu bản sao lưu không được nằm trong MEDIA_ROOT (%(root)s).") % {"root": media_root}
        )
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{ARCHIVE_PREFIX}{timezone.localtime():%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"
    partial = path.with_name(path.name + ".part")
    manifest = {
        "format": FORMAT,
        "app": APP,
        "version": _app_version(),
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "server_version": _server_version(connection)},
        "migrations": _applied_migrations(connection),
        "files": [],
    }
    try:
        # O_EXCL: never overwrite an archive; 0600: it holds personal data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            tempfile.TemporaryDirectory(prefix="tdkt-backup-") as scratch,
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=COMPRESS_LEVEL) as archive,
        ):
            dump = Path(scratch) / "database"
            _dump_database(connection, dump)
            manifest["files"].append(_add_file(archive, dump, DATABASE_MEMBER[vendor]))
            for source, name in _media_files():
                manifest["files"].append(_add_file(archive, source, name))
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
            archive.addfile(info, io.BytesIO(body))
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path=path, manifest=manifest, size=path.stat().st_size)


def backup_prune(*, output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of `output_dir` (by the date-time in their names)."""
    archives = sorted(output_dir.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"), key=lambda p: p.name, reverse=True)
    removed = archives[keep:]
    for old in removed:
        old.unlink()
    return removed


def media_is_on_disk() -> bool:
    """Whether the uploaded files live under MEDIA_ROOT (FILE_STORAGE is the file system), so that a backup holds
    them."""
    return isinstance(storages["default"], FileSystemStorage)


def _app_version() -> str:
    try:
        return importlib.metadata.version(APP)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _server_version(connection) -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        return str(connection.pg_version)
    return sqlite3.sqlite_version


def _applied_migrations(connection) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _dump_database(connection, target: Path) -> None:
    if connection.vendor == "postgresql":
        pg_run("pg_dump", ["--format=custom", f"--file={target}"], connection.settings_dict)
        return
    _outside_transaction(connection)
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot even while the application writes (WAL).
        connection.connection.backup(copy)
    finally:
        copy.close()


def _outside_transaction(connection) -> None:
    """SQLite's backup API waits for ever on a connection that holds a write transaction (SQLITE_LOCKED, retried
    by Python): refuse instead. The commands never run inside one; a caller inside `atomic` (a test) would."""
    if connection.in_atomic_block:
        raise BackupError(_("Không sao lưu, khôi phục SQLite được từ bên trong một giao dịch."))
    connection.ensure_connection()


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            source = Path(directory, name)
            if source.is_file() and not source.is_symlink():
                yield source, f"{MEDIA_DIR}/{source.relative_to(root).as_posix()}"


class _Hashing(io.RawIOBase):
    """Reads a file through SHA-256 as tarfile copies it into the archive."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.fileobj.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, source: Path, name: str) -> dict:
    with source.open("rb") as fileobj:
        stat = os.fstat(fileobj.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _Hashing(fileobj)
        archive.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


# -- reading an archive --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Archive:
    """An archive unpacked into a scratch folder, every member checked against the manifest."""

    manifest: dict
    folder: Path

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    @property
    def media(self) -> list[dict]:
        return [entry for entry in self.manifest["files"] if entry["path"].startswith(f"{MEDIA_DIR}/")]


@contextlib.contextmanager
def archive_open(path: Path) -> Iterator[Archive]:
    """Unpack and check an archive; the scratch folder is removed on leaving. Raises BackupError when the archive
    is not one of ours, a member is missing, extra, of another size or checksum, or a path leaves the archive."""
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as scratch:
        folder = Path(scratch)
        try:
            with tarfile.open(path, mode="r:*") as archive:
                manifest = _read_manifest(archive)
                expected = {entry["path"]: entry for entry in manifest["files"]}
                seen = set()
                for member in archive:
                    if member.name == MANIFEST:
                        continue
                    entry = expected.get(member.name)
                    if entry is None or not member.isfile() or member.name in seen:
                        raise BackupError(
                            _("Bản sao lưu có thành phần không ghi trong manifest: %(name)s.") % {"name": member.name}
                        )
                    seen.add(member.name)
                    _extract_checked(archive, member, entry, folder)
        except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
            raise BackupError(
                _("Không đọc được tệp sao lưu %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from exc
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                _("Bản sao lưu thiếu %(count)d tệp ghi trong manifest, ví dụ %(name)s.")
                % {"count": len(missing), "name": missing[0]}
            )
        yield Archive(manifest=manifest, folder=folder)


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(_("Không phải bản sao lưu của ứng dụng TĐKT (thiếu hoặc hỏng manifest.json).")) from exc
    if not isinstance(manifest, dict) or manifest.get("app") != APP or manifest.get("format") != FORMAT:
        raise BackupError(_("Không phải bản sao lưu của ứng dụng TĐKT, hoặc định dạng chưa hỗ trợ."))
    database, files, migrations = manifest.get("database"), manifest.get("files"), manifest.get("migrations")
    well_formed = (
        isinstance(database, dict)
        and database.get("vendor") in DATABASE_MEMBER
        and isinstance(migrations, list)
        and all(isinstance(name, str) for name in migrations)
        and isinstance(files, list)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            for entry in files
        )
    )
    if not well_formed:
        raise BackupError(_("Manifest của bản sao lưu không hợp lệ."))
    for entry in files:
        _safe_path(entry["path"])
    if DATABASE_MEMBER[database["vendor"]] not in {entry["path"] for entry in files}:
        raise BackupError(_("Bản sao lưu không có cơ sở dữ liệu."))
    return manifest


def _safe_path(name: str) -> PurePosixPath:
    """A member's path inside the archive: relative, without `..`, under database/ or media/."""
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or path.parts[0] not in {"database", MEDIA_DIR}
        or len(path.parts) < 2
    ):
        raise BackupError(_("Đường dẫn không hợp lệ trong bản sao lưu: %(name)s.") % {"name": name})
    return path


def _extract_checked(archive: tarfile.TarFile, member: tarfile.TarInfo, entry: dict, folder: Path) -> None:
    target = folder.joinpath(*_safe_path(member.name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with archive.extractfile(member) as source, target.open("wb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
    if size != entry.get("size") or digest.hexdigest() != entry.get("sha256"):
        raise BackupError(
            _(
                "Tệp %(name)s trong bản sao lưu không khớp kích thước hoặc mã SHA-256 của manifest: bản sao lưu "
                "bị hỏng hoặc bị sửa."
            )
            % {"name": member.name}
        )


# -- restoring -----------------------------------------------------------------------------------------------


def restore_check(archive: Archive, *, using: str = "default") -> None:
    """Refuse an archive of another database vendor, or one made by a newer version of the code (it applied
    migrations this code does not have: the code could not run on the restored schema)."""
    vendor = connections[using].vendor
    if archive.vendor != vendor:
        raise BackupError(
            _(
                "Bản sao lưu là của %(archive)s, cơ sở dữ liệu đang dùng là %(current)s: chỉ khôi phục được vào cùng "
                "loại cơ sở dữ liệu. (Chuyển dữ liệu giữa hai loại: dumpdata/loaddata của Django.)"
            )
            % {"archive": archive.vendor, "current": vendor}
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(archive.manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản mới hơn của ứng dụng (%(version)s): mã nguồn này thiếu "
                "%(count)d migration, ví dụ %(name)s. Cập nhật mã nguồn rồi khôi phục lại."
            )
            % {"version": archive.manifest.get("version", "?"), "count": len(unknown), "name": unknown[0]}
        )


def restore_apply(archive: Archive, *, using: str = "default") -> Restored:
    """Replace the whole database with the archive's, then write its files under MEDIA_ROOT. Call `restore_check`
    first. The database goes back in one transaction: a failure leaves it as it was, and no file is written."""
    restore_check(archive, using=using)
    connection = connections[using]
    database = archive.folder.joinpath(*PurePosixPath(DATABASE_MEMBER[archive.vendor]).parts)
    if archive.vendor == "postgresql":
        # pg_restore needs the tables free: our own connections (default and the progress mirror) let go.
        connections.close_all()
        pg_run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                # pg_restore reads no PGDATABASE: it needs the name (never a password) on its command line.
                f"--dbname={connection.settings_dict['NAME']}",
                str(database),
            ],
            connection.settings_dict,
        )
    else:
        _outside_transaction(connection)
        source = sqlite3.connect(database)
        try:
            # Copies every page into the open database (a file, or the in-memory one of the tests) under its lock.
            source.backup(connection.connection)
        finally:
            source.close()
    files = _restore_media(archive)
    restored = {entry["path"] for entry in archive.media}
    kept = sum(1 for _source, name in _media_files() if name not in restored)
    return Restored(database=archive.vendor, files=files, kept=kept, pending=pending_migrations(using=using))


def pending_migrations(*, using: str = "default") -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _restore_media(archive: Archive) -> int:
    root = Path(settings.MEDIA_ROOT)
    for entry in archive.media:
        relative = PurePosixPath(entry["path"]).relative_to(MEDIA_DIR)
        source = archive.folder.joinpath(MEDIA_DIR, *relative.parts)
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy next to the target, then rename: a reader never sees half a file.
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(source, partial)
        partial.replace(target)
    return len(archive.media)


# -- PostgreSQL client programs --------------------------------------------------------------------------------

# libpq reads these variables: the connection (and the password) never appear on a command line, where `ps` shows
# them to every user of the machine.
_PG_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "NAME": "PGDATABASE", "PASSWORD": "PGPASSWORD"}
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """The environment of pg_dump/pg_restore for a connection of settings.DATABASES (the test database under
    pytest, whose name Django has changed there)."""
    env = dict(os.environ)
    for key, variable in _PG_ENV.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTION_ENV.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def pg_run(program: str, arguments: list[str], settings_dict: dict) -> None:
    """Run a PostgreSQL client program on the database of `settings_dict`; BackupError with its last lines of
    stderr when it fails."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s: cài gói postgresql-client (apt-get install postgresql-client).")
            % {"program": program}
        )
    # A fixed program and our own arguments, no shell.
    result = subprocess.run(
        [executable, *arguments],
        env=pg_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = " ".join(result.stderr.strip().splitlines()[-3:])
        raise BackupError(
            _("%(program)s thất bại (mã %(code)d): %(detail)s")
            % {"program": program, "code": result.returncode, "detail": detail}
        )
