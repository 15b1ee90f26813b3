"""The county mix for bench/load.py (Locust, headless, loopback only).

Sessions are made by the benchmark beforehand (one sign-in each would meet the sign-in rate
limit, which is the point of it); this file only drives the pages. KECHUANG_LOAD_PLAN names a
JSON file: {"staff": [cookie, …], "enterprise": [{"cookie", "form", "payload"}, …],
"paths": {...}}; KECHUANG_LOAD_MIX is "county" (staff and enterprises) or "drafts" (enterprise
users saving survey drafts only).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, constant, task
from requests.cookies import create_cookie

PLAN = json.load(open(os.environ["KECHUANG_LOAD_PLAN"], encoding="utf-8"))  # noqa: SIM115
MIX = os.environ.get("KECHUANG_LOAD_MIX", "county")
STAFF = itertools.cycle(PLAN["staff"])
ENTERPRISES = itertools.cycle(PLAN["enterprise"])
PATHS = PLAN["paths"]
THINK = float(os.environ.get("KECHUANG_LOAD_THINK", "0"))


class _Signed(FastHttpUser):
    abstract = True
    wait_time = constant(THINK)

    def cookie(self, name: str, value: str) -> None:
        self.client.cookiejar.set_cookie(create_cookie(name, value, domain="127.0.0.1", path="/"))

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:  # a redirect to the sign-in page is a failure too
                r.failure(f"HTTP {r.status_code}")


class Staff(_Signed):
    weight = 0 if MIX == "drafts" else 2

    def on_start(self) -> None:
        self.cookie("sessionid", next(STAFF))

    @task(3)
    def registry(self) -> None:
        self.page(PATHS["registry"], "registry list")

    @task(2)
    def enterprise(self) -> None:
        self.page(random.choice(PATHS["enterprise_pages"]), "enterprise page")

    @task(2)
    def pool(self) -> None:
        self.page(PATHS["pool"], "cultivation pool")

    @task(1)
    def board(self) -> None:
        self.page(PATHS["board"], "pipeline board")

    @task(1)
    def dashboard(self) -> None:
        self.page(PATHS["dashboard"], "dashboard")

    @task(2)
    def api(self) -> None:
        self.page(PATHS["api"], "API enterprise list")


class Enterprise(_Signed):
    weight = 1

    def on_start(self) -> None:
        mine = next(ENTERPRISES)
        self.cookie("sessionid", mine["cookie"])
        self.cookie("csrftoken", mine["csrf"])
        self.form = mine["form"]
        self.payload = dict(mine["payload"])
        self.csrf = mine["csrf"]

    @task(1)
    def open_form(self) -> None:
        if MIX != "drafts":
            self.page(f"/rdstats/forms/{self.form}/", "survey form")

    @task(3)
    def save_draft(self) -> None:
        headers = {"X-CSRFToken": self.csrf, "Referer": "http://127.0.0.1/"}
        path = f"/rdstats/forms/{self.form}/autosave/"
        with self.client.post(
            path, data=self.payload, headers=headers, name="save survey draft", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {(r.text or '')[:80]}")
                if r.status_code == 409:
                    self.reload()  # as the page does: show the stored version, then go on
                return
            self.payload["version"] = str(json.loads(r.text)["version"])

    def reload(self) -> None:
        page = self.client.get(f"/rdstats/forms/{self.form}/", name="survey form (reload)")
        found = re.search(r'name="version" value="(\d+)"', page.text or "")
        if found:
            self.payload["version"] = found[1]
