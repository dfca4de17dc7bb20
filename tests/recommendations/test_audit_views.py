"""The follow audit page: figures per account, sorting, pages, and bulk actions without JS."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from learnwork.social import services as social
from learnwork.social.models import Follow, FollowTopic, Mute

from .test_audit_selectors import learned, make_net, person, publish, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(db):
    return make_net()


AUDIT = reverse("recommendations:audit")
APPLY = reverse("recommendations:audit_apply")


@pytest.fixture
def reader_client(client, net):
    client.force_login(net.reader)
    return client


@pytest.fixture
def focus_case(net):
    """Ana taught the reader on statistics only, over 8 posts shown."""
    on_stats = [publish(net.ana, f"stats {n}", skills=[net.stats]) for n in range(3)]
    on_cooking = [publish(net.ana, f"cooking {n}", skills=[net.cooking]) for n in range(5)]
    shown(net.reader, *on_stats, *on_cooking)
    learned(net.reader, *on_stats[:2])
    return net


def html(response):
    return response.content.decode()


def test_the_page_needs_sign_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(APPLY, {"selected": ["ana"], "action": "unfollow"}).status_code == 302


def test_each_account_with_its_figures_and_suggestion(reader_client, focus_case):
    page = html(reader_client.get(AUDIT))
    assert 'id="audit-ana"' in page and 'id="audit-ben"' in page and 'id="audit-cara"' in page
    row = page[page.index('id="audit-ana"'):page.index("</tr>", page.index('id="audit-ana"'))]
    assert ">8</td>" in row  # posts shown
    assert "2 <small class=\"muted\">(25%)</small>" in row  # learned from, and the share
    assert "statistics · 2/3" in row and "cooking · 0/5" in row
    assert "Follow only for statistics" in row
    assert "You learned from 2 posts of theirs, 2 on statistics" in row
    ben = page[page.index('id="audit-ben"'):]
    assert "Silent" in ben[:ben.index("</tr>")] and "never posted" in ben[:ben.index("</tr>")]
    assert "Unfollow: 2" in page and "Follow only for one skill: 1" in page


def test_nobody_followed(client, db):
    lonely = person("lonely")
    client.force_login(lonely)
    assert "You don't follow anyone yet, so there is nothing to audit." in html(client.get(AUDIT))


def test_sort_filter_and_pages_in_a_fixed_number_of_queries(reader_client, net):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert reader_client.get(AUDIT).status_code == 200
        return len(captured)

    few = queries()
    for n in range(57):
        social.follow(follower=net.reader, followee=person(f"p{n:02d}"))
    many = queries()
    assert few == many

    first = html(reader_client.get(AUDIT, {"sort": "name"}))
    assert "Page 1 of 2" in first and first.count('data-testid="audit-row"') == 50
    assert first.index('id="audit-ana"') < first.index('id="audit-ben"')
    second = html(reader_client.get(AUDIT, {"sort": "name", "page": 2}))
    assert second.count('data-testid="audit-row"') == 10 and "sort=name" in second
    only_keep = html(reader_client.get(AUDIT, {"show": "keep"}))
    assert only_keep.count('data-testid="audit-row"') == 0
    assert "No account has this suggestion." in only_keep


def test_apply_follow_only_for_the_skill_chosen_in_the_row(reader_client, focus_case):
    net = focus_case
    response = reader_client.post(APPLY, {
        "selected": ["ana"], "action": "focus", "skill-ana": str(net.stats.pk),
        "skill-ben": "ignored, not ticked", "next": f"{AUDIT}?sort=name"})
    assert response.status_code == 302 and response["Location"] == f"{AUDIT}?sort=name"
    follow = Follow.objects.get(follower=net.reader, followee=net.ana)
    assert set(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True)) \
        == {net.stats.pk}
    page = html(reader_client.get(response["Location"]))
    assert "Done: 1 now followed for one skill only." in page
    assert "Only for: statistics" in page


def test_apply_what_is_suggested_for_each(reader_client, focus_case):
    net = focus_case
    reader_client.post(APPLY, {"selected": ["ana", "ben", "cara"], "action": "suggested",
                               "skill-ana": str(net.stats.pk)})
    follows = dict(Follow.objects.filter(follower=net.reader)
                   .values_list("followee__username", "pk"))
    # Ben and Cara were silent: unfollowed. Ana: statistics only.
    assert set(follows) == {"ana"}
    assert FollowTopic.objects.get(follow_id=follows["ana"]).skill_id == net.stats.pk


def test_mute_and_refusals_keep_everything_as_it_was(reader_client, net):
    response = reader_client.post(APPLY, {"selected": ["ana", "ghost"], "action": "mute"},
                                  follow=True)
    assert "Nothing was changed. Nobody has the handle @ghost." in html(response)
    assert not Mute.objects.filter(person=net.ana).exists()
    page = html(reader_client.post(APPLY, {"selected": ["ben"], "action": "focus"},
                                   follow=True))
    assert "Choose the skill to follow @ben for." in page
    page = html(reader_client.post(APPLY, {"action": "mute"}, follow=True))
    assert "Tick at least one account first." in page
    page = html(reader_client.post(APPLY, {"selected": ["ana"], "action": "block"},
                                   follow=True))
    assert "Choose what to do with the ticked accounts." in page
    reader_client.post(APPLY, {"selected": ["ana"], "action": "mute"})
    assert Mute.objects.filter(user=net.reader, person=net.ana).exists()
    assert Follow.objects.filter(follower=net.reader, followee=net.ana).exists()


def test_next_must_stay_on_this_site_and_csrf_is_checked(net):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(net.reader)
    assert strict.post(APPLY, {"selected": ["ben"], "action": "unfollow"}).status_code == 403
    assert Follow.objects.filter(follower=net.reader, followee=net.ben).exists()
    assert "csrfmiddlewaretoken" in html(strict.get(AUDIT))

    client = Client()
    client.force_login(net.reader)
    response = client.post(APPLY, {"selected": ["ben"], "action": "keep",
                                   "next": "https://evil.example/"})
    assert response["Location"] == AUDIT
