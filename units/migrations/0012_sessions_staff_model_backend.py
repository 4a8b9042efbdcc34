"""The sessions signed in through Django's ModelBackend name its successor, units.accounts.backends.StaffModelBackend:
Django signs out a session whose backend is no longer in AUTHENTICATION_BACKENDS, and a clerk half-way through a
form would lose it at the deploy. Sessions are kept in the database (SESSION_ENGINE); each is decoded, its backend
renamed and saved with its expiry. Reversible the other way round."""

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "units.accounts.backends.StaffModelBackend"
KEY = "_auth_user_backend"  # django.contrib.auth.BACKEND_SESSION_KEY


def _rename(apps, schema_editor, old: str, new: str) -> None:
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.using(schema_editor.connection.alias).iterator():
        data = store.decode(session.session_data)
        if data.get(KEY) == old:
            data[KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0011_notifications"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
