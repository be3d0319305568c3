"""The OpenAPI document is valid, and a property-based run over it (schemathesis, through the WSGI app)
finds no server error and no response that breaks the document."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument, Unsatisfiable
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.functional.test_api_access import make_records, make_tokens


def test_openapi_document_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/courses/{course_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


@pytest.mark.parametrize(("role", "mode"), [("admin", GenerationMode.POSITIVE), ("admin", GenerationMode.NEGATIVE),
                                           ("trainer_msn", GenerationMode.POSITIVE)])
def test_api_conforms_to_its_document(app, sides, users, role, mode):
    """A few generated requests per operation — data that fits the document, and data that does not — as
    an administrator, who passes every permission check, and as a trainer, who is refused most."""
    with app.app_context():
        make_records(sides, users)
        token = make_tokens({role: users[role]})[role]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, calls, statuses = [], [], set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            calls.append(case.operation.label)
            response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
            statuses.add(response.status_code)

        try:
            check()
        except (Unsatisfiable, InvalidArgument):
            continue  # nothing in this operation can be made invalid (no parameters, no body)
        except Exception as exc:  # noqa: BLE001 — every operation runs; all failures are reported together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(set(calls)) >= 20, len(set(calls))
    expected = {200: role == "admin" and mode == "positive", 403: role != "admin", 422: mode == "negative"}
    assert all(status in statuses for status, wanted in expected.items() if wanted), statuses
