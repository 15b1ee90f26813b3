"""Run the benchmarks against a fresh, throw-away database built by the demo generator.

    python -m bench                 # every suite, SQLite in a temporary directory
    python -m bench foundation      # one suite
    DATABASE_URL=postgresql://... python -m bench   # PostgreSQL (the database must be empty)

Each suite returns a Markdown section; docs/benchmarks.md keeps one section per suite, replaced
in place between its markers, so earlier suites' figures stay.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = [
    "foundation",
    "registry",
    "imports",
    "cultivation",
    "rdstats",
    "reports",
    "figures",
    "platforms",
    "talent",
    "rural",
    "service",
    "security",
    "worker",
    "load",
]


def machine() -> str:
    cpus = os.cpu_count()
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {python}"


def write_section(name: str, body: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        text = re.sub(
            re.escape(start) + r".*?" + re.escape(end), lambda _m: block, text, flags=re.S
        )
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def analyze() -> None:
    """PostgreSQL plans from fresh statistics after a bulk load (as autovacuum would, later)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main(argv: list[str]) -> int:
    chosen = argv or SUITES
    tmp = tempfile.mkdtemp(prefix="kechuang-bench-")
    os.environ.setdefault("KECHUANG_VAR_DIR", tmp)
    os.environ["KECHUANG_DEMO_MODE"] = "1"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    header = f"Measured {stamp} (UTC+8) on {machine()}, database: {connection.vendor}."
    failed: list[str] = []
    for name in chosen:
        module = __import__(f"bench.{name}", fromlist=["run"])
        body = module.run()
        section = name if connection.vendor == "sqlite" else f"{name}-{connection.vendor}"
        write_section(section, f"{body.strip()}\n\n_{header}_")
        print(body)
        # a suite with budgets (figures) names what went over: the run fails, loudly
        failed += [f"{name}: {p}" for p in getattr(module, "failures", list)()]
    for problem in failed:
        print(f"OVER BUDGET — {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
