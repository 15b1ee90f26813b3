"""Recompute the stored figures of the province and cities now (the worker does it by itself
within a minute of a change; this is for after a bulk load, or a deployment without a worker)."""

from django.core.management.base import BaseCommand

from kechuang.core.commands import require_database
from kechuang.reports import snapshots


class Command(BaseCommand):
    help = "Recompute the stored figures (province and city dashboards and reports)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale", action="store_true", help="only when the data changed since the last"
        )

    def handle(self, *args, if_stale=False, **options):
        require_database()
        done = snapshots.refresh_if_stale() if if_stale else snapshots.refresh()
        if not done:
            self.stdout.write("指标快照已是最新，无需重算。")
            return
        self.stdout.write(
            f"已重算 {done['regions']} 个省、市级区划的指标 {done['figures']} 项、看板板块 "
            f"{done['panels']} 项，用时 {done['ms'] / 1000:.1f} 秒。"
        )
