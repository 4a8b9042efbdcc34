"""Database triggers guarding the copies of award type fields on Award.

`Award.frequency` and `Award.type_recipients` copy fields of the award type so that check and unique
constraints can use them; these triggers refuse a row whose copies differ from its type, and refuse a change
of a type's frozen fields (code, category, recipients, frequency) once awards use it.

They are installed after every `migrate` (post_migrate) and removed before it (pre_migrate): SQLite rebuilds a
table to alter it, which would drop or break triggers in the middle of a migration.
"""

SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS awards_award_type_copy_insert BEFORE INSERT ON awards_award
    WHEN NOT EXISTS (SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id
                     AND t.frequency = NEW.frequency AND t.recipients = NEW.type_recipients)
    BEGIN SELECT RAISE(ABORT, 'awards_award_type_copy: frequency/recipients differ from the award type'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS awards_award_type_copy_update
    BEFORE UPDATE OF award_type_id, frequency, type_recipients ON awards_award
    WHEN NOT EXISTS (SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id
                     AND t.frequency = NEW.frequency AND t.recipients = NEW.type_recipients)
    BEGIN SELECT RAISE(ABORT, 'awards_award_type_copy: frequency/recipients differ from the award type'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS awards_awardtype_frozen BEFORE UPDATE OF code, category, recipients, frequency
    ON awards_awardtype
    WHEN (NEW.code != OLD.code OR NEW.category != OLD.category OR NEW.recipients != OLD.recipients
          OR NEW.frequency != OLD.frequency)
         AND EXISTS (SELECT 1 FROM awards_award a WHERE a.award_type_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'awards_awardtype_frozen: the type is used by awards'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_award_type_copy_insert;",
    "DROP TRIGGER IF EXISTS awards_award_type_copy_update;",
    "DROP TRIGGER IF EXISTS awards_awardtype_frozen;",
]

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION awards_award_type_copy() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id
                       AND t.frequency = NEW.frequency AND t.recipients = NEW.type_recipients) THEN
            RAISE EXCEPTION 'awards_award_type_copy: frequency/recipients differ from the award type'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS awards_award_type_copy ON awards_award;",
    """
    CREATE TRIGGER awards_award_type_copy BEFORE INSERT OR UPDATE OF award_type_id, frequency, type_recipients
    ON awards_award FOR EACH ROW EXECUTE FUNCTION awards_award_type_copy();
    """,
    """
    CREATE OR REPLACE FUNCTION awards_awardtype_frozen() RETURNS trigger AS $$
    BEGIN
        IF (NEW.code, NEW.category, NEW.recipients, NEW.frequency)
               IS DISTINCT FROM (OLD.code, OLD.category, OLD.recipients, OLD.frequency)
           AND EXISTS (SELECT 1 FROM awards_award a WHERE a.award_type_id = OLD.id) THEN
            RAISE EXCEPTION 'awards_awardtype_frozen: the type is used by awards' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS awards_awardtype_frozen ON awards_awardtype;",
    """
    CREATE TRIGGER awards_awardtype_frozen BEFORE UPDATE ON awards_awardtype
    FOR EACH ROW EXECUTE FUNCTION awards_awardtype_frozen();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_award_type_copy ON awards_award;",
    "DROP FUNCTION IF EXISTS awards_award_type_copy();",
    "DROP TRIGGER IF EXISTS awards_awardtype_frozen ON awards_awardtype;",
    "DROP FUNCTION IF EXISTS awards_awardtype_frozen();",
]


def install(connection) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove(connection) -> None:
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
