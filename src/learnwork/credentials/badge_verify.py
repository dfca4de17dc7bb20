"""Tell which kind of badge some input is, and hand it to the right verifier.

Input arrives as a web address, the text baked into an image, or pasted text, and may be an Open
Badges 2.0 assertion (JSON, or a JWS when signed), a hosted assertion's URL (Open Badges 1.x
baked only that), or an Open Badges 3.0 credential (JSON, or a VC-JWT). What is not a badge at
all raises NotABadge and is not stored; a badge that fails its checks comes back as a Verdict
saying why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from . import fetch, ob2, ob3
from .badge_errors import NotABadge
from .baking import looks_like_jws
from .limits import decode_text, jws_parts, parse_json
from .verdict import Verdict, types_of

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
DESCRIPTIONS = {"BadgeClass", "Issuer", "Profile", "Achievement", "CryptographicKey",
                "RevocationList"}


def verify_document(document: Any, *, emails: Sequence[str], fetched_from: str = "") -> Verdict:
    if not isinstance(document, dict):
        raise NotABadge(_("That JSON is not an Open Badge: a badge is a JSON object."))
    if ob3.is_credential(document):
        return ob3.verify_json(document, emails=emails)
    if ob2.is_assertion(document):
        return ob2.verify_assertion(document, emails=emails, fetched_from=fetched_from)
    if types_of(document) & DESCRIPTIONS:
        raise NotABadge(_("That is the description of a badge or its issuer, not a badge "
                          "awarded to someone. Use the address or file of your own badge."))
    raise NotABadge(_("That JSON is not an Open Badge: it names no recipient and no badge."))


def verify_token(token: str, *, emails: Sequence[str]) -> Verdict:
    """A compact JWS: an Open Badges 2.0 signed assertion or an Open Badges 3.0 VC-JWT."""
    _header, payload = jws_parts(token)
    if isinstance(payload, dict) and (isinstance(payload.get("vc"), dict)
                                      or ob3.is_credential(payload)):
        return ob3.verify_jwt(token, emails=emails)
    if ob2.is_assertion(payload):
        return ob2.verify_assertion(payload, emails=emails, jws=token.strip())
    raise NotABadge(_("That signed text (JWT) does not hold an Open Badge."))


def verify_url(url: str, *, emails: Sequence[str]) -> Verdict:
    """Fetch a badge from its address. An address that cannot be fetched raises FetchFailed:
    with nothing fetched there is nothing to keep."""
    response = fetch.get(url.strip(), kind="json")
    body = decode_text(response.body, what=_("The answer from that address")).strip()
    if looks_like_jws(body):
        return verify_token(body, emails=emails)
    document = parse_json(body, what=_("The answer from that address"))
    return verify_document(document, emails=emails, fetched_from=url.strip())


def verify_text(text: str, *, emails: Sequence[str]) -> Verdict:
    """Text baked into an image or pasted: JSON, a JWS/JWT, or a hosted assertion's URL."""
    text = text.strip()
    if not text:
        raise NotABadge(_("There is nothing there: paste the badge's JSON, its signed text "
                          "(starting with eyJ) or its web address."))
    if looks_like_jws(text):
        return verify_token(text, emails=emails)
    if _URL.match(text):
        return verify_url(text, emails=emails)
    if not text.startswith(("{", "[")):
        raise NotABadge(_("That is not an Open Badge: paste the badge's JSON, its signed text "
                          "(starting with eyJ) or its web address."))
    return verify_document(parse_json(text, what=_("The badge")), emails=emails)


def reverify(raw: dict[str, Any], *, emails: Sequence[str]) -> Verdict:
    """Check a stored badge again, from what was received (a hosted one is fetched afresh)."""
    for key in ("jwt", "jws"):
        if isinstance(raw.get(key), str) and len(raw) == 1:
            return verify_token(raw[key], emails=emails)
    return verify_document(raw, emails=emails)
