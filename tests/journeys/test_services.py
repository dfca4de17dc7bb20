"""Writing learning records: what is checked, who may change what, and that a refused request
leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from learnwork.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from learnwork.journeys import services
from learnwork.journeys.errors import AlreadyShared, NotFinished, RecordConfirmed, RecordNotFound
from learnwork.journeys.models import (
    RECORD_MAX_SKILLS,
    TITLE_MAX_CHARS,
    LearningRecord,
    RecordSkill,
)
from learnwork.posts.models import Post
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import RecordFactory

pytestmark = pytest.mark.django_db

# 11:00 UTC on 10 March 2025: already the 11th in Kiritimati (UTC+14).
NOW = dt.datetime(2025, 3, 10, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def _course(user, **changes):
    values = {"user": user, "kind": "course", "title": "Statistics 101", "status": "finished"}
    return services.record_create(**{**values, **changes})


def test_a_course_added_by_hand_keeps_everything_it_was_given(ana):
    stats, sql = SkillFactory(label="statistics"), SkillFactory(label="SQL")
    record = _course(ana, skill_ids=[str(stats.pk), sql.pk, stats.pk], source_name="Open Uni",
                     url="https://example.org/stats", started_on=dt.date(2024, 1, 8),
                     finished_on=dt.date(2024, 3, 1),
                     reflection="Medians **resist** outliers.\n\n<script>alert(1)</script>",
                     visibility="members")
    record.refresh_from_db()
    assert (record.title, record.source_name, record.visibility) == (
        "Statistics 101", "Open Uni", "members")
    assert record.origin == "manual" and not record.confirmed_by and not record.hidden
    assert set(record.skills.all()) == {stats, sql}
    assert "<strong>resist</strong>" in record.reflection_html
    assert "<script>" not in record.reflection_html


def test_finished_without_a_date_finished_today_where_the_person_lives(ana, ben, frozen):
    ana.timezone = "Pacific/Kiritimati"
    ana.save()
    assert _course(ana).finished_on == dt.date(2025, 3, 11)
    assert _course(ben).finished_on == dt.date(2025, 3, 10)


def test_planned_may_start_in_the_future_but_nothing_finishes_there(ana, frozen):
    planned = _course(ana, status="planned", started_on=dt.date(2025, 9, 1))
    assert planned.started_on == dt.date(2025, 9, 1) and planned.finished_on is None
    with pytest.raises(InvalidInput) as exc:
        _course(ana, finished_on=dt.date(2025, 3, 12))
    assert exc.value.field == "finished_on" and "future" in exc.value.detail


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"title": "   "}, "title", "required"),
    ({"title": "x" * (TITLE_MAX_CHARS + 1)}, "title", "at most 200"),
    ({"kind": "podcast"}, "kind", "course, book"),
    ({"status": "done"}, "status", "planned, in progress or finished"),
    ({"visibility": "friends"}, "visibility", "everyone, members or only you"),
    ({"started_on": dt.date(2024, 5, 2), "finished_on": dt.date(2024, 5, 1)}, "finished_on",
     "before the start"),
    ({"status": "planned", "finished_on": dt.date(2024, 5, 1)}, "finished_on",
     "Only finished learning"),
    ({"status": "in_progress", "started_on": dt.date(2025, 4, 1)}, "started_on", "future"),
    ({"status": "planned", "started_on": dt.date(2040, 1, 1)}, "started_on", "ten years"),
    ({"finished_on": dt.date(1899, 12, 31)}, "finished_on", "after 1900"),
    ({"url": "javascript:alert(1)"}, "url", "not a web address"),
    ({"url": "ftp://example.org/file"}, "url", "http://"),
    ({"source_name": "y" * 121}, "source_name", "at most 120"),
    ({"reflection": "z" * 3001}, "reflection", "3,000"),
    ({"skill_ids": ["not-a-uuid"]}, "skill_ids", "not a skill id"),
])
def test_bad_input_is_refused_with_the_field_and_nothing_is_written(ana, frozen, changes, field,
                                                                   words):
    skill = SkillFactory()
    with pytest.raises(InvalidInput) as exc:
        _course(ana, **{"skill_ids": [skill.pk], **changes})
    assert exc.value.field == field and words in exc.value.detail
    assert not LearningRecord.objects.exists() and not RecordSkill.objects.exists()


def test_unknown_skills_are_a_404_naming_them(ana):
    known = SkillFactory()
    missing = uuid.uuid4()
    with pytest.raises(NotFound) as exc:
        _course(ana, skill_ids=[known.pk, missing])
    assert exc.value.status == 404 and str(missing) in exc.value.detail
    assert exc.value.code == "skill_not_found"
    assert not LearningRecord.objects.exists()


def test_skills_are_capped(ana):
    skills = [SkillFactory() for _ in range(RECORD_MAX_SKILLS + 1)]
    with pytest.raises(InvalidInput, match=f"at most {RECORD_MAX_SKILLS}"):
        _course(ana, skill_ids=[s.pk for s in skills])
    assert _course(ana, skill_ids=[s.pk for s in skills[:-1]]).skills.count() == RECORD_MAX_SKILLS


def test_text_is_tidied_before_it_is_stored(ana):
    record = _course(ana, title="  Stats\x00 \n 101\t", reflection="\r\nLine one\r\nLine two\x07  ")
    assert record.title == "Stats 101"
    assert record.reflection == "Line one\nLine two"


def test_provider_dates_a_little_ahead_are_taken_as_today(ana, frozen):
    record = _course(ana, origin="provider", external_id="https://lms.example/course/7",
                     started_on=dt.date(2025, 3, 11), finished_on=dt.date(2025, 3, 11))
    assert record.started_on == record.finished_on == dt.date(2025, 3, 10)
    assert record.external_id == "https://lms.example/course/7"


def test_owner_edits_and_the_finish_date_follows_the_status(ana):
    stats, sql = SkillFactory(), SkillFactory()
    record = _course(ana, skill_ids=[stats.pk], finished_on=dt.date(2024, 3, 1))
    updated = services.record_update(user=ana, record_id=record.pk, title="Statistics 102",
                                     skill_ids=[sql.pk], reflection="Use *medians*.")
    assert updated.title == "Statistics 102" and "<em>medians</em>" in updated.reflection_html
    assert list(updated.skills.all()) == [sql]

    back = services.record_update(user=ana, record_id=record.pk, status="in_progress")
    assert back.status == "in_progress" and back.finished_on is None
    done = services.record_update(user=ana, record_id=record.pk, status="finished")
    assert done.finished_on == timezone.localdate()


def test_a_refused_edit_changes_nothing(ana):
    stats, sql = SkillFactory(), SkillFactory()
    record = _course(ana, skill_ids=[stats.pk], finished_on=dt.date(2024, 3, 1))
    with pytest.raises(InvalidInput):
        services.record_update(user=ana, record_id=record.pk, title="New", skill_ids=[sql.pk],
                               started_on=dt.date(2024, 4, 1))
    record.refresh_from_db()
    assert record.title == "Statistics 101" and list(record.skills.all()) == [stats]
    with pytest.raises(TypeError):
        services.record_update(user=ana, record_id=record.pk, origin="badge")


def test_only_the_owner_changes_a_record(ana, ben):
    public = _course(ana)
    private = _course(ana, visibility="only_me")
    for run in (lambda pk: services.record_update(user=ben, record_id=pk, title="Mine now"),
                lambda pk: services.record_delete(user=ben, record_id=pk),
                lambda pk: services.record_set_hidden(user=ben, record_id=pk, hidden=True),
                lambda pk: services.record_share_as_post(user=ben, record_id=pk)):
        with pytest.raises(PermissionDenied):
            run(public.pk)
        # A record ben cannot see is simply not there for him.
        with pytest.raises(RecordNotFound):
            run(private.pk)
    assert LearningRecord.objects.filter(title="Statistics 101", hidden=False).count() == 2
    assert not Post.objects.exists()


def test_delete_and_hide(ana):
    record = _course(ana, origin="provider")
    assert services.record_set_hidden(user=ana, record_id=record.pk, hidden=True).hidden
    assert not services.record_set_hidden(user=ana, record_id=record.pk, hidden=False).hidden
    services.record_delete(user=ana, record_id=record.pk)
    assert not LearningRecord.objects.exists()
    with pytest.raises(RecordNotFound):
        services.record_delete(user=ana, record_id=record.pk)


def test_sharing_a_finished_record_publishes_a_post_once(ana):
    stats = SkillFactory(label="statistics")
    record = _course(ana, title="C# *basics*", source_name="Open Uni", skill_ids=[stats.pk],
                     reflection="Medians resist outliers.", visibility="members")
    post = services.record_share_as_post(user=ana, record_id=record.pk)
    assert post.author == ana and post.visibility == "members"
    assert list(post.skills.all()) == [stats]
    assert post.body.startswith("Finished C\\# \\*basics\\* (by Open Uni).")
    assert "What I learned: Medians resist outliers." in post.body
    assert "C# *basics*" in post.body_html and "<em>" not in post.body_html
    record.refresh_from_db()
    assert record.shared_post == post

    with pytest.raises(AlreadyShared) as exc:
        services.record_share_as_post(user=ana, record_id=record.pk)
    assert exc.value.status == 409
    # Once its post is deleted, the record can be shared again, with the owner's own words.
    post.delete()
    again = services.record_share_as_post(user=ana, record_id=record.pk, body="Done! #stats")
    assert again.body == "Done! #stats"


def test_share_links_the_title_and_keeps_at_most_ten_skills(ana):
    skills = [SkillFactory() for _ in range(12)]
    record = _course(ana, url="https://example.org/a_(b)", skill_ids=[s.pk for s in skills])
    post = services.record_share_as_post(user=ana, record_id=record.pk)
    assert post.skills.count() == 10
    assert 'href="https://example.org/a_%28b%29"' in post.body_html


@pytest.mark.parametrize(("changes", "error", "code"), [
    ({"status": "in_progress"}, NotFinished, "not_finished"),
    ({"visibility": "only_me"}, InvalidInput, "private"),
    ({"hidden": True}, InvalidInput, "hidden"),
])
def test_what_cannot_be_shared(ana, changes, error, code):
    record = RecordFactory(user=ana, **changes)
    with pytest.raises(error) as exc:
        services.record_share_as_post(user=ana, record_id=record.pk)
    assert exc.value.code == code and exc.value.status == 400
    assert not Post.objects.exists()
    record.refresh_from_db()
    assert record.shared_post is None


def test_an_empty_custom_body_is_refused(ana):
    record = _course(ana)
    with pytest.raises(DomainError, match="Write something"):
        services.record_share_as_post(user=ana, record_id=record.pk, body="  ")
    assert not Post.objects.exists()


def test_confirming_finishes_and_verifies_and_can_be_taken_back(ana, frozen):
    record = _course(ana, status="in_progress", origin="provider",
                     started_on=dt.date(2025, 1, 6))
    confirmed = services.record_confirm(record=record, confirmed_by="  Open  Uni ",
                                        at=dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC))
    assert confirmed.status == "finished" and confirmed.finished_on == dt.date(2025, 3, 1)
    assert confirmed.confirmed_by == "Open Uni" and confirmed.confirmed_at is not None
    unconfirmed = services.record_unconfirm(record=confirmed)
    assert unconfirmed.confirmed_by == "" and unconfirmed.confirmed_at is None
    assert unconfirmed.status == "finished"

    with pytest.raises(InvalidInput):
        services.record_confirm(record=record, confirmed_by=" ")
    with pytest.raises(ValueError, match="aware"):
        services.record_confirm(record=record, confirmed_by="x", at=dt.datetime(2025, 3, 1))  # noqa: DTZ001


def test_what_was_confirmed_stays_as_confirmed(ana):
    skill = SkillFactory()
    record = RecordFactory(user=ana, origin="badge", kind="badge", title="Data Badge",
                           skills=[skill], confirmed_by="Badge Issuer")
    with pytest.raises(RecordConfirmed) as exc:
        services.record_update(user=ana, record_id=record.pk, title="Better Badge")
    assert exc.value.status == 403
    with pytest.raises(RecordConfirmed):
        services.record_update(user=ana, record_id=record.pk, skill_ids=[])
    # Sending back the same values (as the edit form does) is fine; the reflection is theirs.
    services.record_update(user=ana, record_id=record.pk, title="Data Badge", skill_ids=[skill.pk],
                           reflection="Hard won.", visibility="members")
    record.refresh_from_db()
    assert record.reflection == "Hard won." and record.visibility == "members"
    assert record.title == "Data Badge"


def test_other_apps_can_create_badge_records(ana):
    user = UserFactory()
    record = services.record_create(user=user, kind="badge", title="Open Data", status="finished",
                                    origin="badge", finished_on=dt.date(2024, 6, 1),
                                    source_name="Issuer")
    record = services.record_confirm(record=record, confirmed_by="Issuer")
    assert record.origin == "badge" and record.confirmed_by == "Issuer"
    assert record.finished_on == dt.date(2024, 6, 1)


def test_badges_and_certificates_are_earned_not_finished(ana):
    badge = RecordFactory(user=ana, kind="badge", origin="badge", title="Open Data",
                          source_name="Data Institute", confirmed_by="Data Institute")
    assert services.default_share_body(badge) == "Earned Open Data (from Data Institute)."
    book = RecordFactory(user=ana, kind="book", title="Thinking in Systems")
    assert services.default_share_body(book) == "Finished Thinking in Systems."
