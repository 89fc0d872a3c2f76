"""The JSON API fuzzed from its own OpenAPI document (schemathesis, in process; issue 14).

Every operation gets a bounded number of generated requests (valid per the schema, and the
boundary and invalid values of schemathesis' coverage phase), sent with a write token so writes
reach their validation. Every answer must be no server error, of a status the document lists, of a
content type it lists for that status, and conform to the listed schema; a method the path does
not take must answer 405 with ``Allow``. Derandomised, so a failure reproduces; about a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_schema_conformance,
                                               status_code_conformance, unsupported_method)

from armswatch.web import create_app
from armswatch.web.auth import create_token

EXAMPLES_PER_OPERATION = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, unsupported_method]
TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    application = create_app(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    with application.state.web.writer() as con:
        TOKEN["Authorization"] = f"Bearer {create_token(con, 'fuzzer').token}"
    yield schemathesis.openapi.from_asgi("/openapi.json", application)
    application.state.web.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_no_schema_violation(case):
    case.call_and_validate(headers=TOKEN, checks=CHECKS)
