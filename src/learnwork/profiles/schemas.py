from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Schema

from learnwork.accounts.schemas import LinkSchema


class ProfileSkillOut(Schema):
    skill_id: UUID
    label: str
    proficiency: str
    level: int
    evidence: list[str]


class ProfileGoalOut(Schema):
    skill_id: UUID
    label: str
    why: str
    target_date: date | None


class PublicProfileOut(Schema):
    handle: str
    display_name: str
    headline: str
    avatar_url: str | None
    about_visible: bool
    bio_html: str | None
    location: str | None
    links: list[LinkSchema] | None
    skills_visible: bool
    skills: list[ProfileSkillOut] | None
    goals_visible: bool
    goals: list[ProfileGoalOut] | None
