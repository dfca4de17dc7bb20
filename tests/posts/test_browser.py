"""The compose, react and comment flows in real Chromium, with htmx doing its part."""

from __future__ import annotations

import re

import pytest

from learnwork.posts.models import Post, Reaction
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_with_suggestions_and_search(page, live_server, screenshot):  # noqa: F811
    stats = SkillFactory(label="statistics", kind="knowledge")
    python = SkillFactory(label="Python (computer programming)", alt_labels="Py3K",
                          kind="knowledge")
    author = UserFactory()
    sign_in(page, live_server, author)
    page.goto("/posts/new/")

    body = page.get_by_label("What did you learn, or what can others learn from you?")
    body.fill("The median beats the mean in statistics when the data are skewed.")
    page.locator("#id_body_count").filter(has_text="65 / 5,000").wait_for()

    page.get_by_role("button", name="Suggest skills from my text").click()
    suggested = page.locator("#skill-suggestions").get_by_role(
        "checkbox", name=re.compile("statistics"))
    suggested.wait_for()
    assert suggested.is_checked()

    page.get_by_label("Add a skill by name").press_sequentially("pyhton", delay=30)
    page.get_by_role("button", name="Add — Python (computer programming)").click()
    added = page.locator("#chosen-skills").get_by_role(
        "checkbox", name="Python (computer programming)")
    added.wait_for()
    assert added.is_checked()
    page.get_by_label("Signed-in members").check()
    screenshot(page, "posts-compose")

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    post = Post.objects.get()
    assert set(post.skills.all()) == {stats, python} and post.visibility == "members"
    page.get_by_text("Published.").wait_for()


def test_react_and_comment(page, live_server, screenshot):  # noqa: F811
    post = PostFactory(body="Sorting first makes the median easy.")
    reader = UserFactory()
    sign_in(page, live_server, reader)
    page.goto(f"/posts/{post.pk}/")

    page.get_by_role("button", name="I learned from this").click()
    page.get_by_text("1 person learned from this").wait_for()
    page.get_by_role("button", name="You learned from this ✓").wait_for()
    page.get_by_role("button", name="Save for later").click()
    page.get_by_text("Only you see what you save.").wait_for()
    assert set(Reaction.objects.values_list("kind", flat=True)) == {"learned", "saved"}

    page.get_by_label("Your comment").fill("Also true for **percentiles**.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.locator(".comment-body strong", has_text="percentiles").wait_for()
    page.get_by_text("Reply", exact=True).first.click()
    page.get_by_label("Your reply").fill("Good point.")
    page.get_by_role("button", name="Reply", exact=True).click()
    page.locator(".comment .comment .comment-body", has_text="Good point.").wait_for()
    screenshot(page, "posts-detail")


def test_everything_works_without_javascript(chromium, live_server):  # noqa: F811
    stats = SkillFactory(label="statistics", kind="knowledge")
    other = PostFactory(body="Someone else's note.")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        sign_in(tab, live_server, UserFactory())
        tab.goto("/posts/new/")
        tab.get_by_label("What did you learn, or what can others learn from you?").fill(
            "Two weeks of statistics homework, and the median finally makes sense.")
        tab.get_by_role("button", name="Publish").click()
        # The confirm step: the suggestion comes ticked; the second Publish posts.
        suggested = tab.get_by_role("checkbox", name=re.compile("statistics"))
        assert suggested.is_checked()
        tab.get_by_role("button", name="Publish").click()
        tab.wait_for_url(re.compile(r"/posts/\d+/$"))
        assert list(Post.objects.get(body__startswith="Two weeks").skills.all()) == [stats]

        tab.goto(f"/posts/{other.pk}/")
        tab.get_by_role("button", name="I learned from this").click()
        tab.wait_for_url(re.compile(rf"/posts/{other.pk}/$"))
        tab.get_by_text("1 person learned from this").wait_for()
        tab.get_by_role("button", name="You learned from this ✓").click()
        tab.get_by_role("button", name="I learned from this").wait_for()
        assert not Reaction.objects.exists()
    finally:
        context.close()
