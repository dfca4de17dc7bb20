"""Provider and catalogue pages: register, the dashboard (a credential's secret shown once),
courses, webhooks, the delivery log, linked accounts and the catalogue; no 500s."""

from __future__ import annotations

import json

import pytest

from learnwork.journeys.models import LearningRecord
from learnwork.providers import webhooks
from learnwork.providers.models import Course, LinkedIdentity, LrsCredential, Provider, Webhook
from learnwork.skills.models import LearningGoal
from tests.skills.factories import SkillFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_register_an_organisation_and_manage_it(client, ana):
    client.force_login(ana)
    assert client.get("/providers/new/").status_code == 200
    response = client.post("/providers/new/", {"name": "Data School", "slug": "",
                                               "website": "https://data.example"})
    assert response.status_code == 302 and response["Location"] == "/providers/data-school/manage/"
    provider = Provider.objects.get(slug="data-school")
    assert list(provider.admins.all()) == [ana]
    page = client.get("/providers/data-school/manage/")
    assert page.status_code == 200 and b"LRS credentials" in page.content
    assert b"data-school" in client.get("/providers/").content


def test_register_refuses_bad_input_and_reserved_names(client, ana):
    client.force_login(ana)
    assert client.post("/providers/new/", {"name": ""}).status_code == 400
    assert client.post("/providers/new/", {"name": "X", "slug": "new"}).status_code == 400
    assert client.post("/providers/new/", {"name": "X", "website": "ftp://x"}).status_code == 400
    assert not Provider.objects.exists()


def test_the_secret_is_shown_once(client, ben, provider):
    client.force_login(ben)
    response = client.post("/providers/open-academy/manage/credentials/",
                           {"label": "LMS", "scopes": ["statements/write", "define"]})
    assert response.status_code == 200
    page = response.content.decode()
    credential = LrsCredential.objects.get()
    assert credential.key in page and "lws_" in page
    assert credential.scopes == ["statements/write", "define"]
    again = client.get("/providers/open-academy/manage/").content.decode()
    assert credential.key in again and "lws_" not in again
    client.post(f"/providers/open-academy/manage/credentials/{credential.pk}/revoke/")
    credential.refresh_from_db()
    assert credential.revoked_at is not None


def test_only_admins_see_or_change_the_dashboard(client, ana, provider):
    client.force_login(ana)
    for url in ("/providers/open-academy/manage/", "/providers/open-academy/manage/deliveries/",
                "/providers/open-academy/manage/courses/new/"):
        assert client.get(url).status_code == 403
    assert client.post("/providers/open-academy/manage/credentials/",
                       {"scopes": ["all"]}).status_code == 403
    assert not LrsCredential.objects.exists()
    assert client.get("/providers/nobody/manage/").status_code == 404
    client.logout()
    assert client.get("/providers/open-academy/manage/").status_code == 302


def test_courses_and_webhooks_from_the_dashboard(client, ben, provider, hook_server):
    client.force_login(ben)
    sql = SkillFactory(label="SQL")
    response = client.post("/providers/open-academy/manage/courses/new/", {
        "title": "SQL for analysts", "format": "online", "cost_amount": "",
        "skill_ids": f"http://data.europa.eu/esco/skill/{sql.pk}", "published": "on"})
    assert response.status_code == 302, response.content
    course = Course.objects.get()
    assert list(course.skills.all()) == [sql] and course.is_free
    edit = client.get(f"/providers/open-academy/manage/courses/{course.pk}/")
    assert edit.status_code == 200 and str(sql.pk).encode() in edit.content
    bad = client.post(f"/providers/open-academy/manage/courses/{course.pk}/",
                      {"title": "SQL", "format": "online", "cost_amount": "5"})
    assert bad.status_code == 400 and b"currency" in bad.content
    imported = client.post("/providers/open-academy/manage/courses/import/", {
        "document": json.dumps({"@type": "Course", "name": "Python", "url": "https://a.example/p"})})
    assert imported.status_code == 302
    assert client.post("/providers/open-academy/manage/courses/import/",
                       {"document": "{oops"}).status_code == 400

    assert client.post("/providers/open-academy/manage/webhooks/",
                       {"url": "ftp://hooks.example/x", "events": ["record.finished"]},
                       ).status_code == 400
    response = client.post("/providers/open-academy/manage/webhooks/",
                           {"url": hook_server.url, "events": ["record.finished"]})
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    webhooks.emit(provider_id=provider.pk, event="record.finished", data={})
    log = client.get("/providers/open-academy/manage/deliveries/")
    assert log.status_code == 200 and b"record.finished" in log.content
    client.post(f"/providers/open-academy/manage/webhooks/{webhook.pk}/delete/")
    client.post(f"/providers/open-academy/manage/courses/{course.pk}/delete/")
    assert not Webhook.objects.exists() and Course.objects.count() == 1


def test_catalogue_pages(client, ana):
    sql = SkillFactory(label="SQL")
    course = CourseFactory(title="SQL for analysts", skills=[sql], description="Joins.")
    CourseFactory(title="Pottery", format="in_person")
    page = client.get("/courses/?q=sql")
    assert page.status_code == 200
    assert b"SQL for analysts" in page.content and b"Pottery" not in page.content
    assert b"Pottery" in client.get("/courses/?format=in_person").content
    assert b"SQL for analysts" in client.get(f"/courses/?skill={sql.pk}").content
    assert client.get("/courses/?skill=not-a-uuid&page=99").status_code == 200
    by_name = client.get("/courses/?skill_q=sql").content
    assert b"SQL for analysts" in by_name and b"Pottery" not in by_name
    unknown = client.get("/courses/?skill_q=zzzzqqq").content
    assert b"No skill matches" in unknown and b"SQL for analysts" not in unknown
    detail = client.get(f"/courses/{course.pk}/")
    assert detail.status_code == 200 and b"Log in to add it" in detail.content
    assert client.get("/courses/999999/").status_code == 404
    assert client.get(f"/providers/{course.provider.slug}/").status_code == 200

    client.force_login(ana)
    assert b"Add to my journey" in client.get(f"/courses/{course.pk}/").content
    client.post(f"/courses/{course.pk}/add-to-journey/")
    assert LearningRecord.objects.get(user=ana).status == "planned"
    again = client.post(f"/courses/{course.pk}/add-to-journey/", follow=True)
    assert b"already on your journey" in again.content and b"On your journey." in again.content
    client.post(f"/courses/{course.pk}/add-to-goals/", {"skill_id": str(sql.pk)})
    assert LearningGoal.objects.filter(user=ana, skill=sql).exists()
    assert client.post(f"/courses/{course.pk}/add-to-goals/",
                       {"skill_id": "junk"}).status_code == 302


def test_linked_accounts_page(client, ana, provider, django_capture_on_commit_callbacks):
    client.force_login(ana)
    assert client.get("/providers/linked/").status_code == 200
    response = client.post("/providers/linked/", {"provider": "open-academy",
                                                  "email": "ana@example.org"})
    assert response.status_code == 302
    identity = LinkedIdentity.objects.get()
    assert identity.verified_at is not None
    assert b"ana@example.org" in client.get("/providers/linked/").content
    assert client.post("/providers/linked/", {"provider": "open-academy",
                                              "email": "nope"}).status_code == 400
    client.post(f"/providers/linked/{identity.pk}/remove/")
    assert not LinkedIdentity.objects.exists()
    assert client.get("/providers/link/not-a-token/").status_code == 400
    assert client.post("/providers/linked/verify/junk/").status_code == 400
