from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

FormatIn = Literal["online", "in_person", "blended", "self_paced"]
EventIn = Literal["identity.linked", "record.finished"]
ALL_EVENTS: tuple[EventIn, ...] = ("identity.linked", "record.finished")


class SkillRef(Schema):
    id: uuid.UUID
    label: str
    kind: str


class ProviderIn(Schema):
    name: str = Field(description="The organisation's name (up to 120 characters).")
    slug: str = Field("", description="A short name for addresses: letters, digits, hyphens. "
                                      "Empty: made from the name.")
    website: str = ""
    description: str = ""


class ProviderOut(Schema):
    slug: str
    name: str
    website: str
    description: str
    verified: bool = Field(description="Staff checked the organisation is who it says it is.")
    authority: dict[str, object] = Field(description="The xAPI authority the LRS puts on the "
                                                     "statements this provider sends.")


class CourseIn(Schema):
    title: str = Field(description="1 to 200 characters.")
    description: str = Field("", description="Up to 5,000 characters.")
    url: str = Field("", description="The course's page: an http(s) link, or empty.")
    skill_ids: list[uuid.UUID] = Field(default_factory=list, description="ESCO skill ids it "
                                                                         "teaches (up to 20).")
    format: FormatIn = "online"
    cost_amount: Decimal = Field(Decimal(0), ge=0, le=Decimal("99999999.99"),
                                 description="0 means free.")
    cost_currency: str = Field("", description="ISO 4217 code, required with a price.")
    language: str = Field("", description="A language code such as en or pt-BR.")
    credential: str = Field("", description="What finishing it awards, if anything.")
    activity_id: str = Field("", description="The xAPI activity IRI your statements use for "
                                             "this course; it ties them to the course.")
    published: bool = True


class CoursePatch(Schema):
    title: str | None = None
    description: str | None = None
    url: str | None = None
    skill_ids: list[uuid.UUID] | None = None
    format: FormatIn | None = None
    cost_amount: Decimal | None = Field(None, ge=0, le=Decimal("99999999.99"))
    cost_currency: str | None = None
    language: str | None = None
    credential: str | None = None
    activity_id: str | None = None
    published: bool | None = None


class CourseProviderRef(Schema):
    slug: str
    name: str
    verified: bool


class CourseOut(Schema):
    id: int
    provider: CourseProviderRef
    title: str
    description: str
    url: str
    skills: list[SkillRef]
    format: str
    free: bool
    cost_amount: Decimal
    cost_currency: str
    language: str
    credential: str
    activity_id: str
    published: bool
    page_url: str = Field(description="The course's page on this instance.")
    created: datetime
    updated: datetime


class ImportOut(Schema):
    created: list[CourseOut]
    updated: list[CourseOut]
    unmatched_skills: list[str] = Field(description="What `teaches` named that matched no ESCO "
                                                    "skill (by URI or exact label).")


class WebhookIn(Schema):
    url: str = Field(description="Where deliveries are POSTed (http or https, public address).")
    events: list[EventIn] = Field(default_factory=lambda: list(ALL_EVENTS))


class WebhookPatch(Schema):
    url: str | None = None
    events: list[EventIn] | None = None
    active: bool | None = None
    new_secret: bool = Field(False, description="Replace the signing secret.")


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    active: bool
    secret: str = Field(description="Verify the Learnwork-Signature header with it.")
    created: datetime


class AttemptOut(Schema):
    at: datetime
    status: int | None = Field(description="The receiver's HTTP status, if it answered.")
    error: str
    ms: int


class DeliveryOut(Schema):
    id: int
    webhook_id: int
    event: str
    payload: dict[str, object]
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None
    last_response_status: int | None
    last_error: str
    delivered_at: datetime | None
    created: datetime
    log: list[AttemptOut]


class LinkTokenIn(Schema):
    home_page: str = Field(description="The xAPI account homePage your statements use.")
    account_name: str = Field(description="The learner's account name there.")


class LinkTokenOut(Schema):
    url: str = Field(description="Send the learner here; signed in, they confirm the link. "
                                 "It works once.")
    token: str
    expires_at: datetime


class IdentityIn(Schema):
    provider: str = Field(description="The provider's short name (slug).")
    email: str = Field(description="The address the provider knows you by.")


class IdentityOut(Schema):
    id: int
    provider: CourseProviderRef
    kind: Literal["email", "account"]
    email: str
    home_page: str
    account_name: str
    verified: bool = Field(description="False until you open the link mailed to the address.")
    verified_at: datetime | None
    created: datetime


class RecordRef(Schema):
    id: int
    title: str
    status: str


class GoalIn(Schema):
    skill_id: uuid.UUID


class GoalRef(Schema):
    id: int
    skill: SkillRef
