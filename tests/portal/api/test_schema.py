"""The OpenAPI schema: it validates, documents every route of /api/v1/, and schemathesis
finds no server error and no response that breaks it (a bounded number of examples per
operation, generated from the schema, against the app in-process)."""

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15


def test_the_schema_validates_and_names_every_operation(api):
    from drf_spectacular.validation import validate_schema

    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    paths = set(schema["paths"])
    assert {
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/photos/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/reports/{id}/approve/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/review/queue/",
        "/api/v1/units/",
        "/api/v1/articles/{slug}/",
        "/api/v1/summaries/{id}/csv/",
    } <= paths
    assert schema["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"
    problem = schema["paths"]["/api/v1/reports/{id}/"]["patch"]["responses"]["409"]
    assert "application/problem+json" in problem["content"]


def test_the_docs_pages_load_their_assets_from_this_machine(client):
    for name in ("api:swagger-ui", "api:redoc"):
        page = client.get(reverse(name)).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page or "/api/v1/schema/redoc.js" in page
        assert "https://" not in page and "http://" not in page


@pytest.fixture
def world(official, report_initiative, make_report, bearer):
    make_report(report_initiative, month=9)
    return bearer(official)


def test_no_server_error_and_no_schema_violation(world):
    """Every operation of the schema, EXAMPLES_PER_OPERATION generated requests each, with
    an official's token; every failure of every operation is reported at the end."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # As Django's test client does: a request's end must not close the test's connection
    # (its transaction holds the world).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        failures, operations = _run_every_operation(
            {"Authorization": world["HTTP_AUTHORIZATION"]}, get_wsgi_application()
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)


def _run_every_operation(headers, app) -> tuple[list[str], int]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=checks)

        try:
            run()
        except Exception as exc:  # collected, then reported together
            failures.append(f"{operation.label}: {exc}")
    return failures, operations
