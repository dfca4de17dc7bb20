"""Checks shared by the providers services (pure: no database)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from learnwork.core.errors import InvalidInput
from learnwork.journeys.validation import clean_text

__all__ = ["clean_email", "clean_text", "clean_url"]

_url = URLValidator(schemes=["http", "https"])


def clean_url(value: Any, *, field: str, limit: int = 500, required: bool = False) -> str:
    url = str(value or "").strip()
    if not url:
        if required:
            raise InvalidInput(_("A web address is required."), code="empty", field=field)
        return ""
    try:
        if len(url) > limit or any(unicodedata.category(ch) == "Cc" for ch in url):
            raise ValidationError("bad")
        _url(url)
    except ValidationError:
        raise InvalidInput(
            _("%(url)s is not a web address: it starts with http:// or https:// and has at "
              "most %(n)d characters.") % {"url": url[:80], "n": limit}, field=field,
        ) from None
    return url


def clean_email(value: Any, *, field: str = "email") -> str:
    email = str(value or "").strip().lower()
    if email.startswith("mailto:"):
        email = email[len("mailto:"):]
    try:
        if len(email) > 254:
            raise ValidationError("long")
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("“%(email)s” is not an email address.") % {"email": email[:80]},
                           field=field) from None
    return email
