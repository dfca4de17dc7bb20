"""The signing key setting: its accepted spellings, and the development key kept under var/."""

from __future__ import annotations

import base64

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learnwork.config import env
from learnwork.credentials import keys, proofs

SEED = bytes(range(32))


def _public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


EXPECTED = _public(Ed25519PrivateKey.from_private_bytes(SEED))


@pytest.mark.parametrize("text", [
    base64.b64encode(SEED).decode(),
    base64.urlsafe_b64encode(SEED).decode().rstrip("="),
    "u" + base64.urlsafe_b64encode(SEED).decode().rstrip("="),
    "z" + base58.b58encode(SEED).decode(),
    "z" + base58.b58encode(proofs.ED25519_PRIV_PREFIX + SEED).decode(),
    "z" + base58.b58encode(SEED + EXPECTED).decode(),
    "  " + base64.b64encode(SEED).decode() + "\n",
], ids=["base64", "base64url", "multibase-u", "multibase-z", "multicodec", "seed+public",
        "whitespace"])
def test_accepted_spellings_of_the_seed(text):
    assert _public(keys.parse_private_key(text)) == EXPECTED


@pytest.mark.parametrize("text", [
    "not a key!", base64.b64encode(bytes(16)).decode(),
    "z" + base58.b58encode(SEED + bytes(32)).decode(),  # public half does not match
])
def test_bad_keys_are_refused(text):
    with pytest.raises(ValueError):
        keys.parse_private_key(text)


def test_a_bad_setting_turns_issuing_off_with_a_reason(settings):
    settings.CREDENTIAL_SIGNING_KEY = "not a key!"
    with pytest.raises(keys.SigningUnavailable) as caught:
        keys.signing_key()
    assert "LEARNWORK_CREDENTIAL_SIGNING_KEY" in caught.value.detail


def test_tests_get_a_generated_key(settings):
    assert len(_public(keys.parse_private_key(settings.CREDENTIAL_SIGNING_KEY))) == 32


def test_development_key_is_generated_once_and_kept(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("LEARNWORK_CREDENTIAL_SIGNING_KEY", raising=False)
    first = env.credential_signing_key(tmp_path, generate=True)
    assert "generated a credential signing key" in caplog.text
    assert (tmp_path / "credential_signing_key").stat().st_mode & 0o777 == 0o600
    assert env.credential_signing_key(tmp_path, generate=True) == first
    keys.parse_private_key(first)


def test_production_without_the_setting_has_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv("LEARNWORK_CREDENTIAL_SIGNING_KEY", raising=False)
    assert env.credential_signing_key(tmp_path, generate=False) == ""
    assert not (tmp_path / "credential_signing_key").exists()
    monkeypatch.setenv("LEARNWORK_CREDENTIAL_SIGNING_KEY", " zABC ")
    assert env.credential_signing_key(tmp_path, generate=False) == "zABC"


def test_plain_base64_that_starts_like_multibase():
    # Seeds whose base64 begins with "u" or "z" are still read as plain base64.
    for first in (0xBA, 0xCE):  # base64 "u…" and "z…"
        seed = bytes([first]) + SEED[1:]
        text = base64.b64encode(seed).decode()
        assert text[0] in "uz"
        expected = _public(Ed25519PrivateKey.from_private_bytes(seed))
        assert _public(keys.parse_private_key(text)) == expected
