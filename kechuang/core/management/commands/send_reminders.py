"""Daily job (cron/systemd timer): produce the day's reminders; each is sent only once."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from kechuang.core import audit_chain, reminders
from kechuang.core.commands import actor_context, require_database


class Command(BaseCommand):
    help = "Create today's reminders of every work line (notification + e-mail), each once."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="the account recorded as acting (default: system)")
        parser.add_argument("--date", help="run as if today were YYYY-MM-DD (drills, tests)")

    def handle(self, *args, date=None, **options):
        require_database()
        today = timezone.localdate() if not date else _parse(date)
        with actor_context(options.get("user")):
            counts = reminders.run_all(today)
        audit_chain.seal_all()  # whatever the day left unsealed
        self.stdout.write(f"{today:%Y-%m-%d}：{reminders.summary(counts)}")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
