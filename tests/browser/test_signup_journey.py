"""The first-day flow in real Chromium: sign up, verify the email, add skills and goals, and see
them on the public profile, as a signed-out visitor would."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from learnwork.skills import index_cache
from learnwork.skills.models import Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def taxonomy_rows():
    index_cache.invalidate()
    Skill.objects.create(id=uuid.uuid4(), kind="knowledge", label="statistics",
                         alt_labels="statistical science",
                         description="The study of collecting and analysing data.")
    Skill.objects.create(id=uuid.uuid4(), kind="knowledge", label="Python (computer programming)",
                         alt_labels="Python")
    Skill.objects.create(id=uuid.uuid4(), kind="skill", label="use spreadsheets software")
    yield
    index_cache.invalidate()


def _verification_link() -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
        if found:
            return found.group(0)
    raise AssertionError(f"no verification mail in {[m.subject for m in mail.outbox]}")


def test_sign_up_verify_set_goals_and_skills_then_see_public_profile(
    page, live_server, screenshot, taxonomy_rows
):
    page.goto("/")
    page.get_by_role("button", name="Join Learnwork").click()
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Handle").fill("rosa")
    page.get_by_label("Password", exact=True).fill("a-long-enough-pass-42")
    page.get_by_label("Password (again)").fill("a-long-enough-pass-42")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    link = _verification_link()
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="My profile").is_visible()

    # Profile basics, without JavaScript needed.
    page.goto("/settings/")
    page.get_by_label("Display name").fill("Rosa Díaz")
    page.get_by_label("Headline").fill("Nurse learning data analysis")
    page.get_by_label("Bio").fill("I track **patient outcomes** and want to understand them.")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()

    # Goal and skill through the htmx typeahead, forgiving a typo.
    page.goto("/skills/mine/")
    target = timezone.localdate() + timedelta(days=120)
    search = page.get_by_label("Find a skill, a knowledge area or a topic")
    search.press_sequentially("statistcs", delay=30)
    page.get_by_role("button", name=re.compile(r"^Add as goal\W+statistics$")).click()
    goals = page.locator("#goals")
    goals.get_by_role("link", name="statistics").wait_for()
    goals.get_by_text("Edit goal: statistics").click()
    goals.get_by_label("Why").fill("To read clinical trial results with confidence")
    goals.get_by_label("Target date").fill(target.isoformat())
    goals.get_by_role("button", name="Save").click()
    page.locator("#goals").get_by_text("To read clinical trial results").wait_for()

    search = page.get_by_label("Find a skill, a knowledge area or a topic")
    search.press_sequentially("spreadsheet", delay=30)
    page.get_by_role("button",
                     name=re.compile(r"^Add as skill\W+use spreadsheets software$")).click()
    page.locator("#skills").get_by_role("link", name="use spreadsheets software").wait_for()

    # Goals default to members only; make them public so a visitor sees them.
    page.goto("/settings/privacy/")
    page.locator("fieldset", has_text="learning goals").get_by_label("Everyone").check()
    page.get_by_role("button", name="Save privacy settings").click()
    page.get_by_text("Your privacy settings are saved.").wait_for()

    # A signed-out visitor sees the public profile.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto("/@rosa")
    public.get_by_role("heading", name="Rosa Díaz").wait_for()
    assert public.get_by_text("Nurse learning data analysis").is_visible()
    assert public.locator("strong", has_text="patient outcomes").is_visible()
    assert public.get_by_test_id("profile-skills").get_by_text(
        "use spreadsheets software").is_visible()
    public_goals = public.get_by_test_id("profile-goals")
    assert public_goals.get_by_role("link", name="statistics").is_visible()
    assert public_goals.get_by_text("To read clinical trial results with confidence").is_visible()
    assert public_goals.get_by_text(str(target.year)).is_visible()
    screenshot(public, "public-profile-after-signup")
    visitor.close()
