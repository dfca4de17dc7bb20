"""Writes for the follow audit: apply actions to many followed accounts at once.

Each action goes through social's own services (`follow` with one topic, `mute_person`,
`unfollow`), so their rules hold. The batch is all or nothing: every handle, action and skill is
checked first, then everything runs in one transaction; any refusal names the account and
leaves every follow as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError, InvalidInput, NotFound
from learnwork.recommendations import audit
from learnwork.social import list_selectors
from learnwork.social import selectors as social
from learnwork.social import services as social_services

MAX_BATCH = 500


@dataclass(frozen=True)
class AuditAction:
    handle: str
    action: str
    # For "focus": the skill to follow them for (only that skill and narrower ones).
    skill_id: uuid.UUID | str | None = None


@dataclass(frozen=True)
class Applied:
    person: User
    action: str
    skill_id: uuid.UUID | None = None


def _check(actions: Sequence[AuditAction]) -> None:
    if not actions:
        raise InvalidInput(_("Choose at least one account."), field="actions")
    if len(actions) > MAX_BATCH:
        raise InvalidInput(_("Apply at most %(n)d actions at once.") % {"n": MAX_BATCH},
                           field="actions")
    seen: set[str] = set()
    for item in actions:
        handle = str(item.handle).strip().lstrip("@").lower()
        if item.action not in audit.ACTIONS:
            raise InvalidInput(_("“%(action)s” is not an action: choose one of %(names)s.")
                               % {"action": str(item.action)[:20],
                                  "names": ", ".join(audit.ACTIONS)}, field="action")
        if handle in seen:
            raise InvalidInput(_("@%(handle)s is in the list twice: choose one action for "
                                 "them.") % {"handle": handle[:30]}, field="actions")
        seen.add(handle)
        if item.action == audit.FOCUS and not item.skill_id:
            raise InvalidInput(_("Choose the skill to follow @%(handle)s for.")
                               % {"handle": handle[:30]}, field="skill_id")


def _named(exc: DomainError, handle: str) -> DomainError:
    """The same error, its message saying which account it is about."""
    return type(exc)(_("@%(handle)s: %(detail)s") % {"handle": handle, "detail": exc.detail},
                     code=exc.code, field=exc.field)


@transaction.atomic
def audit_apply(*, reader: User, actions: Sequence[AuditAction]) -> list[Applied]:
    """Apply each action to an account `reader` follows: keep (nothing changes), focus (follow
    them only for `skill_id`, and narrower skills), mute (keep following, hide their posts),
    unfollow. All or nothing."""
    _check(actions)
    people = list_selectors.people_by_handles(handles=[item.handle for item in actions])
    followees = social.reading_graph(user=reader).followee_ids
    for person in people:
        if person.pk not in followees:
            raise NotFound(_("You don't follow @%(handle)s.") % {"handle": person.username},
                           code="not_following", field="actions")
    applied = []
    for person, item in zip(people, actions, strict=True):
        skill_id = None
        try:
            if item.action == audit.FOCUS:
                social_services.follow(follower=reader, followee=person,
                                       topic_skill_ids=[item.skill_id or ""])
                # The follow service has checked it: a well-formed id of a skill that exists.
                skill_id = uuid.UUID(str(item.skill_id))
            elif item.action == audit.MUTE:
                social_services.mute_person(user=reader, person=person)
            elif item.action == audit.UNFOLLOW:
                social_services.unfollow(follower=reader, followee=person)
        except DomainError as exc:
            raise _named(exc, person.username) from None
        applied.append(Applied(person=person, action=item.action, skill_id=skill_id))
    return applied
