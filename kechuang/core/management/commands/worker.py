"""`manage.py worker`: the background task worker, quiet while idle (kechuang.core.worker).

Same options as django-tasks-db's ``db_worker`` (queues, --batch, --max-tasks, …); ``--interval``
is how often SQLite checks whether anything changed (PostgreSQL waits for a notification), and
``--safety`` how often it looks at the queue regardless. No autoreload: restart it after a code
change (``make run`` does).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from kechuang.core.worker import SAFETY_SECONDS, QuietWorker


class Command(db_worker.Command):
    help = "Run the background task worker (wakes on new tasks; next to no cost while idle)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--safety",
            type=float,
            default=SAFETY_SECONDS,
            help="Look at the queue at least this often, in seconds (default: %(default)s).",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        safety: float,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = QuietWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            safety=safety,
        )
        worker.configure_signals()
        worker.run()
