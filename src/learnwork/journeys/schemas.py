from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from learnwork.journeys.models import RECORD_MAX_SKILLS, REFLECTION_MAX_CHARS, TITLE_MAX_CHARS
from learnwork.posts.models import POST_MAX_CHARS

KindIn = Literal["course", "book", "article", "talk", "project", "certificate", "badge"]
StatusIn = Literal["planned", "in_progress", "finished"]
VisibilityIn = Literal["everyone", "members", "only_me"]


class SkillRef(Schema):
    id: uuid.UUID
    label: str
    kind: str


class RecordIn(Schema):
    kind: KindIn = "course"
    title: str = Field(description=f"1 to {TITLE_MAX_CHARS} characters.")
    status: StatusIn = "finished"
    source_name: str = Field("", description="Who offers or wrote it: a provider, an author, "
                                             "a conference (up to 120 characters).")
    url: str = Field("", description="An http(s) link, or empty.")
    started_on: date | None = None
    finished_on: date | None = Field(
        None, description="Only for finished records; empty means today in your time zone. "
                          "Never in the future, never before started_on.")
    reflection: str = Field("", description=f"What you learned: Markdown, up to "
                                            f"{REFLECTION_MAX_CHARS} characters.")
    visibility: VisibilityIn = "everyone"
    skill_ids: list[uuid.UUID] = Field(default_factory=list,
                                       description=f"Up to {RECORD_MAX_SKILLS} ESCO skill ids.")


class RecordPatch(Schema):
    kind: KindIn | None = None
    title: str | None = None
    status: StatusIn | None = Field(
        None, description="Planned or in progress clears the finish date unless one is sent.")
    source_name: str | None = None
    url: str | None = None
    started_on: date | None = None
    finished_on: date | None = None
    reflection: str | None = None
    visibility: VisibilityIn | None = None
    skill_ids: list[uuid.UUID] | None = Field(None, description="Replaces the record's skills.")
    hidden: bool | None = Field(None, description="Hide the record from everyone but you.")


class RecordOut(Schema):
    id: int
    owner: str = Field(description="The handle of the person whose record this is.")
    kind: str
    title: str
    source_name: str
    url: str
    status: str
    started_on: date | None
    finished_on: date | None
    reflection: str
    reflection_html: str = Field(description="The reflection rendered and sanitised: safe to "
                                             "show as is.")
    visibility: str
    origin: str = Field(description="manual, provider or badge.")
    hidden: bool
    verified: bool = Field(description="Confirmed by a course provider or a verified badge.")
    confirmed_by: str | None
    confirmed_at: datetime | None
    skills: list[SkillRef]
    shared_post_id: int | None
    created: datetime
    updated: datetime


class SkillEvidenceOut(Schema):
    skill: SkillRef
    strength: Literal["verified", "shown", "claimed"]
    claimed: bool = Field(description="Listed among the person's own skills.")
    proficiency: str | None
    level: int | None
    shown_by: list[int] = Field(description="Ids of finished records behind the skill.")
    verified_by: list[int] = Field(description="Ids of confirmed records behind the skill.")
    verifiers: list[str] = Field(description="Who confirmed them: providers, badge issuers.")


class ActivityDayOut(Schema):
    day: date
    count: int


class JourneyOut(Schema):
    handle: str
    records: list[RecordOut] = Field(description="Newest first; only what you may see.")
    skills: list[SkillEvidenceOut] = Field(description="Strongest evidence first.")
    activity: list[ActivityDayOut] = Field(
        description="Learning events per day over the last year (days with none left out).")


class ShareIn(Schema):
    body: str | None = Field(
        None, max_length=POST_MAX_CHARS * 2,
        description="The post's text (Markdown). Leave out for the default: what you finished "
                    "and what you learned.")


class ShareOut(Schema):
    record_id: int
    post_id: int
    post_url: str
