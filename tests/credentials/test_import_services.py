"""Importing badges: what is stored, the journey record a verified badge becomes, rechecks,
duplicates, visibility and deletion."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from learnwork.core.errors import RateLimited
from learnwork.credentials import baking, import_services
from learnwork.credentials.badge_errors import BadgeNotFound, DuplicateBadge
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .badge_server import (  # noqa: F401
    OB2Issuer,
    badge_server,
    media_root,
    ob2,
    ob3,
    png_bytes,
)

pytestmark = pytest.mark.django_db

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
       b'<rect width="4" height="4"/></svg>')


@pytest.fixture
def ana(db, media_root):  # noqa: F811
    return UserFactory(username="ana")


def test_hosted_badge_is_stored_verified_with_its_image(ana, ob2):  # noqa: F811
    url = ob2.assertion(1)["id"]
    badge = import_services.badge_import_url(user=ana, url=url)
    badge.refresh_from_db()
    assert badge.status == ImportedBadge.Status.VERIFIED
    assert (badge.spec, badge.source, badge.source_url) == ("2.0", "url", url)
    assert badge.name == "Python Basics" and badge.issuer_name == "Open Python School"
    assert badge.issued_on == datetime.datetime(2024, 5, 2, 10, tzinfo=datetime.UTC)
    assert "issued to one of your verified email addresses" in badge.status_detail
    assert badge.raw["id"] == url
    with default_storage.open(badge.image.name) as stored, Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (64, 64)


def test_verified_badge_becomes_a_confirmed_record_with_esco_skills(ana, badge_server):  # noqa: F811
    sql = SkillFactory(label="SQL")
    unknown = SkillFactory.build().id  # aligned to by the badge, but not in this taxonomy
    issuer = OB2Issuer(badge_server, skill_ids=(sql.pk, unknown))
    badge = import_services.badge_import_url(user=ana, url=issuer.assertion(1)["id"])
    record = LearningRecord.objects.get(pk=badge.record_id)
    assert (record.kind, record.origin, record.status) == ("badge", "badge", "finished")
    assert record.title == "Python Basics" and record.source_name == "Open Python School"
    assert record.finished_on == datetime.date(2024, 5, 2)
    assert record.confirmed_by == "Open Python School" and record.confirmed_at is not None
    assert record.url == badge_server.url("/criteria/python")
    assert list(record.skills.all()) == [sql]


def test_failed_badge_is_kept_with_its_reason_and_no_record(ana, ob2):  # noqa: F811
    url = ob2.assertion(2, email="someone@example.org")["id"]
    badge = import_services.badge_import_url(user=ana, url=url)
    assert badge.status == "failed"
    assert badge.status_detail == ("This badge was issued to a different email address than "
                                   "the verified ones on your account.")
    assert badge.record is None
    assert not LearningRecord.objects.filter(user=ana).exists()


def test_person_without_a_verified_email_is_told_to_verify(db, ob2, media_root):  # noqa: F811
    unverified = UserFactory(username="ana", verified=False)
    badge = import_services.badge_import_url(user=unverified, url=ob2.assertion(3)["id"])
    assert badge.status == "failed" and "no verified email address" in badge.status_detail


def test_the_same_badge_twice_is_a_conflict(ana, ob2):  # noqa: F811
    assertion = ob2.assertion(4)
    import_services.badge_import_url(user=ana, url=assertion["id"])
    baked = baking.bake_png(png_bytes(), assertion)
    with pytest.raises(DuplicateBadge, match="already added this badge"):
        import_services.badge_import_file(user=ana, data=baked)
    assert ImportedBadge.objects.filter(user=ana).count() == 1
    # Someone else may hold a badge with the same id (and fail on its recipient).
    ben = UserFactory(username="ben")
    assert import_services.badge_import_file(user=ben, data=baked).status == "failed"


def test_baked_png_upload_uses_the_uploaded_image(ana, ob2):  # noqa: F811
    baked = baking.bake_png(png_bytes((300, 200), "purple"), ob2.assertion(5))
    badge = import_services.badge_import_file(user=ana, data=baked)
    assert badge.source == "png" and badge.status == "verified"
    with default_storage.open(badge.image.name) as stored, Image.open(stored) as image:
        assert image.size == (300, 200)
        assert image.info.get("openbadges") is None  # only pixels are kept


def test_baked_png_holding_only_the_url(ana, ob2):  # noqa: F811
    url = ob2.assertion(6)["id"]
    badge = import_services.badge_import_file(user=ana, data=baking.bake_png(png_bytes(), url))
    assert badge.status == "verified" and badge.source == "png"


def test_baked_svg_with_an_ob3_credential(ana, ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential())
    badge = import_services.badge_import_file(user=ana, data=baking.bake_svg(SVG, credential))
    assert (badge.source, badge.spec, badge.status) == ("svg", "3.0", "verified")
    assert badge.issuer_name == "Data Guild"
    assert not badge.image  # an SVG is never stored or served as uploaded


def test_pasted_jwt_and_json(ana, ob3):  # noqa: F811
    token = ob3.jwt(ob3.credential(number=1))
    badge = import_services.badge_import_pasted(user=ana, text=f"\n  {token}\n")
    assert (badge.source, badge.status, badge.raw) == ("jwt", "verified", {"jwt": token})
    pasted = json.dumps(ob3.sign(ob3.credential(number=2)))
    assert import_services.badge_import_pasted(user=ana, text=pasted).source == "json"


def test_pasted_web_address_is_imported_from_the_address(ana, ob2):  # noqa: F811
    badge = import_services.badge_import_pasted(user=ana, text=ob2.assertion(7)["id"])
    assert badge.source == "url" and badge.status == "verified"


def test_image_from_a_data_uri(ana, ob3):  # noqa: F811
    credential = ob3.credential()
    credential["credentialSubject"]["achievement"]["image"] = {
        "id": "data:image/png;base64," + base64.b64encode(png_bytes((20, 10))).decode(),
        "type": "Image"}
    badge = import_services.badge_import_pasted(user=ana, text=json.dumps(ob3.sign(credential)))
    with default_storage.open(badge.image.name) as stored, Image.open(stored) as image:
        assert image.size == (20, 10)


def test_recheck_finds_it_revoked_and_takes_the_confirmation_back(ana, ob2):  # noqa: F811
    assertion = ob2.assertion(8)
    badge = import_services.badge_import_url(user=ana, url=assertion["id"])
    ob2.revoked.append({"id": assertion["id"], "revocationReason": "Issued in error"})
    ob2.publish_revocations()
    badge = import_services.badge_recheck(user=ana, badge_id=badge.pk)
    assert badge.status == "revoked"
    assert badge.status_detail == "The issuer revoked this badge: Issued in error"
    record = LearningRecord.objects.get(pk=badge.record_id)
    assert record.confirmed_by == "" and record.confirmed_at is None  # kept, unconfirmed
    ob2.revoked.clear()
    ob2.publish_revocations()
    badge = import_services.badge_recheck(user=ana, badge_id=badge.pk)
    assert badge.status == "verified"
    record.refresh_from_db()
    assert record.confirmed_by == "Open Python School"
    assert LearningRecord.objects.filter(user=ana).count() == 1


def test_recheck_of_a_badge_that_failed_can_verify_later(ana, ob2, badge_server):  # noqa: F811
    assertion = ob2.assertion(9)
    badge_server.put("/revocations", b"down", content_type="text/html", status=503)
    badge = import_services.badge_import_url(user=ana, url=assertion["id"])
    assert badge.status == "failed" and "answered 503" in badge.status_detail
    assert badge.record is None
    ob2.publish_revocations()
    badge = import_services.badge_recheck(user=ana, badge_id=badge.pk)
    assert badge.status == "verified" and badge.record is not None


def test_recheck_notices_a_changed_hosted_copy(ana, ob2):  # noqa: F811
    assertion = ob2.assertion(10)
    badge = import_services.badge_import_url(user=ana, url=assertion["id"])
    ob2.assertion(10, email="someone.else@example.org")  # the issuer changed its copy
    badge = import_services.badge_recheck(user=ana, badge_id=badge.pk)
    assert badge.status == "failed" and "(in recipient)" in badge.status_detail


def test_visibility_is_shared_with_the_record(ana, ob2):  # noqa: F811
    badge = import_services.badge_import_url(user=ana, url=ob2.assertion(11)["id"])
    badge = import_services.badge_set_visibility(user=ana, badge_id=badge.pk,
                                                 visibility="only_me")
    assert badge.visibility == "only_me"
    assert LearningRecord.objects.get(pk=badge.record_id).visibility == "only_me"
    with pytest.raises(Exception, match="Choose who sees it"):
        import_services.badge_set_visibility(user=ana, badge_id=badge.pk, visibility="friends")


def test_delete_removes_the_badge_its_image_and_its_record(ana, ob2,  # noqa: F811
                                                           django_capture_on_commit_callbacks):
    badge = import_services.badge_import_url(user=ana, url=ob2.assertion(12)["id"])
    image = badge.image.name
    assert default_storage.exists(image)
    with django_capture_on_commit_callbacks(execute=True):
        import_services.badge_delete(user=ana, badge_id=badge.pk)
    assert not ImportedBadge.objects.filter(pk=badge.pk).exists()
    assert not LearningRecord.objects.filter(user=ana).exists()
    assert not default_storage.exists(image)


def test_only_the_owner_can_change_a_badge(ana, ob2):  # noqa: F811
    badge = import_services.badge_import_url(user=ana, url=ob2.assertion(13)["id"])
    ben = UserFactory(username="ben")
    for change in (lambda: import_services.badge_recheck(user=ben, badge_id=badge.pk),
                   lambda: import_services.badge_delete(user=ben, badge_id=badge.pk),
                   lambda: import_services.badge_set_visibility(user=ben, badge_id=badge.pk,
                                                                visibility="everyone")):
        with pytest.raises(BadgeNotFound):
            change()
    assert ImportedBadge.objects.filter(pk=badge.pk).exists()


def test_imports_are_rate_limited(ana, ob2, monkeypatch):  # noqa: F811
    monkeypatch.setattr(import_services, "IMPORT_RATE", "1/h")
    import_services.badge_import_url(user=ana, url=ob2.assertion(14)["id"])
    with pytest.raises(RateLimited):
        import_services.badge_import_url(user=ana, url=ob2.assertion(15)["id"])


def test_image_is_skipped_when_the_issuer_serves_none(ana, ob2, badge_server):  # noqa: F811
    badge_server.put("/images/python.png", b"<svg/>", content_type="image/svg+xml")
    badge = import_services.badge_import_url(user=ana, url=ob2.assertion(16)["id"])
    assert badge.status == "verified" and not badge.image


def test_baked_copy_that_differs_from_the_hosted_one_is_kept_as_failed(ana, ob2):  # noqa: F811
    forged = ob2.assertion(17)
    forged["issuedOn"] = "2020-01-01T00:00:00Z"  # the issuer's copy says 2024-05-02
    baked = baking.bake_png(png_bytes(), forged)
    badge = import_services.badge_import_file(user=ana, data=baked)
    assert badge.status == "failed" and badge.record is None
    assert (f"This copy of the badge differs from the issuer's copy at {forged['id']} "
            "(in issuedOn): it was changed after it was issued.") in badge.status_detail


def test_ancient_issue_date_still_makes_a_record(ana, ob2):  # noqa: F811
    badge = import_services.badge_import_url(
        user=ana, url=ob2.assertion(18, issuedOn="1850-01-01T00:00:00Z")["id"])
    assert badge.status == "verified"
    assert LearningRecord.objects.get(pk=badge.record_id).finished_on is not None
