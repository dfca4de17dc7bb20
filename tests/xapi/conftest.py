from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from learnwork.providers import services as provider_services

BASE = "/xapi"
VERSIONS = ["1.0.3", "2.0.0"]
ALL_SCOPES = ["all"]


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@dataclass
class Lrs:
    """A provider's view of the LRS: Django's test client with its credential and version."""

    client: Any
    authorization: str
    version: str = "2.0.0"
    provider: Any = None
    credential: Any = None
    extra: dict[str, str] = field(default_factory=dict)

    def headers(self, **extra: str) -> dict[str, str]:
        headers = {"HTTP_AUTHORIZATION": self.authorization,
                   "HTTP_X_EXPERIENCE_API_VERSION": self.version}
        headers.update(self.extra)
        headers.update(extra)
        return {k: v for k, v in headers.items() if v is not None}

    def request(self, method: str, path: str, body: Any = None, *, params: dict | None = None,
                content_type: str = "application/json", raw: bytes | None = None, **headers):
        from urllib.parse import urlencode

        url = f"{BASE}{path}" + (f"?{urlencode(params)}" if params else "")
        data = raw if raw is not None else (b"" if body is None else json.dumps(body))
        call = getattr(self.client, method.lower())
        if method.upper() in ("GET", "HEAD"):
            return call(url, **self.headers(**headers))
        return call(url, data=data, content_type=content_type, **self.headers(**headers))

    def post(self, statements: Any, **kwargs):
        return self.request("POST", "/statements", statements, **kwargs)

    def put(self, statement: Any, statement_id: str, **kwargs):
        return self.request("PUT", "/statements", statement,
                            params={"statementId": statement_id}, **kwargs)

    def get(self, path: str = "/statements", **params):
        headers = {k: v for k, v in params.items() if k.startswith("HTTP_")}
        query = {k: v if isinstance(v, str) else json.dumps(v)
                 for k, v in params.items() if not k.startswith("HTTP_")}
        return self.request("GET", path, params=query or None, **headers)


def make_lrs(client, *, scopes=None, version="2.0.0", provider=None, name="Open Academy"):
    if provider is None:
        provider = provider_services.provider_create(name=name)
    credential, secret = provider_services.credential_create(
        actor=None, provider=provider, scopes=scopes or ALL_SCOPES)
    return Lrs(client=client, authorization=basic(credential.key, secret), version=version,
               provider=provider, credential=credential)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Attachment content goes through the storage API: keep each test's files apart.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lrs(db, client):
    return make_lrs(client)


@pytest.fixture(params=VERSIONS)
def any_lrs(request, db, client):
    return make_lrs(client, version=request.param)


def statement(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "actor": {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed",
                 "display": {"en-US": "completed", "fr": "a terminé"}},
        "object": {"id": "https://academy.example/courses/python",
                   "definition": {"name": {"en-US": "Python basics"},
                                  "type": "http://adlnet.gov/expapi/activities/course"}},
    }
    for key, value in overrides.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def new_id() -> str:
    return str(uuid.uuid4())
