"""A list read as a feed, in JSON: the same posts, order and reasons as the list's page."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Schema
from pydantic import Field

from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.posts import list_feed
from learnwork.posts.feed_api import _item
from learnwork.posts.feed_schemas import FeedPostOut

router = Router(tags=["lists"])


class ListFeedOut(Schema):
    list_id: int
    name: str
    posts: list[FeedPostOut]
    page: int
    has_next: bool
    reached_end: bool = Field(description="This is the last page: the list feed ends here.")
    total: int = Field(description="Posts in the list feed, all pages together.")
    order: str = Field(description="“ranked” or “newest”.")


@router.get("/lists/{list_id}/feed", url_name="list_feed",
            response={200: ListFeedOut, **errors(404, *COMMON_ERRORS)},
            summary="One of your lists as a feed: recent posts of its people and on its skills")
def get_list_feed(request: HttpRequest, list_id: int,
                  page: QueryEx[int, P(ge=1, le=list_feed.MAX_PAGE + 1)] = 1,
                  order: Literal["ranked", "newest"] | None = None) -> dict[str, Any]:
    """Posts of the last two weeks, ten a page, each with why it is there. `order` defaults to
    your home feed's mode. Reading a list spends none of your home feed's daily budget; after
    the last page `reached_end` is true and there is nothing more to load."""
    result = list_feed.list_feed(reader=request.user,  # type: ignore[arg-type]
                                 list_id=list_id, page=page, order=order)
    return {"list_id": result.list_id, "name": result.name,
            "posts": [_item(item) for item in result.items], "page": result.page,
            "has_next": result.has_next, "reached_end": result.reached_end,
            "total": result.total, "order": result.order}
