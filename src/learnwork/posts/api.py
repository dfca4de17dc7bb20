"""The posts JSON API: posts, threaded comments, learning reactions and skill suggestions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import P, PathEx, QueryEx, Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.posts import selectors, services
from learnwork.posts.models import Comment, Post
from learnwork.posts.schemas import (
    CommentIn,
    CommentOut,
    CommentPatch,
    KindIn,
    PostIn,
    PostOut,
    PostPatch,
    ReactionOut,
    SuggestIn,
    SuggestionOut,
)
from learnwork.posts.selectors import CommentNode
from learnwork.posts.suggest import suggest_skills

router = Router(tags=["posts"])

# Ids beyond a 64-bit integer cannot exist; refusing them up front keeps the database from
# raising an overflow on them.
Id = PathEx[int, P(ge=1, le=2**63 - 1)]


def _author(user: Any) -> dict[str, str]:
    return {"handle": user.username, "name": user.profile.name}


def _post(post: Post, mine: set[str]) -> dict[str, Any]:
    return {
        "id": post.pk, "author": _author(post.author), "body": post.body,
        "body_html": post.body_html, "visibility": post.visibility,
        "skills": [{"id": s.pk, "label": s.label, "kind": s.kind} for s in post.skills.all()],
        "created": post.created, "edited_at": post.edited_at,
        "learned_count": post.learned_count, "helpful_count": post.helpful_count,
        "my_reactions": sorted(mine),
    }


def _comment(comment: Comment, replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": comment.pk, "post_id": comment.post_id, "parent_id": comment.parent_id,
        "author": _author(comment.author), "body": comment.body,
        "body_html": comment.body_html, "created": comment.created,
        "edited_at": comment.edited_at, "replies": replies or [],
    }


def _tree(nodes: list[CommentNode]) -> list[dict[str, Any]]:
    return [_comment(node.comment, _tree(node.replies)) for node in nodes]


def _detail(request: HttpRequest, post_id: int) -> dict[str, Any]:
    post = selectors.post_detail(viewer=request.user, post_id=post_id)
    mine = selectors.viewer_reactions(viewer=request.user, post_ids=[post.pk])[post.pk]
    return _post(post, mine)


@router.post("/posts", url_name="post_create",
             response={201: PostOut, **errors(400, 403, *COMMON_ERRORS)},
             summary="Publish a post (Markdown, tagged with up to ten skills)")
def create_post(request: HttpRequest, payload: PostIn) -> Status[dict[str, Any]]:
    require_write(request)
    post = services.post_publish(author=request.user,  # type: ignore[arg-type]
                                 **payload.model_dump())
    return Status(201, _detail(request, post.pk))


@router.post("/posts/suggest-skills", url_name="post_suggest_skills",
             response={200: list[SuggestionOut], **errors(*COMMON_ERRORS)},
             summary="Skills a text talks about, to tag a post with (nothing is saved)")
def suggest(request: HttpRequest, payload: SuggestIn) -> list[dict[str, Any]]:
    return [{"id": s.skill_id, "label": s.label, "kind": s.kind,
             "matched_phrase": s.matched_phrase, "matched_label": s.matched_label}
            for s in suggest_skills(text=payload.text)]


@router.get("/posts/{post_id}", auth=public_auth, openapi_extra=public_openapi,
            url_name="post_detail",
            response={200: PostOut, **errors(404, *COMMON_ERRORS)},
            summary="A post you may read (404 when it is gone or not shared with you)")
def get_post(request: HttpRequest, post_id: Id) -> dict[str, Any]:
    return _detail(request, post_id)


@router.patch("/posts/{post_id}", url_name="post_update",
              response={200: PostOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Edit your post; send only what changes. The post shows as edited.")
def patch_post(request: HttpRequest, post_id: Id, payload: PostPatch) -> dict[str, Any]:
    require_write(request)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.post_edit(user=request.user, post_id=post_id, **changes)  # type: ignore[arg-type]
    return _detail(request, post_id)


@router.delete("/posts/{post_id}", url_name="post_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete your post, with its comments and reactions")
def delete_post(request: HttpRequest, post_id: Id) -> Status[None]:
    require_write(request)
    services.post_delete(user=request.user, post_id=post_id)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/posts/{post_id}/comments", auth=public_auth, openapi_extra=public_openapi,
            url_name="post_comments",
            response={200: list[CommentOut], **errors(404, *COMMON_ERRORS)},
            summary="The post's comments as a tree, oldest first at each level")
def list_comments(request: HttpRequest, post_id: Id) -> list[dict[str, Any]]:
    post = selectors.post_detail(viewer=request.user, post_id=post_id)
    return _tree(selectors.comments_tree(post=post, viewer=request.user))


@router.post("/posts/{post_id}/comments", url_name="post_comment_create",
             response={201: CommentOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Comment on a post, or reply to a comment")
def add_comment(request: HttpRequest, post_id: Id,
                payload: CommentIn) -> Status[dict[str, Any]]:
    require_write(request)
    post = selectors.post_detail(viewer=request.user, post_id=post_id)
    comment = services.comment_add(author=request.user, post=post,  # type: ignore[arg-type]
                                   body=payload.body, parent_id=payload.parent_id)
    return Status(201, _comment(comment))


@router.patch("/comments/{comment_id}", url_name="comment_update",
              response={200: CommentOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Edit your comment")
def patch_comment(request: HttpRequest, comment_id: Id,
                  payload: CommentPatch) -> dict[str, Any]:
    require_write(request)
    comment = services.comment_edit(user=request.user,  # type: ignore[arg-type]
                                    comment_id=comment_id, body=payload.body)
    return _comment(comment)


@router.delete("/comments/{comment_id}", url_name="comment_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete a comment and its replies (yours, or any on your post)")
def delete_comment(request: HttpRequest, comment_id: Id) -> Status[None]:
    require_write(request)
    services.comment_delete(user=request.user, comment_id=comment_id)  # type: ignore[arg-type]
    return Status(204, None)


@router.put("/posts/{post_id}/reactions/{kind}", url_name="post_reaction",
            response={201: ReactionOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
            summary="Mark a post: learned, helpful, or saved (private). 409 if already marked.")
def put_reaction(request: HttpRequest, post_id: Id, kind: KindIn) -> Status[dict[str, Any]]:
    require_write(request)
    post = selectors.post_detail(viewer=request.user, post_id=post_id)
    reaction = services.react(user=request.user, post=post, kind=kind)  # type: ignore[arg-type]
    return Status(201, {"post_id": post.pk, "kind": reaction.kind,
                        "created": reaction.created})


@router.delete("/posts/{post_id}/reactions/{kind}", url_name="post_reaction_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Take back a reaction (404 if you had not given it)")
def delete_reaction(request: HttpRequest, post_id: Id, kind: KindIn) -> Status[None]:
    require_write(request)
    post = selectors.post_detail(viewer=request.user, post_id=post_id)
    services.unreact(user=request.user, post=post, kind=kind)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/me/saved", url_name="my_saved",
            response={200: list[PostOut], **errors(*COMMON_ERRORS)},
            summary="The posts you saved for later, last saved first (only you see these)")
def my_saved(request: HttpRequest,
             limit: QueryEx[int, P(ge=1, le=100)] = 50) -> list[dict[str, Any]]:
    posts = selectors.saved_posts(user=request.user, limit=limit)  # type: ignore[arg-type]
    mine = selectors.viewer_reactions(viewer=request.user, post_ids=[p.pk for p in posts])
    return [_post(p, mine[p.pk]) for p in posts]

