"""Background jobs of the units app (django-tasks); each is a thin wrapper around `units.importing` or
`units.exporting`.

Imports run on the "imports" queue (config/settings.py TASKS), by a worker of their own: a long import never holds
up a report's PDF. Exports run on "default", which every worker also takes.
"""

from django_tasks import task

from units import exporting, importing
from units.notifications.jobs import export_job_notify, import_job_notify


@task(queue_name="imports")
def preview_import_job(job_id: int) -> None:
    importing.import_job_preview(job_id=job_id)
    import_job_notify(job_id=job_id)


@task(queue_name="imports")
def apply_import_job(job_id: int) -> None:
    importing.import_job_apply(job_id=job_id)
    import_job_notify(job_id=job_id)


@task(queue_name="default")
def run_export_job(job_id: int) -> None:
    exporting.export_run(job_id=job_id)
    export_job_notify(job_id=job_id)
