"""Writes for social: follows (people, skills, a person for chosen skills), blocks and mutes.

Every service checks all of its input before it writes and runs in one transaction, so a
refused request leaves nothing behind. Doing again what is already done (following twice,
muting a person twice) is not an error; a duplicate that the person typed (a muted word) is.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from learnwork.skills.models import Skill
from learnwork.social.models import Block, Follow, FollowTopic, Mute, SkillFollow
from learnwork.social.muting import MAX_WORD_LENGTH, has_control_characters, normalise_word

MAX_TOPICS = 50
MAX_MUTED_WORDS = 200

SkillId = uuid.UUID | str


def _parse_skill_id(value: SkillId, *, field: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput(
            _("“%(value)s” is not a skill id. Search for the skill by name and pick it from "
              "the list.") % {"value": str(value)[:40]}, field=field,
        ) from None


def _existing_skill_ids(ids: list[uuid.UUID], *, field: str) -> list[uuid.UUID]:
    """`ids` (distinct, parsed) if every one names a skill; raises naming the ones that do not."""
    if not ids:
        return ids
    known = set(Skill.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in known]
    if missing:
        raise NotFound(ngettext("No skill has the id %(ids)s.", "No skills have the ids %(ids)s.",
                                len(missing)) % {"ids": ", ".join(missing[:5])},
                       code="skill_not_found", field=field)
    return ids


def _topic_ids(raw: Sequence[SkillId]) -> list[uuid.UUID]:
    """Distinct, existing skill ids; raises naming the ones that are not."""
    ids = list(dict.fromkeys(_parse_skill_id(value, field="topics") for value in raw))
    if len(ids) > MAX_TOPICS:
        raise InvalidInput(_("Choose at most %(n)d skills to follow someone for.")
                           % {"n": MAX_TOPICS}, field="topics")
    return _existing_skill_ids(ids, field="topics")


def _skill(skill_id: SkillId) -> Skill:
    skill = Skill.objects.filter(pk=_parse_skill_id(skill_id, field="skill_id")).first()
    if skill is None:
        raise NotFound(_("No skill has the id %(id)s.") % {"id": skill_id},
                       code="skill_not_found", field="skill_id")
    return skill


def _check_person(user: User, other: User, *, self_message: str) -> None:
    if user.pk == other.pk:
        raise InvalidInput(self_message, code="self")
    if not other.is_active:
        raise NotFound(_("Nobody has the handle @%(handle)s.") % {"handle": other.username})


def _blocks(a: User, b: User) -> tuple[bool, bool]:
    """(a blocks b, b blocks a), in one query."""
    blockers = set(Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a))
                   .values_list("blocker_id", flat=True))
    return a.pk in blockers, b.pk in blockers


def _set_topics(follow: Follow, skill_ids: list[uuid.UUID], *, is_new: bool) -> None:
    wanted = set(skill_ids)
    current = (set() if is_new else
               set(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True)))
    if current - wanted:
        FollowTopic.objects.filter(follow=follow, skill_id__in=current - wanted).delete()
    if wanted - current:
        # ignore_conflicts: a double-submitted form may add the same topic twice at once.
        FollowTopic.objects.bulk_create(
            [FollowTopic(follow=follow, follower_id=follow.follower_id, skill_id=pk)
             for pk in skill_ids if pk not in current],
            ignore_conflicts=True,
        )


@transaction.atomic
def follow(*, follower: User, followee: User,
           topic_skill_ids: Sequence[SkillId] = ()) -> Follow:
    """Follow `followee`: for everything, or with topics only for those skills (and narrower).

    Following someone already followed keeps the follow and replaces its topics.
    """
    _check_person(follower, followee, self_message=_("You can't follow yourself."))
    i_block, they_block = _blocks(follower, followee)
    if they_block:
        raise PermissionDenied(_("@%(handle)s has blocked you, so you can't follow them.")
                               % {"handle": followee.username}, code="blocked")
    if i_block:
        raise InvalidInput(_("You have blocked @%(handle)s. Unblock them first to follow them.")
                           % {"handle": followee.username}, code="unblock_first")
    skill_ids = _topic_ids(topic_skill_ids)
    row, created = Follow.objects.get_or_create(follower=follower, followee=followee)
    _set_topics(row, skill_ids, is_new=created)
    return row


@transaction.atomic
def set_follow_topics(*, follower: User, followee: User,
                      topic_skill_ids: Sequence[SkillId]) -> Follow:
    """Change what an existing follow brings: no topics means everything."""
    skill_ids = _topic_ids(topic_skill_ids)
    row = (Follow.objects.select_for_update()
           .filter(follower=follower, followee=followee).first())
    if row is None:
        raise NotFound(_("You don't follow @%(handle)s.") % {"handle": followee.username},
                       code="not_following")
    _set_topics(row, skill_ids, is_new=False)
    return row


@transaction.atomic
def unfollow(*, follower: User, followee: User) -> None:
    deleted, _rows = Follow.objects.filter(follower=follower, followee=followee).delete()
    if not deleted:
        raise NotFound(_("You don't follow @%(handle)s.") % {"handle": followee.username},
                       code="not_following")


@transaction.atomic
def skill_follow(*, user: User, skill_id: SkillId) -> SkillFollow:
    """Follow a skill: posts tagged with it or any narrower skill. Following again is a no-op."""
    row, _created = SkillFollow.objects.get_or_create(user=user, skill=_skill(skill_id))
    return row


@transaction.atomic
def skill_unfollow(*, user: User, skill_id: SkillId) -> None:
    pk = _parse_skill_id(skill_id, field="skill_id")
    deleted, _rows = SkillFollow.objects.filter(user=user, skill_id=pk).delete()
    if not deleted:
        raise NotFound(_("You don't follow that skill."), code="not_following")


@transaction.atomic
def block(*, blocker: User, blocked: User) -> Block:
    """Block someone: each stops seeing the other, and follows both ways end."""
    _check_person(blocker, blocked, self_message=_("You can't block yourself."))
    row, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Follow.objects.filter(Q(follower=blocker, followee=blocked)
                          | Q(follower=blocked, followee=blocker)).delete()
    return row


@transaction.atomic
def unblock(*, blocker: User, blocked: User) -> None:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    if not deleted:
        raise NotFound(_("You haven't blocked @%(handle)s.") % {"handle": blocked.username},
                       code="not_blocked")


@transaction.atomic
def mute_person(*, user: User, person: User) -> Mute:
    """Hide someone's posts from you without telling them. Muting again is a no-op."""
    _check_person(user, person, self_message=_("You can't mute yourself."))
    row, _created = Mute.objects.get_or_create(user=user, kind=Mute.Kind.PERSON, person=person)
    return row


@transaction.atomic
def mute_word(*, user: User, word: str) -> Mute:
    """Hide posts containing a word or phrase (whole words, any case)."""
    text = normalise_word(word)
    if not text:
        raise InvalidInput(_("Type a word or phrase to mute."), field="word")
    if len(text) > MAX_WORD_LENGTH or has_control_characters(text):
        raise InvalidInput(_("A muted word or phrase is 1 to %(n)d ordinary characters.")
                           % {"n": MAX_WORD_LENGTH}, field="word")
    conflict = Conflict(_("You already mute “%(word)s”.") % {"word": text},
                        code="mute_exists", field="word")
    words = Mute.objects.filter(user=user, kind=Mute.Kind.WORD)
    if words.filter(word=text).exists():
        raise conflict
    if words.count() >= MAX_MUTED_WORDS:
        raise InvalidInput(_("You can mute at most %(n)d words. Remove some first.")
                           % {"n": MAX_MUTED_WORDS}, field="word")
    try:
        with transaction.atomic():
            return Mute.objects.create(user=user, kind=Mute.Kind.WORD, word=text)
    except IntegrityError:
        # The same word sent twice at once: the other request won.
        raise conflict from None


@transaction.atomic
def mute_skill(*, user: User, skill_id: SkillId) -> Mute:
    """Hide posts on a skill and every narrower one. Muting again is a no-op."""
    row, _created = Mute.objects.get_or_create(user=user, kind=Mute.Kind.SKILL,
                                               skill=_skill(skill_id))
    return row


@transaction.atomic
def unmute(*, user: User, mute_id: int) -> None:
    # Someone else's mute is "not found" too, so ids reveal nothing about other people.
    deleted, _rows = Mute.objects.filter(pk=mute_id, user=user).delete()
    if not deleted:
        raise NotFound(_("That mute does not exist, or is not yours."), code="mute_not_found")


@transaction.atomic
def unmute_person(*, user: User, person: User) -> None:
    deleted, _rows = Mute.objects.filter(user=user, kind=Mute.Kind.PERSON, person=person).delete()
    if not deleted:
        raise NotFound(_("You don't mute @%(handle)s.") % {"handle": person.username},
                       code="mute_not_found")


@transaction.atomic
def unmute_skill(*, user: User, skill_id: SkillId) -> None:
    pk = _parse_skill_id(skill_id, field="skill_id")
    deleted, _rows = Mute.objects.filter(user=user, kind=Mute.Kind.SKILL, skill_id=pk).delete()
    if not deleted:
        raise NotFound(_("You don't mute that skill."), code="mute_not_found")
