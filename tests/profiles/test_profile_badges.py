"""Badges and credentials on the profile: what anonymous visitors, members, the owner and
blocked people see, the same through the API, and a query count that does not grow with them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnwork.credentials import issue_services
from learnwork.social import services as social
from tests.factories import UserFactory
from tests.profiles.factories import ImportedBadgeFactory, issued_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def shelf(ana):
    """Ana's badges and credentials, one of each kind of visibility and status."""
    ImportedBadgeFactory(user=ana, name="Python Basics")
    ImportedBadgeFactory(user=ana, name="Members Badge", visibility="members")
    ImportedBadgeFactory(user=ana, name="Private Badge", visibility="only_me")
    ImportedBadgeFactory(user=ana, name="Someone Elses Badge", status="failed",
                         status_detail="This badge was issued to a different email address.")
    ImportedBadgeFactory(user=ana, name="Lapsed Badge", status="expired")
    public = issued_credential(user=ana, title="Practical SQL")
    issued_credential(user=ana, title="Members Course", visibility="members")
    issued_credential(user=ana, title="Private Course", visibility="only_me")
    issued_credential(user=ana, title="Hidden Course", hidden=True)
    revoked = issued_credential(user=ana, title="Revoked Course")
    issue_services.credential_revoke(user=ana, credential_id=revoked.pk, reason="Mistake")
    return public


def _section(client) -> str:
    """The badges section of @ana's profile, or "" when the page has none."""
    page = client.get("/@ana").content.decode()
    start = page.find('id="badges"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_anonymous_visitors_see_public_verified_badges_and_live_credentials(client, shelf):
    section = _section(client)
    assert "Python Basics" in section and "Lapsed Badge" in section
    assert "✓ Verified" in section and "Expired" in section
    for hidden in ("Members Badge", "Private Badge", "Someone Elses Badge", "Members Course",
                   "Private Course", "Hidden Course", "Revoked Course"):
        assert hidden not in section
    assert "Practical SQL" in section
    assert reverse("credentials:detail", kwargs={"credential_id": shelf.pk}) in section
    assert "Add a badge" not in section


def test_members_also_see_members_only_badges_and_credentials(client, shelf):
    client.force_login(UserFactory())
    section = _section(client)
    assert "Members Badge" in section and "Members Course" in section
    for hidden in ("Private Badge", "Someone Elses Badge", "Private Course", "Hidden Course",
                   "Revoked Course"):
        assert hidden not in section


def test_the_owner_sees_every_badge_and_live_credential_marked(client, ana, shelf):
    client.force_login(ana)
    section = _section(client)
    for name in ("Python Basics", "Members Badge", "Private Badge", "Someone Elses Badge",
                 "Practical SQL", "Members Course", "Private Course", "Hidden Course"):
        assert name in section
    assert "Revoked Course" not in section
    assert "Only you see this badge: it did not verify." in section
    assert "Visible to: Only me" in section
    assert f'href="{reverse("credentials:badges")}"' in section
    assert f'href="{reverse("credentials:list")}"' in section


@pytest.mark.parametrize("who_blocks", ["owner", "viewer"])
def test_a_block_either_way_hides_badges_and_credentials(client, ana, shelf, who_blocks):
    ben = UserFactory(username="ben")
    if who_blocks == "owner":
        social.block(blocker=ana, blocked=ben)
    else:
        social.block(blocker=ben, blocked=ana)
    client.force_login(ben)
    assert _section(client) == ""
    assert client.get("/api/v1/people/ana/credentials").json() == []
    assert client.get("/api/v1/people/ana/badges").json() == []


def test_others_see_no_section_when_there_is_nothing_to_show(client, ana):
    assert _section(client) == ""
    client.force_login(ana)
    assert "Add the Open Badges you earned elsewhere" in _section(client)


def test_api_lists_the_credentials_the_profile_shows(client, ana, shelf, settings):
    data = client.get("/api/v1/people/ana/credentials").json()
    assert [c["achievement_name"] for c in data] == ["Practical SQL"]
    assert data[0]["page_url"] == settings.SITE_URL + reverse(
        "credentials:detail", kwargs={"credential_id": shelf.pk})
    client.force_login(UserFactory())
    names = {c["achievement_name"] for c in client.get("/api/v1/people/ana/credentials").json()}
    assert names == {"Practical SQL", "Members Course"}
    missing = client.get("/api/v1/people/nobody/credentials")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


@pytest.mark.parametrize("n", [1, 12])
def test_profile_query_count_does_not_grow_with_badges(client, ana, n,
                                                       django_assert_max_num_queries):
    for i in range(n):
        ImportedBadgeFactory(user=ana, name=f"badge {i}")
        issued_credential(user=ana, title=f"course {i}")
    # The same limits as test_profile_journey's: the badges section adds two queries in all.
    with django_assert_max_num_queries(10):
        section = _section(client)
    assert section.count('class="badge-card"') == n
    assert section.count("Open Badges 3.0 credential") == n
    client.force_login(UserFactory())
    with django_assert_max_num_queries(16):
        assert _section(client).count('class="badge-card"') == n
    client.force_login(ana)
    with django_assert_max_num_queries(16):
        assert _section(client).count('class="badge-card"') == n
