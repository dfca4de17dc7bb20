"""Course providers in real Chromium: an organisation registers and gets its credential's
secret once; a learner finds a course in the catalogue and puts it on their journey."""

from __future__ import annotations

import pytest

from learnwork.journeys.models import LearningRecord
from learnwork.providers.auth import authenticate_basic
from learnwork.providers.models import LrsCredential
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import CourseFactory, basic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_provider_and_copy_the_secret_once(page, live_server, screenshot):
    sign_in(page, live_server, UserFactory(username="olga"))
    page.goto("/providers/new/")
    page.get_by_label("Organisation name").fill("Data School")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/providers/data-school/manage/")
    page.get_by_role("button", name="Create a credential").click()
    key = page.get_by_test_id("credential-key").inner_text()
    secret = page.get_by_test_id("credential-secret").inner_text()
    screenshot(page, "provider-credential-created")
    assert authenticate_basic(basic(key, secret)).scopes == {"statements/write",
                                                             "statements/read/mine"}
    page.goto("/providers/data-school/manage/")
    assert page.get_by_test_id("credential-secret").count() == 0
    assert LrsCredential.objects.get().key == key


def test_find_a_course_and_plan_it(page, live_server, screenshot):
    sql = SkillFactory(label="SQL")
    CourseFactory(title="SQL for analysts", skills=[sql], description="Joins and windows.")
    CourseFactory(title="Pottery", format="in_person")
    sign_in(page, live_server, UserFactory(username="lena"))
    page.goto("/courses/")
    page.get_by_label("Search courses").fill("sql")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="SQL for analysts").click()
    page.get_by_role("button", name="Add to my journey").click()
    page.get_by_text("is on your journey as planned").wait_for()
    page.get_by_role("button", name="Add the skill to my goals SQL").click()
    page.get_by_text("is now one of your goals").wait_for()
    screenshot(page, "course-planned")
    record = LearningRecord.objects.get()
    assert (record.title, record.status) == ("SQL for analysts", "planned")
