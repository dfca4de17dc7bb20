from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from learnwork.posts.models import COMMENT_MAX_CHARS, POST_MAX_CHARS
from learnwork.posts.services import MAX_SKILLS

VisibilityIn = Literal["everyone", "members", "followers"]
KindIn = Literal["learned", "helpful", "saved"]


class AuthorOut(Schema):
    handle: str
    name: str


class SkillRef(Schema):
    id: uuid.UUID
    label: str
    kind: str


class PostIn(Schema):
    body: str = Field(description=f"Markdown, 1 to {POST_MAX_CHARS} characters. Raw HTML is "
                                  "shown as text, never run.")
    skill_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description=f"Up to {MAX_SKILLS} ESCO skill ids (see /posts/suggest-skills).")
    visibility: VisibilityIn = "everyone"


class PostPatch(Schema):
    body: str | None = Field(None, description="Send only what changes.")
    skill_ids: list[uuid.UUID] | None = Field(None, description="Replaces the post's skills.")
    visibility: VisibilityIn | None = None


class PostOut(Schema):
    id: int
    author: AuthorOut
    body: str
    body_html: str = Field(description="The body rendered and sanitised: safe to show as is.")
    visibility: str
    skills: list[SkillRef]
    created: datetime
    edited_at: datetime | None
    learned_count: int = Field(description="How many people learned from this post.")
    helpful_count: int = Field(description="How many people found it helpful.")
    my_reactions: list[str] = Field(
        description="Your own reactions to it, including `saved`, which only you see.")


class CommentIn(Schema):
    body: str = Field(description=f"Markdown, 1 to {COMMENT_MAX_CHARS} characters.")
    parent_id: int | None = Field(
        None, description="The comment this replies to. Replies nest at most five deep; a "
                          "deeper reply joins the deepest level.")


class CommentPatch(Schema):
    body: str


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: AuthorOut
    body: str
    body_html: str
    created: datetime
    edited_at: datetime | None
    replies: list[CommentOut] = Field(default_factory=list)


CommentOut.model_rebuild()


class ReactionOut(Schema):
    post_id: int
    kind: str
    created: datetime


class SuggestIn(Schema):
    text: str = Field(max_length=POST_MAX_CHARS * 2,
                      description="The post's text so far.")


class SuggestionOut(Schema):
    id: uuid.UUID
    label: str
    kind: str
    matched_phrase: str = Field(description="The words in the text that matched.")
    matched_label: str = Field(description="The skill label or alternative label they matched.")
