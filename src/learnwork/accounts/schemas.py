from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

VisibilityIn = Literal["everyone", "members", "only_me"]


class LinkSchema(Schema):
    label: str = Field("", max_length=60)
    url: str = Field(..., max_length=500)


class VisibilitySchema(Schema):
    about: VisibilityIn
    skills: VisibilityIn
    goals: VisibilityIn


class MyProfileOut(Schema):
    handle: str
    email: str
    display_name: str
    headline: str
    bio: str
    bio_html: str
    location: str
    links: list[LinkSchema]
    avatar_url: str | None
    timezone: str
    visibility: VisibilitySchema
    profile_url: str


class ProfilePatch(Schema):
    display_name: str | None = Field(None, max_length=80)
    headline: str | None = Field(None, max_length=140)
    bio: str | None = Field(None, max_length=5000)
    location: str | None = Field(None, max_length=100)
    links: list[LinkSchema] | None = Field(None, max_length=6)
    timezone: str | None = Field(None, max_length=64)


class VisibilityPatch(Schema):
    about: VisibilityIn | None = None
    skills: VisibilityIn | None = None
    goals: VisibilityIn | None = None
