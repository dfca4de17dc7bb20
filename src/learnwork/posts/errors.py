"""Errors the posts app raises beyond the shared ones in learnwork.core.errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import Conflict, InvalidInput, NotFound


class TextTooLong(InvalidInput):
    code = "too_long"
    default_detail = _("That is too long.")


class TextEmpty(InvalidInput):
    code = "empty"
    default_detail = _("Write something first.")


class UnknownSkills(InvalidInput):
    code = "unknown_skills"
    default_detail = _("Some of those skills do not exist.")


class AlreadyReacted(Conflict):
    code = "already_reacted"
    default_detail = _("You already marked this.")


class PostNotFound(NotFound):
    # One message whether the post is gone or hidden from this reader: ids reveal nothing.
    default_detail = _("There is no post here, or it is not shared with you.")


class CommentNotFound(NotFound):
    default_detail = _("There is no comment here, or it is not shared with you.")
