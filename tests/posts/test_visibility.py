"""Who sees which post, checked the same way through the selector, the page and the API."""

from __future__ import annotations

import pytest

from learnwork.core.errors import NotFound
from learnwork.posts import selectors
from learnwork.social.models import Block, Follow
from tests.factories import UserFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db

VISIBILITIES = ("everyone", "members", "followers")
# viewer → which of (everyone, members, followers) they may read.
MATRIX = {
    "anonymous": (True, False, False),
    "member": (True, True, False),
    "follower": (True, True, True),
    "blocked_by_author": (False, False, False),
    "blocking_author": (False, False, False),
    "author": (True, True, True),
}


@pytest.fixture
def world():
    author = UserFactory(username="author")
    posts = {v: PostFactory(author=author, visibility=v, body=f"A post for {v}.")
             for v in VISIBILITIES}
    member = UserFactory(username="member")
    follower = UserFactory(username="follower")
    Follow.objects.create(follower=follower, followee=author)
    blocked = UserFactory(username="blocked")
    # A follow from before the block does not get around it.
    Follow.objects.create(follower=blocked, followee=author)
    Block.objects.create(blocker=author, blocked=blocked)
    blocking = UserFactory(username="blocking")
    Follow.objects.create(follower=blocking, followee=author)
    Block.objects.create(blocker=blocking, blocked=author)
    viewers = {"anonymous": None, "member": member, "follower": follower,
               "blocked_by_author": blocked, "blocking_author": blocking, "author": author}
    return posts, viewers


def cases():
    return [pytest.param(viewer, visibility, ok, id=f"{viewer}-{visibility}")
            for viewer, allowed in MATRIX.items()
            for visibility, ok in zip(VISIBILITIES, allowed, strict=True)]


@pytest.mark.parametrize(("viewer", "visibility", "ok"), cases())
def test_selector(world, viewer, visibility, ok):
    posts, viewers = world
    post, who = posts[visibility], viewers[viewer]
    assert selectors.visible_posts(viewer=who).filter(pk=post.pk).exists() is ok
    if ok:
        assert selectors.post_detail(viewer=who, post_id=post.pk) == post
    else:
        with pytest.raises(NotFound) as caught:
            selectors.post_detail(viewer=who, post_id=post.pk)
        # The same words whether the post is hidden or never existed.
        with pytest.raises(NotFound) as missing:
            selectors.post_detail(viewer=who, post_id=10**9)
        assert caught.value.detail == missing.value.detail


@pytest.mark.parametrize(("viewer", "visibility", "ok"), cases())
def test_page(world, client, viewer, visibility, ok):
    posts, viewers = world
    if viewers[viewer] is not None:
        client.force_login(viewers[viewer])
    response = client.get(f"/posts/{posts[visibility].pk}/")
    assert response.status_code == (200 if ok else 404)
    if ok:
        assert f"A post for {visibility}." in response.content.decode()


@pytest.mark.parametrize(("viewer", "visibility", "ok"), cases())
def test_api(world, client, viewer, visibility, ok):
    posts, viewers = world
    if viewers[viewer] is not None:
        client.force_login(viewers[viewer])
    response = client.get(f"/api/v1/posts/{posts[visibility].pk}")
    assert response.status_code == (200 if ok else 404)
    assert ("body" in response.json()) is ok


def test_a_deactivated_authors_posts_disappear(world):
    posts, viewers = world
    author = viewers["author"]
    author.is_active = False
    author.save()
    assert not selectors.visible_posts(viewer=viewers["follower"]).exists()


def test_the_listing_selectors_apply_the_same_rules(world):
    posts, viewers = world
    author = viewers["author"]
    assert {p.visibility for p in selectors.posts_by_author(
        viewer=viewers["member"], author=author)} == {"everyone", "members"}
    assert selectors.posts_by_author(viewer=viewers["blocked_by_author"], author=author) == []
    assert len(selectors.posts_by_author(viewer=author, author=author, limit=2)) == 2
