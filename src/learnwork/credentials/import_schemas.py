from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

BadgeStatus = Literal["verified", "failed", "expired", "revoked"]
VisibilityChoice = Literal["everyone", "members", "only_me"]


class BadgeImportIn(Schema):
    url: str | None = Field(
        None, max_length=2000,
        description="The web address of an Open Badges 2.0 hosted assertion (or of an Open "
                    "Badges 3.0 credential).")
    credential: str | None = Field(
        None, max_length=1024 * 1024,
        description="Pasted text: an Open Badges 3.0 credential (its JSON with a proof, or a "
                    "VC-JWT), or an Open Badges 2.0 assertion (its JSON, or its signed JWS). "
                    "At most 512 KB of JSON, nested at most 64 levels.")


class BadgeVisibilityIn(Schema):
    visibility: VisibilityChoice


class PublicBadgeOut(Schema):
    id: int
    spec: Literal["2.0", "3.0"]
    name: str
    description: str
    image_url: str | None
    issuer_name: str
    issuer_url: str | None
    criteria_url: str | None
    issued_on: datetime | None
    expires: datetime | None
    status: BadgeStatus = Field(description="verified or expired: others see no other badges.")
    status_label: str
    page_url: str


class BadgeOut(PublicBadgeOut):
    status: BadgeStatus = Field(description="verified, failed, expired or revoked.")
    status_detail: str = Field(description="Why it failed, or what was checked, in words.")
    source: Literal["url", "png", "svg", "json", "jwt"]
    source_url: str | None
    checked_at: datetime
    visibility: VisibilityChoice
    record_id: int | None = Field(description="The learning record on your journey that this "
                                              "badge confirms, once it verified.")
