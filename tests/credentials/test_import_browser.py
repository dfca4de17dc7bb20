"""Importing an Open Badges 2.0 badge in real Chromium: a person pastes the address of a hosted
assertion (served by a local issuer), submits, and sees the badge verified; it is on their
journey. Then a badge that is not theirs, and the upload form, with nothing but HTML forms."""

from __future__ import annotations

import re

import pytest

from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .badge_server import OB2Issuer, badge_server, media_root  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_hosted_badge_and_see_it_verified(page, live_server, badge_server,  # noqa: F811
                                                   media_root, screenshot):  # noqa: F811
    python = SkillFactory(label="Python (computer programming)")
    issuer = OB2Issuer(badge_server, skill_ids=(python.pk,))
    assertion = issuer.assertion(1, email="ana@example.org", hashed=True, salt="sea")
    ana = UserFactory(username="ana")
    sign_in(page, live_server, ana)

    page.goto("/credentials/badges/")
    page.get_by_role("heading", name="Your badges").wait_for()
    page.get_by_label("The badge's web address").fill(assertion["id"])
    page.get_by_role("button", name="Add from address").click()

    page.wait_for_url(re.compile(r"/credentials/badges/\d+/$"))
    page.get_by_text("“Python Basics” is verified and on your learning journey now.").wait_for()
    status = page.get_by_test_id("badge-status")
    assert "Verified" in status.inner_text()
    assert "It was issued to one of your verified email addresses." in status.inner_text()
    assert page.get_by_role("heading", name="Python Basics").is_visible()
    assert page.get_by_role("link", name="Open Python School").is_visible()
    image = page.locator("img.badge-image")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 64
    screenshot(page, "badge-imported-verified")

    badge = ImportedBadge.objects.get(user=ana)
    record = LearningRecord.objects.get(pk=badge.record_id)
    assert (record.title, record.origin, record.confirmed_by) == (
        "Python Basics", "badge", "Open Python School")
    assert list(record.skills.all()) == [python]

    page.get_by_role("link", name="All your badges").click()
    page.get_by_test_id("badges").get_by_role("link", name="Python Basics").wait_for()
    screenshot(page, "badges-list")


def test_someone_elses_badge_is_kept_with_the_reason(page, live_server,  # noqa: F811
                                                      badge_server, media_root, screenshot):  # noqa: F811
    issuer = OB2Issuer(badge_server)
    assertion = issuer.assertion(2, email="someone.else@example.org")
    sign_in(page, live_server, UserFactory(username="ana"))

    page.goto("/credentials/badges/")
    page.get_by_label("The badge's text").fill(assertion["id"])
    page.get_by_role("button", name="Add pasted badge").click()
    page.wait_for_url(re.compile(r"/credentials/badges/\d+/$"))
    assert "Verification failed" in page.get_by_test_id("badge-status").inner_text()
    page.get_by_text("This badge was issued to a different email address than the verified "
                     "ones on your account.").wait_for()
    screenshot(page, "badge-imported-failed")


def test_a_file_that_is_not_a_badge_is_refused_beside_the_form(page, live_server,  # noqa: F811
                                                               media_root, tmp_path):  # noqa: F811
    sign_in(page, live_server, UserFactory(username="ana"))
    not_a_badge = tmp_path / "holiday.jpg"
    not_a_badge.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    page.goto("/credentials/badges/")
    page.get_by_label("The badge image").set_input_files(str(not_a_badge))
    page.get_by_role("button", name="Add from image").click()
    page.get_by_role("alert").filter(
        has_text="Upload the badge as a PNG or SVG image; this file is a JPEG image.").wait_for()
    assert not ImportedBadge.objects.exists()
