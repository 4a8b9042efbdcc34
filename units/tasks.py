"""Background jobs of the units app (django-tasks); each is a thin wrapper around `units.importing`."""

from django_tasks import task

from units import importing


@task()
def preview_import_job(job_id: int) -> None:
    importing.import_job_preview(job_id=job_id)


@task()
def apply_import_job(job_id: int) -> None:
    importing.import_job_apply(job_id=job_id)
