"""`make run`: the task worker and the web server together; Ctrl-C stops both."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker and the development web server together."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, port, host, **options):
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
        )
        self.stdout.write(f"后台任务进程已启动（pid {worker.pid}）")
        self.stdout.write(f"科创已启动：http://{host}:{port}/  （Ctrl-C 停止）")
        try:
            call_command("runserver", f"{host}:{port}", "--noreload")
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
