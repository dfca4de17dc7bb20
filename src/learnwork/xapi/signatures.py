"""Signed statements (1.0.3 Data 2.6, 2.0 4.2.6): a JWS in compact serialization, sent as an
attachment with the signature usageType, whose payload is the statement as it was signed.

The LRS checks that the JWS is well formed, uses RS256, RS384 or RS512, carries a statement
logically equivalent to the one received, and, when its header holds an X.509 certificate
(`x5c`), that the signature verifies with that certificate's key.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import jwt
from cryptography import x509
from django.utils.translation import gettext as _

from learnwork.xapi.canonical import comparable
from learnwork.xapi.errors import StatementInvalid

ALGORITHMS = ("RS256", "RS384", "RS512")


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def verify(statement: dict[str, Any], jws: bytes, *, path: str) -> None:
    """Raise StatementInvalid unless `jws` is a good signature of `statement`."""
    def bad(message: str) -> StatementInvalid:
        return StatementInvalid(f"{path}: " + _("the signature is malformed: %(why)s")
                                % {"why": message})

    try:
        token = jws.decode("ascii").strip()
    except UnicodeDecodeError as exc:
        raise bad(_("a JWS in compact serialization is ASCII text.")) from exc
    pieces = token.split(".")
    if len(pieces) != 3 or not all(pieces):
        raise bad(_("a JWS in compact serialization has three dot-separated parts."))
    try:
        header = json.loads(_b64(pieces[0]))
        payload = json.loads(_b64(pieces[1]))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise bad(_("its header or payload is not base64url-encoded JSON.")) from exc
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise bad(_("the algorithm must be RS256, RS384 or RS512."))
    if not isinstance(payload, dict) or not {"actor", "verb", "object"} <= payload.keys():
        raise bad(_("its payload is not a statement."))
    try:
        same = comparable(payload) == comparable(statement)
    except (KeyError, TypeError, AttributeError):
        same = False
    if not same or ("id" in payload and str(payload["id"]).lower()
                    != str(statement.get("id", payload["id"])).lower()):
        raise StatementInvalid(f"{path}: " + _("the signed statement in the JWS payload does "
                                               "not match the statement sent."))
    chain = header.get("x5c")
    if chain is None:
        return
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        jwt.PyJWS().decode(token, key=certificate.public_key(),  # type: ignore[arg-type]
                           algorithms=[header["alg"]])
    except (IndexError, TypeError, ValueError, binascii.Error) as exc:
        raise bad(_("the x5c certificate could not be read.")) from exc
    except jwt.InvalidTokenError as exc:
        raise StatementInvalid(f"{path}: " + _("the signature does not verify with the "
                                               "certificate in its x5c header.")) from exc

