from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from learnwork.skills.schemas import SkillRef


def _handle() -> Any:
    return Field(min_length=1, max_length=31, description="Their @handle; the @ is optional.")


TOPICS_DESCRIPTION = ("Skill ids: follow them only for posts on these skills or narrower ones. "
                      "Empty: everything they post.")


class PersonRef(Schema):
    handle: str
    name: str


class FollowIn(Schema):
    handle: str = _handle()
    topics: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                    description=TOPICS_DESCRIPTION)


class TopicsIn(Schema):
    topics: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                    description=TOPICS_DESCRIPTION)


class FollowOut(Schema):
    person: PersonRef
    everything: bool = Field(description="True when no topics are chosen.")
    topics: list[SkillRef]
    created: datetime


class FollowStateOut(Schema):
    person: PersonRef
    following: bool
    everything: bool = Field(description="Following them for everything (no topics).")
    topics: list[SkillRef]
    muted: bool
    blocked_by_you: bool
    blocks_you: bool
    followers_count: int
    following_count: int


class SkillFollowIn(Schema):
    skill_id: uuid.UUID


class SkillFollowOut(Schema):
    skill: SkillRef
    created: datetime


class MuteIn(Schema):
    kind: Literal["person", "word", "skill"]
    handle: str | None = Field(None, max_length=31, description="For kind=person.")
    word: str | None = Field(None, max_length=1000,
                             description="For kind=word: a word or phrase, up to 100 "
                                         "characters once trimmed. Matched as whole words, "
                                         "ignoring case.")
    skill_id: uuid.UUID | None = Field(None, description="For kind=skill: hides the skill and "
                                                         "every narrower one.")


class MuteOut(Schema):
    id: int
    kind: str
    person: PersonRef | None
    word: str | None
    skill: SkillRef | None
    created: datetime


class BlockIn(Schema):
    handle: str = _handle()


class BlockOut(Schema):
    person: PersonRef
    created: datetime
