"""Hygiene over every page (issue #13): a GET writes no business data, and a malformed query
parameter answers 400 or is ignored — never a 500."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from kechuang.core.access import rule_for

from .test_url_walker import APP_URLS, to_path

pytestmark = pytest.mark.django_db

# Bookkeeping a GET may write: the session, the login/session log, rate-limit counters, the audit
# log's own "access" rows (an export or a revealed phone is audited), background-job rows.
BOOKKEEPING = {
    "django_session",
    "auditlog_logentry",
    "accounts_usersession",
    "accounts_loginevent",
    "core_counter",
    "kechuang_counters",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "core_auditseal",
    # two-factor enrolment: the setup page stores an unconfirmed device so its QR code has a
    # secret; only a POST with a valid code confirms it
    "otp_totp_totpdevice",
}
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
BAD_PARAMS = {
    "year": "abc",
    "page": "-1",
    "region": "x",
    "period": "zz",
    "sort": "';drop",
    "page_size": "1e9",
    "view": "<script>",
    "status": "%00",
}


def _get_urls():
    for route, name in APP_URLS:
        rule = rule_for(name)
        path = to_path(route)
        if rule.public or path is None or name in ("accounts:logout",):
            continue
        if path.startswith("/api/"):
            continue  # the API's parameters are fuzzed by schemathesis (test_schema_fuzz)
        yield name, path


GET_URLS = sorted(_get_urls())


@pytest.fixture
def signed_in(client, personas, registry):
    client.force_login(personas.staff_a)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("name,path", GET_URLS)
def test_a_get_writes_no_business_data(signed_in, name, path):
    writes: list[str] = []

    def spy(execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(2).lower() not in BOOKKEEPING:
            writes.append(match.group(2))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        response = signed_in.get(path)
    assert response.status_code < 500, (name, response.status_code)
    assert writes == [], (name, writes)


@pytest.mark.parametrize("name,path", GET_URLS)
def test_malformed_parameters_never_answer_500(signed_in, name, path):
    response = signed_in.get(path, BAD_PARAMS)
    assert response.status_code < 500, (name, response.status_code)
    for key, value in BAD_PARAMS.items():
        single = signed_in.get(path, {key: value})
        assert single.status_code < 500, (name, key, single.status_code)


def test_links_in_code_are_built_by_name():
    """No hand-written app path in Python: links go through reverse()/core.http.link, so a
    moved URL cannot leave a dead link in a redirect or a notification."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kechuang"
    pattern = re.compile(r"""["']/(cultivation|enterprises|rdstats|reports|targets|data)/""")
    allowed = {"accounts/middleware.py"}  # sign-in paths matched against request.path
    found = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative or relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_next_never_leaves_the_site(client, personas, registry):
    from datetime import date

    from kechuang.enterprises.models import Qualification

    cert = Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        number="GR202499000002",
        issued_on=date(2024, 11, 1),
        valid_until=date(2027, 10, 31),
    )
    client.force_login(personas.staff_a)
    url = f"/cultivation/certificates/{cert.pk}/annual-report/"
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\\\evil.example/",
        "javascript:x",
    ):
        response = client.post(url, {"year": 2025, "next": target})
        assert response["Location"] == "/cultivation/certificates/", target
    inside = client.post(url, {"year": 2025, "next": "/cultivation/certificates/?view=at_risk"})
    assert inside["Location"] == "/cultivation/certificates/?view=at_risk"


def test_templates_check_permissions_through_one_helper():
    """Buttons show when the access policy allows their POST (``user|may:"app:url"``); no
    template tests role names by hand."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kechuang" / "templates"
    offenders = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if "role_names" in p.read_text()
    ]
    assert offenders == []


def test_a_malformed_year_or_id_in_a_form_post_is_not_a_500(client, personas, registry):
    """The POST side of the same rule: a year or id that is not a number falls back."""
    client.force_login(personas.staff_a)
    client.raise_request_exception = False
    for path, data in (
        ("/cultivation/assess-all/", {"year": "abc"}),
        (f"/cultivation/enterprises/{registry.a.pk}/assess/", {"year": "２０２６x"}),
        (f"/cultivation/enterprises/{registry.a.pk}/events/add/", {"year": "1e9"}),
        ("/cultivation/tech-sme/mobilise/", {"year": "abc", "enterprises": registry.a.pk}),
        ("/notifications/", {"id": "abc"}),
    ):
        response = client.post(path, data)
        assert response.status_code < 500, (path, response.status_code)
