"""schemathesis against the API's own OpenAPI schema, as a staff user and as an enterprise user:
no server error and no answer outside the schema (issue #11). Every check schemathesis has runs
except those in EXCLUDED, each with its reason (also in docs/decisions.md)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import checks

from kechuang.accounts import services

EXAMPLES = int(os.environ.get("KECHUANG_FUZZ_EXAMPLES", "15"))

EXCLUDED = [
    # Schema-valid data that the business rules still refuse (a USCC with a wrong check digit,
    # a town outside the user's county, a year without a survey) is rightly a 400.
    checks.positive_data_acceptance,
    # Stateful checks for resources that are created and then deleted; the API deletes nothing.
    checks.use_after_free,
    checks.ensure_resource_availability,
]

# The schema as /api/schema/ serves it, generated without a request (no database needed).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _in_the_tests_transaction():
    """The WSGI calls run inside the test's transaction: keep Django from closing the connection
    at the end of each request, as its own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def call(case, user) -> None:
    _token, key = services.token_issue(user=user)  # a fresh token: a case may revoke its own
    case.call_and_validate(headers={"Authorization": f"Token {key}"}, excluded_checks=EXCLUDED)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_the_api_keeps_to_its_schema_for_staff(case, personas, registry):
    call(case, personas.staff_a)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_the_api_keeps_to_its_schema_for_an_enterprise(case, personas, registry):
    call(case, personas.enterprise_a)
