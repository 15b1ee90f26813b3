from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kechuang.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent, checksummed backup archive while the application runs."

    def add_arguments(self, parser):
        parser.add_argument("out", help="archive path, e.g. var/backups/kechuang-20261127.zip")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out, database, **options):
        try:
            info = backup(Path(out), alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{info['path']}（{info['engine']}，{info['members']} 个文件，"
                f"SHA-256 {info['sha256']}）"
            )
        )
