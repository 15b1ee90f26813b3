"""python manage.py import_sheet <enterprises|annual-figures|ip> FILE [--dry-run] [--user U]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.core.commands import require_database
from kechuang.dataio import engine, services
from kechuang.dataio.models import BatchStatus


class Command(BaseCommand):
    help = "Import a sheet: print the preview and every bad row; write all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("sheet", choices=sorted(engine.REGISTRY))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", help="the importing user (staff); default: the only staff")

    def handle(self, *args, sheet, file, dry_run, user=None, **options):
        require_database()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = self._user(user)
        batch = services.batch_upload(
            actor=actor, sheet=sheet, file_name=path.name, data=path.read_bytes(), background=False
        )
        self._report(batch)
        if batch.status != BatchStatus.READY:
            self.stderr.write(self.style.ERROR("文件有错误，未导入任何数据。"))
            sys.exit(1)
        if dry_run:
            services.batch_cancel(actor=actor, batch=batch)
            self.stdout.write("试运行：检查通过，未写入数据。")
            return
        batch = services.batch_commit(actor=actor, batch=batch, background=False, reuse_plan=True)
        if batch.status != BatchStatus.COMMITTED:
            for message in batch.file_errors:
                self.stderr.write(message)
            raise CommandError("导入失败，未写入任何数据。")
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成（导入记录 #{batch.pk}）：新增 {batch.created_count}，更新 "
                f"{batch.updated_count}，无变化 {batch.unchanged_count}。"
            )
        )

    def _user(self, username):
        users = get_user_model().objects.filter(groups__name="staff", is_active=True)
        if username:
            found = users.filter(username__iexact=username).first()
            if found is None:
                raise CommandError(f"没有启用的业务人员账号：{username}")
            return found
        if users.count() != 1:
            raise CommandError("请用 --user 指定导入人（业务人员用户名）")
        return users.get()

    def _report(self, batch):
        self.stdout.write(
            f"文件：{batch.file_name}（{batch.file_format or '?'}，SHA-256 {batch.sha256[:16]}…）"
        )
        self.stdout.write(
            f"数据行 {batch.total_rows}：新增 {batch.created_count}，更新 {batch.updated_count}，"
            f"无变化 {batch.unchanged_count}，错误 {batch.error_count}"
        )
        for message in batch.file_errors:
            self.stdout.write(f"文件错误：{message}")
        for error in batch.errors:
            engine_error = engine.RowError(**error)
            self.stdout.write(f"错误：{engine_error.message()}")
