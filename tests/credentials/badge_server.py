"""A local badge issuer for tests: an HTTP server on 127.0.0.1 serving Open Badges 2.0 documents
(issuer, badge class, assertions, a revocation list, a key, an image), plus a misbehaving server
(slow, endless, huge) and helpers to make Open Badges 3.0 credentials signed with `proofs.sign`.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from learnwork.credentials import fetch, proofs

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ESCO = "http://data.europa.eu/esco/skill/"


def png_bytes(size: tuple[int, int] = (64, 64), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class _Route:
    def __init__(self, body: bytes = b"", content_type: str = "application/json",
                 status: int = 200, behaviour: str = "", headers: dict[str, str] | None = None):
        self.body, self.content_type, self.status = body, content_type, status
        self.behaviour = behaviour
        self.headers = headers or {}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on the endless answers are the point of those tests


class BadgeServer:
    """Serves whatever a test puts at a path; counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, _Route] = {}
        self.hits: dict[str, int] = {}
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                route = server.routes.get(path)
                if route is None:
                    self.send_error(404)
                    return
                if route.behaviour == "silent":
                    server.stop.wait(30)
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.behaviour == "endless":
                    self.send_header("Content-Type", route.content_type)
                    self.end_headers()
                    block = b" " * 65536
                    try:
                        for _ in range(800):  # 50 MB, unless the client hangs up first
                            self.wfile.write(block)
                    except OSError:
                        pass
                    return
                if route.behaviour == "drip":
                    self.send_header("Content-Type", route.content_type)
                    self.end_headers()
                    try:
                        while not server.stop.is_set():
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.2)
                    except OSError:
                        pass
                    return
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def put_json(self, path: str, document: Any, *, status: int = 200,
                 content_type: str = "application/json") -> str:
        self.routes[path] = _Route(json.dumps(document).encode(), content_type, status)
        return self.url(path)

    def put(self, path: str, body: bytes, *, content_type: str, status: int = 200,
            behaviour: str = "", headers: dict[str, str] | None = None) -> str:
        self.routes[path] = _Route(body, content_type, status, behaviour, headers)
        return self.url(path)

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@functools.cache
def rsa_key(n: int = 0) -> rsa.RSAPrivateKey:
    """RSA keys are slow to make: one per number, per test session."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OB2Issuer:
    """An Open Badges 2.0 issuer on a BadgeServer: profile, badge class, key, revocations."""

    def __init__(self, server: BadgeServer, *, skill_ids: tuple[Any, ...] = ()) -> None:
        self.server = server
        self.rsa = rsa_key(0)
        self.revoked: list[Any] = []
        self.issuer_id = server.url("/issuer")
        self.badge_id = server.url("/badges/python")
        self.key_id = server.url("/keys/1")
        pem = self.rsa.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        server.put_json("/issuer", {
            "@context": OB2_CONTEXT, "type": "Issuer", "id": self.issuer_id,
            "name": "Open Python School", "url": server.url("/"), "email": "badges@example.org",
            "publicKey": self.key_id, "revocationList": server.url("/revocations"),
        })
        server.put_json("/keys/1", {"@context": OB2_CONTEXT, "type": "CryptographicKey",
                                    "id": self.key_id, "owner": self.issuer_id,
                                    "publicKeyPem": pem})
        server.put_json("/badges/python", {
            "@context": OB2_CONTEXT, "type": "BadgeClass", "id": self.badge_id,
            "name": "Python Basics", "description": "Wrote and tested small Python programs.",
            "image": server.url("/images/python.png"),
            "criteria": {"id": server.url("/criteria/python"),
                         "narrative": "Pass the exercises."},
            "issuer": self.issuer_id,
            "alignment": [{"targetName": f"skill {pk}", "targetUrl": f"{ESCO}{pk}"}
                          for pk in skill_ids],
        })
        server.put("/images/python.png", png_bytes(), content_type="image/png")
        self.publish_revocations()

    def publish_revocations(self) -> None:
        self.server.put_json("/revocations", {
            "@context": OB2_CONTEXT, "type": "RevocationList",
            "id": self.server.url("/revocations"),
            "issuer": self.issuer_id, "revokedAssertions": self.revoked})

    def assertion(self, number: int = 1, *, email: str = "ana@example.org", hashed: bool = False,
                  salt: str = "", expires: str | None = None, serve: bool = True,
                  signed: bool = False, **extra: Any) -> dict[str, Any]:
        identity = email
        if hashed:
            identity = "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
        path = f"/assertions/{number}"
        document: dict[str, Any] = {
            "@context": OB2_CONTEXT, "type": "Assertion",
            "id": self.server.url(path) if not signed else f"urn:uuid:0000-{number}",
            "recipient": {"type": "email", "hashed": hashed, "identity": identity,
                          **({"salt": salt} if salt else {})},
            "badge": self.badge_id,
            "verification": ({"type": "signed", "creator": self.key_id} if signed
                             else {"type": "hosted"}),
            "issuedOn": "2024-05-02T10:00:00Z",
            **extra,
        }
        if expires:
            document["expires"] = expires
        if serve and not signed:
            self.server.put_json(path, document)
        return document

    def sign(self, assertion: dict[str, Any], *, key: Any = None) -> str:
        return jwt.api_jws.PyJWS().encode(json.dumps(assertion).encode(), key or self.rsa,
                                          algorithm="RS256")


class OB3Issuer:
    """An Open Badges 3.0 issuer with a did:key: makes credentials signed with proofs.sign."""

    def __init__(self, key: Ed25519PrivateKey | None = None) -> None:
        self.key = key or Ed25519PrivateKey.generate()
        self.method = proofs.did_key_for(self.key.public_key())
        self.did = self.method.partition("#")[0]

    def credential(self, *, email: str = "ana@example.org", hashed: bool = True,
                   salt: str = "pepper", valid_until: str | None = None,
                   skill_ids: tuple[Any, ...] = (), status: dict[str, Any] | None = None,
                   number: int = 1) -> dict[str, Any]:
        identity = ("sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
                    if hashed else email)
        document: dict[str, Any] = {
            "@context": [VC_V2, OB3_CONTEXT],
            "id": f"urn:uuid:3b0d8f8e-0000-4000-8000-{number:012d}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": self.did, "type": ["Profile"], "name": "Data Guild"},
            "validFrom": "2024-03-01T00:00:00Z",
            "name": "SQL Practitioner",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [{"type": "IdentityObject", "identityType": "emailAddress",
                                "hashed": hashed, "identityHash": identity,
                                **({"salt": salt} if hashed else {})}],
                "achievement": {
                    "id": "https://data-guild.example/achievements/sql",
                    "type": ["Achievement"], "name": "SQL Practitioner",
                    "description": "Writes joins and window functions.",
                    "criteria": {"narrative": "Passed the practical."},
                    "alignment": [{"type": ["Alignment"], "targetName": "SQL",
                                   "targetUrl": f"{ESCO}{pk}"} for pk in skill_ids],
                },
            },
        }
        if valid_until:
            document["validUntil"] = valid_until
        if status:
            document["credentialStatus"] = status
        return document

    def sign(self, document: dict[str, Any]) -> dict[str, Any]:
        return proofs.sign(document, private_key=self.key, verification_method=self.method,
                           created=datetime(2024, 3, 1, tzinfo=UTC))

    def jwt(self, document: dict[str, Any], *, key: Ed25519PrivateKey | None = None) -> str:
        payload = {"vc": copy.deepcopy(document), "iss": self.did, "jti": document["id"],
                   "nbf": int(datetime(2024, 3, 1, tzinfo=UTC).timestamp())}
        return jwt.encode(payload, key or self.key, algorithm="EdDSA",
                          headers={"kid": self.method})


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def badge_server(settings) -> Iterator[BadgeServer]:
    settings.BADGE_FETCH_ALLOW_PRIVATE = True
    server = BadgeServer()
    yield server
    server.close()


@pytest.fixture
def ob2(badge_server) -> OB2Issuer:
    return OB2Issuer(badge_server)


@pytest.fixture
def ob3() -> OB3Issuer:
    return OB3Issuer()


@pytest.fixture
def quick_timeouts(monkeypatch) -> None:
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(fetch, "DEADLINE_SECONDS", 1.5)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
