from django_tasks import task

from .jobs import execute_job


@task()
def run_job(job_id: str) -> None:
    """The one queued task: it runs the durable Job row whose id it carries."""
    execute_job(job_id)
