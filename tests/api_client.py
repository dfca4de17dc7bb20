"""Calling the JSON API from tests: a token header for a user, and JSON requests."""

from __future__ import annotations

import json

from learnwork.accounts import services as account_services

API = "/api/v1"


def bearer(user, scope="write"):
    _token, secret = account_services.access_token_create(user=user, name="t", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def send(client, method, path, body=None, **headers):
    if method == "get":
        return client.get(f"{API}{path}", **headers)
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body or {}),
                                   content_type="application/json", **headers)
