"""Writes on core records: background jobs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus


def job_create(*, actor: Any, name: str, kind: str, func: str, kwargs: dict[str, Any]) -> Job:
    """Record a job and enqueue it after the surrounding transaction commits."""
    from .tasks import execute_job

    job = Job(name=name, kind=kind, created_by=actor, result={"func": func, "kwargs": kwargs})
    job.full_clean()
    job.save()

    def _enqueue() -> None:
        result = execute_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(_enqueue)
    return job


def job_progress(*, job: Job, progress: int, total: int | None = None) -> None:
    fields: dict[str, Any] = {"progress": progress}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


def job_mark_running(*, job: Job) -> None:
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])


def job_mark_finished(*, job: Job, result: dict[str, Any]) -> None:
    job.status = JobStatus.SUCCEEDED
    job.result = {**job.result, "output": result}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "finished_at"])


def job_mark_failed(*, job: Job, error: str) -> None:
    job.status = JobStatus.FAILED
    job.error = error[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
