"""The API keeps its OpenAPI promises: every operation, fed generated valid and invalid input,
answers with a declared status code, a body matching its schema, and never a server error."""

from __future__ import annotations

import uuid

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from learnwork.accounts import services as account_services
from learnwork.skills import index_cache
from learnwork.skills.models import Skill
from tests.factories import UserFactory


@pytest.fixture
def api_schema(db, settings):
    settings.API_RATE_LIMIT = "100000/m"
    settings.API_ANON_RATE_LIMIT = "100000/m"
    settings.ALLOWED_HOSTS = ["*"]
    # Like Django's test client: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def write_token(db):
    index_cache.invalidate()
    user = UserFactory(username="contract")
    for label in ("statistics", "Python (computer programming)", "data analysis"):
        Skill.objects.create(id=uuid.uuid4(), kind="knowledge", label=label)
    _token, secret = account_services.access_token_create(user=user, name="contract",
                                                          scope="write")
    yield secret
    index_cache.invalidate()


def test_api_conforms_to_its_schema(api_schema, write_token):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    headers = {"Authorization": f"Bearer {write_token}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # Domain rules past JSON Schema (a real web address, a known time zone, a target
            # date not in the past) may refuse schema-valid input with a declared 400.
            case.call_and_validate(headers=headers,
                                   excluded_checks=[checks.positive_data_acceptance])

        check()
