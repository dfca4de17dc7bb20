"""Errors raised while importing a badge, beyond the shared ones in learnwork.core.errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import Conflict, InvalidInput, NotFound


class NotABadge(InvalidInput):
    """The input is not an Open Badge at all: refused, and nothing is stored."""

    code = "not_a_badge"
    default_detail = _("That is not an Open Badge.")


class UnreadableInput(InvalidInput):
    """Malformed or hostile input (bad JSON, too deep, an image bomb, the wrong file type)."""

    code = "unreadable"
    default_detail = _("That file or text could not be read.")


class FetchFailed(InvalidInput):
    """A web address could not be fetched safely; the detail says why, in words."""

    code = "fetch_failed"
    default_detail = _("The address could not be fetched.")

    def __init__(self, detail: str | None = None, *, status: int | None = None) -> None:
        super().__init__(detail)
        # The HTTP status when the server answered (410 means an issuer withdrew an assertion).
        self.http_status = status


class DuplicateBadge(Conflict):
    code = "duplicate_badge"
    default_detail = _("You already added this badge.")


class BadgeNotFound(NotFound):
    # The same answer whether the badge is gone or hidden from this viewer: ids reveal nothing.
    default_detail = _("There is no badge here, or it is not shared with you.")
