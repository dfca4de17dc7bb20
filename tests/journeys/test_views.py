"""Journey pages: adding, editing, removing, hiding and sharing records, as forms that work
without JavaScript, with clear errors and nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnwork.journeys import services
from learnwork.journeys.models import LearningRecord
from learnwork.posts.models import Post
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import RecordFactory

pytestmark = pytest.mark.django_db

NEW = "/journey/new/"


@pytest.fixture
def me(client, ana):
    client.force_login(ana)
    return ana


def _form(**changes):
    data = {"kind": "course", "title": "Statistics 101", "source_name": "Open Uni", "url": "",
            "status": "finished", "started_on": "2024-01-08", "finished_on": "2024-03-01",
            "reflection": "Medians **resist** outliers.", "visibility": "everyone",
            "action": "save"}
    return {**data, **changes}


def test_pages_need_signing_in(client):
    for url in (NEW, "/journey/1/edit/", "/journey/1/share/", "/journey/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_add_a_course_by_hand_and_see_it_on_the_profile(client, me):
    stats = SkillFactory(label="statistics")
    page = client.get(NEW).content.decode()
    assert 'name="title"' in page and 'type="date"' in page and "What I learned" in page

    response = client.post(NEW, {**_form(), "skill_ids": [str(stats.pk)]})
    record = LearningRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/@ana#record-{record.pk}"
    assert list(record.skills.all()) == [stats]

    profile = client.get("/@ana").content.decode()
    assert "Added to your journey." in profile
    assert "Statistics 101" in profile and "<strong>resist</strong>" in profile
    assert reverse("skills:detail", args=[stats.pk]) in profile
    assert "Shown by 1 finished record" in profile
    # Finished long ago, but added today: today counts as a learning day.
    assert 'aria-label="1 learning day in the last year"' in profile
    assert 'class="lw-heatmap"' in profile and 'class="lw-skills-chart"' in profile


def test_errors_show_by_their_field_and_keep_what_was_typed(client, me):
    stats = SkillFactory(label="statistics")
    response = client.post(NEW, {**_form(started_on="2024-05-01", finished_on="2024-04-01"),
                                 "skill_ids": [str(stats.pk)]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The finish date is before the start date." in page
    assert 'value="Statistics 101"' in page
    assert f'value="{stats.pk}" checked' in page
    assert not LearningRecord.objects.exists()


@pytest.mark.parametrize(("changes", "words"), [
    ({"title": ""}, "The title is required."),
    ({"finished_on": "2024-13-45"}, "Enter a valid date."),
    ({"kind": "podcast"}, "Select a valid choice."),
    ({"url": "javascript:alert(1)"}, "is not a web address"),
])
def test_bad_input_is_a_400_with_a_message(client, me, changes, words):
    response = client.post(NEW, _form(**changes))
    assert response.status_code == 400 and words in response.content.decode()
    assert not LearningRecord.objects.exists()


def test_unknown_skill_ids_are_named(client, me):
    response = client.post(NEW, {**_form(), "skill_ids": ["0f0f0f0f-0000-4000-8000-000000000000",
                                                         "nonsense"]})
    assert response.status_code == 400
    assert "is not a skill id" in response.content.decode()
    assert not LearningRecord.objects.exists()


def test_finding_and_suggesting_skills_without_javascript(client, me):
    SkillFactory(label="statistics", kind="knowledge")
    SkillFactory(label="Python (computer programming)", kind="knowledge")
    found = client.post(NEW, _form(action="find", skill_q="pyth"))
    page = found.content.decode()
    assert found.status_code == 200 and "Python (computer programming)" in page
    assert not LearningRecord.objects.exists()

    suggested = client.post(NEW, _form(action="suggest", title="Intro to statistics"))
    assert suggested.status_code == 200
    assert "statistics" in suggested.content.decode().split('id="chosen-skills"')[1]


def test_htmx_suggestions_come_ticked(client, me):
    stats = SkillFactory(label="statistics", kind="knowledge")
    response = client.post("/journey/suggest/", {"title": "Applied statistics", "reflection": ""},
                           HTTP_HX_REQUEST="true")
    assert f'value="{stats.pk}" checked' in response.content.decode()


def test_edit_a_record(client, me):
    record = RecordFactory(user=me, title="Statistics 101", finished_on=dt.date(2024, 3, 1))
    url = f"/journey/{record.pk}/edit/"
    assert 'value="Statistics 101"' in client.get(url).content.decode()
    response = client.post(url, _form(title="Statistics 102", status="in_progress",
                                      finished_on=""))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Statistics 102" and record.status == "in_progress"
    assert record.finished_on is None


def test_someone_elses_record_is_not_found(client, me, ben):
    record = RecordFactory(user=ben)
    for url in (f"/journey/{record.pk}/edit/", f"/journey/{record.pk}/delete/",
                f"/journey/{record.pk}/share/"):
        assert client.get(url).status_code == 404
        assert client.post(url, _form()).status_code == 404
    assert client.post(f"/journey/{record.pk}/hide/").status_code == 404
    assert client.get("/journey/99999999999999999999/edit/").status_code == 404
    record.refresh_from_db()
    assert not record.hidden and LearningRecord.objects.count() == 1


def test_a_confirmed_record_keeps_what_was_confirmed(client, me):
    stats = SkillFactory()
    record = RecordFactory(user=me, origin="provider", title="Data Course", skills=[stats],
                           confirmed_by="Open Uni")
    url = f"/journey/{record.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Confirmed by Open Uni" in page and 'name="title"' not in page
    response = client.post(url, {"reflection": "Joins are *sets*.", "visibility": "members",
                                 "title": "Changed", "action": "save"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Data Course" and record.visibility == "members"
    assert "<em>sets</em>" in record.reflection_html and list(record.skills.all()) == [stats]


def test_remove_a_record(client, me):
    record = RecordFactory(user=me, title="Old course")
    url = f"/journey/{record.pk}/delete/"
    assert "Old course" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/@ana#journey"
    assert not LearningRecord.objects.exists()


def test_share_a_finished_record(client, me):
    stats = SkillFactory(label="statistics")
    record = RecordFactory(user=me, title="Statistics 101", source_name="Open Uni",
                           reflection="Medians resist outliers.", skills=[stats])
    url = f"/journey/{record.pk}/share/"
    page = client.get(url).content.decode()
    assert "Finished Statistics 101 (by Open Uni)." in page
    response = client.post(url, {"body": "Done with **statistics**!"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/posts/{post.pk}/"
    assert list(post.skills.all()) == [stats] and post.body == "Done with **statistics**!"
    # Sharing again goes to the post that exists.
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == f"/posts/{post.pk}/"
    assert Post.objects.count() == 1
    assert "Shared as a post" in client.get("/@ana").content.decode()


def test_sharing_what_is_not_finished_explains_why(client, me):
    record = RecordFactory(user=me, status="in_progress")
    response = client.post(f"/journey/{record.pk}/share/", {"body": "Nearly there"})
    assert response.status_code == 400
    assert "Only finished learning can be shared" in response.content.decode()
    assert not Post.objects.exists()


def test_hide_a_provider_record(client, me, ben):
    record = RecordFactory(user=me, origin="provider", title="Provider course")
    response = client.post(f"/journey/{record.pk}/hide/", {"hidden": "1", "next": "/@ana"})
    assert response.status_code == 302 and response["Location"] == "/@ana"
    record.refresh_from_db()
    assert record.hidden
    assert "Hidden from your profile" in client.get("/@ana").content.decode()
    client.force_login(ben)
    assert "Provider course" not in client.get("/@ana").content.decode()


def test_the_profile_offers_adding_only_to_its_owner(client, me, ben):
    assert "Add to my journey" in client.get("/@ana").content.decode()
    assert "Add to my journey" not in client.get("/@ben").content.decode()
    assert client.get("/journey/")["Location"] == "/@ana#journey"


def test_other_apps_records_are_marked(client, me):
    RecordFactory(user=me, origin="badge", kind="badge", title="Open Data Badge",
                  confirmed_by="Data Institute")
    page = client.get("/@ana").content.decode()
    assert "Verified badge from Data Institute" in page
    assert "Hide from my profile" in page


def test_edit_keeps_working_when_the_service_refuses(client, me):
    record = RecordFactory(user=me, title="Stats")
    services.record_share_as_post(user=me, record_id=record.pk)
    response = client.post(f"/journey/{record.pk}/edit/", _form(status="planned",
                                                               finished_on="2024-01-01"))
    assert response.status_code == 400
    assert "Only finished learning has a finish date" in response.content.decode()


def test_a_member_cannot_see_only_me_records_on_the_page(client, ana):
    RecordFactory(user=ana, title="Secret course", visibility="only_me")
    RecordFactory(user=ana, title="Members course", visibility="members")
    assert "Secret course" not in client.get("/@ana").content.decode()
    assert "Members course" not in client.get("/@ana").content.decode()
    client.force_login(UserFactory())
    page = client.get("/@ana").content.decode()
    assert "Members course" in page and "Secret course" not in page
