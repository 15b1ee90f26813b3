"""A background job's state: progress and outcome, written by the task runner and job bodies.

``core.services.job_create`` records and enqueues a job; ``core.tasks`` runs it and marks it
here. Kept apart from ``core.services`` so the runner does not import what enqueues it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Job, JobStatus


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
