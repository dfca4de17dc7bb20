"""API shapes for issued credentials and credential checks."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

VerdictStatus = Literal["verified", "revoked", "expired", "not_yet_valid", "invalid"]


class IssueIn(Schema):
    record_id: int = Field(ge=1, le=2**63 - 1,
                           description="A finished learning record of yours that its provider "
                                       "confirmed.")


class RevokeIn(Schema):
    reason: str = Field(default="", max_length=200,
                        description="Shown on the credential's page; optional.")


class IssuedCredentialOut(Schema):
    id: uuid.UUID
    achievement_name: str
    record_id: int | None = Field(description="The learning record it was issued for; null "
                                              "once that record is deleted.")
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str
    page_url: str = Field(description="The public verification page (also the credential's id).")
    json_url: str = Field(description="The signed credential, as a download.")
    badge_url: str = Field(description="An SVG badge with the credential baked in.")


class IssuedCredentialDetailOut(IssuedCredentialOut):
    credential: dict[str, Any] = Field(description="The signed Open Badges 3.0 "
                                                   "AchievementCredential (JSON-LD).")


class CheckOut(Schema):
    code: str = Field(description="signature, revocation or expiry.")
    ok: bool
    text: str


class VerificationOut(Schema):
    status: VerdictStatus
    ok: bool = Field(description="True only when the status is verified.")
    summary: str
    reason_code: str = Field(description="Why the signature check ended as it did: verified, "
                                          "no_proof, unknown_cryptosuite, bad_proof, "
                                          "bad_proof_value, wrong_purpose, key_not_found, "
                                          "issuer_mismatch, signature_mismatch, unknown_context, "
                                          "invalid_jsonld, not_issued_here, invalid_document.")
    checks: list[CheckOut]
    credential_id: uuid.UUID | None = Field(
        description="The credential on this instance, when the signature is valid.")
