"""Request ids in log lines; log-injection-safe formatting."""

from __future__ import annotations

import contextvars
import logging

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default="-"
)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        # One record, one line: escape CR/LF that user input may smuggle into messages (SEC-17).
        if isinstance(record.msg, str) and ("\n" in record.msg or "\r" in record.msg):
            record.msg = record.msg.replace("\r", "\\r").replace("\n", "\\n")
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                a.replace("\r", "\\r").replace("\n", "\\n") if isinstance(a, str) else a
                for a in record.args
            )
        return True


def audit_cid() -> str | None:
    """The correlation id auditlog stores on each change: the request id (or the job's)."""
    value = current_request_id.get()
    return None if value == "-" else value
