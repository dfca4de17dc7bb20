from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

ProficiencyIn = Literal["learning", "can_apply", "can_teach"]
EvidenceIn = list[str]


class SkillRef(Schema):
    id: uuid.UUID
    label: str
    kind: str


class SkillHitOut(Schema):
    id: uuid.UUID
    label: str
    kind: str
    matched_alt_label: str | None = Field(
        None, description="The alternative label that matched, when the query matched one."
    )


class OccupationRef(Schema):
    id: uuid.UUID
    label: str


class OccupationsOut(Schema):
    essential_count: int
    optional_count: int
    essential: list[OccupationRef] = Field(description="The first few, by label.")
    optional: list[OccupationRef] = Field(description="The first few, by label.")


class SkillOut(Schema):
    id: uuid.UUID
    kind: str
    reuse: str
    code: str
    label: str
    alt_labels: list[str]
    description: str
    esco_uri: str
    broader: list[SkillRef]
    narrower: list[SkillRef]
    narrower_count: int
    occupations: OccupationsOut


class UserSkillIn(Schema):
    skill_id: uuid.UUID
    proficiency: ProficiencyIn = "learning"
    level: int = Field(1, ge=1, le=5, description="1 (beginner) to 5 (expert).")
    evidence: EvidenceIn = Field(default_factory=list, max_length=5,
                                 description="Up to five http(s) links that show the skill.")


class UserSkillUpdate(Schema):
    proficiency: ProficiencyIn = "learning"
    level: int = Field(1, ge=1, le=5)
    evidence: EvidenceIn = Field(default_factory=list, max_length=5)


class UserSkillOut(Schema):
    skill: SkillRef
    proficiency: str
    level: int
    level_label: str
    evidence: list[str]
    created: datetime
    updated: datetime


class GoalIn(Schema):
    skill_id: uuid.UUID
    why: str = Field("", max_length=500)
    target_date: date | None = Field(None, description="Today or later.")


class GoalPatch(Schema):
    why: str | None = Field(None, max_length=500)
    target_date: date | None = Field(None, description="Send null to clear it.")


class GoalOut(Schema):
    id: int
    skill: SkillRef
    why: str
    target_date: date | None
    created: datetime
    updated: datetime
