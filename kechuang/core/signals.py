"""Audit correlation: every audit row carries the request id as its correlation id."""

from auditlog.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from .audit_chain import request_seal


@receiver(post_save, sender=LogEntry, dispatch_uid="kechuang-seal-change-log")
def _seal_change_log(sender, instance, created, **kwargs):
    if created:
        request_seal()
