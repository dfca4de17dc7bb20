"""The follow audit API: figures and suggestions, and bulk actions."""

from __future__ import annotations

import pytest

from learnwork.social.models import Follow, FollowTopic, Mute
from tests.api_client import API, bearer, send

from .test_audit_selectors import learned, make_net, publish, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(db):
    return make_net()


@pytest.fixture
def auth(net):
    return bearer(net.reader)


def test_needs_auth(client):
    assert client.get(f"{API}/following/audit").status_code == 401
    response = send(client, "post", "/following/audit/actions",
                    {"actions": [{"handle": "ana", "action": "keep"}]})
    assert response.status_code == 401


def test_the_audit_with_figures_sorted_filtered_and_paged(client, auth, net):
    on_stats = [publish(net.ana, f"stats {n}", skills=[net.stats]) for n in range(3)]
    on_cooking = [publish(net.ana, f"cooking {n}", skills=[net.cooking]) for n in range(5)]
    shown(net.reader, *on_stats, *on_cooking)
    learned(net.reader, *on_stats[:2])

    body = client.get(f"{API}/following/audit", {"sort": "name"}, **auth).json()
    assert body["following"] == 3 and body["total"] == 3
    assert body["counts"] == {"keep": 0, "focus": 1, "mute": 0, "unfollow": 2}
    ana = body["accounts"][0]
    assert ana["person"] == {"handle": "ana", "name": "Ana"}
    assert (ana["shown"], ana["learned"], ana["share"], ana["posted"]) == (8, 2, 0.25, 8)
    assert ana["skills"] == [  # most shown first
        {"id": str(net.cooking.pk), "label": "cooking", "shown": 5, "learned": 0},
        {"id": str(net.stats.pk), "label": "statistics", "shown": 3, "learned": 2}]
    assert ana["suggestion"]["action"] == "focus"
    assert ana["suggestion"]["skill"]["label"] == "statistics"
    assert ana["suggestion"]["reason"].startswith("You learned from 2 posts of theirs")

    silent = client.get(f"{API}/following/audit", {"suggestion": "unfollow", "limit": 1,
                                                   "offset": 1, "sort": "name"}, **auth).json()
    assert silent["total"] == 2 and [a["person"]["handle"] for a in silent["accounts"]] == [
        "cara"]
    assert silent["accounts"][0]["silent"] and silent["accounts"][0]["muted"]
    bad = client.get(f"{API}/following/audit", {"sort": "loudest"}, **auth)
    assert bad.status_code == 422


def test_bulk_actions_all_or_nothing(client, auth, net):
    response = send(client, "post", "/following/audit/actions", {"actions": [
        {"handle": "ana", "action": "focus", "skill_id": str(net.stats.pk)},
        {"handle": "ben", "action": "unfollow"},
        {"handle": "ghost", "action": "mute"},
    ]}, **auth)
    assert response.status_code == 404 and "@ghost" in response.json()["detail"]
    assert Follow.objects.filter(follower=net.reader).count() == 3
    assert not FollowTopic.objects.exists()

    response = send(client, "post", "/following/audit/actions", {"actions": [
        {"handle": "ana", "action": "focus", "skill_id": str(net.stats.pk)},
        {"handle": "ben", "action": "mute"},
        {"handle": "cara", "action": "unfollow"},
    ]}, **auth)
    assert response.status_code == 200
    assert [(a["person"]["handle"], a["action"]) for a in response.json()["applied"]] == [
        ("ana", "focus"), ("ben", "mute"), ("cara", "unfollow")]
    assert FollowTopic.objects.get().skill_id == net.stats.pk
    assert Mute.objects.filter(user=net.reader, person=net.ben).exists()
    assert not Follow.objects.filter(follower=net.reader, followee=net.cara).exists()


def test_bad_bodies_are_clear(client, auth, net):
    for body, status in [({"actions": []}, 422),
                         ({"actions": [{"handle": "ana", "action": "block"}]}, 422),
                         ({"actions": [{"handle": "ana", "action": "focus"}]}, 400)]:
        response = send(client, "post", "/following/audit/actions", body, **auth)
        assert response.status_code == status, body
        assert response.json()["detail"]
    read_only = bearer(net.reader, scope="read")
    response = send(client, "post", "/following/audit/actions",
                    {"actions": [{"handle": "ben", "action": "unfollow"}]}, **read_only)
    assert response.status_code == 403
    assert Follow.objects.filter(follower=net.reader, followee=net.ben).exists()
