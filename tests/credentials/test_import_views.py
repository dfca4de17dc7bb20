"""The badge pages: import forms (without JavaScript), a badge with its status and reason, who
may see it, and the owner's controls."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from learnwork.credentials import baking, import_services
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord
from tests.factories import UserFactory
from tests.social.factories import BlockFactory

from .badge_server import badge_server, media_root, ob2, ob3, png_bytes  # noqa: F401

pytestmark = pytest.mark.django_db

BADGES = reverse("credentials:badges")
IMPORT = reverse("credentials:badge_import")


def html(response) -> str:
    return response.content.decode()


def detail(badge) -> str:
    return reverse("credentials:badge_detail", kwargs={"badge_id": badge.pk})


@pytest.fixture
def ana(db, media_root):  # noqa: F811
    return UserFactory(username="ana")


@pytest.fixture
def ana_client(client, ana):
    client.force_login(ana)
    return client


@pytest.fixture
def verified_badge(ana, ob2):  # noqa: F811
    return import_services.badge_import_url(user=ana, url=ob2.assertion(1)["id"])


def test_list_needs_sign_in(client):
    response = client.get(BADGES)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_offers_three_ways_to_add_a_badge(ana_client):
    page = html(ana_client.get(BADGES))
    assert "<legend>By web address</legend>" in page
    assert "<legend>By uploading the badge image</legend>" in page
    assert "<legend>By pasting its text</legend>" in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3
    assert 'enctype="multipart/form-data"' in page
    assert "You have not added any badges yet." in page


def test_import_by_url_redirects_to_the_verified_badge(ana_client, ob2):  # noqa: F811
    response = ana_client.post(IMPORT, {"how": "url", "url": ob2.assertion(1)["id"]},
                               follow=True)
    badge = ImportedBadge.objects.get()
    assert response.redirect_chain == [(detail(badge), 302)]
    page = html(response)
    assert "“Python Basics” is verified and on your learning journey now." in page
    assert 'data-status="verified"' in page and "Verified" in page
    assert "Open Python School" in page
    assert "It was fetched from its issuer&#x27;s site" in page
    assert f"#record-{badge.record_id}" in page
    assert html(ana_client.get(BADGES)).count("Python Basics") == 1


def test_import_by_upload_and_by_paste(ana_client, ob2, ob3):  # noqa: F811
    upload = io.BytesIO(baking.bake_png(png_bytes(), ob2.assertion(2)))
    upload.name = "badge.png"
    assert ana_client.post(IMPORT, {"how": "file", "file": upload}).status_code == 302
    pasted = json.dumps(ob3.sign(ob3.credential()))
    assert ana_client.post(IMPORT, {"how": "paste", "credential": pasted}).status_code == 302
    assert sorted(ImportedBadge.objects.values_list("source", flat=True)) == ["json", "png"]


def test_failed_badge_page_says_why(ana_client, ob2):  # noqa: F811
    url = ob2.assertion(3, expires="2021-06-30T00:00:00Z")["id"]
    page = html(ana_client.post(IMPORT, {"how": "url", "url": url}, follow=True))
    assert "“Python Basics” was added, but it did not verify. The reason is below." in page
    assert 'data-status="expired"' in page
    assert "This badge expired on June 30, 2021." in page


def test_refused_import_shows_the_reason_by_the_form(ana_client):
    response = ana_client.post(IMPORT, {"how": "paste", "credential": '{"hello": "world"}'})
    assert response.status_code == 400
    page = html(response)
    assert "That JSON is not an Open Badge" in page and 'role="alert"' in page
    assert "{&quot;hello&quot;: &quot;world&quot;}" in page  # what was pasted stays in the form
    empty = ana_client.post(IMPORT, {"how": "url", "url": ""})
    assert empty.status_code == 400 and "This field is required." in html(empty)


def test_duplicate_import_is_a_409_with_a_message(ana_client, ob2):  # noqa: F811
    url = ob2.assertion(4)["id"]
    ana_client.post(IMPORT, {"how": "url", "url": url})
    again = ana_client.post(IMPORT, {"how": "url", "url": url})
    assert again.status_code == 409 and "You already added this badge." in html(again)


def test_import_needs_the_csrf_token(ana, ob2):  # noqa: F811
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    response = strict.post(IMPORT, {"how": "url", "url": ob2.assertion(5)["id"]})
    assert response.status_code == 403
    assert not ImportedBadge.objects.exists()


def test_others_see_a_verified_badge_but_not_the_details_of_checking(client, verified_badge):
    page = html(client.get(detail(verified_badge)))
    assert "Python Basics" in page and "Earned by @ana" in page
    assert 'data-status="verified"' in page
    assert "Check again now" not in page and "Delete this badge" not in page
    assert 'data-testid="badge-reason"' not in page


def test_others_never_see_a_failed_badge(client, ana, ob2):  # noqa: F811
    failed = import_services.badge_import_url(
        user=ana, url=ob2.assertion(6, email="x@example.org")["id"])
    assert client.get(detail(failed)).status_code == 404
    client.force_login(UserFactory(username="ben"))
    assert client.get(detail(failed)).status_code == 404


def test_visibility_and_blocks_hide_a_badge(client, ana, verified_badge):
    ben = UserFactory(username="ben")
    import_services.badge_set_visibility(user=ana, badge_id=verified_badge.pk,
                                         visibility="members")
    assert client.get(detail(verified_badge)).status_code == 404
    client.force_login(ben)
    assert client.get(detail(verified_badge)).status_code == 200
    BlockFactory(blocker=ana, blocked=ben)
    assert client.get(detail(verified_badge)).status_code == 404


def test_owner_controls_recheck_visibility_delete(ana_client, verified_badge, ob2):  # noqa: F811
    page = html(ana_client.get(detail(verified_badge)))
    assert "Check again now" in page and "Save who sees it" in page
    ob2.revoked.append(verified_badge.raw["id"])
    ob2.publish_revocations()
    recheck = reverse("credentials:badge_recheck", kwargs={"badge_id": verified_badge.pk})
    page = html(ana_client.post(recheck, follow=True))
    assert "Checked again just now: Revoked." in page
    assert "The issuer revoked this badge." in page

    visibility = reverse("credentials:badge_visibility", kwargs={"badge_id": verified_badge.pk})
    ana_client.post(visibility, {"visibility": "only_me"})
    verified_badge.refresh_from_db()
    assert verified_badge.visibility == "only_me"

    delete = reverse("credentials:badge_delete", kwargs={"badge_id": verified_badge.pk})
    assert "Delete this badge?" in html(ana_client.get(delete))
    response = ana_client.post(delete, follow=True)
    assert "“Python Basics” is deleted." in html(response)
    assert not ImportedBadge.objects.exists() and not LearningRecord.objects.exists()


def test_controls_of_someone_elses_badge_are_not_found(client, verified_badge):
    client.force_login(UserFactory(username="ben"))
    for name in ("badge_recheck", "badge_visibility", "badge_delete"):
        url = reverse(f"credentials:{name}", kwargs={"badge_id": verified_badge.pk})
        assert client.post(url, {"visibility": "everyone"}).status_code == 404
    assert ImportedBadge.objects.filter(pk=verified_badge.pk, visibility="everyone").exists()


def test_list_shows_each_badge_with_its_status(ana_client, ana, ob2):  # noqa: F811
    import_services.badge_import_url(user=ana, url=ob2.assertion(7)["id"])
    import_services.badge_import_url(user=ana, url=ob2.assertion(8, email="x@y.org")["id"])
    page = html(ana_client.get(BADGES))
    assert page.count('data-status="verified"') == 1
    assert page.count('data-status="failed"') == 1
    assert "Verification failed" in page


def test_list_query_count_does_not_grow(ana_client, ana, ob2, django_assert_max_num_queries):  # noqa: F811
    for number in range(1, 6):
        import_services.badge_import_url(user=ana, url=ob2.assertion(number)["id"])
    with django_assert_max_num_queries(8):
        assert ana_client.get(BADGES).status_code == 200


def test_data_download_holds_the_badges_of_its_owner_only(ana_client, ana, verified_badge):
    other = UserFactory(username="ben")
    data = json.loads(ana_client.get(reverse("profiles:export")).content)
    [exported] = data["imported_badges"]
    assert exported["name"] == "Python Basics" and exported["status"] == "verified"
    assert exported["received"]["id"] == verified_badge.raw["id"]
    ana_client.force_login(other)
    assert json.loads(ana_client.get(reverse("profiles:export")).content)[
        "imported_badges"] == []
