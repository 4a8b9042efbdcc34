"""Test settings: the production module with fast hashing and tasks run in-process.

DATABASE_URL still decides the database, so `make test` runs the same suite on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LANGUAGE_CODE = "vi"
# Tasks run inside the test's transaction, where a second connection cannot see the job row.
JOB_PROGRESS_DB = None
