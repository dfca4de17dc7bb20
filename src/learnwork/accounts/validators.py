from collections.abc import Callable
from typing import Any

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

RESERVED_HANDLES = frozenset({
    "admin", "api", "accounts", "account", "settings", "static", "media", "skills", "about",
    "help", "login", "logout", "signup", "learnwork", "root", "support", "staff", "me",
})

handle_format = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9_]{1,28}[a-z0-9])?$",
    _("Use 3 to 30 lowercase letters, digits or underscores, starting and ending with a "
      "letter or digit."),
    code="handle_format",
)


def not_reserved(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value.lower() in RESERVED_HANDLES:
        raise ValidationError(_("That handle is reserved. Choose another."), code="reserved")


handle_validators: list[Callable[[Any], None]] = [handle_format, not_reserved]
