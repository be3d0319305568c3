"""The OpenAPI document is valid, and a property-based run over it (schemathesis, through the WSGI app)
finds no server error and no response that breaks the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument, Unsatisfiable
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from tests.functional.test_api_access import make_records, make_tokens


def test_openapi_document_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/courses/{course_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


# Every check schemathesis has about a response, and about whether the document and the validation agree
# (a request that fits the document is not refused for a reason it could state; one that breaks it is refused).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection, positive_data_acceptance, ignored_auth,
          missing_required_header, unsupported_method, use_after_free, ensure_resource_availability]
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"


@pytest.mark.parametrize(("role", "mode"), [("admin", GenerationMode.POSITIVE), ("admin", GenerationMode.NEGATIVE),
                                           ("trainer_msn", GenerationMode.POSITIVE)])
def test_api_conforms_to_its_document(app_factory, sides, users, role, mode):
    """A few generated requests per operation (data that fits the document, and data that does not) with a
    real token, as an administrator, who passes every permission check, and as a trainer, who is refused
    most; with the project's schemathesis.toml, as `schemathesis run --checks all` reads it."""
    # Schemathesis also sends invalid tokens to see them refused: let it, past the throttle of bad tokens.
    app = app_factory(API_MAX_BAD_TOKENS=1_000_000)
    with app.app_context():
        make_records(sides, users)
        token = make_tokens({role: users[role]})[role]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app,
                                            config=SchemathesisConfig.from_path(CONFIG))
    failures, calls, statuses = [], [], set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=5, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            calls.append(case.operation.label)
            response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
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
