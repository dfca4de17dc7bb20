"""List pages: make a list, fill it (without JavaScript), rename and delete it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnwork.skills import index_cache
from learnwork.social import lists
from learnwork.social.models import FollowList, FollowListMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def ana_client(client, ana):
    client.force_login(ana)
    return client


@pytest.fixture
def stats_list(ana):
    return lists.list_create(owner=ana, name="Stats people")


def manage_url(follow_list):
    return reverse("lists:manage", kwargs={"list_id": follow_list.pk})


def test_pages_need_sign_in(client, stats_list):
    for url in (reverse("lists:index"), manage_url(stats_list),
                reverse("list_feed:detail", kwargs={"list_id": stats_list.pk})):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("lists:create"), {"name": "x"})
    assert response.status_code == 302 and not FollowList.objects.filter(name="x").exists()


def test_create_a_list_then_land_on_its_page(ana_client, ana):
    response = ana_client.post(reverse("lists:create"),
                               {"name": "Stats people", "description": "who teaches me"})
    made = FollowList.objects.get(owner=ana)
    assert response.status_code == 302 and response["Location"] == manage_url(made)
    page = html(ana_client.get(response["Location"]))
    assert "List “Stats people” created." in page and "Nobody on this list yet." in page

    index = html(ana_client.get(reverse("lists:index")))
    assert "Stats people" in index and "who teaches me" in index and "0 people" in index


def test_a_refused_name_is_shown_next_to_the_field(ana_client, stats_list):
    response = ana_client.post(reverse("lists:create"), {"name": "stats PEOPLE"})
    assert response.status_code == 400
    page = html(response)
    assert "You already have a list called “stats PEOPLE”." in page
    assert 'aria-invalid="true"' in page and 'value="stats PEOPLE"' in page
    assert FollowList.objects.count() == 1


def test_add_and_remove_people_by_handle(ana_client, stats_list, ben):
    url = reverse("lists:add_person", kwargs={"list_id": stats_list.pk})
    response = ana_client.post(url, {"handle": "@Ben"})
    assert response.status_code == 302 and response["Location"].endswith("#people")
    page = html(ana_client.get(manage_url(stats_list)))
    assert "@ben is on the list." in page and 'data-testid="list-people"' in page

    page = html(ana_client.post(url, {"handle": "nobody_here"}, follow=True))
    assert "Nobody has the handle @nobody_here." in page
    page = html(ana_client.post(url, {"handle": ""}, follow=True))
    assert "Type the @handle of the person to add." in page

    ana_client.post(reverse("lists:remove_person",
                            kwargs={"list_id": stats_list.pk, "handle": "ben"}))
    assert not FollowListMember.objects.exists()


def test_find_a_skill_and_add_it_without_javascript(ana_client, stats_list, tree):
    index_cache.invalidate()
    page = html(ana_client.get(manage_url(stats_list), {"q": "regression"}))
    assert "regression analysis" in page and "Add to list" in page

    response = ana_client.post(reverse("lists:add_skill", kwargs={"list_id": stats_list.pk}),
                               {"skill_id": str(tree.regression.pk)}, follow=True)
    page = html(response)
    assert "regression analysis is on the list, with every narrower skill." in page
    assert FollowListMember.objects.get().skill_id == tree.regression.pk
    again = html(ana_client.get(manage_url(stats_list), {"q": "regression analysis"}))
    assert "on the list" in again

    bad = html(ana_client.post(reverse("lists:add_skill", kwargs={"list_id": stats_list.pk}),
                               {"skill_id": "not-a-uuid"}, follow=True))
    assert "Search for a skill and pick it from the results." in bad

    ana_client.post(reverse("lists:remove_skill", kwargs={"list_id": stats_list.pk,
                                                          "skill_id": tree.regression.pk}))
    assert not FollowListMember.objects.exists()
    index_cache.invalidate()


def test_rename_then_delete(ana_client, ana, stats_list):
    lists.list_create(owner=ana, name="Other")
    url = reverse("lists:update", kwargs={"list_id": stats_list.pk})
    response = ana_client.post(url, {"name": "other", "description": ""})
    assert response.status_code == 400 and "already have a list called" in html(response)
    response = ana_client.post(url, {"name": "Statisticians", "description": "the good ones"})
    assert response.status_code == 302
    stats_list.refresh_from_db()
    assert stats_list.name == "Statisticians"

    response = ana_client.post(reverse("lists:delete", kwargs={"list_id": stats_list.pk}),
                               follow=True)
    assert "List “Statisticians” deleted." in html(response)
    assert list(FollowList.objects.values_list("name", flat=True)) == ["Other"]


def test_someone_elses_list_is_a_404_everywhere(ana_client, tree):
    theirs = lists.list_create(owner=UserFactory(username="cara"), name="Private",
                               skill_ids=[tree.sql.pk])
    kwargs = {"list_id": theirs.pk}
    assert ana_client.get(manage_url(theirs)).status_code == 404
    assert ana_client.get(reverse("list_feed:detail", kwargs=kwargs)).status_code == 404
    for name in ("update", "delete", "add_person", "add_skill"):
        assert ana_client.post(reverse(f"lists:{name}", kwargs=kwargs),
                               {"name": "mine", "handle": "ana"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Private" and FollowListMember.objects.count() == 1


def test_forms_carry_csrf_tokens(client, ana, stats_list):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post(reverse("lists:create"), {"name": "x"}).status_code == 403
    page = html(strict.get(manage_url(stats_list)))
    assert page.count("csrfmiddlewaretoken") >= 4
