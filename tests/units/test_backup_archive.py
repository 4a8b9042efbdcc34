"""The archive of `manage.py backup` and what `manage.py restore` refuses before it changes anything.

The round trip (wipe, restore, find everything again) is in test_backup_restore.py. These tests are transactional
too: SQLite's backup API cannot copy a database from a connection holding a write transaction, as a test's
transaction does (a module of its own kind, see tests/conftest.py).
"""

import hashlib
import io
import json
import os
import re
import stat
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from units.common import backup

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FILES = {"dossiers/2026/7/bao-cao-thanh-tich.pdf": b"%PDF-1.7 hai trang\n", "imports/can-bo-2026.csv": b"ma;ten\n"}
OTHER_VENDOR = {"postgresql": "sqlite", "sqlite": "postgresql"}[connection.vendor]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(media, tmp_path) -> Path:
    call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())
    (made,) = (tmp_path / "backups").glob("tdkt-backup-*.tar.gz")
    return made


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as opened:
        return {member.name: opened.extractfile(member).read() for member in opened}


def rewrite(path: Path, *, manifest=None, replace=None, drop=()) -> Path:
    """A copy of the archive with its manifest changed by `manifest(dict)`, members replaced or added (`replace`)
    and removed (`drop`)."""
    copy = path.with_name("changed.tar.gz")
    content = members(path)
    if manifest:
        content["manifest.json"] = json.dumps(manifest(json.loads(content["manifest.json"]))).encode()
    content.update(replace or {})
    with tarfile.open(copy, "w:gz") as written:
        for name, data in content.items():
            if name not in drop:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                written.addfile(info, io.BytesIO(data))
    return copy


def restore(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *options, stdout=out)
    return out.getvalue()


def test_backup_writes_the_database_every_file_and_a_manifest_of_their_checksums(media, tmp_path):
    out = io.StringIO()

    call_command("backup", output_dir=tmp_path / "backups", stdout=out)

    (made,) = (tmp_path / "backups").glob("tdkt-backup-*.tar.gz")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    content = members(made)
    database = backup.DATABASE_MEMBER[connection.vendor]
    assert list(content) == [database, *(f"media/{name}" for name in sorted(FILES)), "manifest.json"]
    manifest = json.loads(content["manifest.json"])
    assert (manifest["app"], manifest["format"], manifest["database"]["vendor"]) == ("tdkt", 1, connection.vendor)
    assert manifest["version"] == "0.1.0"
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"] == sorted(f"{app}.{name}" for app, name in applied)
    assert "units.0001_initial" in manifest["migrations"]
    assert manifest["files"] == [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in content.items()
        if name != "manifest.json"
    ]
    assert content["media/imports/can-bo-2026.csv"] == b"ma;ten\n"
    lines = out.getvalue().splitlines()
    assert lines[1:-1] == ["Tệp tải lên: 2 tệp, 26\xa0byte."]
    assert lines[-1].startswith(f"Đã ghi bản sao lưu {made} (")


def test_backup_keep_deletes_all_but_the_newest_archives(media, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101-023000", "20260102-023000", "20260103-023000"):
        (folder / f"tdkt-backup-{stamp}.tar.gz").write_bytes(b"old")
    (folder / "notes.txt").write_text("kept")
    out = io.StringIO()

    call_command("backup", output_dir=folder, keep=2, stdout=out)

    left = sorted(path.name for path in folder.iterdir())
    assert len(left) == 3
    assert left[0] == "notes.txt" and left[1] == "tdkt-backup-20260103-023000.tar.gz"
    assert out.getvalue().splitlines()[-2:] == [
        f"Đã xoá bản sao lưu cũ {folder / 'tdkt-backup-20260102-023000.tar.gz'}.",
        f"Đã xoá bản sao lưu cũ {folder / 'tdkt-backup-20260101-023000.tar.gz'}.",
    ]


def test_backup_refuses_to_write_into_media_root(media):
    with pytest.raises(CommandError, match="không được nằm trong MEDIA_ROOT"):
        call_command("backup", output_dir=media / "backups", stdout=io.StringIO())

    assert not (media / "backups").exists()


def test_restore_without_yes_refuses_at_once(archive, media):
    with pytest.raises(CommandError, match="chạy lại với --yes để xác nhận") as refused:
        restore(archive)

    assert refused.value.returncode == 1


def test_restore_check_reads_a_sound_archive_and_changes_nothing(archive, media):
    (media / "imports/can-bo-2026.csv").write_bytes(b"changed since\n")

    printed = restore(archive, "--check")

    assert printed.splitlines()[-1] == "Kiểm tra xong; chưa khôi phục gì."
    assert f", {connection.vendor}, 2 tệp tải lên." in printed
    assert (media / "imports/can-bo-2026.csv").read_bytes() == b"changed since\n"


def test_restore_refuses_an_archive_with_a_changed_file(archive, media):
    tampered = rewrite(archive, replace={"media/imports/can-bo-2026.csv": b"ma;ten;them\n"})
    (media / "imports/can-bo-2026.csv").write_bytes(b"now\n")

    with pytest.raises(CommandError, match="không khớp kích thước hoặc mã SHA-256"):
        restore(tampered, "--yes")

    assert (media / "imports/can-bo-2026.csv").read_bytes() == b"now\n"


def test_restore_refuses_a_member_the_manifest_does_not_list(archive):
    smuggled = rewrite(archive, replace={"media/../../etc/cron.d/x": b"* * * * * root sh\n"})

    with pytest.raises(CommandError, match="không ghi trong manifest"):
        restore(smuggled, "--yes")


def test_restore_refuses_a_path_leaving_the_archive_even_in_the_manifest(archive):
    def listed(manifest):
        manifest["files"].append({"path": "media/../../x", "size": 1, "sha256": "0" * 64})
        return manifest

    with pytest.raises(CommandError, match=re.escape("Đường dẫn không hợp lệ trong bản sao lưu: media/../../x")):
        restore(rewrite(archive, manifest=listed, replace={"media/../../x": b"x"}), "--yes")


def test_restore_refuses_a_malformed_manifest(archive):
    def malformed(manifest):
        manifest["files"][1] = "media/imports/can-bo-2026.csv"
        return manifest

    with pytest.raises(CommandError, match="Manifest của bản sao lưu không hợp lệ"):
        restore(rewrite(archive, manifest=malformed), "--yes")


def test_restore_refuses_an_archive_of_the_other_database(archive):
    def other(manifest):
        manifest["database"]["vendor"] = OTHER_VENDOR
        manifest["files"][0]["path"] = backup.DATABASE_MEMBER[OTHER_VENDOR]
        return manifest

    current, other_member = backup.DATABASE_MEMBER[connection.vendor], backup.DATABASE_MEMBER[OTHER_VENDOR]
    dump = members(archive)[current]
    foreign = rewrite(archive, manifest=other, replace={other_member: dump}, drop={current})

    with pytest.raises(CommandError) as refused:
        restore(foreign, "--yes")

    assert str(refused.value) == (
        f"Không khôi phục: Bản sao lưu là của {OTHER_VENDOR}, cơ sở dữ liệu đang dùng là {connection.vendor}: chỉ "
        "khôi phục được vào cùng loại cơ sở dữ liệu. (Chuyển dữ liệu giữa hai loại: dumpdata/loaddata của Django.)"
    )


def test_restore_refuses_an_archive_of_a_newer_version(archive):
    def newer(manifest):
        manifest["version"] = "0.2.0"
        manifest["migrations"].append("units.9999_from_the_future")
        return manifest

    with pytest.raises(CommandError, match=r"phiên bản mới hơn của ứng dụng \(0\.2\.0\).*units\.9999_from_the_future"):
        restore(rewrite(archive, manifest=newer), "--yes")


def test_restore_refuses_what_is_not_an_archive_of_ours(tmp_path):
    other = tmp_path / "photos.tar.gz"
    with tarfile.open(other, "w:gz") as written:
        info = tarfile.TarInfo("a.jpg")
        info.size = 3
        written.addfile(info, io.BytesIO(b"jpg"))
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a tar at all")

    with pytest.raises(CommandError, match=re.escape("thiếu hoặc hỏng manifest.json")):
        restore(other, "--yes")
    with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
        restore(garbage, "--yes")


def test_pg_programs_get_the_password_in_the_environment_never_on_the_command_line(tmp_path, monkeypatch):
    """A stand-in pg_dump records what it was given: `ps` would show its arguments to every user."""
    record = tmp_path / "seen.json"
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        f"json.dump({{'argv': sys.argv[1:], 'env': {{k: v for k, v in os.environ.items() if k.startswith('PG')}}}}, "
        f"open({str(record)!r}, 'w'))\n"
    )
    fake.chmod(0o700)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    database = {
        "NAME": "tdkt",
        "USER": "tdkt",
        "PASSWORD": "mật-khẩu-bí-mật",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }

    backup.pg_run("pg_dump", ["--format=custom", "--file=/tmp/x"], database)

    seen = json.loads(record.read_text())
    assert seen["argv"] == ["--format=custom", "--file=/tmp/x"]
    assert {key: seen["env"][key] for key in ("PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE")} == {
        "PGPASSWORD": "mật-khẩu-bí-mật",
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGUSER": "tdkt",
        "PGDATABASE": "tdkt",
    }
    assert seen["env"]["PGSSLMODE"] == "require"


def test_a_failing_pg_program_is_reported_with_its_error(tmp_path, monkeypatch):
    fake = tmp_path / "pg_restore"
    fake.write_text("#!/bin/sh\necho 'pg_restore: error: connection to server failed' >&2\nexit 1\n")
    fake.chmod(0o700)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")

    with pytest.raises(backup.BackupError, match=r"pg_restore thất bại \(mã 1\): .*connection to server failed"):
        backup.pg_run("pg_restore", [], {"NAME": "tdkt"})
