"""Trigram indexes on the folded search columns (`Person.search_text`, `Unit.search_text`), on PostgreSQL.

The columns hold the name and code folded in Python (`units.common.text.fold`: lower case, no diacritics, đ → d),
so SQLite and PostgreSQL match alike and a search is `search_text LIKE '%word%'` for each word typed: no
`unaccent` extension is needed, and none is created. PostgreSQL answers such a LIKE from a GIN index of trigrams
(`pg_trgm`) instead of reading all the staff: the register's name search, the staff list and the pickers' look-ups
(`units.models.PersonQuerySet.search`, `awards.register.selectors.recipients_named`).

This migration looks the extension up in `pg_available_extensions`, creates it when it is not installed (a
trusted extension since PostgreSQL 13: the owner of the database may create it) and then the two indexes. When
the extension is missing from the server or may not be created, it says so in the log and goes on: the searches
give the same answers by reading the tables, and running the migration again after `CREATE EXTENSION pg_trgm`
(reverse to 0008, then forward) adds the indexes. On SQLite it does nothing: the stored folded column is the
search, a scan of short rows.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {"units_person_search_trgm": "units_person", "units_unit_search_trgm": "units_unit"}


def _trigram_extension(schema_editor) -> bool:
    """Whether pg_trgm is installed, installing it when the server has it and the user may."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT installed_version IS NOT NULL FROM pg_available_extensions WHERE name = 'pg_trgm'")
        row = cursor.fetchone()
    if row is None:
        logger.warning(
            "PostgreSQL has no pg_trgm extension (package postgresql-contrib): the name searches read the tables "
            "without a trigram index."
        )
        return False
    if row[0]:
        return True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        logger.warning(
            "Could not create the pg_trgm extension (%s): the name searches read the tables without a trigram index. "
            "A superuser may run CREATE EXTENSION pg_trgm, then migrate units back to 0008 and forward again.",
            str(exc).strip(),
        )
        return False
    return True


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _trigram_extension(schema_editor):
        return
    for name, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0008_export_jobs_and_data_version"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
