"""A backup survives the loss of everything: awards, nominations with their dossier files, a published poll's
results come back from one archive (`manage.py backup`, `restore`) on the database the suite runs on.

A module of its own, transactional: the restore replaces the whole database, outside any test transaction (the
flush that ends each test must come after the other tests of its worker, see tests/conftest.py).
"""

import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from awards.catalogue.enums import DossierDocument
from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.councils import voting
from awards.councils.enums import Choice, PollState
from awards.councils.models import Poll, PollResult
from awards.nominations.models import Nomination, NominationDocument
from awards.nominations.services import nomination_document_add
from awards.register.models import Award
from tests.factories.councils import SessionFactory, attend, candidates, council_with_members, members, poll_on
from tests.factories.nominations import NominationFactory

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.today("2026-12-08")]

DOSSIER = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    ensure_defaults(AwardType, RuleSet)  # a transactional test starts from a flushed database


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT of the test's own: wiping it must not touch the files of tests running beside it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office(province_awards, tree, cast, staff, media):
    """The province's awards; two candidates voted on and published by a council of three; a draft nomination
    with a dossier file."""
    council = council_with_members(unit=tree["province"], count=3, staff_unit=tree["office"])
    session = SessionFactory(council=council, year=2026)
    nominations = candidates(tree, cast, ["Nguyễn Văn An", "Lê Thị Bình"])
    poll = poll_on(session, cast, nominations)
    attend(session, present=3)
    secretary = cast["council_secretary"]
    voting.poll_open(poll=poll, by=secretary)
    for seat, choice in zip(members(council), (Choice.AGREE, Choice.AGREE, Choice.DISAGREE), strict=True):
        voting.ballot_cast(poll=poll, user=seat.user, choices={n.pk: choice for n in nominations})
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)
    draft = NominationFactory(person=staff["hang"], code="LDTT", year=2026)
    document = nomination_document_add(
        nomination=draft,
        kind=DossierDocument.ACHIEVEMENT_REPORT,
        upload=SimpleUploadedFile("bao-cao-thanh-tich.pdf", DOSSIER, content_type="application/pdf"),
        by=cast["regional_clerk"],
    )
    return {"poll": poll, "document": document}


def snapshot() -> dict:
    return {
        "awards": list(
            Award.objects.order_by("pk").values_list(
                "pk", "award_type__code", "person__code", "unit__code", "year", "decision__number", "revoked_on"
            )
        ),
        "nominations": list(
            Nomination.objects.order_by("pk").values_list("pk", "state", "person__full_name", "award_type__code")
        ),
        "polls": list(Poll.objects.order_by("pk").values_list("pk", "state", "ballots_cast")),
        "results": list(
            PollResult.objects.order_by("pk").values_list(
                "poll_id", "nomination_id", "agree", "disagree", "written_agree", "denominator", "passed"
            )
        ),
        "documents": list(NominationDocument.objects.order_by("pk").values_list("pk", "file", "size")),
    }


def test_backup_then_wipe_then_restore_brings_every_record_and_file_back(office, media, tmp_path):
    before = snapshot()
    assert len(before["awards"]) == 10
    assert [row[1:] for row in before["polls"]] == [(PollState.PUBLISHED, 3)]
    assert [(agree, disagree) for _poll, _n, agree, disagree, *_ in before["results"]] == [(2, 1), (2, 1)]
    stored = media / office["document"].file.name
    assert stored.read_bytes() == DOSSIER
    out = io.StringIO()

    call_command("backup", output_dir=tmp_path / "backups", stdout=out)
    (archive,) = (tmp_path / "backups").glob("tdkt-backup-*.tar.gz")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert (Award.objects.count(), Nomination.objects.count(), PollResult.objects.count()) == (0, 0, 0)
    call_command("restore", str(archive), yes=True, stdout=out)

    assert snapshot() == before
    assert stored.read_bytes() == DOSSIER
    document = NominationDocument.objects.get(pk=office["document"].pk)
    with document.file.open("rb") as fileobj:
        assert fileobj.read() == DOSSIER
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"Cơ sở dữ liệu {connection.vendor}: ")
    assert lines[1] == "Tệp tải lên: 1 tệp, 16,0\xa0KB."
    assert lines[-3:] == [
        f"Đã khôi phục cơ sở dữ liệu {connection.vendor}.",
        "Đã khôi phục 1 tệp tải lên.",
        "Các migration đã đủ: có thể mở lại ứng dụng.",
    ]


def test_restore_replaces_what_was_written_after_the_backup(office, media, tmp_path):
    call_command("backup", output_dir=tmp_path, stdout=io.StringIO())
    (archive,) = tmp_path.glob("tdkt-backup-*.tar.gz")
    Award.objects.filter(year=2024).delete()
    PollResult.objects.update(agree=0)
    (media / office["document"].file.name).write_bytes(b"overwritten")
    stray = media / "imports" / "later.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text("ma_don_vi\n")
    out = io.StringIO()

    call_command("restore", str(archive), yes=True, stdout=out)

    assert Award.objects.filter(year=2024).count() == 4
    assert set(PollResult.objects.values_list("agree", flat=True)) == {2}
    assert (media / office["document"].file.name).read_bytes() == DOSSIER
    assert stray.read_text() == "ma_don_vi\n"  # a file the archive does not hold is left alone, and said so
    assert "1 tệp trong MEDIA_ROOT không có trong bản sao lưu: để nguyên." in out.getvalue().splitlines()
