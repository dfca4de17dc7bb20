"""Writes for recommendations: dismissing a suggestion (and taking that back), and following a
suggested person for everything or for one goal skill only.

Each service checks all of its input before it writes and runs in one transaction. Dismissing
twice is not an error (the first dismissal stands); taking back what is not there is a 404.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import InvalidInput, NotFound
from learnwork.recommendations.models import Dismissal
from learnwork.skills.models import Skill
from learnwork.social import selectors as social_selectors
from learnwork.social import services as social_services
from learnwork.social.models import Follow

SkillId = uuid.UUID | str


def _skill(skill_id: SkillId) -> Skill:
    try:
        pk = skill_id if isinstance(skill_id, uuid.UUID) else uuid.UUID(str(skill_id))
    except ValueError:
        raise InvalidInput(_("“%(value)s” is not a skill id.") % {"value": str(skill_id)[:40]},
                           field="skill_id") from None
    skill = Skill.objects.filter(pk=pk).first()
    if skill is None:
        raise NotFound(_("No skill has the id %(id)s.") % {"id": pk}, code="skill_not_found",
                       field="skill_id")
    return skill


def _other(reader: User, person: User, *, self_message: str) -> None:
    if reader.pk == person.pk:
        raise InvalidInput(self_message, code="self")
    if not person.is_active:
        raise NotFound(_("Nobody has the handle @%(handle)s.") % {"handle": person.username})


@transaction.atomic
def dismiss(*, reader: User, person: User, skill_id: SkillId | None = None) -> Dismissal:
    """Stop suggesting `person` to `reader`: for one goal skill, or (no skill) everywhere."""
    _other(reader, person, self_message=_("You are never suggested to yourself."))
    skill = _skill(skill_id) if skill_id is not None else None
    existing = Dismissal.objects.filter(reader=reader, person=person, skill=skill).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Dismissal.objects.create(reader=reader, person=person, skill=skill)
    except IntegrityError:
        # A double-submitted form raced past the check; the constraint kept one.
        return Dismissal.objects.get(reader=reader, person=person, skill=skill)


@transaction.atomic
def undismiss(*, reader: User, dismissal_id: int) -> None:
    """Take a dismissal back: the person may be suggested again."""
    deleted, _rows = Dismissal.objects.filter(reader=reader, pk=dismissal_id).delete()
    if not deleted:
        raise NotFound(_("You have no dismissed suggestion with that id."),
                       code="dismissal_not_found")


@transaction.atomic
def undismiss_person(*, reader: User, person: User, skill_id: SkillId | None = None) -> None:
    """Take back the dismissal of `person` for `skill_id` (or the one for everywhere)."""
    skill = _skill(skill_id) if skill_id is not None else None
    deleted, _rows = Dismissal.objects.filter(reader=reader, person=person, skill=skill).delete()
    if not deleted:
        raise NotFound(_("You have not dismissed @%(handle)s there.")
                       % {"handle": person.username}, code="dismissal_not_found")


@transaction.atomic
def follow_suggested(*, reader: User, person: User, skill_id: SkillId | None = None) -> Follow:
    """Follow a suggested person: for everything, or only for `skill_id` (and narrower skills).

    Following for a skill adds it to the skills they are already followed for; someone already
    followed for everything stays followed for everything.
    """
    _other(reader, person, self_message=_("You can't follow yourself."))
    if skill_id is None:
        return social_services.follow(follower=reader, followee=person)
    skill = _skill(skill_id)
    state = social_selectors.follow_state(viewer=reader, other=person)
    if state.everything:
        return social_selectors.follow_get(follower=reader, followee=person)
    topics = [*sorted(state.topic_ids - {skill.pk}, key=str), skill.pk]
    return social_services.follow(follower=reader, followee=person, topic_skill_ids=topics)
