"""The header: a signed-in person finds their journey, badges and credentials under Learning."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEARNING_LINKS = ("journeys:mine", "journeys:create", "skills:mine", "credentials:badges",
                  "credentials:list")


def _header(client) -> str:
    page = client.get(reverse("about")).content.decode()
    return page[page.index('<header class="site-header">'):page.index("</header>")]


def test_signed_in_header_groups_learning_pages_in_a_menu_that_needs_no_script(member_client):
    header = _header(member_client)
    menu = header[header.index('<details class="dropdown nav-menu">'):header.index("</details>")]
    assert "<summary>Learning</summary>" in menu
    for name in LEARNING_LINKS:
        assert f'href="{reverse(name)}"' in menu
    handle = member_client.user.username
    assert f'href="{reverse("profiles:detail", kwargs={"handle": handle})}"' in header
    # Each page is one click from the menu: the journey lands on the profile's timeline.
    response = member_client.get(reverse("journeys:mine"))
    assert response.status_code == 302 and response["Location"].endswith(f"/@{handle}#journey")
    for name in LEARNING_LINKS[1:]:
        assert member_client.get(reverse(name)).status_code == 200


def test_signed_out_header_has_no_learning_menu(client):
    header = _header(client)
    assert "nav-menu" not in header
    assert f'href="{reverse("account_login")}"' in header


FOLLOWING_LINKS = ("recommendations:learn_from", "recommendations:audit", "lists:index")


def test_whom_to_follow_pages_are_under_following_in_the_header(member_client):
    header = _header(member_client)
    start = header.index("<summary>Following</summary>")
    menu = header[start:header.index("</details>", start)]
    for name in FOLLOWING_LINKS:
        assert f'href="{reverse(name)}"' in menu
        assert member_client.get(reverse(name)).status_code == 200
