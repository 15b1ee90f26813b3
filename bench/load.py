"""A bounded load test of the production server (issue #15, goals 2–4).

``manage.py serve`` (gunicorn + the task worker, as ``make run``) is started on a loopback port
against the benchmark's demo county; Locust (headless, fixed duration, loopback only) drives:

1. **the county mix** — staff on the registry list, enterprise pages, the cultivation pool, the
   board, the dashboard and the API list, and enterprise users opening and saving their survey
   forms — at 100 concurrent users with no think time (a closed loop: the figure is capacity);
2. **a survey deadline** — 300 enterprise users saving their survey drafts at once.

It records requests/s, p50/p95/p99 and errors per run, and counts "database is locked" in the
server's log. Sessions are made beforehand (one sign-in each from one address would meet the
sign-in rate limit, which exists for exactly that). Load generator and server share the machine's
cores, as they would not in production: the figures are a floor.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "40"))
ENTERPRISE_USERS = 300
PASSWORD = "Bench#Pass2026x"  # noqa: S105 - a throw-away benchmark account


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _session(user: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return str(client.cookies["sessionid"].value)


def _open_forms(staff: Any) -> list[Any]:
    """One open survey form per simulated enterprise user: the latest campaign is widened
    (through the survey's own service) until it has enough."""
    from kechuang.enterprises.models import Enterprise
    from kechuang.rdstats import services as survey
    from kechuang.rdstats.models import SurveyCampaign, SurveyForm

    campaign = SurveyCampaign.objects.order_by("-year", "-pk").first()

    def editable() -> list[Any]:
        forms = SurveyForm.objects.filter(campaign=campaign).select_related("enterprise")
        return [f for f in forms.order_by("pk") if f.editable]

    forms = editable()
    if len(forms) < ENTERPRISE_USERS:
        taken = SurveyForm.objects.filter(campaign=campaign).values_list("enterprise", flat=True)
        more = (
            Enterprise.objects.visible_to(staff)
            .exclude(pk__in=taken)
            .order_by("pk")[: ENTERPRISE_USERS - len(forms)]
        )
        survey.campaign_add_enterprises(actor=staff, campaign=campaign, enterprises=more)
        forms = editable()
    if len(forms) < ENTERPRISE_USERS:  # still short: staff return submitted forms for changes
        returned = SurveyForm.objects.filter(campaign=campaign).exclude(
            pk__in=[f.pk for f in forms]
        )
        for form in returned.order_by("pk")[: ENTERPRISE_USERS - len(forms)]:
            survey.form_return(actor=staff, form=form, comment="压测：请核对后重新提交")
        forms = editable()
    if len(forms) < ENTERPRISE_USERS:
        raise RuntimeError(f"only {len(forms)} open survey forms for {ENTERPRISE_USERS} users")
    return forms[:ENTERPRISE_USERS]


def _plan(directory: Path) -> Path:
    """Sessions, forms and draft payloads for the load test, written to a JSON file."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.urls import reverse

    from kechuang.accounts import services as accounts
    from kechuang.accounts.models import User
    from kechuang.enterprises.models import Enterprise
    from kechuang.enterprises.services import enterprise_user_create
    from kechuang.rdstats.forms import ValuesForm

    staff = User.objects.filter(username="bench-load-staff").first() or accounts.user_create(
        actor=None,
        username="bench-load-staff",
        password=PASSWORD,
        roles=["staff"],
        region=User.objects.get(username="demo-staff").region,
        must_change_password=False,
        is_demo=True,
    )
    logging.getLogger("axes").setLevel(logging.WARNING)  # one "successful login" per session
    open_forms = _open_forms(staff)
    enterprise_plan = []
    for index, form in enumerate(open_forms):
        username = f"bench-load-e{index:03d}"
        user = User.objects.filter(username=username).first() or enterprise_user_create(
            actor=None,
            enterprise=form.enterprise,
            username=username,
            password=PASSWORD,
            full_name="压测联系人",
            must_change_password=False,
            is_demo=True,
        )
        bound = ValuesForm(instance=form)
        payload = {
            name: "" if bound[name].value() is None else str(bound[name].value())
            for name in bound.fields
        }
        payload.update(
            {
                "version": str(form.version),
                "projects-TOTAL_FORMS": "0",
                "projects-INITIAL_FORMS": "0",
                "projects-MIN_NUM_FORMS": "0",
                "projects-MAX_NUM_FORMS": "1000",
            }
        )
        enterprise_plan.append(
            {
                "cookie": _session(user),
                "csrf": _get_new_csrf_string(),
                "form": form.pk,
                "payload": payload,
            }
        )
    enterprises = list(
        Enterprise.objects.visible_to(staff).order_by("pk").values_list("pk", flat=True)[:50]
    )
    plan = {
        "staff": [_session(staff) for _ in range(20)],
        "enterprise": enterprise_plan,
        "paths": {
            "registry": reverse("enterprises:enterprise_list"),
            "enterprise_pages": [
                reverse("enterprises:enterprise_detail", args=[pk]) for pk in enterprises
            ],
            "pool": reverse("cultivation:pool"),
            "board": reverse("cultivation:board"),
            "dashboard": "/",
            "api": "/api/v1/enterprises/",
        },
    }
    path = directory / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def _locust(
    plan: Path, port: int, mix: str, users: int, directory: Path, think: float
) -> dict[str, Any]:
    prefix = directory / f"locust-{mix}-{users}-{think}"
    env = {
        **os.environ,
        "KECHUANG_LOAD_PLAN": str(plan),
        "KECHUANG_LOAD_MIX": mix,
        "KECHUANG_LOAD_THINK": str(think),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{DURATION}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))  # noqa: SIM115
    return {"rows": rows, "failures": failures}


def _cpu(pid: int) -> float:
    """CPU seconds used so far by a process and all its children (the server's workers)."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _line(label: str, row: dict[str, str]) -> str:
    count, failed = int(row["Request Count"]), int(row["Failure Count"])
    return (
        f"| {label} | {count:,} | {float(row['Requests/s']):.1f} | {row['50%']} | "
        f"{row['95%']} | {row['99%']} | {failed} |"
    )


def run() -> str:
    from django.db import connection

    from kechuang.demo.generator import DemoGenerator
    from kechuang.enterprises.models import Enterprise

    if not Enterprise.objects.exists():
        DemoGenerator(seed=42, scale="county", log=lambda _m: None).run()
    directory = Path(tempfile.mkdtemp(prefix="kechuang-load-"))
    port = _free_port()
    log_path = directory / "server.log"
    env = {**os.environ, "KECHUANG_DEMO_MODE": "1", "DEBUG": "0"}
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
            # a fresh plan per run: the drafts' versions move with every save
            runs = []
            for label, mix, users, think in (
                ("county mix, 100 users, no think time (capacity)", "county", 100, 0.0),
                ("county mix, 100 users, 0.5 s think time", "county", 100, 0.5),
                (f"{ENTERPRISE_USERS} enterprise users saving drafts at once", "drafts", 300, 0.0),
            ):
                time.sleep(15)  # the server finishes what the previous run left queued
                plan = _plan(directory)
                before = _cpu(server.pid)
                result = _locust(plan, port, mix, users, directory, think)
                result["server_cpu"] = _cpu(server.pid) - before
                runs.append((label, result))
        finally:
            server.terminate()
            server.wait(timeout=30)
    server_log = log_path.read_text(encoding="utf-8", errors="replace")
    locked = server_log.count("database is locked")
    lines = [
        f"## Load test, production server (issue #15) — {connection.vendor}",
        "",
        f"`manage.py serve` (gunicorn, {os.cpu_count()} cores, the task worker beside it), "
        f"Locust headless on loopback (sharing the cores), {DURATION} s per run; times in ms.",
        "",
        "| run / request | requests | req/s | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    cpu_notes = []
    for label, result in runs:
        for row in result["rows"]:
            name = row["Name"]
            if name == "Aggregated":
                lines.append(_line(f"**{label}: all**", row))
                count = int(row["Request Count"]) or 1
                cpu_notes.append(
                    f"{label}: {result['server_cpu'] / DURATION:.2f} cores busy, "
                    f"{result['server_cpu'] * 1000 / count:.1f} ms of CPU per request"
                )
            else:
                lines.append(_line(f"{label}: {name}", row))
    lines += ["", "Server CPU (gunicorn and the worker, from /proc): " + "; ".join(cpu_notes) + "."]
    failures = [f for _l, r in runs for f in r["failures"]]
    lines += [
        "",
        f'"database is locked" in the server log: **{locked}**. '
        + (
            "Failures: "
            + "; ".join(f"{f['Name']} {f['Error']} ×{f['Occurrences']}" for f in failures[:5])
            if failures
            else "No failed requests."
        ),
    ]
    return "\n".join(lines)
