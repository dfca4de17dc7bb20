"""Suggestions for a reader's goals: who is left out, the reasons, and fixed query counts."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from learnwork.core.errors import NotFound
from learnwork.recommendations import evidence, selectors, services
from learnwork.recommendations.models import EvidenceRun, TeacherEvidence
from learnwork.social import services as social
from tests.posts.factories import PostFactory, ReactionFactory
from tests.skills.factories import LearningGoalFactory, SkillFactory
from tests.social.factories import BlockFactory

from .conftest import learned_by, person

pytestmark = pytest.mark.django_db


def handles(found, skill=None):
    blocks = [b for b in found.goals if skill is None or b.skill == skill]
    return [s.person.username for b in blocks for s in b.people]


def test_people_whose_posts_others_learned_from_come_first_with_reasons(rosa, community, tree):
    found = selectors.suggestions(reader=rosa)
    assert found.ready
    [block] = found.goals
    assert block.skill == tree.stats
    assert [s.person.username for s in block.people] == ["ana", "ben", "cleo"]
    ana = block.people[0]
    assert ana.reasons[0] == "3 people learned from Ana Silva's posts on statistics."
    assert ana.evidence.learners == 3 and ana.friends_learned == 0
    cleo = block.people[2]
    assert cleo.reasons == ["Says they can teach linear regression."]
    assert cleo.declared_skill == tree.linear


def test_people_the_reader_follows_learned_from_are_said_and_lifted(rosa, community, tree):
    social.follow(follower=rosa, followee=community.ben_learners[0])
    social.follow(follower=rosa, followee=community.ana_learners[0])
    social.follow(follower=rosa, followee=community.ana_learners[1])
    [block] = selectors.suggestions(reader=rosa).goals
    ana = block.people[0]
    assert ana.friends_learned == 2
    assert ana.reasons[0] == ("3 people learned from Ana Silva's posts on statistics; 2 of "
                              "them are people you follow.")


def test_never_the_reader_nor_those_followed_for_everything(rosa, community, tree):
    social.follow(follower=rosa, followee=community.ana)
    assert handles(selectors.suggestions(reader=rosa)) == ["ben", "cleo"]


def test_followed_for_the_goal_or_a_broader_skill_is_left_out_but_not_for_another(
        rosa, community, tree):
    social.follow(follower=rosa, followee=community.ana, topic_skill_ids=[tree.stats.pk])
    social.follow(follower=rosa, followee=community.ben, topic_skill_ids=[tree.sql.pk])
    assert handles(selectors.suggestions(reader=rosa)) == ["ben", "cleo"]
    # Following Ana for the narrower regression only: she may still be suggested for statistics.
    social.follow(follower=rosa, followee=community.ana, topic_skill_ids=[tree.regression.pk])
    assert "ana" in handles(selectors.suggestions(reader=rosa))


def test_blocked_either_way_muted_and_deactivated_are_left_out(rosa, community):
    BlockFactory(blocker=rosa, blocked=community.ana)
    BlockFactory(blocker=community.ben, blocked=rosa)
    social.mute_person(user=rosa, person=community.cleo)
    assert handles(selectors.suggestions(reader=rosa)) == []
    social.unblock(blocker=rosa, blocked=community.ana)
    community.ana.is_active = False
    community.ana.save()
    assert handles(selectors.suggestions(reader=rosa)) == []


def test_dismissed_stay_dismissed_for_that_goal_or_everywhere(rosa, community, tree):
    other_goal = SkillFactory(label="SQL tuning", kind="knowledge")
    LearningGoalFactory(user=rosa, skill=tree.sql)
    services.dismiss(reader=rosa, person=community.ana, skill_id=tree.stats.pk)
    services.dismiss(reader=rosa, person=community.dan)
    found = selectors.suggestions(reader=rosa)
    assert handles(found, tree.stats) == ["ben", "cleo"]
    assert handles(found, tree.sql) == []
    # A fresh rebuild does not bring them back.
    evidence.rebuild()
    found = selectors.suggestions(reader=rosa)
    assert "ana" not in handles(found, tree.stats) and "dan" not in handles(found, tree.sql)
    assert other_goal.pk  # unrelated skills are untouched


def test_one_goal_only_and_refusals(rosa, community, tree):
    LearningGoalFactory(user=rosa, skill=tree.sql)
    found = selectors.suggestions(reader=rosa, goal_id=tree.sql.pk)
    assert [b.skill for b in found.goals] == [tree.sql]
    assert handles(found) == ["dan"]
    with pytest.raises(NotFound) as not_goal:
        selectors.suggestions(reader=rosa, goal_id=tree.linear.pk)
    assert not_goal.value.code == "not_a_goal"
    with pytest.raises(NotFound):
        selectors.suggestions(reader=rosa, goal_id="not-a-uuid")


def test_without_goals_there_is_nothing_to_suggest(community):
    lone = person("lone")
    assert selectors.suggestions(reader=lone).goals == []


def test_limit_and_order_across_many_candidates(rosa, tree):
    for i in range(8):
        teacher = person(f"teacher{i}")
        post = PostFactory(author=teacher, skills=[tree.stats])
        learned_by(post, i + 1, prefix=f"t{i}_")
    evidence.rebuild()
    found = selectors.suggestions(reader=rosa, limit=3)
    assert handles(found) == ["teacher7", "teacher6", "teacher5"]


def test_query_count_does_not_grow_with_goals_follows_or_candidates(rosa, community, tree):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            found = selectors.suggestions(reader=rosa)
            [s.reasons for b in found.goals for s in b.people]
        return len(captured)

    # One follow for a topic from the start: skills are then walked once, however many.
    social.follow(follower=rosa, followee=community.dan, topic_skill_ids=[tree.linear.pk])
    small = count()
    LearningGoalFactory(user=rosa, skill=tree.sql)
    LearningGoalFactory(user=rosa, skill=tree.regression)
    for learner in community.ana_learners + community.ben_learners:
        social.follow(follower=rosa, followee=learner, topic_skill_ids=[tree.sql.pk])
    for i in range(6):
        teacher = person(f"more{i}")
        learned_by(PostFactory(author=teacher, skills=[tree.stats, tree.sql]), 2,
                   prefix=f"x{i}_")
    services.dismiss(reader=rosa, person=community.dan, skill_id=tree.sql.pk)
    evidence.rebuild()
    assert count() == small


def test_the_first_request_gathers_evidence_when_there_is_none(rosa, tree):
    ana = person("ana", "Ana")
    learned_by(PostFactory(author=ana, skills=[tree.stats]), 2, prefix="l")
    assert not EvidenceRun.objects.exists() and not TeacherEvidence.objects.exists()
    found = selectors.suggestions(reader=rosa)  # tasks run inline under tests
    assert found.ready and handles(found) == ["ana"]


def test_stale_evidence_is_rebuilt_once_an_hour_at_most(rosa, community, monkeypatch):
    EvidenceRun.objects.update(finished=EvidenceRun.objects.latest().finished
                               - selectors.STALE_AFTER * 2)
    runs = EvidenceRun.objects.count()
    selectors.suggestions(reader=rosa)
    assert EvidenceRun.objects.count() == runs + 1
    EvidenceRun.objects.update(finished=EvidenceRun.objects.latest().finished
                               - selectors.STALE_AFTER * 2)
    selectors.suggestions(reader=rosa)
    assert EvidenceRun.objects.count() == runs + 1  # the guard holds for an hour
    cache.delete(selectors.REBUILD_GUARD_KEY)
    selectors.suggestions(reader=rosa)
    assert EvidenceRun.objects.count() == runs + 2


def test_starter_suggestions_take_the_best_of_each_goal_once(rosa, community, tree):
    LearningGoalFactory(user=rosa, skill=tree.sql)
    starters = selectors.suggestions(reader=rosa).first_day(limit=3)
    assert [(s.person.username, s.skill.label) for s in starters] == [
        ("ana", "statistics"), ("dan", "SQL"), ("ben", "statistics")]


def test_a_learned_mark_refreshes_the_authors_evidence_on_commit(
        rosa, community, tree, django_capture_on_commit_callbacks):
    newcomer = person("newcomer")
    with django_capture_on_commit_callbacks(execute=True):
        ReactionFactory(post=community.ben_post, user=newcomer)
    ben = TeacherEvidence.objects.get(skill=tree.stats, person=community.ben)
    assert ben.learners == 2 and newcomer.pk in ben.learner_ids


def test_a_full_list_even_when_the_best_are_already_followed_for_the_goal(rosa, tree):
    teachers = []
    for i in range(8):
        teacher = person(f"teacher{i}")
        learned_by(PostFactory(author=teacher, skills=[tree.stats]), 10 - i, prefix=f"t{i}_")
        teachers.append(teacher)
    evidence.rebuild()
    for teacher in teachers[:6]:
        social.follow(follower=rosa, followee=teacher, topic_skill_ids=[tree.stats.pk])
    # Four rows a pick would be only the six followed ones; the pool reads past them.
    assert handles(selectors.suggestions(reader=rosa, limit=1)) == ["teacher6"]
