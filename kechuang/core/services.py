"""Writes on core records: background jobs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Job
from .tasks import execute_job


def job_create(*, actor: Any, name: str, kind: str, func: str, kwargs: dict[str, Any]) -> Job:
    """Record a job and enqueue it after the surrounding transaction commits."""
    job = Job(name=name, kind=kind, created_by=actor, result={"func": func, "kwargs": kwargs})
    job.full_clean()
    job.save()

    def _enqueue() -> None:
        result = execute_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(_enqueue)
    return job


def notify(*, users: list[Any], key: str, title: str, body: str = "", url: str = "") -> int:
    """Create a reminder for each user who has not had this one (``key``), and e-mail it.

    Returns how many were new. Sending twice is harmless: the (user, key) pair is unique.
    """
    from django.core.mail import send_mail
    from django.db import IntegrityError

    from .models import Notification

    created = 0
    for user in users:
        if Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification(user=user, key=key, title=title, body=body, url=url)
                note.save()
        except IntegrityError:
            continue
        created += 1
        if user.email:
            send_mail(
                f"【科创】{title}", f"{body}\n\n{url}", None, [user.email], fail_silently=True
            )
            Notification.objects.filter(pk=note.pk).update(emailed=True)
    return created


def notification_acknowledge(*, user: Any, notification_id: int) -> bool:
    from .models import Notification

    return bool(
        Notification.objects.visible_to(user)
        .filter(pk=notification_id, acknowledged_at__isnull=True)
        .update(acknowledged_at=timezone.now())
    )


def delivery_record(
    *, actor: Any, title: str, kind: str, outcome: Any, source_url: str = ""
) -> Any:
    """Keep a reminder run's outcome (core.channels.Outcome) for its result page."""
    from .models import Delivery

    return Delivery.objects.create(
        title=title[:200],
        kind=kind,
        region=actor.region,
        created_by=actor,
        total=outcome.total,
        reached=dict(outcome.reached),
        unreachable=list(outcome.unreachable),
        source_url=source_url[:300],
    )
