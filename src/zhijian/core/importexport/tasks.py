"""Background half of large imports: load the job by id and run it (idempotent: a finished job is skipped)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> dict | None:
    from zhijian.core.importexport.runner import run_queued_import

    report = run_queued_import(job_id)
    return report.counts if report is not None else None
