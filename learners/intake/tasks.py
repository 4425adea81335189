"""Background work of group imports: thin wrappers that lms.jobs runs (idempotent)."""

from .services import run_commit, validate_import


def _progress(job):
    def progress(done, total):
        job.report_progress(done, total)

    progress.job = job
    return progress


def validate_import_job(job):
    group_import = validate_import(group_import_id=job.params["import"], progress=_progress(job))
    return {"status": group_import.status, "valid": group_import.rows_valid}


def commit_import_job(job):
    group_import = run_commit(group_import_id=job.params["import"], progress=_progress(job))
    return {"status": group_import.status, "enrolled": group_import.enrolled}
