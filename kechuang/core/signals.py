"""Audit correlation: every audit row carries the request id as its correlation id."""

from auditlog.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from .audit_chain import request_seal


@receiver(post_save, sender=LogEntry, dispatch_uid="kechuang-seal-change-log")
def _seal_change_log(sender, instance, created, **kwargs):
    if created:
        request_seal()


def _connect_task_notify() -> None:
    """New task rows wake PostgreSQL workers (kechuang.core.worker)."""
    from django_tasks_db.models import DBTaskResult

    from .worker import notify_new_task

    post_save.connect(notify_new_task, sender=DBTaskResult, dispatch_uid="kechuang-task-notify")


_connect_task_notify()
