"""Adding up evidence per skill from plain rows, up the skill hierarchy (no database)."""

from __future__ import annotations

import uuid

from learnwork.recommendations.tally import (
    Ancestors,
    BadgeRow,
    Declared,
    LearnedMark,
    RecordRow,
    tally,
)

STATS, REGRESSION, LINEAR, SQL = (uuid.uuid4() for _ in range(4))
# statistics > regression > linear regression; SQL alone.
UP = Ancestors({REGRESSION: [STATS], LINEAR: [REGRESSION]})
ANA, BEN = 1, 2


def test_ancestors_include_the_skill_itself_and_everything_above():
    assert UP(LINEAR) == {LINEAR, REGRESSION, STATS}
    assert UP(SQL) == {SQL}


def test_learned_marks_count_for_the_skill_and_every_skill_above_it():
    found = tally(posts={10: (ANA, (LINEAR,))},
                  learned=[LearnedMark(10, 100, 1.5), LearnedMark(10, 101, 1.0)], up=UP)
    for skill in (LINEAR, REGRESSION, STATS):
        row = found[(skill, ANA)]
        assert (row.learned_marks, row.learned_weight, row.posts) == (2, 2.5, 1)
        assert row.learner_ids == {100, 101}
    assert (SQL, ANA) not in found


def test_a_post_reaching_a_skill_through_two_tags_counts_once_there():
    found = tally(posts={10: (ANA, (LINEAR, REGRESSION))}, learned=[LearnedMark(10, 100, 1.0)],
                  up=UP)
    row = found[(STATS, ANA)]
    assert (row.learned_marks, row.posts, len(row.learned_post_ids)) == (1, 1, 1)


def test_learners_are_people_not_marks():
    found = tally(posts={10: (ANA, (STATS,)), 11: (ANA, (STATS,))},
                  learned=[LearnedMark(10, 100, 1.0), LearnedMark(11, 100, 1.0)], up=UP)
    row = found[(STATS, ANA)]
    assert (row.learned_marks, len(row.learner_ids), len(row.learned_post_ids)) == (2, 1, 2)


def test_marks_on_unknown_posts_and_on_ones_own_posts_are_ignored():
    found = tally(posts={10: (ANA, (STATS,))},
                  learned=[LearnedMark(99, 100, 1.0), LearnedMark(10, ANA, 1.0)], up=UP)
    assert found[(STATS, ANA)].learned_marks == 0
    assert found[(STATS, ANA)].posts == 1


def test_records_badges_and_declarations():
    found = tally(
        posts={}, learned=[],
        records=[RecordRow(BEN, (LINEAR,), confirmed=True), RecordRow(BEN, (SQL, STATS))],
        badges=[BadgeRow(BEN, (REGRESSION,))],
        declared=[Declared(BEN, LINEAR, 5, can_teach=True), Declared(BEN, STATS, 4)], up=UP)
    stats = found[(STATS, BEN)]
    assert (stats.records, stats.confirmed_records, stats.badges) == (2, 1, 1)
    # "Can teach" (a narrower skill) is named over a mere self-rating of the skill itself.
    assert stats.can_teach and stats.declared_level == 5
    assert stats.declared_skill_id == LINEAR
    assert found[(REGRESSION, BEN)].declared_skill_id == LINEAR
    assert (found[(SQL, BEN)].records, found[(SQL, BEN)].badges) == (1, 0)


def test_evidence_carries_the_counts_and_followers():
    found = tally(posts={10: (ANA, (STATS,)), 11: (ANA, (STATS,))},
                  learned=[LearnedMark(10, 100, 1.25)],
                  declared=[Declared(ANA, STATS, 4, can_teach=True)], up=UP)
    e = found[(STATS, ANA)].evidence(followers=7)
    assert (e.learned_marks, e.learned_weight, e.learners, e.learned_posts, e.posts) == (
        1, 1.25, 1, 1, 2)
    assert e.can_teach and e.declared_level == 4 and e.followers == 7


def test_the_higher_self_rating_is_named_when_nobody_says_can_teach():
    found = tally(posts={}, learned=[],
                  declared=[Declared(ANA, LINEAR, 4), Declared(ANA, REGRESSION, 5)], up=UP)
    stats = found[(STATS, ANA)]
    assert (stats.can_teach, stats.declared_level, stats.declared_skill_id) == (
        False, 5, REGRESSION)
    assert found[(LINEAR, ANA)].declared_skill_id == LINEAR
