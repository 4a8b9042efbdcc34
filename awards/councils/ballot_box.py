"""The sealed ballot box: a member's choice is stored encrypted with a key kept outside the database, read once by
the count at close, and then thrown away.

`seal` encrypts one choice with AES-256-GCM under `settings.BALLOT_KEY` (32 bytes, from the environment) and a
random 96-bit nonce, so two equal choices never give equal bytes; every choice is padded to the same length first,
so "agree" and "disagree" give sealed values of the same size; the poll and the candidate are bound in as
associated data, so a sealed choice copied onto another candidate or poll does not open. Someone who reads the
database alone (a dump, the table's pages, `xmin`, the WAL) sees random bytes of one size.

`deposit` puts a member's sealed choices in the box in random order; `count` opens every ballot of a poll and
refuses the whole count if one does not open or if the box does not add up; `empty` deletes the poll's ballots
once counted and, on PostgreSQL, vacuums the table so that the deleted row versions leave its pages. Losing or
changing the key while a poll is open makes that poll's ballots unreadable: close the polls before rotating it
(docs/security.md).
"""

import base64
import binascii
import os
import random

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, router, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from awards.councils.enums import Choice
from awards.councils.models import Abstention, Ballot, CouncilMember, Participation, Poll

NONCE_BYTES = 12
KEY_BYTES = 32
# Every choice is padded to this many bytes before sealing: the length of a sealed value says nothing.
PLAIN_BYTES = 16


class BallotBoxError(ValidationError):
    """The poll's ballots cannot be counted: one does not open under the key (altered, moved from another candidate
    or poll, or sealed under another key), or the box does not hold one ballot per member who took part (rows
    added or deleted outside the application). The count stops: a ballot is never silently left out or added."""


def ballot_key() -> bytes:
    """The 32-byte key: `BALLOT_KEY` (URL-safe base64) when set; otherwise derived from `SECRET_KEY`, which is
    also never stored in the database (development and tests; production settings require `BALLOT_KEY`)."""
    configured = getattr(settings, "BALLOT_KEY", "")
    if configured:
        try:
            key = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured("BALLOT_KEY must be 32 bytes in URL-safe base64.") from exc
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured("BALLOT_KEY must be 32 bytes in URL-safe base64.")
        return key
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"tdkt ballot key").derive(
        settings.SECRET_KEY.encode()
    )


def _context(poll_id: int, nomination_id: int) -> bytes:
    return f"poll:{poll_id};nomination:{nomination_id}".encode()


def _seal(aead: AESGCM, choice: str, poll_id: int, nomination_id: int) -> bytes:
    plain = choice.encode()
    if len(plain) > PLAIN_BYTES or b"\0" in plain:
        raise ValueError(f"A choice is at most {PLAIN_BYTES} bytes, without NUL.")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, plain.ljust(PLAIN_BYTES, b"\0"), _context(poll_id, nomination_id))


def _unseal(aead: AESGCM, sealed: bytes, poll_id: int, nomination_id: int) -> str:
    sealed = bytes(sealed)  # PostgreSQL gives a memoryview
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return aead.decrypt(nonce, body, _context(poll_id, nomination_id)).rstrip(b"\0").decode()


def seal(choice: str, *, poll_id: int, nomination_id: int) -> bytes:
    """The choice encrypted for one candidate of one poll: nonce followed by ciphertext and tag."""
    return _seal(AESGCM(ballot_key()), choice, poll_id, nomination_id)


def unseal(sealed: bytes, *, poll_id: int, nomination_id: int) -> str:
    """The choice of a sealed ballot; raises `cryptography.exceptions.InvalidTag` if it was altered or moved."""
    return _unseal(AESGCM(ballot_key()), sealed, poll_id, nomination_id)


def deposit(*, poll: Poll, member: CouncilMember, choices: dict[int, str], named: bool) -> None:
    """Put one member's choices ({nomination id: agree | disagree}) in the box, each sealed on its own row.

    The member is written on the rows only in a named poll. The rows go in shuffled, so their physical order within
    the submission does not follow the order of the ballot paper. Runs inside the caller's transaction, next to the
    `Participation` row that records who took part.
    """
    if any(choice not in Choice.values for choice in choices.values()):
        raise ValueError("Only agree and disagree go in the ballot box; abstentions are recorded apart.")
    aead = AESGCM(ballot_key())
    rows = [
        Ballot(
            poll=poll,
            nomination_id=nomination_id,
            sealed=_seal(aead, choice, poll.pk, nomination_id),
            member=member if named else None,
        )
        for nomination_id, choice in choices.items()
    ]
    random.SystemRandom().shuffle(rows)
    Ballot.objects.bulk_create(rows)


def count(poll: Poll) -> dict[int, tuple[int, int]]:
    """{nomination id: (agree, disagree)} of the poll's ballots, candidates without a ballot left out.

    Every ballot is opened; one that does not open raises `BallotBoxError` and nothing is counted. So does a box
    that does not hold, for each candidate, one ballot per member who took part and did not abstain on him: the
    seal binds a ballot to its poll and candidate, not to a submission, so a row copied or deleted outside the
    application is caught here. The caller holds the poll's row lock (as `poll_close` does), so no ballot arrives
    between the count and `empty`.
    """
    aead = AESGCM(ballot_key())
    tallies: dict[int, list[int]] = {}
    rows = Ballot.objects.filter(poll=poll).values_list("nomination_id", "sealed").order_by()
    for nomination_id, sealed in rows.iterator(chunk_size=2000):
        try:
            choice = _unseal(aead, sealed, poll.pk, nomination_id)
        except InvalidTag:
            choice = None
        if choice not in Choice.values:
            raise BallotBoxError(
                _(
                    "Không mở được một phiếu của cuộc bỏ phiếu “%(poll)s”: phiếu đã bị sửa, bị chuyển từ cuộc bỏ "
                    "phiếu hoặc người được đề nghị khác, hoặc khóa niêm phong phiếu (BALLOT_KEY) đã đổi khi cuộc bỏ "
                    "phiếu đang mở. Chưa kiểm phiếu; hãy báo quản trị hệ thống."
                )
                % {"poll": poll}
            )
        agree_disagree = tallies.setdefault(nomination_id, [0, 0])
        agree_disagree[0 if choice == Choice.AGREE else 1] += 1
    _check_adds_up(poll, {nomination_id: sum(counts) for nomination_id, counts in tallies.items()})
    return {nomination_id: (agree, disagree) for nomination_id, (agree, disagree) in tallies.items()}


def _check_adds_up(poll: Poll, ballots: dict[int, int]) -> None:
    took_part = Participation.objects.filter(poll=poll).count()
    abstained = dict(
        Abstention.objects.filter(poll=poll).values_list("nomination_id").annotate(n=Count("id")).order_by()
    )
    expected = {pk: took_part - abstained.get(pk, 0) for pk in poll.candidates.values_list("pk", flat=True)}
    if any(ballots.get(pk, 0) != expected.get(pk, 0) for pk in set(expected) | set(ballots)):
        raise BallotBoxError(
            _(
                "Số phiếu trong hòm phiếu của cuộc bỏ phiếu “%(poll)s” không khớp số thành viên đã bỏ phiếu: có phiếu "
                "bị thêm hoặc bị xóa ngoài ứng dụng. Chưa kiểm phiếu; hãy báo quản trị hệ thống."
            )
            % {"poll": poll}
        )


def empty(poll: Poll) -> None:
    """Delete the poll's ballots (secret and named alike: once counted only the totals remain, in `PollResult`).

    On PostgreSQL a deleted row stays in the table's pages until a vacuum: `VACUUM` runs once the caller's
    transaction has committed. It cannot run inside a transaction block, so where the commit still leaves one
    open (a test's outer transaction) it is skipped and autovacuum does it later.
    """
    using = router.db_for_write(Ballot)
    Ballot.objects.using(using).filter(poll=poll).delete()
    if connections[using].vendor == "postgresql":
        transaction.on_commit(lambda: _vacuum(using), using=using)


def _vacuum(using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {connection.ops.quote_name(Ballot._meta.db_table)}")


__all__ = ["BallotBoxError", "ballot_key", "count", "deposit", "empty", "seal", "unseal"]
