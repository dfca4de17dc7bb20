"""The home feed JSON API: the feed with its reasons, and your feed settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from learnwork.accounts.auth import require_write
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.posts import feed as selectors
from learnwork.posts import feed_services
from learnwork.posts.feed import FeedPage
from learnwork.posts.feed_items import FeedItem
from learnwork.posts.feed_schemas import FeedOut, FeedSettingsIn, FeedSettingsOut
from learnwork.posts.models import FeedSettings
from learnwork.posts.ranking import preset_for

router = Router(tags=["feed"])


def _item(item: FeedItem) -> dict[str, Any]:
    post = item.post
    return {
        "id": post.pk, "author": {"handle": post.author.username, "name": post.author.profile.name},
        "body": post.body, "body_html": post.body_html, "visibility": post.visibility,
        "skills": [{"id": s.pk, "label": s.label, "kind": s.kind} for s in post.skills.all()],
        "created": post.created, "edited_at": post.edited_at,
        "learned_count": post.learned_count, "helpful_count": post.helpful_count,
        "my_reactions": sorted(item.reactions),
        "score": item.scored.score, "parts": item.parts, "reasons": item.reasons,
        "new_to_you": item.new_to_you, "seen": item.seen,
    }


def _feed(page: FeedPage) -> dict[str, Any]:
    return {"posts": [_item(item) for item in page.items], "page": page.page,
            "has_next": page.has_next, "caught_up": page.caught_up, "mode": page.mode,
            "daily_budget": page.daily_budget, "shown_today": page.shown_after}


def _settings(settings: FeedSettings) -> dict[str, Any]:
    return {"mode": settings.mode, "preset": preset_for(selectors.weights_of(settings)),
            "weight_freshness": settings.weight_freshness,
            "weight_learning": settings.weight_learning, "weight_goals": settings.weight_goals,
            "daily_budget": settings.daily_budget, "max_hashtags": settings.max_hashtags}


@router.get("/feed", url_name="feed", response={200: FeedOut, **errors(*COMMON_ERRORS)},
            summary="Your home feed, a page at a time, each post with why it is there")
def get_feed(request: HttpRequest,
             page: QueryEx[int | None, P(ge=1, le=100)] = None) -> dict[str, Any]:
    """Without `page`, the page where you left off today. The posts returned count against
    your daily budget (posts already shown today do not count twice); once it is spent,
    `caught_up` is true and there is no next page until tomorrow."""
    user: Any = request.user
    result = selectors.home_feed(reader=user, page=page)
    feed_services.record_impressions(user=user, post_ids=result.new_post_ids)
    return _feed(result)


@router.get("/me/feed-settings", url_name="my_feed_settings",
            response={200: FeedSettingsOut, **errors(*COMMON_ERRORS)},
            summary="How your home feed is chosen")
def get_settings(request: HttpRequest) -> dict[str, Any]:
    return _settings(selectors.feed_settings_for(user=request.user))  # type: ignore[arg-type]


@router.put("/me/feed-settings", url_name="my_feed_settings_put",
            response={200: FeedSettingsOut, **errors(400, 403, *COMMON_ERRORS)},
            summary="Tune your home feed; fields you leave out keep their value")
def put_settings(request: HttpRequest, payload: FeedSettingsIn) -> dict[str, Any]:
    require_write(request)
    changes = payload.model_dump(exclude_unset=True)
    # null means "no limit" only for max_hashtags; for the rest it means "leave it".
    changes = {k: v for k, v in changes.items() if v is not None or k == "max_hashtags"}
    settings = feed_services.feed_settings_update(user=request.user,  # type: ignore[arg-type]
                                                  **changes)
    return _settings(settings)
