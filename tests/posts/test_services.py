"""The write side: every bad input gets a clear error and leaves nothing behind."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from learnwork.posts import services
from learnwork.posts.errors import AlreadyReacted, TextEmpty, TextTooLong, UnknownSkills
from learnwork.posts.models import POST_MAX_CHARS, Comment, Post, PostSkill, Reaction
from learnwork.posts.services import standing
from learnwork.social.models import Block, Follow
from tests.factories import UserFactory
from tests.skills.factories import (
    GroupFactory,
    SkillFactory,
    SkillRelationFactory,
    UserSkillFactory,
)

from .factories import CommentFactory, PostFactory, ReactionFactory
from .html_checks import runnable

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory()


def nothing_written():
    return (Post.objects.count(), PostSkill.objects.count(), Comment.objects.count(),
            Reaction.objects.count()) == (0, 0, 0, 0)


# Publishing.

def test_publish_renders_and_derives_everything(author):
    skill = SkillFactory()
    post = services.post_publish(
        author=author, body="**Bold** claim, because reasons. #sql #data",
        skill_ids=[skill.pk], visibility="members")
    post.refresh_from_db()
    assert post.body_html.startswith("<p><strong>Bold</strong>")
    assert post.hashtag_count == 2
    assert 0 < post.substance < 1 and post.bait_score == 0.0
    assert post.visibility == "members" and post.edited_at is None
    assert timezone.is_aware(post.created)
    link = PostSkill.objects.get(post=post)
    assert link.skill_id == skill.pk and link.created == post.created


def test_publish_trims_and_unifies_line_ends(author):
    post = services.post_publish(author=author, body="  line one\r\nline two\x00 \n")
    assert post.body == "line one\nline two"


def test_oversize_post_says_the_limit_and_writes_nothing(author):
    with pytest.raises(TextTooLong) as caught:
        services.post_publish(author=author, body="x" * (POST_MAX_CHARS + 1))
    assert "5,000" in caught.value.detail and "5,001" in caught.value.detail
    assert caught.value.status == 400 and caught.value.field == "body"
    assert nothing_written()


def test_the_limit_counts_crlf_as_one_character(author):
    body = ("a" * 98 + "\r\n") * 50  # 5,000 characters once line ends are unified
    assert len(services.post_publish(author=author, body=body.strip()).body) <= POST_MAX_CHARS


@pytest.mark.parametrize("body", ["", "   \n\t ", "\x00"])
def test_empty_post_is_refused(author, body):
    with pytest.raises(TextEmpty):
        services.post_publish(author=author, body=body)
    assert nothing_written()


def test_unknown_and_malformed_skills_are_named_and_nothing_is_written(author):
    known = SkillFactory()
    missing = uuid.uuid4()
    with pytest.raises(UnknownSkills) as caught:
        services.post_publish(author=author, body="Hello",
                              skill_ids=[known.pk, missing, "not-a-uuid"])
    assert str(missing) in caught.value.detail and "not-a-uuid" in caught.value.detail
    assert nothing_written()


def test_at_most_ten_skills_and_duplicates_collapse(author):
    skills = SkillFactory.create_batch(11)
    with pytest.raises(InvalidInput, match="at most 10"):
        services.post_publish(author=author, body="Hi", skill_ids=[s.pk for s in skills])
    post = services.post_publish(author=author, body="Hi",
                                 skill_ids=[skills[0].pk, str(skills[0].pk)])
    assert post.skills.count() == 1


def test_unknown_visibility_is_refused(author):
    with pytest.raises(InvalidInput) as caught:
        services.post_publish(author=author, body="Hi", visibility="friends")
    assert caught.value.field == "visibility"
    assert nothing_written()


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)" onclick="x()">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
])
def test_markup_injection_is_shown_as_text_never_run(author, body):
    html = services.post_publish(author=author, body=body).body_html
    assert runnable(html) == []


def test_created_must_be_aware(author):
    with pytest.raises(ValueError, match="aware"):
        services.post_publish(author=author, body="x", created=timezone.now().replace(tzinfo=None))


# Editing and deleting.

def test_edit_marks_edited_and_recomputes(author):
    old, new = SkillFactory(), SkillFactory()
    post = PostFactory(author=author, body="Short.", skills=[old])
    services.post_edit(user=author, post_id=post.pk,
                       body="Comment YES if you agree! #a #b #c #d #e #f #g #h",
                       skill_ids=[new.pk])
    post.refresh_from_db()
    assert post.edited_at is not None
    assert post.hashtag_count == 8 and post.bait_score > 0.5
    assert list(post.skills.all()) == [new]
    assert PostSkill.objects.get(post=post).created == post.created


def test_edit_without_changes_is_not_marked(author):
    post = PostFactory(author=author, body="Same.")
    services.post_edit(user=author, post_id=post.pk, body="Same.", visibility="everyone",
                       skill_ids=[])
    post.refresh_from_db()
    assert post.edited_at is None


def test_only_the_author_edits_or_deletes(author):
    post = PostFactory(author=author)
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.post_edit(user=other, post_id=post.pk, body="mine now")
    with pytest.raises(PermissionDenied):
        services.post_delete(user=other, post_id=post.pk)
    hidden = PostFactory(author=author, visibility="followers")
    with pytest.raises(NotFound):  # a post you can't see is not even there for you
        services.post_edit(user=other, post_id=hidden.pk, body="x")
    with pytest.raises(NotFound):
        services.post_delete(user=other, post_id=999_999)


def test_a_bad_edit_changes_nothing(author):
    skill = SkillFactory()
    post = PostFactory(author=author, body="Original.", skills=[skill])
    with pytest.raises(UnknownSkills):
        services.post_edit(user=author, post_id=post.pk, body="Changed.",
                           skill_ids=[uuid.uuid4()])
    post.refresh_from_db()
    assert post.body == "Original." and post.edited_at is None
    assert list(post.skills.all()) == [skill]


def test_delete_takes_comments_and_reactions_along(author):
    post = PostFactory(author=author)
    CommentFactory(post=post)
    ReactionFactory(post=post)
    services.post_delete(user=author, post_id=post.pk)
    assert nothing_written()


# Comments.

def test_comments_count_and_thread(author):
    post = PostFactory(author=author)
    top = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=top)
    post.refresh_from_db()
    assert post.comment_count == 2 and reply.parent_id == top.pk
    assert reply.body_html.startswith("<p>")


def test_replies_past_the_depth_cap_join_the_deepest_level(author):
    post = PostFactory(author=author)
    chain = [CommentFactory(post=post)]
    for _ in range(services.MAX_COMMENT_DEPTH - 1):
        chain.append(CommentFactory(post=post, parent=chain[-1]))
    deepest = chain[-1]  # at depth MAX_COMMENT_DEPTH
    reply = CommentFactory(post=post, parent=deepest)
    assert reply.parent_id == deepest.parent_id  # a sibling of the deepest, not a child
    again = CommentFactory(post=post, parent=reply)
    assert again.parent_id == deepest.parent_id


def test_a_reply_must_be_to_a_comment_on_the_same_post(author):
    post, elsewhere = PostFactory(author=author), PostFactory()
    foreign = CommentFactory(post=elsewhere)
    with pytest.raises(InvalidInput) as caught:
        services.comment_add(author=author, post=post, body="hi", parent_id=foreign.pk)
    assert caught.value.field == "parent_id"
    with pytest.raises(InvalidInput):
        services.comment_add(author=author, post=post, body="hi", parent_id=10**9)
    post.refresh_from_db()
    assert post.comment_count == 0 and Comment.objects.filter(post=post).count() == 0


def test_cannot_comment_on_a_post_you_cannot_see(author):
    post = PostFactory(author=author, visibility="followers")
    with pytest.raises(NotFound):
        services.comment_add(author=UserFactory(), post=post, body="hello")
    with pytest.raises(TextTooLong):
        services.comment_add(author=author, post=post, body="x" * 2001)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_comment_edit_and_delete_permissions(author):
    post = PostFactory(author=author)
    writer, stranger = UserFactory(), UserFactory()
    comment = CommentFactory(post=post, author=writer)
    CommentFactory(post=post, author=stranger, parent=comment)
    with pytest.raises(PermissionDenied):
        services.comment_edit(user=author, comment_id=comment.pk, body="edited by post author")
    edited = services.comment_edit(user=writer, comment_id=comment.pk, body="*Better*")
    assert edited.edited_at is not None and "<em>Better</em>" in edited.body_html
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=stranger, comment_id=comment.pk)
    # The post's author may remove any comment on it; replies go with it.
    assert services.comment_delete(user=author, comment_id=comment.pk) == 2
    post.refresh_from_db()
    assert post.comment_count == 0 and not Comment.objects.exists()
    with pytest.raises(NotFound):
        services.comment_delete(user=author, comment_id=comment.pk)


# Reactions.

def test_reacting_counts_and_twice_is_a_conflict(author):
    post = PostFactory(author=author)
    reader = UserFactory()
    services.react(user=reader, post=post, kind="learned")
    with pytest.raises(AlreadyReacted) as caught:
        services.react(user=reader, post=post, kind="learned")
    assert isinstance(caught.value, Conflict) and caught.value.status == 409
    assert caught.value.detail == "You already marked this."
    services.react(user=reader, post=post, kind="helpful")
    post.refresh_from_db()
    assert (post.learned_count, post.helpful_count) == (1, 1)
    assert Reaction.objects.filter(user=reader, post=post).count() == 2


def test_saving_is_private_and_counts_nothing(author):
    post = PostFactory(author=author)
    services.react(user=UserFactory(), post=post, kind="saved")
    post.refresh_from_db()
    assert (post.learned_count, post.helpful_count, post.learn_weight) == (0, 0, 0.0)


def test_own_post_can_be_saved_but_not_learned_from(author):
    post = PostFactory(author=author)
    for kind in ("learned", "helpful"):
        with pytest.raises(InvalidInput) as caught:
            services.react(user=author, post=post, kind=kind)
        assert caught.value.code == "own_post"
    services.react(user=author, post=post, kind="saved")
    post.refresh_from_db()
    assert post.learned_count == 0


def test_cannot_react_to_what_you_cannot_see(author):
    post = PostFactory(author=author, visibility="followers")
    with pytest.raises(NotFound):
        services.react(user=UserFactory(), post=post, kind="learned")
    blocked = UserFactory()
    Block.objects.create(blocker=author, blocked=blocked)
    public = PostFactory(author=author)
    with pytest.raises(NotFound):
        services.react(user=blocked, post=public, kind="saved")
    with pytest.raises(InvalidInput):
        services.react(user=UserFactory(), post=public, kind="like")
    assert not Reaction.objects.exists()


def test_unreact_takes_back_exactly_what_was_added(author):
    post = PostFactory(author=author)
    reader = UserFactory()
    services.react(user=reader, post=post, kind="learned")
    services.react(user=reader, post=post, kind="saved")
    services.unreact(user=reader, post=post, kind="learned")
    post.refresh_from_db()
    assert (post.learned_count, post.learn_weight) == (0, 0.0)
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["saved"]
    with pytest.raises(NotFound) as caught:
        services.unreact(user=reader, post=post, kind="learned")
    assert caught.value.code == "not_reacted"


@pytest.mark.parametrize(("levels", "expected"), [
    ((), 1.0), ([1], 1.5), ([2, 5, 3], 3.5), (iter([4]), 3.0),
])
def test_standing(levels, expected):
    assert standing(levels) == expected


def test_learn_weight_uses_standing_in_the_skill_and_around_it(author):
    maths = GroupFactory(label="mathematics")
    stats = SkillFactory(label="statistics")
    median = SkillFactory(label="median")
    cooking = SkillFactory(label="cooking")
    SkillRelationFactory(narrower=stats, broader=maths)
    SkillRelationFactory(narrower=median, broader=stats)
    post = PostFactory(author=author, skills=[stats])
    newcomer = UserFactory()
    expert_below = UserSkillFactory(skill=median, level=5).user
    broad = UserSkillFactory(skill=maths, level=2).user
    unrelated = UserSkillFactory(skill=cooking, level=5).user
    weights = {}
    for user in (newcomer, expert_below, broad, unrelated):
        weights[user.pk] = services.react(user=user, post=post, kind="learned").weight
    assert weights == {newcomer.pk: 1.0, expert_below.pk: 3.5, broad.pk: 2.0,
                       unrelated.pk: 1.0}
    post.refresh_from_db()
    assert post.learned_count == 4 and post.learn_weight == pytest.approx(7.5)


def test_counters_stay_consistent_through_random_activity(author):
    posts = [PostFactory(author=author) for _ in range(3)]
    people = UserFactory.create_batch(4)
    Follow.objects.create(follower=people[0], followee=author)
    rng = random.Random(7)
    for _ in range(80):
        post, person = rng.choice(posts), rng.choice(people)
        kind = rng.choice(["learned", "helpful", "saved"])
        action = rng.choice(["react", "unreact", "comment", "uncomment"])
        try:
            if action == "react":
                services.react(user=person, post=post, kind=kind)
            elif action == "unreact":
                services.unreact(user=person, post=post, kind=kind)
            elif action == "comment":
                parent = Comment.objects.filter(post=post).order_by("?").first()
                services.comment_add(author=person, post=post, body="a thought",
                                     parent_id=parent.pk if parent and rng.random() < .5
                                     else None)
            else:
                mine = Comment.objects.filter(post=post, author=person).first()
                if mine:
                    services.comment_delete(user=person, comment_id=mine.pk)
        except (Conflict, NotFound):
            pass
    live = {p.pk: (p.learned_count, p.helpful_count, p.comment_count, round(p.learn_weight, 6))
            for p in Post.objects.all()}
    services.posts_recount(post_ids=live)
    recounted = {p.pk: (p.learned_count, p.helpful_count, p.comment_count,
                        round(p.learn_weight, 6)) for p in Post.objects.all()}
    assert live == recounted
    for post in Post.objects.all():
        assert post.learned_count == post.reactions.filter(kind="learned").count()
        assert post.comment_count == post.comments.count()


def test_backdated_posts_for_seeding(author):
    when = timezone.now() - timedelta(days=3)
    post = PostFactory(author=author, created=when)
    assert post.created == when
