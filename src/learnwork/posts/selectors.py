"""Reads for posts: who may see which post, a post with its comment tree, a person's posts,
saved posts, the viewer's own reactions, and the data export.

Every selector runs a fixed number of queries, whatever the number of rows it returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from learnwork.accounts.models import User
from learnwork.posts.errors import CommentNotFound, PostNotFound
from learnwork.posts.models import Comment, Post, Reaction
from learnwork.skills.models import Skill, SkillRelation
from learnwork.social.models import Block, Follow

if TYPE_CHECKING:
    from typing_extensions import TypeIs

Viewer = User | AnonymousUser | None
MAX_LIMIT = 100
_IN_BATCH = 500  # ids per IN (...) list, well under SQLite's 999 parameters


def _signed_in(viewer: Viewer) -> TypeIs[User]:
    return viewer is not None and viewer.is_authenticated


def _follows_of(viewer: User) -> QuerySet[Follow]:
    # Queried here rather than through social's selectors so visibility stays one SQL query
    # that the feed can keep filtering: any follow counts, whatever its topics.
    return Follow.objects.filter(follower=viewer)


def _blocked_either_way(viewer: User) -> Q:
    blockers = Block.objects.filter(blocked=viewer).values("blocker")
    blocked = Block.objects.filter(blocker=viewer).values("blocked")
    return Q(author__in=blockers) | Q(author__in=blocked)


def visible_posts(*, viewer: Viewer) -> QuerySet[Post]:
    """Every post `viewer` may read: one queryset, to be filtered and ordered further.

    Everyone: anyone, signed in or not. Members: anyone signed in. Followers: the author and
    the people who follow them. Posts of deactivated accounts, and posts between two people
    where either has blocked the other, are never visible.
    """
    posts = Post.objects.filter(author__is_active=True)
    if not _signed_in(viewer):
        return posts.filter(visibility=Post.Visibility.EVERYONE)
    followed = _follows_of(viewer).values("followee")
    return posts.filter(
        Q(author=viewer)
        | Q(visibility__in=[Post.Visibility.EVERYONE, Post.Visibility.MEMBERS])
        | Q(visibility=Post.Visibility.FOLLOWERS, author__in=followed)
    ).exclude(_blocked_either_way(viewer))


def for_cards(posts: QuerySet[Post]) -> QuerySet[Post]:
    """`posts` with what a post card shows loaded alongside: two queries in all."""
    return posts.select_related("author__profile").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.only("id", "label", "kind").order_by("label"))
    )


def set_card_skills(posts: dict[int, Post], pairs: Iterable[tuple[int, Skill]]) -> None:
    """Give each post its skills as `for_cards`' prefetch does, from (post id, skill) pairs read
    elsewhere, so that `post.skills.all()` needs no query of its own."""
    by_post: dict[int, list[Skill]] = {pk: [] for pk in posts}
    for post_id, skill in pairs:
        if post_id in by_post:
            by_post[post_id].append(skill)
    for pk, post in posts.items():
        # What Django's prefetch_related stores: a queryset whose results are already there.
        queryset: Any = post.skills.all()
        queryset._result_cache = by_post[pk]
        queryset._prefetch_done = True
        cache = getattr(post, "_prefetched_objects_cache", None)
        if cache is None:
            cache = {}
            setattr(post, "_prefetched_objects_cache", cache)  # noqa: B010 (not in the stubs)
        cache["skills"] = queryset


def can_see_post(*, viewer: Viewer, post: Post) -> bool:
    return visible_posts(viewer=viewer).filter(pk=post.pk).exists()


def post_detail(*, viewer: Viewer, post_id: int) -> Post:
    """The post, if `viewer` may read it; PostNotFound otherwise, the same for hidden and gone."""
    post = for_cards(visible_posts(viewer=viewer)).filter(pk=post_id).first()
    if post is None:
        raise PostNotFound()
    return post


def own_post(*, user: User, post_id: int) -> Post:
    """A post of `user`'s for their edit form; someone else's post is simply not found."""
    post = for_cards(Post.objects.filter(author=user)).filter(pk=post_id).first()
    if post is None:
        raise PostNotFound()
    return post


@dataclass
class CommentNode:
    comment: Comment
    depth: int = 1
    replies: list[CommentNode] = field(default_factory=list)


def comments_tree(*, post: Post, viewer: Viewer = None) -> list[CommentNode]:
    """The post's comments as a tree, oldest first at each level, in one query.

    With a viewer, comments by people on either side of a block with them are left out, and
    so are the replies under those comments.
    """
    comments = Comment.objects.filter(post=post).select_related("author__profile")
    if _signed_in(viewer):
            comments = comments.exclude(_blocked_either_way(viewer))
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments.order_by("created", "pk"):
        node = nodes[comment.pk] = CommentNode(comment)
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            parent = nodes[comment.parent_id]
            node.depth = parent.depth + 1
            parent.replies.append(node)
        # A reply whose parent was left out has nowhere to hang: it is left out too.
    return roots


def comment_for_edit(*, user: User, comment_id: int) -> Comment:
    comment = (Comment.objects.select_related("post")
               .filter(pk=comment_id, author=user).first())
    if comment is None:
        raise CommentNotFound()
    return comment


def posts_by_author(*, viewer: Viewer, author: User, limit: int = 10) -> list[Post]:
    """`author`'s newest posts that `viewer` may read, for their profile."""
    limit = max(1, min(limit, MAX_LIMIT))
    return list(for_cards(visible_posts(viewer=viewer).filter(author=author))
                .order_by("-created", "-pk")[:limit])


@dataclass
class AuthorPosts:
    author: User
    posts: list[Post]
    reactions: dict[int, set[str]]


def author_posts(*, viewer: Viewer, author: User, limit: int = 5) -> AuthorPosts:
    """The profile page's posts section: `author`'s newest posts `viewer` may read, with the
    viewer's reactions to them (three queries). Render with posts/_author_posts.html."""
    posts = posts_by_author(viewer=viewer, author=author, limit=limit)
    return AuthorPosts(author=author, posts=posts,
                       reactions=viewer_reactions(viewer=viewer, post_ids=[p.pk for p in posts]))


def saved_posts(*, user: User, limit: int = 50) -> list[Post]:
    """The posts `user` saved for later, last saved first. Private: only ever for `user`."""
    limit = max(1, min(limit, MAX_LIMIT))
    saved_at = Reaction.objects.filter(
        user=user, kind=Reaction.Kind.SAVED, post=OuterRef("pk")
    ).values("created")[:1]
    return list(
        for_cards(visible_posts(viewer=user))
        .annotate(saved_at=Subquery(saved_at))
        .filter(saved_at__isnull=False)
        .order_by("-saved_at", "-pk")[:limit]
    )


def viewer_reactions(*, viewer: Viewer, post_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each post id, the kinds of reaction `viewer` has given it (one query)."""
    ids = list(dict.fromkeys(post_ids))
    found: dict[int, set[str]] = {pk: set() for pk in ids}
    if not ids or not _signed_in(viewer):
        return found
    rows = Reaction.objects.filter(user=viewer, post_id__in=ids).values_list("post_id", "kind")
    for post_id, kind in rows:
        found[post_id].add(kind)
    return found


def related_skill_ids(*, skill_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """`skill_ids`, every concept below them and every concept above them (one query per
    level each way), for deciding whether someone's skill bears on a post."""
    from learnwork.skills.selectors import descendant_ids

    start = set(skill_ids)
    found = descendant_ids(skill_ids=start)
    above = set(start)
    frontier = list(start)
    while frontier:
        step: set[uuid.UUID] = set()
        for i in range(0, len(frontier), _IN_BATCH):
            step.update(SkillRelation.objects.filter(
                narrower_id__in=frontier[i:i + _IN_BATCH]).values_list("broader_id", flat=True))
        frontier = list(step - above)
        above |= step
    return found | above


def skills_by_id(*, skill_ids: Iterable[uuid.UUID | str]) -> list[Skill]:
    """The skills with these ids, in the order given; malformed and unknown ids are skipped
    (the publishing service is what reports them)."""
    wanted: list[uuid.UUID] = []
    for raw in skill_ids:
        try:
            wanted.append(raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw)))
        except ValueError:
            continue
    found = {s.pk: s for s in Skill.objects.filter(pk__in=wanted[:_IN_BATCH])
             .only("id", "label", "kind")}
    return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]


def export_for(*, user: User) -> dict[str, Any]:
    """Everything `user` wrote or marked in posts, for their data download (four queries)."""
    posts = (Post.objects.filter(author=user).order_by("created")
             .prefetch_related(Prefetch("skills", queryset=Skill.objects.only("id", "label"))))
    return {
        "posts": [
            {"id": p.pk, "body": p.body, "visibility": p.visibility,
             "created": p.created.isoformat(),
             "edited_at": p.edited_at.isoformat() if p.edited_at else None,
             "skills": [{"id": str(s.pk), "label": s.label} for s in p.skills.all()]}
            for p in posts
        ],
        "comments": [
            {"id": c.pk, "post_id": c.post_id, "parent_id": c.parent_id, "body": c.body,
             "created": c.created.isoformat(),
             "edited_at": c.edited_at.isoformat() if c.edited_at else None}
            for c in Comment.objects.filter(author=user).order_by("created")
        ],
        "reactions": [
            {"post_id": r.post_id, "kind": r.kind, "created": r.created.isoformat()}
            for r in Reaction.objects.filter(user=user).order_by("created")
        ],
    }
