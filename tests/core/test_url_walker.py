"""SEC-08 / SEC-09: every URL is classified; anonymous users are sent to log in; role matrix."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kechuang.core.access import rule_for

pytestmark = pytest.mark.django_db

# Fill path parameters for the walk; object-level checks live in each app's tests.
SAMPLE_KWARGS = {"pk": 1}


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            if name is None and namespace == "admin":
                # The admin's internal redirect/catch-all routes: fenced as a whole namespace.
                name = "admin:<unnamed>"
            yield prefix + str(entry.pattern), name, entry


ALL_URLS = [(route, name) for route, name, _ in walk()]
APP_URLS = [(route, name) for route, name in ALL_URLS if not (name or "").startswith("admin:")]


def to_path(route: str) -> str | None:
    """A concrete path for a route, or None for regex routes we cannot fill."""
    import re

    if route.startswith("^") or "(?P" in route:
        return None
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(SAMPLE_KWARGS.get(m.group(1), 1)), route)
    return "/" + path


def test_there_are_urls_to_walk():
    assert len(APP_URLS) > 15


@pytest.mark.parametrize("route,name", ALL_URLS)
def test_every_url_is_named_and_classified(route, name):
    assert name, f"URL {route!r} has no name, so it cannot be classified"
    assert rule_for(name) is not None, f"URL {name} ({route}) is missing from the access policy"


@pytest.mark.parametrize("route,name", APP_URLS)
def test_anonymous_users_are_sent_to_login(client, route, name):
    rule = rule_for(name)
    path = to_path(route)
    if rule.public or path is None:
        return
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        if path.startswith("/api/"):
            assert response.status_code in (401, 403), (name, method)
        else:
            assert response.status_code == 302, (name, method, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), name


def test_unclassified_url_is_refused(client, personas, settings):
    """A view that nobody classified answers 403 even for a signed-in user."""
    from kechuang.core import access

    access.url_policy.cache_clear()
    try:
        policy = access.url_policy()
        saved = policy.pop("accounts:region_list")
        client.force_login(personas.staff_a)
        assert client.get("/accounts/regions/").status_code == 403
        policy["accounts:region_list"] = saved
    finally:
        access.url_policy.cache_clear()


PERSONAS = ["admin", "security", "auditor", "staff_a", "leader", "enterprise_a", "commissioner"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(client, personas, persona):
    """GET: a role the policy does not allow gets 403, an allowed role never does.
    POST: every URL that a role may not write answers 403 (leaders write nothing)."""
    user = getattr(personas, persona)
    client.force_login(user)
    roles = user.role_names
    checked = 0
    for route, name in APP_URLS:
        rule = rule_for(name)
        path = to_path(route)
        if rule.public or path is None or name in ("accounts:logout",):
            continue
        response = client.get(path)
        if rule.allows(roles, "GET"):
            assert response.status_code != 403, (persona, name)
        else:
            assert response.status_code == 403, (persona, name, response.status_code)
        if not rule.allows(roles, "POST"):
            assert client.post(path).status_code == 403, (persona, name)
        checked += 1
    assert checked > 10


def test_leader_cannot_write_anywhere(personas):
    roles = personas.leader.role_names
    for _route, name in APP_URLS:
        rule = rule_for(name)
        if rule.public or rule.any_user:
            continue
        assert not rule.allows(roles, "POST"), name


def test_system_admin_has_no_log_access_and_auditor_no_user_access(personas):
    assert not rule_for("accounts:change_log").allows(personas.admin.role_names, "GET")
    assert not rule_for("accounts:user_list").allows(personas.auditor.role_names, "GET")
