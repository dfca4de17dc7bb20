from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from learnwork.recommendations.audit_services import MAX_BATCH
from learnwork.social.schemas import PersonRef

ActionIn = Literal["keep", "focus", "mute", "unfollow"]


class SkillFigureOut(Schema):
    id: uuid.UUID
    label: str
    shown: int = Field(description="Posts of theirs on this skill you were shown.")
    learned: int = Field(description="Of those, how many you learned from.")


class SuggestionOut(Schema):
    action: str = Field(description="keep, focus (follow only for `skill`), mute or unfollow.")
    reason: str = Field(description="Why, in a sentence.")
    skill: SkillFigureOut | None = Field(None, description="For focus: the skill to follow "
                                                           "them for.")


class AccountAuditOut(Schema):
    person: PersonRef
    followed_since: datetime
    topics: list[uuid.UUID] = Field(description="Skills you follow them for; empty: everything.")
    muted: bool
    shown: int = Field(description="Posts of theirs you were shown in your home feed.")
    learned: int = Field(description="Of those, how many you marked “I learned from this”.")
    share: float | None = Field(description="learned / shown; null when nothing was shown.")
    posted: int = Field(description="Posts they wrote in the window; 0 is silence.")
    silent: bool
    last_posted: datetime | None = Field(description="For the silent: their last post ever.")
    skills: list[SkillFigureOut] = Field(description="Skills of the posts shown, most shown "
                                                     "first.")
    suggestion: SuggestionOut


class AuditOut(Schema):
    since: datetime = Field(description="The start of the 30-day window.")
    following: int = Field(description="Accounts you follow (all of them, before filtering).")
    counts: dict[str, int] = Field(description="How many accounts get each suggestion.")
    total: int = Field(description="Accounts matching the filter, all pages together.")
    accounts: list[AccountAuditOut]


class AuditActionIn(Schema):
    handle: str = Field(min_length=1, max_length=31)
    action: ActionIn
    skill_id: uuid.UUID | None = Field(None, description="For focus: the skill to follow them "
                                                         "for (and every narrower one).")


class AuditActionsIn(Schema):
    actions: list[AuditActionIn] = Field(min_length=1, max_length=MAX_BATCH)


class AppliedOut(Schema):
    person: PersonRef
    action: str
    skill_id: uuid.UUID | None


class AuditActionsOut(Schema):
    applied: list[AppliedOut]
