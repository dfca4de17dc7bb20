"""Reads for social: whom and what a person follows, mutes and blocks, and how two people
stand with each other. Every selector runs a fixed number of queries, whatever it returns.

The feed's view of all of this in one object is `reading_graph` (in reading.py).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import Profile, User
from learnwork.core.errors import NotFound
from learnwork.skills import selectors as skills
from learnwork.skills.models import Skill, UserSkill
from learnwork.skills.selectors import descendants_by_root
from learnwork.social.models import Block, Follow, Mute, SkillFollow
from learnwork.social.reading import graph_from, graph_statements, reading_graph

__all__ = [
    "FollowState", "PersonControl", "SkillControl", "TopicChoice", "blocks_for",
    "descendants_by_root", "export_for", "follow_get", "follow_state", "followers_count",
    "following_count", "following_for", "graph_from", "graph_statements", "is_blocked_between",
    "mutes_for", "person_by_handle", "person_control", "profile_by_handle", "reading_graph",
    "skill_control", "skill_follows_for",
]

# Anything else cannot be a handle, so it is "not found" without asking the database
# (and a NUL byte from a fuzzer never reaches PostgreSQL).
_HANDLE = re.compile(r"@?[A-Za-z0-9_]{1,30}")


def profile_by_handle(*, handle: str) -> Profile:
    """The profile of the active account with this @handle (any case); raises NotFound."""
    if not _HANDLE.fullmatch(handle or ""):
        raise NotFound(_("Nobody has the handle @%(handle)s.") % {"handle": handle[:30]})
    return accounts.profile_by_handle(handle=handle)


def person_by_handle(*, handle: str) -> User:
    return profile_by_handle(handle=handle).user


def _topics_prefetch() -> Prefetch:
    return Prefetch("topics", queryset=Skill.objects.order_by("label"))


def following_for(*, user: User) -> QuerySet[Follow]:
    """`user`'s follows, newest first, with each followee's profile and topics (3 queries a
    page: the page, the topics, and a count when paginated)."""
    return (Follow.objects.filter(follower=user, followee__is_active=True)
            .select_related("followee__profile").prefetch_related(_topics_prefetch())
            .order_by("-created", "-pk"))


def follow_get(*, follower: User, followee: User) -> Follow:
    row = (Follow.objects.filter(follower=follower, followee=followee)
           .select_related("followee__profile").prefetch_related(_topics_prefetch()).first())
    if row is None:
        raise NotFound(_("You don't follow @%(handle)s.") % {"handle": followee.username},
                       code="not_following")
    return row


def skill_follows_for(*, user: User) -> list[SkillFollow]:
    return list(SkillFollow.objects.filter(user=user).select_related("skill")
                .order_by("skill__label"))


def mutes_for(*, user: User) -> list[Mute]:
    return list(Mute.objects.filter(user=user).select_related("person__profile", "skill")
                .order_by("kind", "word", "created"))


def blocks_for(*, user: User) -> list[Block]:
    return list(Block.objects.filter(blocker=user).select_related("blocked__profile")
                .order_by("-created"))


def followers_count(*, user: User) -> int:
    return Follow.objects.filter(followee=user, follower__is_active=True).count()


def following_count(*, user: User) -> int:
    return Follow.objects.filter(follower=user, followee__is_active=True).count()


def is_blocked_between(*, a: Any, b: Any) -> bool:
    """Whether either has blocked the other (anonymous viewers are never blocked)."""
    if not (a.is_authenticated and b.is_authenticated) or a.pk == b.pk:
        return False
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


@dataclass(frozen=True)
class FollowState:
    following: bool = False
    topics: tuple[Skill, ...] = ()
    blocked_by_viewer: bool = False
    blocks_viewer: bool = False
    mute_id: int | None = None

    @property
    def topic_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(skill.pk for skill in self.topics)

    @property
    def everything(self) -> bool:
        return self.following and not self.topics

    @property
    def muted(self) -> bool:
        return self.mute_id is not None

    @property
    def blocked_either_way(self) -> bool:
        return self.blocked_by_viewer or self.blocks_viewer


def follow_state(*, viewer: Any, other: User) -> FollowState:
    """How `viewer` stands with `other`: following (for which topics), muting, blocking."""
    if not viewer.is_authenticated or viewer.pk == other.pk:
        return FollowState()
    row = (Follow.objects.filter(follower=viewer, followee=other)
           .prefetch_related(_topics_prefetch()).first())
    blockers = set(Block.objects.filter(Q(blocker=viewer, blocked=other)
                                        | Q(blocker=other, blocked=viewer))
                   .values_list("blocker_id", flat=True))
    mute_id = (Mute.objects.filter(user=viewer, kind=Mute.Kind.PERSON, person=other)
               .values_list("pk", flat=True).first())
    return FollowState(
        following=row is not None, topics=tuple(row.topics.all()) if row else (),
        blocked_by_viewer=viewer.pk in blockers, blocks_viewer=other.pk in blockers,
        mute_id=mute_id,
    )


@dataclass(frozen=True)
class TopicChoice:
    skill_id: uuid.UUID
    label: str
    checked: bool


@dataclass(frozen=True)
class PersonControl:
    """The follow / mute / block control for one person, as `viewer` sees it."""

    profile: Profile
    state: FollowState
    followers: int
    following: int
    signed_in: bool
    is_self: bool
    choices: tuple[TopicChoice, ...] = ()

    @property
    def handle(self) -> str:
        return self.profile.user.username

    @property
    def show_actions(self) -> bool:
        # Someone blocked by the owner sees no controls at all, not even "blocked".
        return self.signed_in and not self.is_self and not self.state.blocks_viewer

    @property
    def can_follow(self) -> bool:
        return self.show_actions and not self.state.blocked_by_viewer


def person_control(*, viewer: Any, profile: Profile,
                   owner_skills: Sequence[UserSkill] | None = None) -> PersonControl:
    """Everything the follow control on `profile` needs, including the skills `viewer` may
    follow its owner for: the owner's skills they can see, and any topic already chosen.

    A caller that has already loaded the skills `viewer` may see passes them as `owner_skills`.
    """
    owner = profile.user
    state = follow_state(viewer=viewer, other=owner)
    control = PersonControl(
        profile=profile, state=state, followers=followers_count(user=owner),
        following=following_count(user=owner), signed_in=bool(viewer.is_authenticated),
        is_self=bool(viewer.is_authenticated and viewer.pk == owner.pk),
    )
    if not control.can_follow:
        return control
    chosen = state.topic_ids
    if owner_skills is None and accounts.can_see(viewer=viewer, owner=owner,
                                                 visibility=profile.skills_visibility):
        owner_skills = skills.skills_for_profile(user=owner)
    choices = [TopicChoice(us.skill_id, us.skill.label, us.skill_id in chosen)
               for us in owner_skills or ()]
    offered = {choice.skill_id for choice in choices}
    choices += [TopicChoice(skill.pk, skill.label, True)
                for skill in state.topics if skill.pk not in offered]
    return replace(control, choices=tuple(choices))


@dataclass(frozen=True)
class SkillControl:
    skill: Skill
    signed_in: bool
    following: bool = False
    mute_id: int | None = None
    followers: int = 0


def skill_control(*, viewer: Any, skill: Skill) -> SkillControl:
    """The follow / mute control on a skill page."""
    followers = SkillFollow.objects.filter(skill=skill).count()
    if not viewer.is_authenticated:
        return SkillControl(skill=skill, signed_in=False, followers=followers)
    return SkillControl(
        skill=skill, signed_in=True, followers=followers,
        following=SkillFollow.objects.filter(user=viewer, skill=skill).exists(),
        mute_id=(Mute.objects.filter(user=viewer, kind=Mute.Kind.SKILL, skill=skill)
                 .values_list("pk", flat=True).first()),
    )


def _skill_ref(skill: Skill) -> dict[str, str]:
    return {"skill_id": str(skill.pk), "label": skill.label, "esco_uri": skill.esco_uri}


def export_for(*, user: User) -> dict[str, Any]:
    """Whom and what `user` follows, mutes and blocks, for their data download."""
    mutes = []
    for mute in mutes_for(user=user):
        entry: dict[str, Any] = {"kind": mute.kind, "created": mute.created.isoformat()}
        if mute.kind == Mute.Kind.PERSON and mute.person is not None:
            entry["handle"] = mute.person.username
        elif mute.kind == Mute.Kind.SKILL and mute.skill is not None:
            entry.update(_skill_ref(mute.skill))
        else:
            entry["word"] = mute.word
        mutes.append(entry)
    return {
        "following": [
            {"handle": f.followee.username, "since": f.created.isoformat(),
             "topics": [_skill_ref(skill) for skill in f.topics.all()]}
            for f in following_for(user=user)
        ],
        "followed_skills": [
            {**_skill_ref(sf.skill), "since": sf.created.isoformat()}
            for sf in skill_follows_for(user=user)
        ],
        "mutes": mutes,
        "blocks": [
            {"handle": b.blocked.username, "since": b.created.isoformat()}
            for b in blocks_for(user=user)
        ],
        "followers_count": followers_count(user=user),
    }
