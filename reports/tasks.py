"""Background jobs of the reports app (django-tasks); each is a thin wrapper around `reports.services`.

On the "reports" queue (config/settings.py TASKS), run by a worker of its own: a PDF never waits behind an import.
"""

from django_tasks import task

from reports import notices, services


@task(queue_name="reports")
def render_report_job(render_id: int) -> None:
    render = services.render_run(render_id=render_id)
    notices.render_notify(render)
