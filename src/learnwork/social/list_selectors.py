"""Reads for lists (private to their owner): a person's lists, one list with its members, and
what a list feed reads. Each selector runs a fixed number of queries, whatever the list holds.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnwork.accounts.models import User
from learnwork.core.errors import NotFound
from learnwork.skills.selectors import descendants_by_root
from learnwork.social.models import FollowList, FollowListMember, Mute

Kind = FollowListMember.Kind
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,30}")


def people_by_handles(*, handles: Iterable[str]) -> list[User]:
    """The active accounts with these @handles (any case, the @ optional), in the order given,
    each once, in one query; NotFound names the handles nobody has."""
    wanted = list(dict.fromkeys(str(handle).strip().lstrip("@").lower() for handle in handles))
    if not wanted:
        return []
    # Anything else cannot be a handle: not found without asking (a NUL byte from a fuzzer
    # never reaches PostgreSQL).
    possible = [handle for handle in wanted if _HANDLE.fullmatch(handle)]
    found = {user.username.lower(): user for user in
             User.objects.annotate(handle_ci=Lower("username"))
             .filter(handle_ci__in=possible, is_active=True).select_related("profile")
             } if possible else {}
    missing = [handle for handle in wanted if handle not in found]
    if missing:
        raise NotFound(ngettext("Nobody has the handle %(handles)s.",
                                "Nobody has the handles %(handles)s.", len(missing))
                       % {"handles": ", ".join(f"@{h[:30]}" for h in missing[:5])},
                       field="handles")
    return [found[handle] for handle in wanted]


def lists_for(*, user: User) -> list[FollowList]:
    """`user`'s lists by name, each with `people_count` and `skills_count` (one query)."""
    return list(
        FollowList.objects.filter(owner=user)
        .annotate(people_count=Count("members", filter=Q(members__kind=Kind.PERSON)),
                  skills_count=Count("members", filter=Q(members__kind=Kind.SKILL)))
        .order_by("name", "pk")
    )


def list_get(*, owner: User, list_id: int) -> FollowList:
    """One of `owner`'s lists; someone else's list is "not found", just like a missing one."""
    found = FollowList.objects.filter(pk=list_id, owner=owner).first()
    if found is None:
        raise NotFound(_("That list does not exist, or is not yours."), code="list_not_found")
    return found


@dataclass(frozen=True)
class ListDetail:
    follow_list: FollowList
    # People with their profiles, by name; deactivated accounts are left out.
    people: list[User]
    skills: list[Any]
    # Which of the people and skills the owner mutes: the list feed hides them too.
    muted_person_ids: frozenset[int]
    muted_skill_ids: frozenset[uuid.UUID]

    @property
    def size(self) -> int:
        return len(self.people) + len(self.skills)


def list_detail(*, owner: User, list_id: int) -> ListDetail:
    """A list with its members, for its page and the API (three queries)."""
    follow_list = list_get(owner=owner, list_id=list_id)
    people: list[User] = []
    skills: list[Any] = []
    for member in (follow_list.members.select_related("person__profile", "skill")
                   .order_by("kind", "created", "pk")):
        if member.kind == Kind.PERSON and member.person is not None:
            if member.person.is_active:
                people.append(member.person)
        elif member.skill is not None:
            skills.append(member.skill)
    people.sort(key=lambda u: (u.profile.name.casefold(), u.username))
    skills.sort(key=lambda s: s.label.casefold())
    muted_people: set[int] = set()
    muted_skills: set[uuid.UUID] = set()
    for kind, person_id, skill_id in Mute.objects.filter(
            user=owner, kind__in=[Mute.Kind.PERSON, Mute.Kind.SKILL]).values_list(
            "kind", "person_id", "skill_id"):
        if kind == Mute.Kind.PERSON:
            muted_people.add(person_id)
        else:
            muted_skills.add(skill_id)
    return ListDetail(follow_list=follow_list, people=people, skills=skills,
                      muted_person_ids=frozenset(muted_people),
                      muted_skill_ids=frozenset(muted_skills))


@dataclass(frozen=True)
class ListSources:
    """What a list feed reads: the people on the list and its skills, each skill expanded to
    every narrower one (from the hierarchy held in memory)."""

    list_id: int
    name: str
    person_ids: frozenset[int]
    # Each skill on the list mapped to itself and every skill below it.
    skills_by_root: dict[uuid.UUID, frozenset[uuid.UUID]]
    skill_labels: dict[uuid.UUID, str]

    @property
    def skill_ids(self) -> frozenset[uuid.UUID]:
        return frozenset().union(*self.skills_by_root.values())

    def roots_of(self, skill_ids: frozenset[uuid.UUID]) -> list[uuid.UUID]:
        """The list's own skills that these post skills fall under, by label."""
        found = [root for root, below in self.skills_by_root.items()
                 if not below.isdisjoint(skill_ids)]
        return sorted(found, key=lambda pk: self.skill_labels.get(pk, "").casefold())


def list_sources(*, owner: User, list_id: int) -> ListSources:
    """The list's people and skills for its feed (two queries)."""
    follow_list = list_get(owner=owner, list_id=list_id)
    people: set[int] = set()
    labels: dict[uuid.UUID, str] = {}
    for kind, person_id, skill_id, label in follow_list.members.values_list(
            "kind", "person_id", "skill_id", "skill__label"):
        if kind == Kind.PERSON:
            people.add(person_id)
        else:
            labels[skill_id] = label
    return ListSources(list_id=follow_list.pk, name=follow_list.name,
                       person_ids=frozenset(people),
                       skills_by_root=descendants_by_root(skill_ids=labels) if labels else {},
                       skill_labels=labels)


def export_for(*, user: User) -> list[dict[str, Any]]:
    """`user`'s lists with their members, for their data download (two queries)."""
    lists: dict[int, dict[str, Any]] = {
        fl.pk: {"name": fl.name, "description": fl.description,
                "created": fl.created.isoformat(), "people": [], "skills": []}
        for fl in FollowList.objects.filter(owner=user).order_by("name", "pk")}
    members = (FollowListMember.objects.filter(follow_list__owner=user)
               .values_list("follow_list_id", "kind", "person__username", "skill_id",
                            "skill__label").order_by("created", "pk"))
    for list_id, kind, handle, skill_id, label in members:
        if kind == Kind.PERSON:
            lists[list_id]["people"].append({"handle": handle})
        else:
            lists[list_id]["skills"].append({"skill_id": str(skill_id), "label": label})
    return list(lists.values())
