"""Test settings: the production module with fast hashing and tasks run in-process.

DATABASE_URL still decides the database, so `make test` runs the same suite on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LANGUAGE_CODE = "vi"
# Background tasks run in-process, inside the test's transaction (where a second connection cannot see the job row,
# hence no progress connection), on the production queues. A real worker that a test starts in a subprocess
# (tests/test_jobs_crash.py) gets TDKT_TEST_REAL_WORKER=1: the database backend and the progress connection, as in
# production.
if not os.environ.get("TDKT_TEST_REAL_WORKER"):
    TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # noqa: F405
    JOB_PROGRESS_DB = None
# Seconds a background job waits at each progress step (units.common.jobs.pause_for_tests), so that a test can kill
# its worker in the middle of a job. Never set outside the tests.
JOB_TEST_STEP_DELAY = float(os.environ.get("TDKT_JOB_TEST_STEP_DELAY", "0"))
