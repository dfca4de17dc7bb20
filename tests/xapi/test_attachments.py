"""Attachments sent as multipart/mixed, returned with attachments=true, and signed
statements (a JWS in a signature attachment)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from learnwork.xapi.models import Attachment, Statement
from tests.xapi.conftest import new_id, statement

CERTIFICATE = b"%PDF-1.4 a certificate of completion"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def attachment_object(data: bytes, **overrides) -> dict:
    item = {"usageType": "https://academy.example/usage/certificate",
            "display": {"en": "Certificate"}, "contentType": "application/pdf",
            "length": len(data), "sha2": hashlib.sha256(data).hexdigest()}
    item.update(overrides)
    return item


def multipart_body(first, parts, *, boundary="abc123boundary", newline=b"\r\n"):
    chunks = [b"--" + boundary.encode(), newline, b"Content-Type: application/json", newline,
              newline, json.dumps(first).encode()]
    for headers, data in parts:
        chunks += [newline, b"--" + boundary.encode(), newline]
        for name, value in headers.items():
            chunks += [f"{name}: {value}".encode(), newline]
        chunks += [newline, data]
    chunks += [newline, b"--" + boundary.encode() + b"--", newline]
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'


def part(data: bytes, content_type="application/pdf", sha=None):
    return ({"Content-Type": content_type, "Content-Transfer-Encoding": "binary",
             "X-Experience-API-Hash": sha or hashlib.sha256(data).hexdigest()}, data)


def send(lrs, first, parts, **kwargs):
    body, content_type = multipart_body(first, parts, **kwargs)
    return lrs.request("POST", "/statements", raw=body, content_type=content_type)


def test_attachment_round_trip(any_lrs):
    sent = statement(attachments=[attachment_object(CERTIFICATE)])
    response = send(any_lrs, sent, [part(CERTIFICATE)])
    assert response.status_code == 200, response.content
    ident = response.json()[0]
    assert Attachment.objects.get().length == len(CERTIFICATE)

    got = any_lrs.get(statementId=ident, attachments="true")
    assert got.status_code == 200
    assert got["Content-Type"].startswith("multipart/mixed; boundary=")
    boundary = got["Content-Type"].split("boundary=")[1].strip('"').encode()
    sections = got.content.split(b"--" + boundary)
    assert sections[-1].startswith(b"--")
    first_head, first_body = sections[1].split(b"\r\n\r\n", 1)
    assert b"application/json" in first_head
    assert json.loads(first_body.rstrip(b"\r\n"))["id"] == ident
    head, data = sections[2].split(b"\r\n\r\n", 1)
    assert f"X-Experience-API-Hash: {hashlib.sha256(CERTIFICATE).hexdigest()}".encode() in head
    assert b"Content-Transfer-Encoding: binary" in head
    assert data[:-2] == CERTIFICATE

    listed = any_lrs.get(attachments="true")
    assert listed["Content-Type"].startswith("multipart/mixed")
    assert CERTIFICATE in listed.content
    plain = any_lrs.get(statementId=ident)
    assert plain["Content-Type"] == "application/json"
    assert CERTIFICATE not in plain.content


def test_one_part_serves_two_statements_and_lf_line_ends_are_read(lrs):
    item = attachment_object(CERTIFICATE)
    batch = [statement(attachments=[item]), statement(attachments=[item])]
    response = send(lrs, batch, [part(CERTIFICATE)], newline=b"\n")
    assert response.status_code == 200, response.content
    assert Statement.objects.count() == 2


def test_file_url_attachments_need_no_part(lrs):
    sent = statement(attachments=[attachment_object(
        CERTIFICATE, fileUrl="https://academy.example/certificates/1.pdf")])
    assert lrs.post(sent).status_code == 200
    assert send(lrs, statement(attachments=sent["attachments"]), []).status_code == 200


@pytest.mark.parametrize("case, expected", [
    ("missing part", "must be sent as a part"),
    ("extra part", "belongs to no attachment"),
    ("hash mismatch", "does not match its X-Experience-API-Hash"),
    ("no hash header", "has no X-Experience-API-Hash"),
    ("wrong length", "length"),
    ("wrong content type", "contentType"),
    ("not binary", "Content-Transfer-Encoding"),
    ("json without fileUrl", "must be sent as a part"),
    ("first part not json", "first part"),
])
def test_attachment_mistakes_are_refused(lrs, case, expected):
    sent = statement(attachments=[attachment_object(CERTIFICATE)])
    parts = [part(CERTIFICATE)]
    if case == "missing part":
        parts = []
    elif case == "extra part":
        parts.append(part(b"other data"))
    elif case == "hash mismatch":
        parts = [part(CERTIFICATE, sha=hashlib.sha256(b"x").hexdigest())]
    elif case == "no hash header":
        parts = [({"Content-Type": "application/pdf"}, CERTIFICATE)]
    elif case == "wrong length":
        sent["attachments"][0]["length"] = 3
    elif case == "wrong content type":
        parts = [part(CERTIFICATE, content_type="image/png")]
    elif case == "not binary":
        parts = [({**part(CERTIFICATE)[0], "Content-Transfer-Encoding": "base64"}, CERTIFICATE)]
    if case == "json without fileUrl":
        response = lrs.post(sent)
    elif case == "first part not json":
        body, content_type = multipart_body(sent, parts)
        body = body.replace(b"Content-Type: application/json", b"Content-Type: text/plain", 1)
        response = lrs.request("POST", "/statements", raw=body, content_type=content_type)
    else:
        response = send(lrs, sent, parts)
    assert response.status_code == 400, response.content
    assert expected in response.json()["detail"]
    assert not Statement.objects.exists()
    assert not Attachment.objects.exists()


def test_multipart_without_boundary_is_refused(lrs):
    response = lrs.request("POST", "/statements", raw=b"--x\r\n", content_type="multipart/mixed")
    assert response.status_code == 400
    assert "boundary" in response.json()["detail"]


# --- signed statements -------------------------------------------------------------------

@pytest.fixture(scope="module")
def signer():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Open Academy signing")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    x5c = [base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()]
    return key, x5c


def sign(payload: dict, key, x5c=None, algorithm="RS256") -> bytes:
    headers = {"x5c": x5c} if x5c else None
    return jwt.PyJWS().encode(json.dumps(payload).encode(), key, algorithm=algorithm,
                              headers=headers).encode()


def signed(original: dict, token: bytes) -> tuple[dict, list]:
    sent = dict(original)
    sent["attachments"] = [{"usageType": SIGNATURE, "display": {"en": "Signature"},
                            "contentType": "application/octet-stream", "length": len(token),
                            "sha2": hashlib.sha256(token).hexdigest()}]
    return sent, [part(token, content_type="application/octet-stream")]


def test_a_good_signature_is_accepted(any_lrs, signer):
    key, x5c = signer
    original = statement(id=new_id())
    sent, parts = signed(original, sign(original, key, x5c))
    response = send(any_lrs, sent, parts)
    assert response.status_code == 200, response.content
    got = any_lrs.get(statementId=original["id"], attachments="true")
    assert b"." in got.content.split(b"X-Experience-API-Hash")[1]


def test_signature_without_certificate_is_checked_for_form_and_content(lrs, signer):
    key, _x5c = signer
    original = statement()
    sent, parts = signed(original, sign(original, key))
    assert send(lrs, sent, parts).status_code == 200


@pytest.mark.parametrize("case, expected", [
    ("other statement", "does not match the statement sent"),
    ("other id", "does not match the statement sent"),
    ("HS256", "RS256, RS384 or RS512"),
    ("not a JWS", "three dot-separated parts"),
    ("forged", "does not verify"),
    ("payload not a statement", "not a statement"),
])
def test_bad_signatures_are_refused(lrs, signer, case, expected):
    key, x5c = signer
    original = statement(id=new_id())
    if case == "other statement":
        token = sign(statement(verb={"id": "http://x.org/failed"}), key, x5c)
    elif case == "other id":
        token = sign({**original, "id": new_id()}, key, x5c)
    elif case == "HS256":
        token = jwt.PyJWS().encode(json.dumps(original).encode(), "s" * 40,
                                   algorithm="HS256").encode()
    elif case == "not a JWS":
        token = b"this is not a signature"
    elif case == "forged":
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = sign(original, other, x5c)
    else:
        token = sign({"hello": "world"}, key, x5c)
    sent, parts = signed(original, token)
    response = send(lrs, sent, parts)
    assert response.status_code == 400, response.content
    assert expected in response.json()["detail"]
    assert not Statement.objects.exists()


def test_signature_attachment_must_be_octet_stream(lrs, signer):
    key, x5c = signer
    original = statement()
    sent, parts = signed(original, sign(original, key, x5c))
    sent["attachments"][0]["contentType"] = "application/jose"
    response = send(lrs, sent, parts)
    assert response.status_code == 400
    assert "application/octet-stream" in response.json()["detail"]
