"""Background jobs of the units app (django-tasks); each is a thin wrapper around `units.importing`.

On the "imports" queue (config/settings.py TASKS), run by a worker of its own: a long import never holds up a
report's PDF.
"""

from django_tasks import task

from units import importing


@task(queue_name="imports")
def preview_import_job(job_id: int) -> None:
    importing.import_job_preview(job_id=job_id)


@task(queue_name="imports")
def apply_import_job(job_id: int) -> None:
    importing.import_job_apply(job_id=job_id)
