"""Thin task wrappers. A Job names a function path; the worker runs it with the job's actor."""

from __future__ import annotations

import logging

from auditlog.context import set_actor
from django.utils.module_loading import import_string
from django_tasks import task

from .jobs import job_mark_failed, job_mark_finished, job_mark_running
from .models import Job

logger = logging.getLogger(__name__)

# Only functions under these packages may be run as jobs.
ALLOWED_PREFIX = "kechuang."


@task()
def execute_job(job_id: int) -> dict[str, str]:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    func_path = job.result.get("func", "")
    if not func_path.startswith(ALLOWED_PREFIX):
        job_mark_failed(job=job, error=f"refused job function {func_path!r}")
        return {"status": "refused"}
    job_mark_running(job=job)
    func = import_string(func_path)
    try:
        with set_actor(job.created_by):
            output = func(job=job, **job.result.get("kwargs", {})) or {}
    except Exception as exc:  # the job records the failure; the worker keeps running
        logger.exception("job %s failed", job_id)
        job_mark_failed(job=job, error=f"{type(exc).__name__}: {exc}")
        return {"status": "failed"}
    job_mark_finished(job=job, result=output)
    return {"status": "succeeded"}


def demo_count(*, job: Job, n: int = 10) -> dict[str, int]:
    """A trivial job used by tests and the health check's self-test."""
    from .jobs import job_progress

    for i in range(1, n + 1):
        job_progress(job=job, progress=i, total=n)
    return {"counted": n}


@task()
def seal_audit_chains() -> dict[str, int]:
    """Extend the audit hash chains over the rows written since the last seal."""
    from .audit_chain import seal_all

    return seal_all()
