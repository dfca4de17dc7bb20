"""Gathering teacher evidence from the real tables: what counts, what does not, and rebuilds."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learnwork.accounts.models import Profile
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys import services as journeys
from learnwork.recommendations import evidence
from learnwork.recommendations.models import EvidenceRun, TeacherEvidence
from learnwork.recommendations.scoring import evidence_score
from tests.journeys.factories import RecordFactory
from tests.posts.factories import PostFactory
from tests.skills.factories import UserSkillFactory

from .conftest import learned_by, person

pytestmark = pytest.mark.django_db


def row(skill, user):
    return TeacherEvidence.objects.filter(skill=skill, person=user).first()


def test_learned_marks_count_for_the_post_skill_and_every_broader_one(community, tree):
    for skill in (tree.regression, tree.stats):
        found = row(skill, community.ana)
        assert (found.learners, found.learned_marks, found.learned_posts, found.posts) == (
            3, 3, 1, 1)
        assert sorted(found.learner_ids) == sorted(u.pk for u in community.ana_learners)
        assert found.score == evidence_score(evidence.evidence_of(found))
    # Nothing about the narrower linear regression, nor SQL.
    assert row(tree.linear, community.ana) is None
    assert row(tree.sql, community.ana) is None
    assert row(tree.sql, community.dan).learners == 5


def test_a_declaration_alone_is_kept_and_named(community, tree):
    for skill in (tree.linear, tree.regression, tree.stats):
        found = row(skill, community.cleo)
        assert found.declared_skill == tree.linear and found.can_teach
        assert found.declared_level == 5 and found.learners == 0


def test_followers_only_posts_do_not_count(tree):
    eve = person("eve")
    post = PostFactory(author=eve, skills=[tree.stats], visibility="followers")
    # Marked by her followers (only they can see it); still not evidence for everyone else.
    from learnwork.social.services import follow

    learners = [person(f"fan{i}") for i in range(2)]
    for learner in learners:
        follow(follower=learner, followee=eve)
    from tests.posts.factories import ReactionFactory

    for learner in learners:
        ReactionFactory(post=post, user=learner)
    evidence.refresh_people(person_ids=[eve.pk])
    assert row(tree.stats, eve) is None


def test_records_and_badges_count_when_members_may_see_them(tree):
    fay = person("fay")
    RecordFactory(user=fay, skills=[tree.regression], confirmed_by="Open Uni")
    RecordFactory(user=fay, skills=[tree.stats])
    RecordFactory(user=fay, skills=[tree.stats], visibility="only_me")
    RecordFactory(user=fay, skills=[tree.stats], hidden=True)
    RecordFactory(user=fay, skills=[tree.stats], status="in_progress")
    badge_record = RecordFactory(user=fay, skills=[tree.stats], origin="badge",
                                 kind="badge", confirmed_by="Stats Academy")
    ImportedBadge.objects.create(
        user=fay, record=badge_record, spec="3.0", source="json", raw={}, fingerprint="f1",
        name="Statistics I", status=ImportedBadge.Status.VERIFIED, checked_at=timezone.now())
    failed_record = RecordFactory(user=fay, skills=[tree.stats], origin="badge", kind="badge")
    ImportedBadge.objects.create(
        user=fay, record=failed_record, spec="3.0", source="json", raw={}, fingerprint="f2",
        name="Fake", status=ImportedBadge.Status.FAILED, checked_at=timezone.now())

    evidence.refresh_people(person_ids=[fay.pk])

    stats = row(tree.stats, fay)
    assert (stats.records, stats.confirmed_records, stats.badges) == (2, 1, 1)
    regression = row(tree.regression, fay)
    assert (regression.records, regression.confirmed_records, regression.badges) == (1, 1, 0)


def test_can_teach_counts_only_on_a_profile_whose_skills_members_may_see(tree):
    gus = person("gus")
    UserSkillFactory(user=gus, skill=tree.stats, proficiency="can_teach", level=5)
    hal = person("hal")
    UserSkillFactory(user=hal, skill=tree.stats, proficiency="can_teach", level=5)
    Profile.objects.filter(user=hal).update(skills_visibility="only_me")
    ivy = person("ivy")
    UserSkillFactory(user=ivy, skill=tree.stats, proficiency="can_apply", level=4)
    joe = person("joe")
    UserSkillFactory(user=joe, skill=tree.stats, proficiency="can_apply", level=3)

    evidence.refresh_people(person_ids=[gus.pk, hal.pk, ivy.pk, joe.pk])

    assert row(tree.stats, gus).can_teach and row(tree.stats, gus).declared_skill == tree.stats
    assert row(tree.stats, hal) is None and row(tree.stats, joe) is None
    # Proficient (4 of 5) is kept as a weaker sign; "competent" is not.
    ivy_row = row(tree.stats, ivy)
    assert not ivy_row.can_teach and ivy_row.declared_level == 4
    assert 0 < ivy_row.score < row(tree.stats, gus).score


def test_deactivated_people_lose_their_rows(community, tree):
    community.ana.is_active = False
    community.ana.save()
    evidence.refresh_people(person_ids=[community.ana.pk])
    assert not TeacherEvidence.objects.filter(person=community.ana).exists()


def test_a_rebuild_replaces_everything_and_records_when(community, tree):
    TeacherEvidence.objects.filter(person=community.ben).update(learners=99)
    before = EvidenceRun.objects.count()
    report = evidence.rebuild()
    assert row(tree.stats, community.ben).learners == 1
    assert report.rows == TeacherEvidence.objects.count()
    assert EvidenceRun.objects.count() == before + 1
    assert evidence.last_full_refresh() == EvidenceRun.objects.latest().finished


def test_partial_refreshes_are_not_recorded_as_rebuilds(community):
    before = EvidenceRun.objects.count()
    evidence.refresh_people(person_ids=[community.ana.pk])
    assert EvidenceRun.objects.count() == before


def test_learner_ids_are_capped_newest_first(tree, monkeypatch):
    monkeypatch.setattr(evidence, "LEARNER_IDS_CAP", 2)
    jo = person("jo")
    post = PostFactory(author=jo, skills=[tree.stats])
    learners = learned_by(post, 4, prefix="reader")
    evidence.refresh_people(person_ids=[jo.pk])
    found = row(tree.stats, jo)
    assert found.learners == 4
    assert found.learner_ids == [learners[3].pk, learners[2].pk]


def test_refresh_runs_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    few, many = person("few"), person("many")
    PostFactory(author=few, skills=[tree.stats])
    for i in range(6):
        post = PostFactory(author=many, skills=[tree.stats, tree.sql])
        learned_by(post, 2, prefix=f"m{i}_")
    RecordFactory(user=many, skills=[tree.regression])
    with django_assert_max_num_queries(14):
        evidence.refresh_people(person_ids=[few.pk])
    with django_assert_max_num_queries(14):
        evidence.refresh_people(person_ids=[few.pk, many.pk])


def test_a_record_confirmed_later_counts_as_confirmed(tree):
    kim = person("kim")
    record = RecordFactory(user=kim, skills=[tree.stats])
    journeys.record_confirm(record=record, confirmed_by="Open Uni")
    evidence.refresh_people(person_ids=[kim.pk])
    assert row(tree.stats, kim).confirmed_records == 1
