from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Schema
from pydantic import Field

from learnwork.skills.schemas import SkillRef
from learnwork.social.schemas import PersonRef


class TeacherEvidenceOut(Schema):
    learners: int = Field(description="People who marked “I learned from this” on their posts "
                                      "on the skill or a narrower one.")
    learned_marks: int
    learned_posts: int = Field(description="Their posts on the skill someone learned from.")
    posts: int = Field(description="Their posts on the skill.")
    records: int = Field(description="Finished learning records in the skill.")
    confirmed_records: int = Field(description="Of those, confirmed by the provider.")
    badges: int = Field(description="Verified Open Badges in the skill.")
    can_teach: bool = Field(description="They say they can teach it (a weak signal).")
    declared_level: int | None = Field(
        description="Their self-rating (4 or 5 of 5) in it, when that high (weaker still).")
    declared_skill: SkillRef | None = Field(
        description="The skill (this one or narrower) they can teach or rate themselves in.")
    followers: int


class SuggestionOut(Schema):
    person: PersonRef
    profile_url: str
    score: float = Field(description="Higher is a stronger suggestion; compare within a goal.")
    reasons: list[str] = Field(description="Why they are suggested, in words.")
    people_you_follow_learned: int = Field(
        description="People you follow who learned from their posts on the skill.")
    evidence: TeacherEvidenceOut


class GoalSuggestionsOut(Schema):
    goal: SkillRef
    people: list[SuggestionOut]


class SuggestionsOut(Schema):
    ready: bool = Field(description="False until the evidence was gathered the first time "
                                    "(minutes after an install); ask again later.")
    goals: list[GoalSuggestionsOut]


class DismissalIn(Schema):
    handle: str = Field(min_length=1, max_length=31,
                        description="The suggested person's @handle; the @ is optional.")
    skill_id: uuid.UUID | None = Field(
        None, description="Dismiss them for this goal skill only; empty: everywhere.")


class DismissalOut(Schema):
    id: int
    person: PersonRef
    skill: SkillRef | None = Field(description="The goal they are dismissed for; null: all.")
    created: datetime
