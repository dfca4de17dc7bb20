"""Writes for posts: publish, edit and delete posts; add, edit and delete comments; react.

Each service checks everything before it writes and runs in one transaction, so a refused
request leaves nothing behind. Counters on Post change only through F() expressions, so two
readers reacting at once both count.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import InvalidInput, NotFound, PermissionDenied
from learnwork.core.markdown import render_markdown
from learnwork.posts import selectors
from learnwork.posts.bait import bait_features, bait_score
from learnwork.posts.errors import (
    AlreadyReacted,
    CommentNotFound,
    PostNotFound,
    TextEmpty,
    TextTooLong,
    UnknownSkills,
)
from learnwork.posts.hashtags import count_hashtags
from learnwork.posts.models import (
    COMMENT_MAX_CHARS,
    POST_MAX_CHARS,
    Comment,
    Post,
    PostSkill,
    Reaction,
)
from learnwork.posts.substance import substance
from learnwork.skills.models import Skill
from learnwork.skills.selectors import skills_for_profile

MAX_SKILLS = 10
MAX_COMMENT_DEPTH = 5
_HASHTAG_CAP = 32767  # the column is a PositiveSmallIntegerField
_UNSET: Any = object()


def standing(levels: Iterable[int]) -> float:
    """How much one reader's "I learned from this" is worth, from their self-rated levels
    (1-5) in the post's skills, or in skills above or below them in the taxonomy.

    `1.0 + 0.5 × the highest level`, or 1.0 with no relevant skill: every reader counts, and an
    expert who learned something counts up to 3.5 times a newcomer. Post.learn_weight is the sum
    of this over everyone who learned from the post; ranking may read it as it is.
    """
    return 1.0 + max(levels, default=0) * 0.5


def clean_text(text: str, *, limit: int, field: str = "body") -> str:
    """Text as it will be stored: line ends unified, NULs dropped, trimmed; checked for size.

    Browsers send CRLF line ends, so they are made LF first and the count matches the counter
    the writer saw.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(_("The text has characters that cannot be stored. Remove them and "
                             "try again."), field=field) from None
    if not text:
        raise TextEmpty(_("Write something first."), field=field)
    if len(text) > limit:
        raise TextTooLong(
            _("Keep it to %(limit)s characters or fewer; this has %(count)s.")
            % {"limit": f"{limit:,}", "count": f"{len(text):,}"}, field=field)
    return text


def check_post_body(body: str) -> str:
    return clean_text(body, limit=POST_MAX_CHARS)


def _check_visibility(visibility: str) -> str:
    if visibility not in Post.Visibility.values:
        raise InvalidInput(_("Choose who sees the post: everyone, members or your followers."),
                           field="visibility")
    return visibility


def _check_skills(skill_ids: Iterable[uuid.UUID | str]) -> list[uuid.UUID]:
    wanted: list[uuid.UUID] = []
    bad: list[str] = []
    for raw in skill_ids:
        try:
            pk = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        except ValueError:
            bad.append(str(raw)[:40])
            continue
        if pk not in wanted:
            wanted.append(pk)
    if len(wanted) > MAX_SKILLS:
        raise InvalidInput(_("Tag at most %(n)d skills.") % {"n": MAX_SKILLS}, field="skill_ids")
    known = set(Skill.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    bad += [str(pk) for pk in wanted if pk not in known]
    if bad:
        raise UnknownSkills(_("No skill has the id %(ids)s. Pick skills from the suggestions "
                              "or the search.") % {"ids": ", ".join(bad)}, field="skill_ids")
    return wanted


def _derive(post: Post, body: str) -> None:
    post.body = body
    post.body_html = render_markdown(body)
    post.hashtag_count = min(count_hashtags(body), _HASHTAG_CAP)
    post.bait_score = bait_score(bait_features(body))
    post.substance = substance(body)


def _tag(post: Post, skill_ids: Sequence[uuid.UUID]) -> None:
    PostSkill.objects.bulk_create(
        [PostSkill(post=post, skill_id=pk, created=post.created) for pk in skill_ids])


@transaction.atomic
def post_publish(*, author: User, body: str, skill_ids: Iterable[uuid.UUID | str] = (),
                 visibility: str = Post.Visibility.EVERYONE,
                 created: datetime | None = None) -> Post:
    """Publish a post. `created` is for imports and seeding only (an aware datetime)."""
    body = check_post_body(body)
    visibility = _check_visibility(visibility)
    skills = _check_skills(skill_ids)
    if created is not None and timezone.is_naive(created):
        raise ValueError("created must be an aware datetime")
    post = Post(author=author, visibility=visibility, created=created or timezone.now())
    _derive(post, body)
    post.save()
    _tag(post, skills)
    return post


def _post_of(user: User, post_id: int) -> Post:
    post = Post.objects.select_for_update().filter(pk=post_id).first()
    if post is None or not selectors.can_see_post(viewer=user, post=post):
        raise PostNotFound()
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the author can change or delete a post."))
    return post


@transaction.atomic
def post_edit(*, user: User, post_id: int, body: str = _UNSET,
              skill_ids: Iterable[uuid.UUID | str] = _UNSET, visibility: str = _UNSET) -> Post:
    """Change what is given; the post is marked edited when anything changed."""
    post = _post_of(user, post_id)
    new_body = check_post_body(body) if body is not _UNSET else None
    new_visibility = _check_visibility(visibility) if visibility is not _UNSET else None
    new_skills = _check_skills(skill_ids) if skill_ids is not _UNSET else None
    changed: list[str] = []
    if new_body is not None and new_body != post.body:
        _derive(post, new_body)
        changed += ["body", "body_html", "hashtag_count", "bait_score", "substance"]
    if new_visibility is not None and new_visibility != post.visibility:
        post.visibility = new_visibility
        changed.append("visibility")
    if new_skills is not None:
        current = set(PostSkill.objects.filter(post=post).values_list("skill_id", flat=True))
        if current != set(new_skills):
            PostSkill.objects.filter(post=post).delete()
            _tag(post, new_skills)
            changed.append("skills")
    if changed:
        post.edited_at = timezone.now()
        post.save(update_fields=[f for f in changed if f != "skills"] + ["edited_at"])
    return post


@transaction.atomic
def post_delete(*, user: User, post_id: int) -> None:
    """Delete a post with its comments and reactions; only its author may."""
    _post_of(user, post_id).delete()


def _reply_parent(post: Post, parent_id: int) -> Comment:
    parent = Comment.objects.filter(pk=parent_id, post=post).first()
    if parent is None:
        raise InvalidInput(_("You can only reply to a comment on this post."), field="parent_id")
    chain = [parent]
    while chain[-1].parent_id is not None and len(chain) < MAX_COMMENT_DEPTH + 1:
        above = Comment.objects.only("pk", "parent_id").filter(pk=chain[-1].parent_id).first()
        if above is None:  # deleted a moment ago, taking `parent` with it at commit
            break
        chain.append(above)
    depth = len(chain)
    # Threads stop growing sideways past a few levels: a reply to the deepest comment joins
    # its parent's replies instead, so it still lands next to what it answers.
    overflow = depth - (MAX_COMMENT_DEPTH - 1)
    return chain[overflow] if overflow > 0 else parent


@transaction.atomic
def comment_add(*, author: User, post: Post, body: str, parent_id: int | None = None) -> Comment:
    body = clean_text(body, limit=COMMENT_MAX_CHARS)
    if not selectors.can_see_post(viewer=author, post=post):
        raise PostNotFound()
    parent = _reply_parent(post, parent_id) if parent_id is not None else None
    comment = Comment.objects.create(post=post, author=author, parent=parent, body=body,
                                     body_html=render_markdown(body))
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    return comment


def _comment_of(user: User, comment_id: int) -> Comment:
    comment = (Comment.objects.select_for_update().select_related("post")
               .filter(pk=comment_id).first())
    if comment is None or not selectors.can_see_post(viewer=user, post=comment.post):
        raise CommentNotFound()
    return comment


@transaction.atomic
def comment_edit(*, user: User, comment_id: int, body: str) -> Comment:
    comment = _comment_of(user, comment_id)
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only the person who wrote a comment can edit it."))
    body = clean_text(body, limit=COMMENT_MAX_CHARS)
    if body != comment.body:
        comment.body, comment.body_html = body, render_markdown(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at", "updated"])
    return comment


@transaction.atomic
def comment_delete(*, user: User, comment_id: int) -> int:
    """Delete a comment and the replies under it; its author or the post's author may.
    Returns how many comments went."""
    comment = _comment_of(user, comment_id)
    if user.pk not in (comment.author_id, comment.post.author_id):
        raise PermissionDenied(_("Only the comment's author or the post's author can delete "
                                 "it."))
    _total, by_model = comment.delete()
    gone = by_model.get(Comment._meta.label, 0)
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - gone)
    return gone


def _learner_standing(user: User, post: Post) -> float:
    held = {us.skill_id: us.level for us in skills_for_profile(user=user)}
    if not held:
        return standing(())
    tagged = list(PostSkill.objects.filter(post=post).values_list("skill_id", flat=True))
    if not tagged:
        return standing(())
    related = selectors.related_skill_ids(skill_ids=tagged)
    return standing(level for skill_id, level in held.items() if skill_id in related)


_COUNTERS: dict[str, str] = {Reaction.Kind.LEARNED: "learned_count",
                              Reaction.Kind.HELPFUL: "helpful_count"}


@transaction.atomic
def react(*, user: User, post: Post, kind: str) -> Reaction:
    """Mark a post: learned from it, found it helpful, or saved it (private) for later."""
    if kind not in Reaction.Kind.values:
        raise InvalidInput(_("A reaction is learned, helpful or saved."), field="kind")
    if not selectors.can_see_post(viewer=user, post=post):
        raise PostNotFound()
    if kind != Reaction.Kind.SAVED and post.author_id == user.pk:
        raise InvalidInput(_("That is your own post: you can save it, but not mark it as "
                             "learned from or helpful."), code="own_post", field="kind")
    if Reaction.objects.filter(user=user, post=post, kind=kind).exists():
        raise AlreadyReacted(_("You already marked this."))
    weight = _learner_standing(user, post) if kind == Reaction.Kind.LEARNED else 0.0
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(user=user, post=post, kind=kind,
                                               created=timezone.now(), weight=weight)
    except IntegrityError:
        # A double click raced past the check above; the constraint keeps one.
        raise AlreadyReacted(_("You already marked this.")) from None
    counter = _COUNTERS.get(kind)
    if counter:
        updates: dict[str, Any] = {counter: F(counter) + 1}
        if weight:
            updates["learn_weight"] = F("learn_weight") + weight
        Post.objects.filter(pk=post.pk).update(**updates)
    return reaction


@transaction.atomic
def unreact(*, user: User, post: Post, kind: str) -> None:
    """Take a reaction back. Allowed even if the post is no longer visible: it is your mark."""
    reaction = (Reaction.objects.select_for_update()
                .filter(user=user, post=post, kind=kind).first())
    if reaction is None:
        raise NotFound(_("You had not marked this."), code="not_reacted")
    deleted, _rows = Reaction.objects.filter(pk=reaction.pk).delete()
    counter = _COUNTERS.get(kind)
    if deleted and counter:
        updates: dict[str, Any] = {counter: F(counter) - 1}
        if reaction.weight:
            # Floor at zero: float sums and differences need not cancel exactly.
            updates["learn_weight"] = Greatest(F("learn_weight") - reaction.weight, 0.0)
        Post.objects.filter(pk=post.pk).update(**updates)


def _per_post(rows: QuerySet[Any], value: Any, output: Any) -> Coalesce:
    per_post = rows.filter(post=OuterRef("pk")).order_by().values("post").annotate(v=value)
    return Coalesce(Subquery(per_post.values("v")), 0, output_field=output)


@transaction.atomic
def posts_recount(*, post_ids: Iterable[int]) -> None:
    """Recompute the counters of these posts from their rows, for moderation and repairs
    (the reaction and comment services keep them current on their own)."""
    ids = list(post_ids)
    learned = Reaction.objects.filter(kind=Reaction.Kind.LEARNED)
    helpful = Reaction.objects.filter(kind=Reaction.Kind.HELPFUL)
    Post.objects.filter(pk__in=ids).update(
        learned_count=_per_post(learned, Count("pk"), IntegerField()),
        helpful_count=_per_post(helpful, Count("pk"), IntegerField()),
        comment_count=_per_post(Comment.objects.all(), Count("pk"), IntegerField()),
        learn_weight=_per_post(learned, Sum("weight"), FloatField()),
    )
