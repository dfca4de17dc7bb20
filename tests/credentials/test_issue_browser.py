"""A person turns a provider-confirmed course into an Open Badges 3.0 credential, in Chromium."""

from __future__ import annotations

import json
import re

import pytest

from learnwork.credentials import baking, proofs
from learnwork.credentials.models import IssuedCredential
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory
from tests.skills.factories import SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_verify_and_download(page, live_server, screenshot, settings):
    settings.SITE_URL = live_server.url
    learner = UserFactory(username="noor")
    RecordFactory(user=learner, title="Practical SQL", source_name="Data School",
                  skills=[SkillFactory(label="SQL")], confirmed_by="Data School")
    sign_in(page, live_server, learner)

    page.goto("/credentials/")
    eligible = page.get_by_test_id("eligible-records")
    eligible.get_by_text("Practical SQL", exact=True).wait_for()
    screenshot(page, "credentials-eligible")
    eligible.get_by_role("button", name="Issue credential — Practical SQL").click()

    page.wait_for_url(re.compile(r"/credentials/[0-9a-f-]{36}/$"))
    credential = IssuedCredential.objects.get()
    verdict = page.get_by_test_id("verdict")
    assert verdict.get_attribute("data-status") == "verified"
    assert verdict.get_by_role("heading").inner_text().strip() == "Verified"
    page.get_by_text("The signature is valid.").wait_for()
    page.get_by_role("heading", name="Practical SQL").wait_for()
    screenshot(page, "credentials-verified")

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download credential (JSON)").click()
    download = json_download.value
    assert download.suggested_filename == f"learnwork-credential-{credential.pk}.json"
    document = json.loads(open(download.path(), encoding="utf-8").read())
    result = proofs.verify(document, resolve_key=proofs.resolve_key)
    assert result.ok, result.reason
    assert document["credentialSubject"]["achievement"]["name"] == "Practical SQL"

    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Download badge (SVG)").click()
    baked = open(svg_download.value.path(), "rb").read()
    assert svg_download.value.suggested_filename.endswith(".svg")
    assert proofs.verify(json.loads(baking.unbake_svg(baked)),
                         resolve_key=proofs.resolve_key).ok

    # A changed copy pasted into the public check fails, saying why.
    document["credentialSubject"]["achievement"]["name"] = "Advanced SQL"
    page.goto("/credentials/verify")
    page.get_by_label(re.compile("Credential JSON")).fill(json.dumps(document))
    page.get_by_role("button", name="Check").click()
    verdict = page.get_by_test_id("verdict")
    verdict.wait_for()
    assert verdict.get_attribute("data-status") == "invalid"
    assert "the credential was changed after it was signed" in verdict.locator("p").inner_text()
    screenshot(page, "credentials-tampered")
