"""The social JSON API: your follows (people and skills), mutes and blocks."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Status

from learnwork.accounts.auth import require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.core.errors import InvalidInput
from learnwork.skills.models import Skill
from learnwork.social import selectors, services
from learnwork.social.models import Block, Follow, Mute, SkillFollow
from learnwork.social.schemas import (
    BlockIn,
    BlockOut,
    FollowIn,
    FollowOut,
    FollowStateOut,
    MuteIn,
    MuteOut,
    SkillFollowIn,
    SkillFollowOut,
    TopicsIn,
)

router = Router(tags=["social"])


def _person(user: User) -> dict[str, str]:
    profile = getattr(user, "profile", None)
    return {"handle": user.username, "name": profile.name if profile else user.username}


def _ref(skill: Skill) -> dict[str, Any]:
    return {"id": skill.pk, "label": skill.label, "kind": skill.kind}


def _follow(row: Follow) -> dict[str, Any]:
    topics = [_ref(skill) for skill in row.topics.all()]
    return {"person": _person(row.followee), "everything": not topics, "topics": topics,
            "created": row.created}


def _mute(row: Mute) -> dict[str, Any]:
    return {"id": row.pk, "kind": row.kind,
            "person": _person(row.person) if row.person else None,
            "word": row.word or None, "skill": _ref(row.skill) if row.skill else None,
            "created": row.created}


def _block(row: Block) -> dict[str, Any]:
    return {"person": _person(row.blocked), "created": row.created}


def _skill_follow(row: SkillFollow) -> dict[str, Any]:
    return {"skill": _ref(row.skill), "created": row.created}


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/me/follows", url_name="my_follows",
            response={200: list[FollowOut], **errors(*COMMON_ERRORS)},
            summary="People you follow, newest first, with the skills you follow them for")
def my_follows(request: HttpRequest, limit: QueryEx[int, P(ge=1, le=500)] = 100,
               offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    rows = selectors.following_for(user=_me(request))[offset:offset + limit]
    return [_follow(row) for row in rows]


@router.post("/me/follows", url_name="my_follows_add",
             response={201: FollowOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Follow someone: for everything, or only for chosen skills "
                     "(following again replaces the skills)")
def add_follow(request: HttpRequest, payload: FollowIn) -> Status[dict[str, Any]]:
    require_write(request)
    followee = selectors.person_by_handle(handle=payload.handle)
    services.follow(follower=_me(request), followee=followee, topic_skill_ids=payload.topics)
    return Status(201, _follow(selectors.follow_get(follower=_me(request), followee=followee)))


@router.get("/me/follows/{handle}", url_name="my_follow",
            response={200: FollowStateOut, **errors(404, *COMMON_ERRORS)},
            summary="How you stand with someone: following (for which skills), muted, blocked")
def follow_state(request: HttpRequest, handle: str) -> dict[str, Any]:
    person = selectors.person_by_handle(handle=handle)
    state = selectors.follow_state(viewer=_me(request), other=person)
    return {
        "person": _person(person), "following": state.following,
        "everything": state.everything, "topics": [_ref(s) for s in state.topics],
        "muted": state.muted, "blocked_by_you": state.blocked_by_viewer,
        "blocks_you": state.blocks_viewer,
        "followers_count": selectors.followers_count(user=person),
        "following_count": selectors.following_count(user=person),
    }


@router.put("/me/follows/{handle}", url_name="my_follow_put",
            response={200: FollowOut, **errors(400, 403, 404, *COMMON_ERRORS)},
            summary="Follow someone for exactly these skills (none: everything)")
def put_follow(request: HttpRequest, handle: str, payload: TopicsIn) -> dict[str, Any]:
    require_write(request)
    followee = selectors.person_by_handle(handle=handle)
    services.follow(follower=_me(request), followee=followee, topic_skill_ids=payload.topics)
    return _follow(selectors.follow_get(follower=_me(request), followee=followee))


@router.delete("/me/follows/{handle}", url_name="my_follow_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Stop following someone")
def delete_follow(request: HttpRequest, handle: str) -> Status[None]:
    require_write(request)
    services.unfollow(follower=_me(request),
                      followee=selectors.person_by_handle(handle=handle))
    return Status(204, None)


@router.get("/me/skill-follows", url_name="my_skill_follows",
            response={200: list[SkillFollowOut], **errors(*COMMON_ERRORS)},
            summary="Skills you follow")
def my_skill_follows(request: HttpRequest) -> list[dict[str, Any]]:
    return [_skill_follow(row) for row in selectors.skill_follows_for(user=_me(request))]


@router.post("/me/skill-follows", url_name="my_skill_follows_add",
             response={201: SkillFollowOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Follow a skill: posts tagged with it or any narrower skill")
def add_skill_follow(request: HttpRequest, payload: SkillFollowIn) -> Status[dict[str, Any]]:
    require_write(request)
    row = services.skill_follow(user=_me(request), skill_id=payload.skill_id)
    return Status(201, _skill_follow(row))


@router.delete("/me/skill-follows/{skill_id}", url_name="my_skill_follow_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Stop following a skill")
def delete_skill_follow(request: HttpRequest, skill_id: uuid.UUID) -> Status[None]:
    require_write(request)
    services.skill_unfollow(user=_me(request), skill_id=skill_id)
    return Status(204, None)


@router.get("/me/mutes", url_name="my_mutes",
            response={200: list[MuteOut], **errors(*COMMON_ERRORS)},
            summary="People, words and skills you mute")
def my_mutes(request: HttpRequest) -> list[dict[str, Any]]:
    return [_mute(row) for row in selectors.mutes_for(user=_me(request))]


@router.post("/me/mutes", url_name="my_mutes_add",
             response={201: MuteOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Mute a person, a word or phrase, or a skill (409 if the word is muted)")
def add_mute(request: HttpRequest, payload: MuteIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _me(request)
    if payload.kind == "person":
        if not payload.handle:
            raise InvalidInput(_("Send the handle of the person to mute."), field="handle")
        row = services.mute_person(user=user,
                                   person=selectors.person_by_handle(handle=payload.handle))
    elif payload.kind == "skill":
        if payload.skill_id is None:
            raise InvalidInput(_("Send the id of the skill to mute."), field="skill_id")
        row = services.mute_skill(user=user, skill_id=payload.skill_id)
    else:
        row = services.mute_word(user=user, word=payload.word or "")
    return Status(201, _mute(row))


@router.delete("/me/mutes/{mute_id}", url_name="my_mute_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Unmute")
def delete_mute(request: HttpRequest, mute_id: int) -> Status[None]:
    require_write(request)
    services.unmute(user=_me(request), mute_id=mute_id)
    return Status(204, None)


@router.get("/me/blocks", url_name="my_blocks",
            response={200: list[BlockOut], **errors(*COMMON_ERRORS)},
            summary="People you block")
def my_blocks(request: HttpRequest) -> list[dict[str, Any]]:
    return [_block(row) for row in selectors.blocks_for(user=_me(request))]


@router.post("/me/blocks", url_name="my_blocks_add",
             response={201: BlockOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Block someone: neither sees the other, and follows both ways end")
def add_block(request: HttpRequest, payload: BlockIn) -> Status[dict[str, Any]]:
    require_write(request)
    row = services.block(blocker=_me(request),
                         blocked=selectors.person_by_handle(handle=payload.handle))
    return Status(201, _block(row))


@router.delete("/me/blocks/{handle}", url_name="my_block_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Unblock someone")
def delete_block(request: HttpRequest, handle: str) -> Status[None]:
    require_write(request)
    services.unblock(blocker=_me(request), blocked=selectors.person_by_handle(handle=handle))
    return Status(204, None)
