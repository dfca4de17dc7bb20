"""Writes for lists: named sets of people and skills, each read as its own feed.

A list is private to its owner: nobody else can see it, and nobody is told they are on one.
Every service checks all of its input before writing and runs in one transaction, and someone
else's list is "not found", so list ids reveal nothing. Adding a member twice is a no-op;
removing one that is not there is a 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from learnwork.social.models import Block, FollowList, FollowListMember
from learnwork.social.services import SkillId, _existing_skill_ids, _parse_skill_id

MAX_LISTS = 50
MAX_MEMBERS = 500
NAME_MAX = 80
DESCRIPTION_MAX = 280


def _clean_name(name: str) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise InvalidInput(_("Give the list a name."), field="name")
    if len(text) > NAME_MAX or not text.isprintable():
        raise InvalidInput(_("A list name is 1 to %(n)d ordinary characters.") % {"n": NAME_MAX},
                           field="name")
    return text


def _clean_description(description: str) -> str:
    text = " ".join(str(description or "").split())
    if len(text) > DESCRIPTION_MAX or not text.isprintable():
        raise InvalidInput(_("A description is at most %(n)d ordinary characters.")
                           % {"n": DESCRIPTION_MAX}, field="description")
    return text


def _name_taken(name: str) -> Conflict:
    return Conflict(_("You already have a list called “%(name)s”.") % {"name": name},
                    code="list_exists", field="name")


def _own_list(owner: User, list_id: int, *, lock: bool = False) -> FollowList:
    rows = FollowList.objects.filter(pk=list_id, owner=owner)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        raise NotFound(_("That list does not exist, or is not yours."), code="list_not_found")
    return found


def _check_person(owner: User, person: User) -> None:
    if owner.pk == person.pk:
        raise InvalidInput(_("Your own posts are on your profile; a list is for other people."),
                           code="self", field="handle")
    if not person.is_active:
        raise NotFound(_("Nobody has the handle @%(handle)s.") % {"handle": person.username},
                       field="handle")
    blockers = set(Block.objects.filter(Q(blocker=owner, blocked=person)
                                        | Q(blocker=person, blocked=owner))
                   .values_list("blocker_id", flat=True))
    if person.pk in blockers:
        raise PermissionDenied(_("@%(handle)s has blocked you, so you can't read them in a list.")
                               % {"handle": person.username}, code="blocked")
    if owner.pk in blockers:
        raise InvalidInput(_("You have blocked @%(handle)s. Unblock them first to add them.")
                           % {"handle": person.username}, code="unblock_first", field="handle")


def _room(follow_list: FollowList, adding: int) -> None:
    if adding and follow_list.members.count() + adding > MAX_MEMBERS:
        raise InvalidInput(_("A list holds at most %(n)d people and skills. Remove some first, "
                             "or start another list.") % {"n": MAX_MEMBERS}, field="members")


def _add(follow_list: FollowList, people: Sequence[User], skill_ids: Sequence[uuid.UUID]) -> None:
    """Add whoever and whatever is not in the list yet (all input checked by the caller)."""
    have_people = set(follow_list.members.filter(kind=FollowListMember.Kind.PERSON)
                      .values_list("person_id", flat=True))
    have_skills = set(follow_list.members.filter(kind=FollowListMember.Kind.SKILL)
                      .values_list("skill_id", flat=True))
    new_people = list(dict.fromkeys(p.pk for p in people if p.pk not in have_people))
    new_skills = [pk for pk in dict.fromkeys(skill_ids) if pk not in have_skills]
    _room(follow_list, len(new_people) + len(new_skills))
    # ignore_conflicts: the same member added twice at once (a double-submitted form).
    FollowListMember.objects.bulk_create(
        [FollowListMember(follow_list=follow_list, kind=FollowListMember.Kind.PERSON,
                          person_id=pk) for pk in new_people]
        + [FollowListMember(follow_list=follow_list, kind=FollowListMember.Kind.SKILL,
                            skill_id=pk) for pk in new_skills],
        ignore_conflicts=True,
    )
    if new_people or new_skills:
        follow_list.save(update_fields=["updated"])


def _skill_ids(raw: Sequence[SkillId]) -> list[uuid.UUID]:
    """Distinct, existing skill ids; raises naming the ones that are not."""
    if len(raw) > MAX_MEMBERS:
        raise InvalidInput(_("A list holds at most %(n)d people and skills.")
                           % {"n": MAX_MEMBERS}, field="skills")
    ids = list(dict.fromkeys(_parse_skill_id(value, field="skills") for value in raw))
    return _existing_skill_ids(ids, field="skills")


@transaction.atomic
def list_create(*, owner: User, name: str, description: str = "",
                people: Sequence[User] = (), skill_ids: Sequence[SkillId] = ()) -> FollowList:
    """A new list, with its first members if given. Names are unique per owner, in any case."""
    clean = _clean_name(name)
    text = _clean_description(description)
    for person in people:
        _check_person(owner, person)
    skills = _skill_ids(skill_ids)
    if FollowList.objects.filter(owner=owner).count() >= MAX_LISTS:
        raise InvalidInput(_("You can have at most %(n)d lists. Delete one first.")
                           % {"n": MAX_LISTS})
    if FollowList.objects.filter(owner=owner, name__iexact=clean).exists():
        raise _name_taken(clean)
    try:
        with transaction.atomic():
            follow_list = FollowList.objects.create(owner=owner, name=clean, description=text)
    except IntegrityError:
        # The same name sent twice at once: the other request won.
        raise _name_taken(clean) from None
    _add(follow_list, people, skills)
    return follow_list


@transaction.atomic
def list_update(*, owner: User, list_id: int, name: str | None = None,
                description: str | None = None) -> FollowList:
    """Rename a list or change its description; what is not passed stays."""
    follow_list = _own_list(owner, list_id, lock=True)
    if name is not None:
        clean = _clean_name(name)
        if (FollowList.objects.filter(owner=owner, name__iexact=clean)
                .exclude(pk=follow_list.pk).exists()):
            raise _name_taken(clean)
        follow_list.name = clean
    if description is not None:
        follow_list.description = _clean_description(description)
    try:
        with transaction.atomic():
            follow_list.save()
    except IntegrityError:
        raise _name_taken(follow_list.name) from None
    return follow_list


@transaction.atomic
def list_delete(*, owner: User, list_id: int) -> None:
    _own_list(owner, list_id).delete()


@transaction.atomic
def list_add(*, owner: User, list_id: int, people: Sequence[User] = (),
             skill_ids: Sequence[SkillId] = ()) -> FollowList:
    """Add people (everything they post) and skills (and every narrower one) to a list."""
    follow_list = _own_list(owner, list_id, lock=True)
    for person in people:
        _check_person(owner, person)
    _add(follow_list, people, _skill_ids(skill_ids))
    return follow_list


@transaction.atomic
def list_remove_person(*, owner: User, list_id: int, person: User) -> None:
    follow_list = _own_list(owner, list_id)
    deleted, _rows = follow_list.members.filter(kind=FollowListMember.Kind.PERSON,
                                                person=person).delete()
    if not deleted:
        raise NotFound(_("@%(handle)s is not on this list.") % {"handle": person.username},
                       code="member_not_found")


@transaction.atomic
def list_remove_skill(*, owner: User, list_id: int, skill_id: SkillId) -> None:
    follow_list = _own_list(owner, list_id)
    pk = _parse_skill_id(skill_id, field="skill_id")
    deleted, _rows = follow_list.members.filter(kind=FollowListMember.Kind.SKILL,
                                                skill_id=pk).delete()
    if not deleted:
        raise NotFound(_("That skill is not on this list."), code="member_not_found")
