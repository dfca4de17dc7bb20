from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Schema
from pydantic import Field

from learnwork.skills.schemas import SkillRef
from learnwork.social.lists import MAX_MEMBERS
from learnwork.social.schemas import PersonRef

NAME_DESCRIPTION = ("1 to 80 characters once spaces are tidied; unique among your lists, "
                    "in any case.")


class ListIn(Schema):
    name: str = Field(max_length=200, description=NAME_DESCRIPTION)
    description: str = Field("", max_length=1000, description="Up to 280 characters.")
    people: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS,
                              description="@handles of people to put on the list.")
    skills: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_MEMBERS,
                                    description="Skill ids: posts on them or any narrower skill "
                                                "come into the list.")


class ListPatch(Schema):
    name: str | None = Field(None, max_length=200, description=NAME_DESCRIPTION)
    description: str | None = Field(None, max_length=1000, description="Up to 280 characters.")


class ListSummaryOut(Schema):
    id: int
    name: str
    description: str
    people_count: int
    skills_count: int
    created: datetime
    updated: datetime


class ListOut(Schema):
    id: int
    name: str
    description: str
    people: list[PersonRef] = Field(description="Everything they post comes into the list.")
    muted_people: list[str] = Field(description="Handles of people on the list you mute: their "
                                                "posts stay hidden in the list feed too.")
    skills: list[SkillRef] = Field(description="Each with every narrower skill.")
    created: datetime
    updated: datetime
