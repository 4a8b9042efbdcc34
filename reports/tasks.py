"""Background jobs of the reports app (django-tasks); each is a thin wrapper around `reports.services`."""

from django_tasks import task

from reports import services


@task()
def render_report_job(render_id: int) -> None:
    services.render_run(render_id=render_id)
