"""`make run`: the production web server (gunicorn, static files by WhiteNoise) and the task
worker together. Ctrl-C, SIGTERM — or the death of this process by any signal, SIGKILL
included — ends both children: each is started with the kernel's parent-death signal, so no
orphaned worker is ever left behind (issue #11, defect 13)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:  # not Linux: the parent's own handlers still stop the children
        pass


def web_workers() -> int:
    return max(2, min(4, (os.cpu_count() or 1) * 2))


class Command(BaseCommand):
    help = "Serve Kechuang with gunicorn and run the background worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=web_workers())

    def handle(self, *args, port, host, workers, **options):
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        children = {
            "worker": [sys.executable, "manage.py", "worker", "--interval", "1"],
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                "2",
                "--timeout",
                "180",
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
            ],
        }
        processes: dict[str, subprocess.Popen] = {}

        def stop(*_args) -> None:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 15
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()

        signal.signal(signal.SIGTERM, lambda *_a: (stop(), sys.exit(0)))
        signal.signal(signal.SIGHUP, lambda *_a: (stop(), sys.exit(0)))
        try:
            for name, argv in children.items():
                processes[name] = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                    argv,
                    env=env,
                    preexec_fn=_die_with_parent,
                )
            self.stdout.write(f"后台任务进程已启动（pid {processes['worker'].pid}）")
            self.stdout.write(
                f"科创已启动：http://{host}:{port}/  （gunicorn pid {processes['web'].pid}，"
                f"{workers} 个进程；Ctrl-C 停止）"
            )
            self.stdout.flush()
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            ended = [n for n, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"{'、'.join(ended)} 进程已退出，正在停止其余进程。")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
