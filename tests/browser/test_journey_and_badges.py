"""The "done" list of learning journeys and Open Badges as one person's story, in Chromium on one
live server: Maya signs in, finds her journey from the menu, adds a course by hand with a
reflection and a skill, and sees it on her profile with the activity heatmap and the skills
chart; imports an Open Badges 2.0 assertion from a local issuer and sees it verified, on the
badges page and on her profile; then turns a course its provider confirmed into an Open Badges
3.0 credential and downloads it, as JSON and as a baked SVG, both of which verify."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from learnwork.credentials import baking, proofs
from learnwork.credentials.models import ImportedBadge, IssuedCredential
from learnwork.journeys import services as journeys
from learnwork.journeys.models import LearningRecord
from learnwork.skills import index_cache
from tests.browser.fixtures import sign_in
from tests.credentials.badge_server import OB2Issuer, badge_server, media_root  # noqa: F401
from tests.factories import PASSWORD, UserFactory
from tests.skills.factories import SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFLECTION = "Window functions **replace** most self-joins; read the plan before tuning."


def _open_learning_menu(page, item: str, screenshot=None) -> None:
    """Go to `item` through the header's Learning menu, as a person would."""
    header = page.locator("header.site-header")
    header.locator("summary", has_text="Learning").click()
    link = header.get_by_role("link", name=item, exact=True)
    link.wait_for()
    if screenshot:
        screenshot(page, "story-0-learning-menu")
    link.click()


def test_a_learners_journey_badges_and_credentials(
    page, live_server, badge_server, media_root, screenshot, settings  # noqa: F811
):
    settings.SITE_URL = live_server.url
    index_cache.invalidate()
    sql = SkillFactory(label="SQL", kind="knowledge")
    python = SkillFactory(label="Python (computer programming)", kind="knowledge")
    maya = UserFactory(username="maya", email="maya@example.org")  # a verified address

    # Sign in with the login form.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("maya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))

    # 1. A course by hand, with a reflection and a skill, found from the menu.
    _open_learning_menu(page, "My journey", screenshot)
    page.wait_for_url(re.compile(r"/@maya(#journey)?$"))
    page.locator("#journey").get_by_role("button", name="Add to my journey").click()
    page.wait_for_url("**/journey/new/")
    page.get_by_label("What is it?").select_option("course")
    page.get_by_label("Title").fill("Advanced SQL queries")
    page.get_by_label("By", exact=True).fill("Evening School")
    page.get_by_label("What I learned").fill(REFLECTION)
    page.get_by_label("Add a skill by name").press_sequentially("SQL", delay=30)
    page.get_by_role("button", name="Add — SQL").click()
    page.locator("#chosen-skills").get_by_role("checkbox", name="SQL").wait_for()
    screenshot(page, "story-1-record-editor")
    page.locator("form").get_by_role("button", name="Add to my journey").click()

    page.wait_for_url(re.compile(r"/@maya#record-\d+$"))
    record = LearningRecord.objects.get(title="Advanced SQL queries")
    assert record.status == "finished" and list(record.skills.all()) == [sql]
    card = page.locator(f"#record-{record.pk}")
    card.locator(".reflection strong", has_text="replace").wait_for()
    assert "by Evening School" in card.inner_text()
    heatmap = page.get_by_role("img", name="1 learning day in the last year")
    assert heatmap.is_visible()
    today = page.locator(f'svg.lw-heatmap rect[data-date="{record.finished_on.isoformat()}"]')
    assert today.get_attribute("data-level") != "0"
    chart = page.get_by_role("img", name=re.compile("^Skills by evidence"))
    assert chart.get_attribute("aria-label") == (
        "Skills by evidence: 0 verified, 1 shown by records, 0 claimed only")
    assert "Shown by 1 finished record" in page.get_by_test_id("profile-skills").inner_text()
    screenshot(page, "story-2-profile-with-journey")

    # 2. An Open Badges 2.0 assertion hosted by a local issuer, imported by its address.
    issuer = OB2Issuer(badge_server, skill_ids=(python.pk,))
    assertion = issuer.assertion(1, email="maya@example.org", hashed=True, salt="salt")
    _open_learning_menu(page, "Badges")
    page.get_by_role("heading", name="Your badges").wait_for()
    page.get_by_label("The badge's web address").fill(assertion["id"])
    page.get_by_role("button", name="Add from address").click()
    page.wait_for_url(re.compile(r"/credentials/badges/\d+/$"))
    status = page.get_by_test_id("badge-status")
    assert status.get_by_role("heading").inner_text().strip() == "✓ Verified"
    assert "issued to one of your verified email addresses" in status.inner_text()
    screenshot(page, "story-3-badge-verified")
    badge = ImportedBadge.objects.get(user=maya)
    assert badge.status == "verified"

    page.get_by_role("link", name="My profile").click()
    badges = page.get_by_test_id("profile-badges")
    badges.get_by_role("link", name="Python Basics").wait_for()
    assert "from Open Python School" in badges.inner_text()
    assert "✓ Verified" in badges.inner_text()
    assert page.locator(f"#record-{badge.record_id}").get_by_text(
        "Verified badge from Open Python School").is_visible()
    assert chart.get_attribute("aria-label") == (
        "Skills by evidence: 1 verified, 1 shown by records, 0 claimed only")
    assert "Verified by Open Python School" in (
        page.get_by_test_id("profile-skills").inner_text())

    # A visitor who is not signed in sees the badge too, and the charts.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto("/@maya")
    public.get_by_test_id("profile-badges").get_by_role("link", name="Python Basics").wait_for()
    assert public.get_by_test_id("journey-heatmap").locator("svg").is_visible()
    assert public.get_by_test_id("skills-chart").locator("svg").is_visible()
    visitor.close()

    # 3. A course its provider confirmed becomes an Open Badges 3.0 credential.
    confirmed = journeys.record_create(user=maya, kind="course", title="Data modelling",
                                       status="in_progress", source_name="Data School",
                                       skill_ids=[sql.pk], origin="provider")
    journeys.record_confirm(record=confirmed, confirmed_by="Data School")
    _open_learning_menu(page, "Credentials")
    eligible = page.get_by_test_id("eligible-records")
    eligible.get_by_role("button", name="Issue credential — Data modelling").click()
    page.wait_for_url(re.compile(r"/credentials/[0-9a-f-]{36}/$"))
    credential = IssuedCredential.objects.get(recipient=maya)
    assert page.get_by_test_id("verdict").get_attribute("data-status") == "verified"
    screenshot(page, "story-4-credential-page")

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download credential (JSON)").click()
    document = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    result = proofs.verify(document, resolve_key=proofs.resolve_key)
    assert result.ok, result.reason
    assert document["id"] == f"{live_server.url}/credentials/{credential.pk}/"
    assert document["credentialSubject"]["achievement"]["name"] == "Data modelling"

    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Download badge (SVG)").click()
    assert svg_download.value.suggested_filename.endswith(".svg")
    baked = json.loads(baking.unbake_svg(Path(svg_download.value.path()).read_bytes()))
    assert baked == document
    assert proofs.verify(baked, resolve_key=proofs.resolve_key).ok

    # The profile links the credential's public verification page.
    page.get_by_role("link", name="My profile").click()
    issued = page.get_by_test_id("profile-credentials")
    issued.get_by_role("link", name="Data modelling", exact=True).click()
    page.wait_for_url(f"**/credentials/{credential.pk}/")
    page.goto("/@maya")
    screenshot(page, "story-5-profile-complete")
    # On a phone the header wraps rather than widening the page.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "story-6-profile-phone")


def test_the_learning_menu_works_without_javascript(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        sign_in(tab, live_server, UserFactory(username="maya"))
        tab.goto("/")
        header = tab.locator("header.site-header")
        assert not header.get_by_role("link", name="Badges").is_visible()
        header.locator("summary", has_text="Learning").click()
        header.get_by_role("link", name="Badges", exact=True).click()
        tab.get_by_role("heading", name="Your badges").wait_for()
        header.locator("summary", has_text="Learning").click()
        header.get_by_role("link", name="My journey").click()
        tab.wait_for_url(re.compile(r"/@maya(#journey)?$"))
    finally:
        context.close()
