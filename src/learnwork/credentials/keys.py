"""This instance's issuer keys: the private key from LEARNWORK_CREDENTIAL_SIGNING_KEY, the public
halves in `IssuerKey` (kept after rotation, so credentials signed earlier still verify)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from functools import lru_cache

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import DomainError
from learnwork.credentials import proofs
from learnwork.credentials.models import IssuerKey


class SigningUnavailable(DomainError):
    status = 503
    code = "signing_unavailable"
    default_detail = _("This instance cannot issue credentials: no signing key is configured.")


def _decode(text: str) -> bytes:
    """Bytes from multibase base58btc ('z…'), multibase base64url ('u…') or plain base64.
    A multibase reading counts only when it gives one of the key lengths we accept."""
    if text.startswith("z"):
        try:
            raw = base58.b58decode(text[1:])
        except ValueError:
            raw = b""
        if len(raw) in (32, 34, 64, 66):
            return raw
    if text.startswith("u"):
        try:
            raw = base64.urlsafe_b64decode(text[1:] + "=" * (-len(text[1:]) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) in (32, 34, 64, 66):
            return raw
    # Plain base64 (either alphabet); also a key that only happens to start with 'u' or 'z'.
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/")
                                + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64 or multibase") from exc


@lru_cache(maxsize=4)
def parse_private_key(text: str) -> Ed25519PrivateKey:
    """The Ed25519 key from a 32-byte seed, optionally with the ed25519-priv multicodec prefix,
    or a 64-byte seed + public key (as some tools export it); raises ValueError otherwise."""
    raw = _decode(text.strip())
    if len(raw) in (34, 66) and raw.startswith(proofs.ED25519_PRIV_PREFIX):
        raw = raw[2:]
    if len(raw) == 64:
        seed, public = raw[:32], raw[32:]
        key = Ed25519PrivateKey.from_private_bytes(seed)
        if key.public_key().public_bytes_raw() != public:
            raise ValueError("the 64-byte key's public half does not match its seed")
        return key
    if len(raw) != 32:
        raise ValueError(f"an Ed25519 seed has 32 bytes, this has {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def signing_key() -> Ed25519PrivateKey:
    configured = settings.CREDENTIAL_SIGNING_KEY
    if not configured:
        raise SigningUnavailable()
    try:
        return parse_private_key(configured)
    except ValueError as exc:
        raise SigningUnavailable(
            _("This instance cannot issue credentials: LEARNWORK_CREDENTIAL_SIGNING_KEY is not "
              "a valid Ed25519 key (%(reason)s).") % {"reason": exc}
        ) from exc


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """A short, stable id derived from the public key: the verification method's fragment."""
    return "key-" + hashlib.sha256(public_key.public_bytes_raw()).hexdigest()[:16]


def issuer_url() -> str:
    """The issuer Profile's id: its JSON-LD document, under the instance's public address."""
    return settings.SITE_URL + reverse("credentials:issuer")


def verification_method_id(key: IssuerKey) -> str:
    return f"{issuer_url()}#{key.key_id}"


@transaction.atomic
def current_issuer_key() -> tuple[IssuerKey, Ed25519PrivateKey]:
    """The configured key and its `IssuerKey` row, recording it (and retiring the previous
    current key) the first time a new key is used."""
    private_key = signing_key()
    public_key = private_key.public_key()
    key_id = key_id_for(public_key)
    record = IssuerKey.objects.filter(key_id=key_id).first()
    if record is None or record.retired_at is not None:
        IssuerKey.objects.filter(retired_at__isnull=True).exclude(key_id=key_id).update(
            retired_at=timezone.now()
        )
    if record is None:
        record = IssuerKey.objects.create(
            key_id=key_id, public_key_multibase=proofs.multibase_from_public_key(public_key),
        )
    elif record.retired_at is not None:
        # The operator went back to an earlier key: it is current again.
        record.retired_at = None
        record.save(update_fields=["retired_at", "updated"])
    return record, private_key


def instance_public_key(verification_method: str) -> Ed25519PublicKey | None:
    """The public key of one of this instance's verification methods, current or retired."""
    prefix = issuer_url() + "#"
    if not verification_method.startswith(prefix):
        return None
    record = IssuerKey.objects.filter(key_id=verification_method.removeprefix(prefix)).first()
    if record is None:
        return None
    return proofs.public_key_from_multibase(record.public_key_multibase)
