"""Errors the skills app raises beyond the shared ones in learnwork.core.errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import InvalidInput


class TaxonomyFileError(InvalidInput):
    """A taxonomy file is missing, unreadable or malformed; the detail names the file and line."""

    code = "taxonomy_invalid"
    default_detail = _("The taxonomy files could not be read.")
