"""The read side: comment trees, saved posts, the viewer's reactions, the export, and query
counts that do not grow with the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learnwork.posts import selectors, services
from learnwork.social.models import Block
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import CommentFactory, PostFactory, ReactionFactory

pytestmark = pytest.mark.django_db


def shape(nodes):
    return [(n.comment.body, n.depth, shape(n.replies)) for n in nodes]


def test_comments_tree_is_built_in_one_query():
    post = PostFactory()
    first = CommentFactory(post=post, body="first")
    second = CommentFactory(post=post, body="second")
    reply = CommentFactory(post=post, parent=first, body="reply")
    CommentFactory(post=post, parent=reply, body="reply to reply")
    CommentFactory(post=PostFactory(), body="elsewhere")
    with CaptureQueriesContext(connection) as queries:
        tree = selectors.comments_tree(post=post)
        assert tree[0].comment.author.profile.name  # loaded with the comments
    assert len(queries) == 1
    assert shape(tree) == [
        ("first", 1, [("reply", 2, [("reply to reply", 3, [])])]),
        ("second", 1, []),
    ]
    assert second.pk == tree[1].comment.pk


def test_comments_from_blocked_people_and_their_replies_are_left_out():
    post = PostFactory()
    viewer, rude = UserFactory(), UserFactory()
    top = CommentFactory(post=post, author=rude, body="rude")
    CommentFactory(post=post, parent=top, body="answer to rude")
    CommentFactory(post=post, body="kind")
    Block.objects.create(blocker=viewer, blocked=rude)
    assert [n.comment.body for n in selectors.comments_tree(post=post, viewer=viewer)] \
        == ["kind"]
    assert len(selectors.comments_tree(post=post)) == 2


def test_saved_posts_are_private_and_newest_saved_first():
    me, other = UserFactory(), UserFactory()
    saved_first, saved_last, unsaved = PostFactory(), PostFactory(), PostFactory()
    services.react(user=me, post=saved_first, kind="saved")
    services.react(user=me, post=saved_last, kind="saved")
    services.react(user=me, post=unsaved, kind="learned")
    services.react(user=other, post=unsaved, kind="saved")
    assert selectors.saved_posts(user=me) == [saved_last, saved_first]
    assert selectors.saved_posts(user=other) == [unsaved]
    # A post that became hidden from you drops out of the list.
    Block.objects.create(blocker=saved_last.author, blocked=me)
    assert selectors.saved_posts(user=me) == [saved_first]


def test_viewer_reactions_is_one_query_for_any_number_of_posts():
    me = UserFactory()
    posts = PostFactory.create_batch(5)
    ReactionFactory(user=me, post=posts[0], kind="learned")
    ReactionFactory(user=me, post=posts[0], kind="saved")
    ReactionFactory(user=me, post=posts[2], kind="helpful")
    ReactionFactory(post=posts[1], kind="learned")
    with CaptureQueriesContext(connection) as queries:
        found = selectors.viewer_reactions(viewer=me, post_ids=[p.pk for p in posts])
    assert len(queries) == 1
    assert found == {posts[0].pk: {"learned", "saved"}, posts[1].pk: set(),
                     posts[2].pk: {"helpful"}, posts[3].pk: set(), posts[4].pk: set()}
    assert selectors.viewer_reactions(viewer=None, post_ids=[posts[0].pk]) == {
        posts[0].pk: set()}


def test_posts_by_author_query_count_does_not_grow():
    author = UserFactory()
    skills = SkillFactory.create_batch(3)
    for _ in range(3):
        PostFactory(author=author, skills=skills)
    with CaptureQueriesContext(connection) as few:
        for post in selectors.posts_by_author(viewer=None, author=author):
            [s.label for s in post.skills.all()]
            post.author.profile.name  # noqa: B018
    for _ in range(12):
        PostFactory(author=author, skills=skills)
    with CaptureQueriesContext(connection) as many:
        found = selectors.posts_by_author(viewer=None, author=author, limit=15)
        for post in found:
            [s.label for s in post.skills.all()]
            post.author.profile.name  # noqa: B018
    assert len(found) == 15 and len(many) == len(few) == 2


def test_author_posts_section():
    author, viewer = UserFactory(), UserFactory()
    post = PostFactory(author=author)
    ReactionFactory(user=viewer, post=post, kind="saved")
    section = selectors.author_posts(viewer=viewer, author=author)
    assert section.posts == [post] and section.reactions == {post.pk: {"saved"}}


def test_export_holds_everything_the_person_wrote_or_marked():
    me = UserFactory()
    skill = SkillFactory(label="statistics")
    mine = PostFactory(author=me, body="My post", skills=[skill],
                       created=timezone.now() - timedelta(days=1))
    theirs = PostFactory()
    comment = CommentFactory(post=theirs, author=me, body="My comment")
    ReactionFactory(user=me, post=theirs, kind="saved")
    ReactionFactory(user=me, post=theirs, kind="learned")
    CommentFactory(post=mine, body="Someone else's comment")
    data = selectors.export_for(user=me)
    assert [p["body"] for p in data["posts"]] == ["My post"]
    assert data["posts"][0]["skills"] == [{"id": str(skill.pk), "label": "statistics"}]
    assert [(c["id"], c["body"]) for c in data["comments"]] == [(comment.pk, "My comment")]
    assert sorted(r["kind"] for r in data["reactions"]) == ["learned", "saved"]


def test_skills_by_id_keeps_order_and_skips_junk():
    a, b = SkillFactory(), SkillFactory()
    assert selectors.skills_by_id(skill_ids=[str(b.pk), "junk", a.pk, b.pk]) == [b, a]


def test_post_page_query_count_does_not_grow_with_comments(client, django_assert_max_num_queries):
    author = UserFactory()
    post = PostFactory(author=author, skills=SkillFactory.create_batch(2))
    commenters = UserFactory.create_batch(3)
    for i in range(3):
        CommentFactory(post=post, author=commenters[i])
    client.force_login(author)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/posts/{post.pk}/").status_code == 200
    parent = None
    for i in range(40):
        parent = CommentFactory(post=post, author=commenters[i % 3],
                                parent=parent if i % 4 else None)
    with django_assert_max_num_queries(len(few)):
        response = client.get(f"/posts/{post.pk}/")
    assert response.content.decode().count('class="comment"') == 43
