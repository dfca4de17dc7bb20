"""Errors the journeys app raises beyond the shared ones in learnwork.core.errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class RecordNotFound(NotFound):
    # One message whether the record is gone or not shared with this viewer: ids reveal nothing.
    default_detail = _("There is no learning record here, or it is not shared with you.")


class AlreadyShared(Conflict):
    code = "already_shared"
    default_detail = _("You already shared this as a post.")


class NotFinished(InvalidInput):
    code = "not_finished"
    default_detail = _("Only finished learning can be shared as a post.")


class RecordConfirmed(PermissionDenied):
    code = "record_confirmed"
    default_detail = _("This record was confirmed by its provider or badge issuer: you can change "
                       "your reflection and who sees it, but not what was confirmed.")
