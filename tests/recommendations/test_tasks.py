"""Keeping the evidence fresh: the tasks, what enqueues them on commit, and the rebuild
command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from learnwork.posts import services as posts
from learnwork.recommendations import tasks
from learnwork.recommendations.models import EvidenceRun, TeacherEvidence
from tests.journeys.factories import RecordFactory
from tests.posts.factories import PostFactory, ReactionFactory
from tests.skills.factories import UserSkillFactory

from .conftest import learned_by, person

pytestmark = pytest.mark.django_db


def rows(user) -> dict:
    return {r.skill.label: r for r in TeacherEvidence.objects.filter(person=user)
            .select_related("skill")}


def test_the_tasks_refresh_people_post_authors_and_everyone(tree):
    ana = person("ana")
    post = PostFactory(author=ana, skills=[tree.stats])
    learned_by(post, 2, prefix="l")
    tasks.refresh_people.enqueue(person_ids=[ana.pk])
    assert rows(ana)["statistics"].learners == 2
    ReactionFactory(post=post, user=person("late"))
    tasks.refresh_post_authors.enqueue(post_ids=[post.pk])
    assert rows(ana)["statistics"].learners == 3
    TeacherEvidence.objects.all().delete()
    tasks.rebuild_evidence.enqueue()
    assert rows(ana)["statistics"].learners == 3 and EvidenceRun.objects.count() == 1


def test_a_learned_mark_a_record_and_a_declaration_refresh_on_commit(
        tree, django_capture_on_commit_callbacks):
    ana = person("ana")
    post = PostFactory(author=ana, skills=[tree.regression])
    with django_capture_on_commit_callbacks(execute=True):
        ReactionFactory(post=post, user=person("reader"))
    assert rows(ana)["statistics"].learners == 1
    with django_capture_on_commit_callbacks(execute=True):
        RecordFactory(user=ana, skills=[tree.sql], confirmed_by="Open Uni")
    assert rows(ana)["SQL"].confirmed_records == 1
    with django_capture_on_commit_callbacks(execute=True):
        UserSkillFactory(user=ana, skill=tree.linear, proficiency="can_teach", level=5)
    assert rows(ana)["linear regression"].declared_skill == tree.linear


def test_helpful_and_saved_marks_enqueue_nothing(tree, django_capture_on_commit_callbacks):
    post = PostFactory(author=person("ana"), skills=[tree.stats])
    reader = person("reader")
    with django_capture_on_commit_callbacks() as callbacks:
        ReactionFactory(post=post, user=reader, kind="helpful")
        ReactionFactory(post=post, user=reader, kind="saved")
    assert callbacks == []


def test_deleting_a_post_refreshes_its_author(tree, django_capture_on_commit_callbacks):
    ana = person("ana")
    post = PostFactory(author=ana, skills=[tree.stats])
    learned_by(post, 2, prefix="l")
    tasks.refresh_people.enqueue(person_ids=[ana.pk])
    with django_capture_on_commit_callbacks(execute=True):
        posts.post_delete(user=ana, post_id=post.pk)
    assert rows(ana) == {}


def test_deleting_an_account_enqueues_no_refresh_per_post(tree,
                                                           django_capture_on_commit_callbacks):
    ana = person("ana")
    for _ in range(3):
        PostFactory(author=ana, skills=[tree.stats])
    RecordFactory(user=ana, skills=[tree.stats])
    with django_capture_on_commit_callbacks() as callbacks:
        ana.delete()
    assert callbacks == []


def test_the_rebuild_command_and_its_freshness_check(community):
    out = StringIO()
    call_command("rebuild_teacher_evidence", stdout=out)
    assert "Teacher evidence rebuilt:" in out.getvalue()
    runs = EvidenceRun.objects.count()
    out = StringIO()
    call_command("rebuild_teacher_evidence", "--if-older-than", "1", stdout=out)
    assert "nothing to do" in out.getvalue() and EvidenceRun.objects.count() == runs
