"""The catalogue and the default rule set as data; database triggers for the award type copies on Award.

`Award.frequency` and `Award.type_recipients` copy fields of the award type so that check and unique
constraints can use them; these triggers refuse a row whose copies differ from its type, and refuse a change
of a type's frozen fields (code, category, recipients, frequency) once awards use it.
"""

import datetime

from django.db import migrations

from awards.catalog import load_catalog

SQLITE = [
    """
    CREATE TRIGGER awards_award_type_copy_insert BEFORE INSERT ON awards_award
    WHEN NOT EXISTS (SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id
                     AND t.frequency = NEW.frequency AND t.recipients = NEW.type_recipients)
    BEGIN SELECT RAISE(ABORT, 'awards_award_type_copy: frequency/recipients differ from the award type'); END;
    """,
    """
    CREATE TRIGGER awards_award_type_copy_update BEFORE UPDATE OF award_type_id, frequency, type_recipients
    ON awards_award
    WHEN NOT EXISTS (SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id
                     AND t.frequency = NEW.frequency AND t.recipients = NEW.type_recipients)
    BEGIN SELECT RAISE(ABORT, 'awards_award_type_copy: frequency/recipients differ from the award type'); END;
    """,
    """
    CREATE TRIGGER awards_awardtype_frozen BEFORE UPDATE OF code, category, recipients, frequency
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
    CREATE FUNCTION awards_award_type_copy() RETURNS trigger AS $$
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
    """
    CREATE TRIGGER awards_award_type_copy BEFORE INSERT OR UPDATE OF award_type_id, frequency, type_recipients
    ON awards_award FOR EACH ROW EXECUTE FUNCTION awards_award_type_copy();
    """,
    """
    CREATE FUNCTION awards_awardtype_frozen() RETURNS trigger AS $$
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


def create_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def load_data(apps, schema_editor):
    load_catalog(apps.get_model("awards", "AwardType"))
    RuleSet = apps.get_model("awards", "RuleSet")
    if not RuleSet.objects.exists():
        RuleSet.objects.create(
            name="Quy tắc mặc định",
            effective_from=datetime.date(2000, 1, 1),
            legal_basis=(
                "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 02/2024/TT-VKSTC. "
                "Các giá trị chưa được xác nhận trong văn bản là giá trị mặc định, có thể sửa."
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(load_data, migrations.RunPython.noop),
    ]
