from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from learnwork.posts.feed_services import BUDGET_MAX, BUDGET_MIN, HASHTAGS_MAX
from learnwork.posts.schemas import PostOut

PresetIn = Literal["balanced", "fresh", "deep_learning", "my_goals"]
ModeIn = Literal["ranked", "chronological"]


class ScoreParts(Schema):
    learning: float = Field(description="Who learned from it, weighted by their standing in its "
                                        "skills and by how close those are to your goals.")
    goal_relevance: float = Field(description="How close its skills are to your learning goals.")
    substance: float = Field(description="How much the text itself has to teach.")
    bait_penalty: float = Field(description="Zero, or negative for engagement bait.")
    freshness: float = Field(description="Decays by half every 36 hours.")


class FeedPostOut(PostOut):
    score: float = Field(description="The sum of `parts` (ranked mode orders by it).")
    parts: ScoreParts
    reasons: list[str] = Field(description="“Why am I seeing this?”, in one to four sentences.")
    new_to_you: bool = Field(description="From someone you don't follow yet, on one of your "
                                         "goals, and others learned from it.")
    seen: bool = Field(description="You were shown it earlier today.")


class FeedOut(Schema):
    posts: list[FeedPostOut]
    page: int
    has_next: bool = Field(description="Another page is within today's budget.")
    caught_up: bool = Field(description="This is the end of today's feed: nothing more to load.")
    mode: str
    daily_budget: int
    shown_today: int = Field(description="Posts shown to you today, counting this page.")


class FeedSettingsOut(Schema):
    mode: str
    preset: str | None = Field(description="The preset the weights match, if any.")
    weight_freshness: float
    weight_learning: float
    weight_goals: float
    daily_budget: int
    max_hashtags: int | None = Field(description="Posts with more hashtags are hidden; null: "
                                                 "no limit.")


class FeedSettingsIn(Schema):
    preset: PresetIn | None = Field(None, description="Sets all three weights; not together "
                                                      "with them.")
    weight_freshness: float | None = Field(None, ge=0, le=2)
    weight_learning: float | None = Field(None, ge=0, le=2)
    weight_goals: float | None = Field(None, ge=0, le=2)
    mode: ModeIn | None = None
    daily_budget: int | None = Field(None, ge=BUDGET_MIN, le=BUDGET_MAX)
    max_hashtags: int | None = Field(None, ge=0, le=HASHTAGS_MAX,
                                     description="Send null to remove the limit.")
