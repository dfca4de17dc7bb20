"""The pages: every flow without JavaScript, and the htmx partials."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from learnwork.posts import selectors
from learnwork.posts.models import POST_MAX_CHARS, Comment, Post, Reaction
from learnwork.social.models import Follow
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import CommentFactory, PostFactory, ReactionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def stats(db):
    return SkillFactory(label="statistics", alt_labels="statistical science")


def checked_ids(html):
    return set(re.findall(r'name="skill_ids" value="([0-9a-f-]+)" checked', html))


# Composing.

def test_compose_needs_sign_in(client):
    response = client.get("/posts/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_compose_page_shows_the_limit_without_javascript(member_client):
    html = member_client.get("/posts/new/").content.decode()
    assert f'maxlength="{POST_MAX_CHARS}"' in html and "5,000" in html
    assert "0 / 5,000" in html
    assert 'name="visibility"' in html and 'value="followers"' in html


def test_publishing_without_javascript_confirms_suggested_skills_first(member_client, stats):
    body = "Some notes on statistics: the median beats the mean for skewed data."
    first = member_client.post("/posts/new/", {"body": body, "visibility": "members",
                                               "action": "publish"})
    html = first.content.decode()
    assert first.status_code == 200 and not Post.objects.exists()
    assert checked_ids(html) == {str(stats.pk)}
    assert 'name="confirm" value="1"' in html and "from “statistics”" in html

    second = member_client.post("/posts/new/", {"body": body, "visibility": "members",
                                                "skill_ids": [str(stats.pk)], "confirm": "1",
                                                "action": "publish"})
    post = Post.objects.get()
    assert second.status_code == 302 and second["Location"] == f"/posts/{post.pk}/"
    assert list(post.skills.all()) == [stats] and post.visibility == "members"


def test_confirming_with_every_skill_unticked_publishes_untagged(member_client, stats):
    response = member_client.post("/posts/new/", {"body": "About statistics.", "confirm": "1",
                                                  "action": "publish"})
    assert response.status_code == 302
    assert Post.objects.get().skills.count() == 0


def test_ticked_skills_publish_in_one_step(member_client, stats):
    response = member_client.post("/posts/new/", {"body": "Hello.", "skill_ids": [str(stats.pk)],
                                                  "action": "publish"})
    assert response.status_code == 302 and Post.objects.get().skills.get() == stats


def test_finding_a_skill_by_name_without_javascript(member_client, stats):
    other = SkillFactory(label="data analysis")
    response = member_client.post("/posts/new/", {
        "body": "No skill words here.", "skill_q": "data analysis", "action": "find",
        "skill_ids": [str(stats.pk)], "confirm": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and not Post.objects.exists()
    assert checked_ids(html) == {str(stats.pk)}  # still ticked
    assert f'value="{other.pk}">' in html  # offered, not ticked


def test_oversize_post_is_refused_with_the_limit_and_the_text_kept(member_client):
    body = "x" * (POST_MAX_CHARS + 10)
    for data in ({"body": body}, {"body": body, "confirm": "1", "action": "publish"}):
        response = member_client.post("/posts/new/", data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "5,000" in html and "5,010" in html and body in html
    assert not Post.objects.exists()


def test_unknown_skill_on_publish_is_a_form_error(member_client):
    response = member_client.post("/posts/new/", {
        "body": "Hi", "skill_ids": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"], "confirm": "1"})
    assert response.status_code == 400
    assert "3fa85f64-5717-4562-b3fc-2c963f66afa6" in response.content.decode()
    assert not Post.objects.exists()


def test_htmx_suggestions_come_ticked_and_skip_what_is_chosen(member_client, stats):
    other = SkillFactory(label="data analysis")
    response = member_client.post("/posts/suggest/", {
        "body": "statistics and data analysis", "skill_ids": [str(other.pk)]}, **HTMX)
    html = response.content.decode()
    assert checked_ids(html) == {str(stats.pk)}
    assert 'name="confirm" value="1"' in html and "<html" not in html


def test_htmx_skill_search_and_pick(member_client, stats):
    html = member_client.get("/posts/skills/search/", {"skill_q": "statist"}, **HTMX).content
    assert f"/posts/skills/pick/?skill_id={stats.pk}" in html.decode()
    picked = member_client.get("/posts/skills/pick/", {"skill_id": str(stats.pk)}, **HTMX)
    assert checked_ids(picked.content.decode()) == {str(stats.pk)}
    assert member_client.get("/posts/skills/pick/", {"skill_id": "nope"}).status_code == 404


# Reading.

def test_post_page_shows_learning_not_vanity(client, stats):
    post = PostFactory(body="**Medians** resist outliers.", skills=[stats])
    for _ in range(3):
        ReactionFactory(post=post, kind="learned")
    ReactionFactory(post=post, kind="helpful")
    ReactionFactory(post=post, kind="saved")
    html = client.get(f"/posts/{post.pk}/").content.decode()
    assert "<strong>Medians</strong>" in html
    assert "3 people learned from this" in html and "1 found it helpful" in html
    assert "saved" not in html.lower().replace("save for later", "")
    assert "view" not in html.lower().split("<main")[1].split("</main>")[0]
    assert f'href="/skills/{stats.pk}/"' in html
    assert "Sign in" in html and 'action="/posts/' not in html  # no forms for visitors


def test_edited_marker(client):
    post = PostFactory()
    assert ">edited<" not in client.get(f"/posts/{post.pk}/").content.decode()
    Post.objects.filter(pk=post.pk).update(edited_at=post.created)
    assert ">edited<" in client.get(f"/posts/{post.pk}/").content.decode()


def test_missing_post_is_a_404_page(client):
    assert client.get("/posts/999999/").status_code == 404


# Reactions.

def test_reacting_without_javascript_redirects_back(member_client):
    post = PostFactory()
    url = f"/posts/{post.pk}/react/learned/"
    response = member_client.post(url, {"on": "1", "next": "/somewhere/"})
    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    again = member_client.post(url, {"on": "1"}, follow=True)
    assert "You already marked this." in again.content.decode()
    assert Reaction.objects.filter(post=post).count() == 1
    member_client.post(url, {"on": "0"})
    assert not Reaction.objects.exists()


def test_next_must_stay_on_this_site(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/react/saved/",
                                  {"next": "https://evil.example/"})
    assert response["Location"] == f"/posts/{post.pk}/"


def test_reacting_with_htmx_swaps_the_buttons(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/react/learned/", {"on": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("{%") is False
    assert f'id="reactions-{post.pk}"' in html and "1 person learned from this" in html
    assert 'aria-pressed="true"' in html and "You learned from this" in html
    response = member_client.post(f"/posts/{post.pk}/react/learned/", {"on": "1"}, **HTMX)
    assert "You already marked this." in response.content.decode()


def test_own_post_offers_only_save(member_client):
    post = PostFactory(author=member_client.user)
    html = member_client.get(f"/posts/{post.pk}/").content.decode()
    assert "/react/saved/" in html and "/react/learned/" not in html
    assert f"/posts/{post.pk}/edit/" in html and f"/posts/{post.pk}/delete/" in html


def test_reacting_to_a_hidden_post_is_a_404(member_client):
    post = PostFactory(visibility="followers")
    assert member_client.post(f"/posts/{post.pk}/react/learned/").status_code == 404
    assert member_client.post(f"/posts/{PostFactory().pk}/react/likes/").status_code == 404
    assert not Reaction.objects.exists()


def test_saved_page_is_private(member_client):
    post = PostFactory(body="Worth keeping.")
    ReactionFactory(user=member_client.user, post=post, kind="saved")
    html = member_client.get("/posts/saved/").content.decode()
    assert "Worth keeping." in html and "Only you can see what you saved." in html
    other = Client()
    assert other.get("/posts/saved/").status_code == 302
    other.force_login(UserFactory())
    assert "Worth keeping." not in other.get("/posts/saved/").content.decode()


# Comments.

def test_commenting_and_replying_without_javascript(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "First!"})
    top = Comment.objects.get()
    assert response["Location"] == f"/posts/{post.pk}/#comment-{top.pk}"
    member_client.post(f"/posts/{post.pk}/comments/", {"body": "A reply", "parent_id": top.pk})
    reply = Comment.objects.get(parent=top)
    html = member_client.get(f"/posts/{post.pk}/").content.decode()
    assert html.index(f'id="comment-{top.pk}"') < html.index(f'id="comment-{reply.pk}"')
    assert "<details" in html and "Reply" in html


def test_a_bad_comment_reopens_its_form_with_the_error(member_client):
    post = PostFactory()
    top = CommentFactory(post=post)
    response = member_client.post(f"/posts/{post.pk}/comments/",
                                  {"body": "   ", "parent_id": top.pk})
    html = response.content.decode()
    assert response.status_code == 400 and "Write something first." in html
    assert '<details class="comment-reply" open>' in html
    response = member_client.post(f"/posts/{post.pk}/comments/",
                                  {"body": "hi", "parent_id": "abc"})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_comment_edit_and_delete_pages(member_client):
    post = PostFactory()
    comment = CommentFactory(post=post, author=member_client.user, body="tpyo")
    url = f"/posts/{post.pk}/comments/{comment.pk}/edit/"
    assert "tpyo" in member_client.get(url).content.decode()
    response = member_client.post(url, {"body": "typo"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "typo" and comment.edited_at
    assert member_client.post(url, {"body": ""}).status_code == 400
    member_client.post(f"/posts/{post.pk}/comments/{comment.pk}/delete/")
    assert not Comment.objects.exists()


def test_someone_elses_comment_cannot_be_edited_or_deleted(member_client):
    post = PostFactory()
    comment = CommentFactory(post=post)
    assert member_client.get(
        f"/posts/{post.pk}/comments/{comment.pk}/edit/").status_code == 404
    response = member_client.post(f"/posts/{post.pk}/comments/{comment.pk}/delete/",
                                  follow=True)
    assert "Only the comment" in response.content.decode()
    assert Comment.objects.count() == 1


# Editing and deleting posts.

def test_edit_page_keeps_the_skills_ticked_and_saves(member_client, stats):
    post = PostFactory(author=member_client.user, body="Old text", skills=[stats])
    html = member_client.get(f"/posts/{post.pk}/edit/").content.decode()
    assert "Old text" in html and checked_ids(html) == {str(stats.pk)}
    response = member_client.post(f"/posts/{post.pk}/edit/", {
        "body": "New text", "visibility": "followers", "action": "publish"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "New text" and post.visibility == "followers" and post.edited_at
    assert post.skills.count() == 0  # nothing ticked: the skill was taken off


def test_only_the_author_reaches_edit_and_delete(member_client):
    post = PostFactory()
    assert member_client.get(f"/posts/{post.pk}/edit/").status_code == 404
    assert member_client.post(f"/posts/{post.pk}/delete/").status_code == 404
    assert Post.objects.count() == 1


def test_delete_asks_then_deletes(member_client):
    post = PostFactory(author=member_client.user)
    assert "Delete your post?" in member_client.get(f"/posts/{post.pk}/delete/").content.decode()
    response = member_client.post(f"/posts/{post.pk}/delete/")
    assert response.status_code == 302 and not Post.objects.exists()


# The partials other pages include.

def _request(user=None):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return request


def test_card_shows_why_when_given_reasons():
    post = selectors.post_detail(viewer=None, post_id=PostFactory().pk)
    html = render_to_string("posts/_post_card.html",
                            {"post": post, "reasons": ["You follow Ana"]}, request=_request())
    assert "<summary>Why am I seeing this?</summary>" in html and "You follow Ana" in html
    plain = render_to_string("posts/_post_card.html", {"post": post}, request=_request())
    assert "Why am I seeing this?" not in plain


def test_card_takes_the_viewers_reactions_as_a_set_or_a_dict():
    viewer = UserFactory()
    post = selectors.post_detail(viewer=viewer, post_id=PostFactory().pk)
    for context in ({"kinds": {"saved"}}, {"reactions": {post.pk: {"saved"}}}):
        html = render_to_string("posts/_post_card.html", {"post": post, **context},
                                request=_request(viewer))
        assert "Saved ✓" in html and "I learned from this" in html


def test_author_posts_partial():
    author, follower = UserFactory(), UserFactory()
    Follow.objects.create(follower=follower, followee=author)
    PostFactory(author=author, body="Only for followers", visibility="followers")
    section = selectors.author_posts(viewer=follower, author=author)
    html = render_to_string("posts/_author_posts.html", {"author_posts": section},
                            request=_request(follower))
    assert "Only for followers" in html
    empty = selectors.author_posts(viewer=None, author=author)
    html = render_to_string("posts/_author_posts.html", {"author_posts": empty},
                            request=_request())
    assert "No posts yet." in html
