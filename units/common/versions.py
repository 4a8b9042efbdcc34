"""Data versions, and the cache of the figures computed from the records they version.

A data version (`units.models.DataVersion`) is a counter that grows whenever the records some figures are computed
from change: `RECORDS` for awards, decisions, units, staff and the catalogue (the reports' statistics, the
dashboard's awards and quotas, the bonuses of a decision's recipients), `NOMINATIONS` for nominations (the quotas
count the live ones). `cached` keys a computed value by what it is, its parameters and the versions it depends on,
so that a change makes every figure computed before it unreachable at once (nothing is deleted: old entries age
out of the cache): a report preview refreshed with nothing changed, or a dashboard opened again, runs no
aggregation.

Who bumps: `reports.receivers` connects `bump` to the saves and deletes of the models the figures read; the bulk
writes that send no signal (the award register's import, the demo seeding) call `bump()` themselves. A `migrate`
bumps every version too (`bump_all_now`, on post_migrate): a deploy may compute the figures differently, and a
cache shared between processes (CACHES["figures"] on a database or Redis) must not serve the old ones.

Why it is safe against races, without a lock around the computation:
- `bump` runs on commit (`transaction.on_commit`), once per transaction and version, as one atomic
  `UPDATE … SET value = value + 1`: the row is locked for that statement only, and a rolled-back change bumps
  nothing. The data a bump stands for is therefore committed (visible to everybody) before the bump.
- `cached` reads the versions BEFORE it computes. Everything committed before that read is in the figures it then
  computes and stores under it. A change committed after the read can only make the figures newer than their key,
  never older; and its bump gives the next reader a new key, which recomputes. Reading the version after
  computing would be wrong: figures computed from the old records could be stored under the new version and be
  served until the next change.
- The key holds each version's `changed_at` besides its value: a database restored from a backup, or emptied and
  filled again (the tests' flush), restarts the counters, and a value alone would then match figures computed
  from other records.
- Inside a transaction (`connection.in_atomic_block`) `cached` neither reads nor stores: the transaction may have
  changed records whose bump waits for its commit, so that figures computed in it could be of records that will
  be rolled back, and a stored entry could miss its own changes. Requests run outside transactions
  (ATOMIC_REQUESTS is off); tests run inside one, so that only the tests of the cache (transactional ones) and the
  browser tests see it.

The base layer imports no app: the model is looked up by name (`apps.get_model`).
"""

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone

RECORDS = "records"
NOMINATIONS = "nominations"
NAMES = (RECORDS, NOMINATIONS)

# The alias in settings.CACHES of the computed figures.
CACHE = "figures"

T = TypeVar("T")
_MISSING = object()


def _model():
    return apps.get_model("units", "DataVersion")


def current(name: str = RECORDS) -> int:
    """The version `name` (0 before its first change). One query."""
    return _model().objects.filter(name=name).values_list("value", flat=True).first() or 0


def stamp(names: Iterable[str] = (RECORDS,)) -> str:
    """The versions `names` with the moment each last changed, as one string for a cache key. One query."""
    names = sorted(set(names))
    rows = _model().objects.filter(name__in=names).values_list("name", "value", "changed_at")
    found = {name: f"{value}@{changed_at.timestamp():.6f}" for name, value, changed_at in rows}
    return ";".join(f"{name}={found.get(name, 0)}" for name in names)


def _increment(name: str, using: str) -> None:
    """value = value + 1, in one statement (a row lock for its duration only); the row is created on the first
    change."""
    model = _model()
    now = timezone.now()  # QuerySet.update() leaves auto_now fields alone
    if model.objects.using(using).filter(name=name).update(value=F("value") + 1, changed_at=now):
        return
    try:
        with transaction.atomic(using=using):
            model.objects.using(using).create(name=name, value=1)
    except IntegrityError:  # created meanwhile by another process
        model.objects.using(using).filter(name=name).update(value=F("value") + 1, changed_at=now)


@dataclasses.dataclass(frozen=True)
class _Bump:
    """The on-commit callback of a bump; equal ones tell that the transaction already has its bump pending."""

    name: str
    using: str

    def __call__(self) -> None:
        _increment(self.name, self.using)


def bump(name: str = RECORDS, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Grow the version `name` when the current transaction commits (at once outside a transaction).

    Once per transaction: a bulk import or a service saving a thousand rows bumps once. A callback registered in a
    savepoint that is rolled back goes with it (Django drops it), and the next change registers a new one. Robust:
    the records are already committed when it runs, so a failure is logged rather than turning a saved change into
    an error page."""
    connection = connections[using]
    callback = _Bump(name, using)
    # Django's own list of the callbacks waiting for this transaction's commit (sids, callback, robust).
    if connection.in_atomic_block and any(entry[1] == callback for entry in connection.run_on_commit):
        return
    transaction.on_commit(callback, using=using, robust=True)


def bump_all_now(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Grow every version at once (after `migrate`), when the table exists."""
    if _model()._meta.db_table not in connections[using].introspection.table_names():
        return
    for name in NAMES:
        _increment(name, using)


def _key(what: str, params: tuple, versions: str) -> str:
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return f"{what}:{digest}:{hashlib.sha256(versions.encode()).hexdigest()[:16]}"


def cached(what: str, params: tuple, compute: Callable[[], T], *, names: Iterable[str] = (RECORDS,)) -> T:
    """`compute()`, from the cache when it was computed with the same `params` since the versions `names` last
    changed. `what` names the computation, `params` (a tuple of plain values: ids, years, paths, dates, whose
    `repr` is stable) everything else it depends on. The value must be picklable (the cache stores a copy, and
    every caller gets its own copy back: a caller may change it freely).

    Outside a transaction: one query for the versions, then none on a hit. Inside one: `compute()` as it is (see
    the module docstring)."""
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return compute()
    key = _key(what, params, stamp(names))  # before computing: see the module docstring
    cache = caches[CACHE]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value)
    return value
