"""A learning journey in real Chromium: a person adds a course by hand with skills and a
reflection, and sees it on their profile with the activity heatmap and the skills chart."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from learnwork.journeys.models import LearningRecord
from learnwork.skills import index_cache
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory, UserSkillFactory

from .factories import RecordFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFLECTION = ("The median **resists** outliers; the mean does not. Plot the data before "
              "summarising it.")


def test_add_a_course_by_hand_and_see_the_journey(page, live_server, screenshot):
    index_cache.invalidate()
    stats = SkillFactory(label="statistics", kind="knowledge")
    sql = SkillFactory(label="SQL", kind="knowledge")
    python = SkillFactory(label="Python (computer programming)", kind="knowledge")
    dana = UserFactory(username="dana")
    UserSkillFactory(user=dana, skill=python, proficiency="can_apply", level=3)
    RecordFactory(user=dana, origin="provider", title="Databases", source_name="Open Uni",
                  skills=[sql], started_on=dt.date(2025, 1, 6), finished_on=dt.date(2025, 3, 1),
                  confirmed_by="Open Uni")
    sign_in(page, live_server, dana)

    page.goto("/@dana")
    page.get_by_role("button", name="Add to my journey").click()
    page.wait_for_url("**/journey/new/")
    page.get_by_label("What is it?").select_option("course")
    page.get_by_label("Title").fill("Statistics for data analysis")
    page.get_by_label("By", exact=True).fill("Open University")
    page.get_by_label("What I learned").fill(REFLECTION)
    page.get_by_label("Add a skill by name").press_sequentially("statis", delay=30)
    page.get_by_role("button", name="Add — statistics").click()
    picked = page.locator("#chosen-skills").get_by_role("checkbox", name="statistics")
    picked.wait_for()
    assert picked.is_checked()
    page.get_by_role("button", name="Add to my journey").click()

    page.wait_for_url(re.compile(r"/@dana#record-\d+$"))
    record = LearningRecord.objects.get(title="Statistics for data analysis")
    assert list(record.skills.all()) == [stats] and record.status == "finished"
    card = page.locator(f"#record-{record.pk}")
    card.locator(".reflection strong", has_text="resists").wait_for()
    assert card.get_by_role("link", name="statistics", exact=True).is_visible()
    assert "by Open University" in card.inner_text()

    heatmap = page.get_by_role("img", name=re.compile(r"^\d+ learning days? in the last year$"))
    heatmap.wait_for()
    today = page.locator(f'svg.lw-heatmap rect[data-date="{record.finished_on.isoformat()}"]')
    assert today.get_attribute("data-level") != "0"
    assert today.get_attribute("fill") != "#ebedf0"

    chart = page.get_by_role("img", name=re.compile("^Skills by evidence"))
    assert chart.is_visible()
    assert chart.get_attribute("aria-label") == (
        "Skills by evidence: 1 verified, 1 shown by records, 1 claimed only")
    skills = page.get_by_test_id("profile-skills")
    assert "Verified by Open Uni" in skills.inner_text()
    assert "Shown by 1 finished record" in skills.inner_text()
    assert "Claimed" in skills.inner_text()
    screenshot(page, "journey-profile")

    # Sharing it takes two clicks and lands on the post.
    card.get_by_role("button", name=re.compile("^Share as a post")).click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    page.get_by_text("Finished Statistics for data analysis (by Open University).").wait_for()


def test_adding_works_without_javascript(chromium, live_server):
    person = UserFactory()
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        sign_in(tab, live_server, person)
        tab.goto("/journey/new/")
        tab.get_by_label("Title").fill("Thinking, Fast and Slow")
        tab.get_by_label("What is it?").select_option("book")
        tab.get_by_label("In progress").check()
        tab.get_by_label("Finished on").fill("2024-02-01")
        tab.get_by_role("button", name="Add to my journey").click()
        tab.get_by_text("Only finished learning has a finish date.").wait_for()
        tab.get_by_label("Finished on").fill("")
        tab.get_by_role("button", name="Add to my journey").click()
        tab.wait_for_url(re.compile(r"/@member\d+#record-\d+$"))
        tab.locator(".record-title", has_text="Thinking, Fast and Slow").wait_for()
        assert LearningRecord.objects.get().status == "in_progress"
    finally:
        context.close()
